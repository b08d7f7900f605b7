/**
 * "MNIST by zip": classification by compression, as in the reference notebook. Each class (or each
 * chunk of a class's training images) primes one deflate stream; a test image goes to the class
 * whose stream grows least when the image is appended (Δ, in bytes), chunk Δs being combined per
 * class. Settings mirror Python's zlib.compressobj: level, window bits, memLevel 8.
 *
 * The compressors are shared out over worker threads (each primes its own and scores every test
 * image), so the result does not depend on the thread count.
 */
import { ErrorCode, fail, invariant } from '../errors.js';
import type { ImageSet } from '../data/types.js';
import type { ProgressCallback } from '../progress-callback.js';
import { defaultWorkerCount, runWorkerTasks } from '../worker-threads.js';
import { DeflateBlockCoster } from './deflate-block-cost.js';
import type { DeflateSettings } from './deflate-simulator.js';
import type { ZipWorkerInput } from './zip-worker.js';
import { classCountOf, compressorBytes, gatherImages, planCompressors, scoreCompressor } from './zip-scoring.js';

export const COMBINE_RULES = ['logsumexp', 'mean'] as const;
/** How the Δs of a class's chunks become the class score: −log2(mean 2^−Δ), or mean Δ. */
export type CombineRule = (typeof COMBINE_RULES)[number];

export interface ZipClassifierSettings extends DeflateSettings {
  /** Pixel ≥ 128 → 1, else 0, one byte per pixel, for training and test images alike. */
  binarize: boolean;
  /** Training images per compressor within a class, or null for one compressor per class. */
  chunkImages: number | null;
  combine: CombineRule;
}

/** The reference's default: zlib.compressobj() = level 6, 32 KiB window, one stream per class. */
export const DEFAULT_ZIP_SETTINGS: ZipClassifierSettings = { level: 6, windowBits: 15, binarize: false, chunkImages: null, combine: 'logsumexp' };

export interface ZipClassifyOptions {
  /** Worker threads; 1 runs in this thread. Default: available cores, at most 8. */
  workers?: number;
  /** Called as test images are scored; done/total count (image, compressor) pairs. */
  onProgress?: ProgressCallback;
}

export interface ZipClassification {
  settings: ZipClassifierSettings;
  classCount: number;
  compressorCount: number;
  testCount: number;
  /** (test image, compressor) pairs scored. */
  pairCount: number;
  /** Class score of each test image, bytes, row-major [image][class]; Infinity for a class with no training image. */
  scores: Float64Array;
  /** Class with the smallest score (the lowest such class on ties). */
  predictions: Uint8Array;
}

/** Δ of every (compressor, test image) pair: deltas[compressor][image], bytes. */
export interface ZipDeltas {
  classCount: number;
  classOfCompressor: number[];
  testCount: number;
  deltas: Int32Array[];
}

/** Classifies every image of `test` by the compressors primed with `train`. */
export async function classifyByZip(train: ImageSet, test: ImageSet, settings: ZipClassifierSettings, options: ZipClassifyOptions = {}): Promise<ZipClassification> {
  return classifyFromDeltas(await computeZipDeltas(train, test, settings, options), settings);
}

/** Scores and predictions from Δs (the combination rule is the only setting used). */
export function classifyFromDeltas(zipDeltas: ZipDeltas, settings: ZipClassifierSettings): ZipClassification {
  const { classCount, classOfCompressor, testCount, deltas } = zipDeltas;
  const scores = combineScores(deltas, classOfCompressor, classCount, testCount, settings.combine);
  return {
    settings,
    classCount,
    compressorCount: deltas.length,
    testCount,
    pairCount: deltas.length * testCount,
    scores,
    predictions: argminRows(scores, classCount),
  };
}

/** The expensive part: primes every compressor and measures each test image's Δ on it. */
export async function computeZipDeltas(train: ImageSet, test: ImageSet, settings: ZipClassifierSettings, options: ZipClassifyOptions = {}): Promise<ZipDeltas> {
  if (train.labels === null) fail(ErrorCode.BadFormat, 'the zip classifier needs training labels, but the training split has none');
  if (train.height !== test.height || train.width !== test.width) {
    fail(ErrorCode.ModelMismatch, `training images are ${train.height}×${train.width} but test images are ${test.height}×${test.width}`);
  }
  if (settings.chunkImages !== null && (!Number.isInteger(settings.chunkImages) || settings.chunkImages < 1)) {
    fail(ErrorCode.BadArgument, `chunk size must be a whole number of images ≥ 1, found ${settings.chunkImages}`);
  }
  const deflateSettings: DeflateSettings = { level: settings.level, windowBits: settings.windowBits };
  const imageBytes = train.height * train.width;
  const plans = planCompressors(train.labels, settings.chunkImages);
  const trainBytes = compressorBytes(train.pixels, settings.binarize);
  const testBytes = compressorBytes(test.pixels, settings.binarize);
  const primeBytes = plans.map((plan) => gatherImages(trainBytes, imageBytes, plan.imageIndices));
  const pairCount = plans.length * test.count;

  let done = 0;
  const onImages = (images: number) => {
    done += images;
    options.onProgress?.({ done, total: pairCount });
  };
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkerCount(), plans.length));
  let deltas: Int32Array[];
  if (workers === 1 || test.count === 0) {
    const coster = new DeflateBlockCoster();
    deltas = primeBytes.map((bytes) => scoreCompressor(bytes, testBytes, imageBytes, deflateSettings, coster, onImages));
  } else {
    deltas = await scoreInWorkers(primeBytes, testBytes, imageBytes, deflateSettings, workers, onImages);
  }
  return { classCount: classCountOf(train.labels), classOfCompressor: plans.map((plan) => plan.classLabel), testCount: test.count, deltas };
}

/** Class scores from compressor Δs: [image][class], Infinity where a class has no compressor. */
export function combineScores(deltas: Int32Array[], classOfCompressor: number[], classCount: number, testCount: number, combine: CombineRule): Float64Array {
  const scores = new Float64Array(testCount * classCount).fill(Infinity);
  const members: number[][] = Array.from({ length: classCount }, () => []);
  classOfCompressor.forEach((label, compressor) => members[label].push(compressor));
  for (let t = 0; t < testCount; t++) {
    for (let label = 0; label < classCount; label++) {
      const compressors = members[label];
      if (compressors.length === 0) continue;
      scores[t * classCount + label] = combine === 'mean'
        ? compressors.reduce((sum, c) => sum + deltas[c][t], 0) / compressors.length
        : logMeanExp2(compressors.map((c) => deltas[c][t]));
    }
  }
  return scores;
}

/** −log2(mean over i of 2^−Δi), computed without underflow. */
export function logMeanExp2(deltas: readonly number[]): number {
  invariant(deltas.length > 0, 'logMeanExp2 of nothing');
  const smallest = Math.min(...deltas);
  let sum = 0;
  for (const delta of deltas) sum += 2 ** -(delta - smallest);
  return smallest - Math.log2(sum / deltas.length);
}

function argminRows(scores: Float64Array, classCount: number): Uint8Array {
  const rows = scores.length / classCount;
  const predictions = new Uint8Array(rows);
  for (let t = 0; t < rows; t++) {
    let best = 0;
    for (let label = 1; label < classCount; label++) {
      if (scores[t * classCount + label] < scores[t * classCount + best]) best = label;
    }
    predictions[t] = best;
  }
  return predictions;
}

/** Shares compressors out by bytes (largest first onto the least loaded worker) and runs them. */
async function scoreInWorkers(
  primeBytes: Uint8Array[],
  testBytes: Uint8Array,
  imageBytes: number,
  settings: DeflateSettings,
  workers: number,
  onImages: (images: number) => void,
): Promise<Int32Array[]> {
  const shares: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  const order = primeBytes.map((_, index) => index).sort((a, b) => primeBytes[b].length - primeBytes[a].length || a - b);
  for (const index of order) {
    const worker = load.indexOf(Math.min(...load));
    shares[worker].push(index);
    load[worker] += primeBytes[index].length + testBytes.length;
  }
  const tasks = shares.map((share) => ({ input: { primeBytes: share.map((index) => primeBytes[index]), testBytes, imageBytes, settings } satisfies ZipWorkerInput }));
  const results = await runWorkerTasks<ZipWorkerInput, number, Int32Array[]>(import.meta.url, 'zip-worker', tasks, { onProgress: (_, images) => onImages(images) });
  const deltas = new Array<Int32Array>(primeBytes.length);
  shares.forEach((share, s) => results[s].forEach((array, i) => { deltas[share[i]] = array; }));
  return deltas;
}
