/**
 * Worker thread of the zip classifier: scores its share of the compressors against every test
 * image and posts the Δs back. Started by zip-classifier.ts; never imported.
 */
import { serveWorkerTask } from '../worker-threads.js';
import { DeflateBlockCoster } from './deflate-block-cost.js';
import type { DeflateSettings } from './deflate-simulator.js';
import { scoreCompressor } from './zip-scoring.js';

export interface ZipWorkerInput {
  primeBytes: Uint8Array[];
  testBytes: Uint8Array;
  imageBytes: number;
  settings: DeflateSettings;
}

/** Progress: test images scored since the last report; result: the Δs of each compressor of the share. */
serveWorkerTask<ZipWorkerInput, number, Int32Array[]>((input, progress) => {
  const coster = new DeflateBlockCoster();
  const deltas = input.primeBytes.map((primeBytes) => scoreCompressor(primeBytes, input.testBytes, input.imageBytes, input.settings, coster, progress));
  return { result: deltas, transfer: deltas.map((array) => array.buffer as ArrayBuffer) };
});
