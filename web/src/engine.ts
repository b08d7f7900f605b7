/**
 * Everything the page takes from the arcompress library, in one file: when the public API
 * (src/index.ts) lands, switching the page to it changes this file only.
 *
 * The page codes with the very same library as the CLI: encode and decode go through the public
 * API (src/index.ts: encodeImages, decodeArchive); scoring, pixel costs and samples through the
 * modules `arcompress classify`, `report` and `sample` use.
 */
import { ArcError, describeError, ErrorCode, fail } from '../../src/errors.js';
import { ArModel } from '../../src/model/ar-model.js';
import { resolveEvaluatorKind, type EvaluatorKind } from '../../src/model/evaluator.js';
import { modelFromBytes } from '../../src/model/store.js';
import { sampleImages } from '../../src/model/sampling.js';
import { scoreImages, shortestCodeClasses } from '../../src/classify/score.js';
import { pixelCodeLengths } from '../../src/report/pixel-costs.js';
import { MAGIC_FIRST_BYTE, readContainer } from '../../src/codec/container.js';
import { bilevelLevels, binarizePixels } from '../../src/codec/source.js';
import { imageSetForModel } from '../../src/classify/code-lengths.js';
import { decodeArchive, encodeImages, type Model } from '../../src/index.js';
import type { ModelManifest } from '../../src/model/store.js';

export { resolveEvaluatorKind, type ArModel, type EvaluatorKind, type Model };
export { ArcError, ErrorCode, describeError, fail };
export { concatBytes, PNG_SIGNATURE, pngChunk } from '../../src/data/png-chunk-writer.js';
export { inflatedBytes, isPng, walkPngChunks, type PngHeader as LibraryPngHeader } from '../../src/data/png-structure.js';

/** Whether `bytes` start like an .arc file (every version starts with this byte; a PNG with 0x89). */
export function looksLikeArc(bytes: Uint8Array): boolean {
  return bytes[0] === MAGIC_FIRST_BYTE;
}

/** Most images the page decodes from one .arc (the CLI decodes any number). */
export const MAX_PAGE_IMAGES = 4096;

/**
 * A model from its two files, checked exactly as `loadModel` checks a directory, computing with
 * the given evaluator (auto: the WebAssembly SIMD kernel where the browser has it; all give the
 * same integers).
 */
export function modelFromFiles(manifestText: string, weights: Uint8Array, label: string, evaluator: EvaluatorKind = 'auto'): Model {
  const { model, manifest } = modelFromBytes(manifestText, weights, label);
  return { model: evaluator === 'auto' ? model : new ArModel(model.info, model.classStages, { evaluator }), manifest };
}

export interface ClassLengths {
  /** Real coded size in bits of the image's own payload under each class (whole bytes). */
  realBits: Float64Array;
  /** Ideal Σ −log2 q in bits under each class. */
  idealBits: Float64Array;
  /** The shortest class by real length, ties broken by ideal length, then lower index (as `classify`). */
  bestClassIndex: number;
  /** Real bits of the runner-up minus the best's (0 on a tie). */
  marginBits: number;
  /** The same margin by ideal lengths. */
  idealMarginBits: number;
}

/** Code lengths of one image (height·width bytes) under every class, as `classify` computes them. */
export function classLengths(model: ArModel, pixels: Uint8Array): ClassLengths {
  const { height, width } = model.info;
  const lengths = scoreImages(model, { count: 1, height, width, pixels, labels: null }, 0, 1);
  const bestClassIndex = shortestCodeClasses(lengths)[0];
  let runnerUpReal = Infinity;
  let runnerUpIdeal = Infinity;
  for (let c = 0; c < model.classCount; c++) {
    if (c === bestClassIndex) continue;
    runnerUpReal = Math.min(runnerUpReal, lengths.realBits[c]);
    runnerUpIdeal = Math.min(runnerUpIdeal, lengths.idealBits[c]);
  }
  return {
    realBits: lengths.realBits,
    idealBits: lengths.idealBits,
    bestClassIndex,
    marginBits: model.classCount > 1 ? runnerUpReal - lengths.realBits[bestClassIndex] : 0,
    idealMarginBits: model.classCount > 1 ? runnerUpIdeal - lengths.idealBits[bestClassIndex] : 0,
  };
}

/** Where class `classIndex` spends its bits on the image, per pixel (report's pixel costs). */
export function bitsByPixel(model: ArModel, classIndex: number, pixels: Uint8Array, traversal = model.createTraversal()): Float64Array {
  return pixelCodeLengths(model, classIndex, pixels, traversal);
}

/** `count` images drawn from class `classIndex`'s model (as `arcompress sample`). */
export function drawSamples(model: ArModel, classIndex: number, count: number, seed: number): Uint8Array {
  return sampleImages(model, classIndex, count, seed);
}

/** What a model codes: gray models the byte values, binary models the image thresholded at 128. */
export function modelView(model: ArModel, pixels: Uint8Array): Uint8Array {
  const { height, width } = model.info;
  const { set, thresholded } = imageSetForModel({ count: 1, height, width, pixels }, model);
  // A thresholded image is coded as its bits (≥ 128 → 1), shown as 0/255.
  return thresholded ? binarizePixels(set.pixels) : set.pixels;
}

export interface EncodedArc {
  bytes: Uint8Array;
  classIndex: number;
  /** Bytes of the image's record (class index and pixels, range-coded); the rest is header and checksums. */
  recordBytes: number;
  /** Whether the image had to be thresholded for a binary model (lossy, recorded in the file). */
  binarized: boolean;
}

/**
 * One image as an .arc file, exactly as `arcompress encode NAME.png --model M` writes it (the
 * library's encodeImages): the class giving the shortest record; a binary model codes a bilevel
 * image as it is and any other image thresholded (as --binarize, recorded in the file).
 */
export async function encodeArc(loaded: Model, name: string, pixels: Uint8Array): Promise<EncodedArc> {
  const { model } = loaded;
  const { height, width } = model.info;
  if (pixels.length !== height * width) fail(ErrorCode.ModelMismatch, `${name}: the image has ${pixels.length} pixels but the model codes ${height}×${width} images`);
  const binarized = model.info.pixelMode === 'binary' && bilevelLevels(pixels) === null;
  const { bytes, summary } = await encodeImages({ count: 1, height, width, pixels, names: [name] }, loaded, { binarize: binarized });
  return { bytes, classIndex: summary.imagesPerClass.findIndex((count) => count > 0), recordBytes: summary.payloadBytes, binarized };
}

export interface DecodedArc {
  /** Index into the models given of the model it was made with. */
  modelIndex: number;
  count: number;
  height: number;
  width: number;
  /** count·height·width restored byte values. */
  pixels: Uint8Array;
  /** The PNG names recorded (empty for IDX input and single-image files). */
  names: string[];
}

/**
 * Reads, checks and decodes an .arc file made with one of `models` (found by fingerprint), with
 * the library's decodeArchive: every check `arcompress decode` makes, the restored data's
 * checksum included. At most MAX_PAGE_IMAGES images.
 */
export async function decodeArc(bytes: Uint8Array, label: string, models: readonly Model[]): Promise<DecodedArc> {
  const { header } = readContainer(bytes, label);
  const modelIndex = models.findIndex(({ model }) => model.info.fingerprint.startsWith(header.modelFingerprint));
  if (modelIndex < 0) fail(ErrorCode.ModelMismatch, `${label} was made with model ${header.modelFingerprint.slice(0, 12)}…, which this page does not have`);
  if (header.imageCount > MAX_PAGE_IMAGES) fail(ErrorCode.BadArgument, `${label} holds ${header.imageCount} images; the page decodes at most ${MAX_PAGE_IMAGES} (use arcompress decode)`);
  const decoded = await decodeArchive(bytes, models[modelIndex], { label });
  return { modelIndex, count: decoded.count, height: decoded.height, width: decoded.width, pixels: decoded.pixels, names: decoded.names ?? [] };
}
