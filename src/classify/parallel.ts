/**
 * Scoring on several cores: the images are cut into one contiguous share per worker thread, each
 * worker loads the model from its directory and scores its share. Every image is scored by the
 * same deterministic code whatever the share, so the result does not depend on the worker count.
 */
import { runWorkerTasks } from '../worker-threads.js';
import type { ImageSet } from '../data/types.js';
import { partsProgress, type ProgressCallback } from '../progress-callback.js';
import { concatCodeLengths, scoreImages, type CodeLengths } from './score.js';
import type { ArModel } from '../model/ar-model.js';
import type { ScoreJob } from './score-worker.js';

/** One worker thread for every this many images (rounded up), at most `workers`: each one loads the model. */
const IMAGES_PER_WORKER = 64;

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
  const shares = Math.max(1, Math.min(workers, Math.ceil(count / IMAGES_PER_WORKER)));
  if (shares === 1) return scoreImages(model, set, first, count, { onProgress, fullClass: fullClasses ? (index) => fullClasses[index - first] : undefined });
  const pixelsPerImage = set.height * set.width;
  const tasks = Array.from({ length: shares }, (_, s) => {
    const start = first + Math.floor((count * s) / shares);
    const end = first + Math.floor((count * (s + 1)) / shares);
    const pixels = set.pixels.slice(start * pixelsPerImage, end * pixelsPerImage);
    const shareFullClasses = fullClasses ? fullClasses.slice(start - first, end - first) : null;
    const input: ScoreJob = { modelDirectory, height: set.height, width: set.width, count: end - start, pixels, fullClasses: shareFullClasses };
    return { input, transfer: [pixels.buffer as ArrayBuffer] };
  });
  const report = partsProgress(shares, count, onProgress);
  return concatCodeLengths(await runWorkerTasks<ScoreJob, number, CodeLengths>(import.meta.url, 'score-worker', tasks, { onProgress: report }));
}
