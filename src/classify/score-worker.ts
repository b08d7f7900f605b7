/** Worker thread: loads a model directory and scores a share of the images (see parallel.ts). */
import { loadModel } from '../model/store.js';
import { serveWorkerTask } from '../worker-threads.js';
import { scoreImages, type CodeLengths } from './score.js';
import type { ImageSet } from '../data/types.js';

export interface ScoreJob {
  modelDirectory: string;
  height: number;
  width: number;
  count: number;
  pixels: Uint8Array;
  fullClasses: Int32Array | null;
}

serveWorkerTask<ScoreJob, number, CodeLengths>(async (job, progress) => {
  const { model } = await loadModel(job.modelDirectory);
  const set: ImageSet = { count: job.count, height: job.height, width: job.width, pixels: job.pixels, labels: null };
  const fullClasses = job.fullClasses;
  const lengths = scoreImages(model, set, 0, job.count, {
    onProgress: (event) => progress(event.done),
    fullClass: fullClasses ? (index) => fullClasses[index] : undefined,
  });
  return { result: lengths, transfer: [lengths.idealBits.buffer as ArrayBuffer, lengths.realBits.buffer as ArrayBuffer] };
});
