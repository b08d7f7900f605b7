/** Worker thread: loads a model directory and scores a share of the images (see parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model/store.js';
import { scoreImages } from './score.js';
import type { ImageSet } from '../data/types.js';

interface ScoreJob {
  modelDirectory: string;
  height: number;
  width: number;
  count: number;
  pixels: Uint8Array;
  fullClasses: Int32Array | null;
}

const job = workerData as ScoreJob;
const { model } = await loadModel(job.modelDirectory);
const set: ImageSet = { count: job.count, height: job.height, width: job.width, pixels: job.pixels, labels: null };
const fullClasses = job.fullClasses;
const lengths = scoreImages(model, set, 0, job.count, {
  onProgress: (event) => parentPort!.postMessage({ type: 'progress', done: event.done }),
  fullClass: fullClasses ? (index) => fullClasses[index] : undefined,
});
parentPort!.postMessage({ type: 'done', lengths }, [lengths.idealBits.buffer as ArrayBuffer, lengths.realBits.buffer as ArrayBuffer]);
