/**
 * Code lengths of any images under every class, per image, as the library and `arcompress classify
 * FILE...` give them: every class is scored in full (no early stop), so each class's real and
 * ideal length is a number, and the prediction is the class with the shortest code
 * (shortestCodeClasses: by real length, ties by ideal, then by class order).
 */
import type { ImageSet } from '../data/types.js';
import { ErrorCode, fail } from '../errors.js';
import type { ArModel } from '../model/ar-model.js';
import { bilevelLevels } from '../codec/source.js';
import { shortestCodeClasses, type CodeLengths } from './score.js';

/** Images as plain bytes: `count·height·width` values 0..255, image after image, row by row. */
export interface Images {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
}

/** One image's code lengths in bits, one entry per class in the model's classLabels order. */
export interface ImageCodeLengths {
  /** Bytes of the class's arithmetic-coded record of the image × 8 (the image alone, no class index). */
  realBits: number[];
  /** Σ −log2 q over the image's decisions under the class. */
  idealBits: number[];
}

export interface ImageClassification extends ImageCodeLengths {
  /** The predicted class's label (a value of classLabels). */
  predicted: number;
}

export interface CodeLengthTable<Row extends ImageCodeLengths = ImageCodeLengths> {
  classLabels: number[];
  images: Row[];
}

/**
 * How a model sees the images. A gray model codes the bytes as they are. A binary model codes one
 * bit per pixel: bilevel images (at most two distinct values, e.g. 0/1 or 0/255) map their high
 * value to 1 and their low value to 0, as encode does; other images are thresholded at 128 (the
 * traversal's BILEVEL_THRESHOLD), as classification of a dataset does. `thresholded` says which.
 */
export function imageSetForModel(images: Images, model: ArModel, labels: Uint8Array | null = null): { set: ImageSet; thresholded: boolean } {
  checkImages(images);
  model.checkImageSize(images.height, images.width, 'the images');
  let pixels = images.pixels;
  let thresholded = false;
  if (model.info.pixelMode === 'binary') {
    const levels = bilevelLevels(pixels);
    if (levels === null) {
      thresholded = true;
    } else {
      pixels = new Uint8Array(pixels.length);
      if (levels.high !== levels.low) for (let i = 0; i < pixels.length; i++) pixels[i] = images.pixels[i] === levels.high ? 255 : 0;
    }
  }
  return { set: { count: images.count, height: images.height, width: images.width, pixels, labels }, thresholded };
}

/** Fails unless `images` is a consistent set of at least one image. */
export function checkImages(images: Images): void {
  const { count, height, width, pixels } = images;
  const positive = (value: number) => Number.isSafeInteger(value) && value > 0;
  if (!positive(count) || !positive(height) || !positive(width)) fail(ErrorCode.BadArgument, `images need a count, height and width ≥ 1, found ${count}, ${height}, ${width}`);
  if (!(pixels instanceof Uint8Array) || pixels.length !== count * height * width) {
    fail(ErrorCode.BadArgument, `${count} images of ${height}×${width} need ${count * height * width} pixel bytes, found ${pixels instanceof Uint8Array ? pixels.length : typeof pixels}`);
  }
}

/** Per-image rows from full code lengths (every class scored). */
export function codeLengthTable(lengths: CodeLengths, classLabels: number[]): CodeLengthTable {
  const { imageCount, classCount } = lengths;
  const images: ImageCodeLengths[] = [];
  for (let i = 0; i < imageCount; i++) {
    images.push({
      realBits: Array.from(lengths.realBits.subarray(i * classCount, (i + 1) * classCount)),
      idealBits: Array.from(lengths.idealBits.subarray(i * classCount, (i + 1) * classCount)),
    });
  }
  return { classLabels, images };
}

/** Per-image rows with the predicted class (the shortest code by real or by ideal length). */
export function classificationTable(lengths: CodeLengths, classLabels: number[], by: 'real' | 'ideal'): CodeLengthTable<ImageClassification> {
  const predicted = shortestCodeClasses(lengths, by);
  const table = codeLengthTable(lengths, classLabels);
  return { classLabels, images: table.images.map((row, i) => ({ predicted: classLabels[predicted[i]], ...row })) };
}
