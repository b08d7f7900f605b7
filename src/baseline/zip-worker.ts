/**
 * Worker thread of the zip classifier: scores its share of the compressors against every test
 * image and posts the Δs back. Started by zip-classifier.ts; never imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { invariant } from '../errors.js';
import { DeflateBlockCoster } from './deflate-block-cost.js';
import type { DeflateSettings } from './deflate-simulator.js';
import { scoreCompressor } from './zip-scoring.js';

export interface ZipWorkerInput {
  primeBytes: Uint8Array[];
  testBytes: Uint8Array;
  imageBytes: number;
  settings: DeflateSettings;
}

export type ZipWorkerMessage = { type: 'progress'; images: number } | { type: 'done'; deltas: Int32Array[] };

const port = parentPort;
invariant(port !== null, 'zip-worker.ts must run in a worker thread');
const input = workerData as ZipWorkerInput;
const coster = new DeflateBlockCoster();
const deltas = input.primeBytes.map((primeBytes) =>
  scoreCompressor(primeBytes, input.testBytes, input.imageBytes, input.settings, coster, (images) => {
    port.postMessage({ type: 'progress', images } satisfies ZipWorkerMessage);
  }),
);
port.postMessage({ type: 'done', deltas } satisfies ZipWorkerMessage, deltas.map((array) => array.buffer as ArrayBuffer));
