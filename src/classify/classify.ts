/**
 * Classification by code length over a labelled image set, with the figures the CLI and the
 * report print: accuracy, true-class bits per pixel, and "best class + the bits to name it".
 */
import { ErrorCode, fail } from '../errors.js';
import type { ImageSet } from '../data/types.js';
import type { ProgressCallback } from '../progress-callback.js';
import type { ArModel } from '../model/ar-model.js';
import { scoreImagesParallel } from './parallel.js';
import { shortestCodeClasses, type CodeLengths } from './score.js';

export interface ClassifyOptions {
  /** Score only the first `limit` images. */
  limit?: number;
  workers: number;
  /** Decide by real coded lengths (default) or by the ideal Σ −log2 q. */
  by: 'real' | 'ideal';
  onProgress?: ProgressCallback;
}

export interface ClassifyResult {
  imageCount: number;
  pixelsPerImage: number;
  classLabels: number[];
  /** True labels and predicted labels (label values, not class indices). */
  trueLabels: Int32Array;
  predictedLabels: Int32Array;
  accuracy: number;
  /** Accuracy deciding by real and by ideal lengths, to show that they agree. */
  accuracyByIdeal: number;
  accuracyByReal: number;
  /** Mean code length under the true class, per pixel. */
  trueClassIdealBitsPerPixel: number;
  trueClassRealBitsPerPixel: number;
  /** Shortest code over classes + log2(classes) bits to name the class, per pixel. */
  bestClassPlusNameBitsPerPixel: number;
  /** Real − ideal code length under the true class, bits per image (mean and max). */
  realMinusIdealBitsPerImage: { mean: number; max: number };
  /** Per-class mean true-class bits per pixel (ideal), in classLabels order. */
  trueClassBitsPerPixelByClass: number[];
  seconds: number;
  /** Code lengths per image and class; classes that stopped early (could not win) hold +Infinity. */
  lengths: CodeLengths;
}

export async function classifyImages(model: ArModel, modelDirectory: string, set: ImageSet, options: ClassifyOptions): Promise<ClassifyResult> {
  if (!set.labels) fail(ErrorCode.BadFormat, 'classification needs labels');
  model.checkImageSize(set.height, set.width, 'the dataset');
  const count = Math.min(set.count, options.limit ?? set.count);
  const classIndexOf = new Map(model.info.classLabels.map((label, index) => [label, index]));
  checkLabels(set.labels, count, model.info.classLabels);
  const startMs = Date.now();
  // The true class is scored in full (its code length is reported); the others stop as soon as
  // they cannot be the shortest, which leaves the decision exactly as with full scoring.
  const fullClasses = Int32Array.from({ length: count }, (_, i) => classIndexOf.get(set.labels![i])!);
  const lengths = await scoreImagesParallel(model, modelDirectory, set, 0, count, options.workers, options.onProgress, fullClasses);
  return summarizeClassification(lengths, set.labels.subarray(0, count), model.info.classLabels, set.height * set.width, options.by, (Date.now() - startMs) / 1000);
}

/** Fails unless each of the first `count` labels is one of the model's classes. */
function checkLabels(labels: ArrayLike<number>, count: number, classLabels: readonly number[]): void {
  const known = new Set(classLabels);
  for (let i = 0; i < count; i++) {
    if (!known.has(labels[i])) fail(ErrorCode.ModelMismatch, `image ${i} has label ${labels[i]}, which the model has no class for (model classes: ${classLabels.join(', ')})`);
  }
}

/**
 * The figures of a classification from code lengths (each image's true class scored in full; the
 * others in full or +Infinity where they could not win) and the true labels (label values).
 */
export function summarizeClassification(lengths: CodeLengths, labels: ArrayLike<number>, classLabels: number[], pixelsPerImage: number, by: 'real' | 'ideal', seconds: number): ClassifyResult {
  const count = lengths.imageCount;
  const classIndexOf = new Map(classLabels.map((label, index) => [label, index]));
  checkLabels(labels, count, classLabels);
  const byReal = shortestCodeClasses(lengths, 'real');
  const byIdeal = shortestCodeClasses(lengths, 'ideal');
  const chosen = by === 'real' ? byReal : byIdeal;
  const classCount = classLabels.length;
  const trueLabels = new Int32Array(count);
  const predictedLabels = new Int32Array(count);
  let correctReal = 0;
  let correctIdeal = 0;
  let trueIdeal = 0;
  let trueReal = 0;
  let bestPlusName = 0;
  let gapSum = 0;
  let gapMax = -Infinity;
  const perClassBits = new Float64Array(classCount);
  const perClassCount = new Float64Array(classCount);
  for (let i = 0; i < count; i++) {
    const truth = classIndexOf.get(labels[i])!;
    trueLabels[i] = labels[i];
    predictedLabels[i] = classLabels[chosen[i]];
    if (byReal[i] === truth) correctReal++;
    if (byIdeal[i] === truth) correctIdeal++;
    const ideal = lengths.idealBits[i * classCount + truth];
    const real = lengths.realBits[i * classCount + truth];
    trueIdeal += ideal;
    trueReal += real;
    perClassBits[truth] += ideal;
    perClassCount[truth]++;
    gapSum += real - ideal;
    gapMax = Math.max(gapMax, real - ideal);
    let shortest = Infinity;
    for (let c = 0; c < classCount; c++) shortest = Math.min(shortest, lengths.realBits[i * classCount + c]);
    bestPlusName += shortest + Math.log2(classCount);
  }
  const perPixel = (bits: number) => bits / Math.max(1, count) / pixelsPerImage;
  return {
    imageCount: count,
    pixelsPerImage,
    classLabels,
    trueLabels,
    predictedLabels,
    accuracy: (by === 'real' ? correctReal : correctIdeal) / Math.max(1, count),
    accuracyByReal: correctReal / Math.max(1, count),
    accuracyByIdeal: correctIdeal / Math.max(1, count),
    trueClassIdealBitsPerPixel: perPixel(trueIdeal),
    trueClassRealBitsPerPixel: perPixel(trueReal),
    bestClassPlusNameBitsPerPixel: perPixel(bestPlusName),
    realMinusIdealBitsPerImage: { mean: gapSum / Math.max(1, count), max: count ? gapMax : 0 },
    trueClassBitsPerPixelByClass: Array.from(perClassBits, (bits, c) => (perClassCount[c] ? bits / perClassCount[c] / pixelsPerImage : NaN)),
    seconds,
    lengths,
  };
}
