/**
 * Scoring on several cores: the images are cut into one contiguous share per worker thread, each
 * worker loads the model from its directory and scores its share. Every image is scored by the
 * same deterministic code whatever the share, so the result does not depend on the worker count.
 */
import { availableParallelism } from 'node:os';
import { startWorker } from '../worker-threads.js';
import type { ImageSet } from '../data/types.js';
import type { ProgressCallback } from '../progress-callback.js';
import { concatCodeLengths, scoreImages, type CodeLengths } from './score.js';
import type { ArModel } from '../model/ar-model.js';

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Scores images [first, first + count) of `set` under every class model, on `workers` threads. */
export async function scoreImagesParallel(
  model: ArModel,
  modelDirectory: string,
  set: ImageSet,
  first: number,
  count: number,
  workers: number,
  onProgress?: ProgressCallback,
  /** Per image (first … first + count − 1): the class to score in full; others stop once they cannot win. */
  fullClasses?: Int32Array,
): Promise<CodeLengths> {
  model.checkImageSize(set.height, set.width, 'the dataset');
  const shares = Math.max(1, Math.min(workers, Math.ceil(count / 64)));
  if (shares === 1) return scoreImages(model, set, first, count, { onProgress, fullClass: fullClasses ? (index) => fullClasses[index - first] : undefined });
  const size = set.height * set.width;
  const done = new Array<number>(shares).fill(0);
  const jobs: Promise<CodeLengths>[] = [];
  for (let s = 0; s < shares; s++) {
    const start = first + Math.floor((count * s) / shares);
    const end = first + Math.floor((count * (s + 1)) / shares);
    const pixels = set.pixels.slice(start * size, end * size);
    jobs.push(new Promise<CodeLengths>((resolve, reject) => {
      const shareFullClasses = fullClasses ? fullClasses.slice(start - first, end - first) : null;
      const worker = startWorker(import.meta.url, 'score-worker', { modelDirectory, height: set.height, width: set.width, count: end - start, pixels, fullClasses: shareFullClasses }, [pixels.buffer as ArrayBuffer]);
      worker.on('message', (message: { type: string; done?: number; lengths?: CodeLengths }) => {
        if (message.type === 'progress') {
          done[s] = message.done!;
          onProgress?.({ done: done.reduce((a, b) => a + b, 0), total: count });
        } else if (message.type === 'done') {
          resolve(message.lengths!);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => { if (code !== 0) reject(new Error(`scoring worker stopped with exit code ${code}`)); });
    }));
  }
  return concatCodeLengths(await Promise.all(jobs));
}
