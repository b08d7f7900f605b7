/**
 * Everything the page takes from the arcompress library, in one file: when the public API
 * (src/index.ts) lands, switching the page to it changes this file only.
 *
 * The page codes with the very same modules as the CLI (model evaluator, range coder, .arc
 * container); what is here is the glue `codec/archive.ts` holds for Node (which also needs zlib
 * and worker threads): one image per .arc written, a few thousand at most decoded.
 */
import { ArcError, describeError, ErrorCode, fail } from '../../src/errors.js';
import { ArModel } from '../../src/model/ar-model.js';
import { EVALUATOR_KINDS, resolveEvaluatorKind, type EvaluatorKind } from '../../src/model/evaluator.js';
import { modelFromBytes } from '../../src/model/store.js';
import { sampleImages } from '../../src/model/sampling.js';
import { scoreImages, shortestCodeClasses } from '../../src/classify/score.js';
import { pixelCodeLengths } from '../../src/report/pixel-costs.js';
import { readContainer, sha256, writeContainer, type ContainerHeader } from '../../src/codec/container.js';
import { RecordCoder } from '../../src/codec/image-record.js';
import { decodeShare } from '../../src/codec/shares.js';
import { bilevelLevels, binarizePixels, checkStoredIdxHeader, distinctValueCount, restoredData } from '../../src/codec/source.js';

export { EVALUATOR_KINDS, resolveEvaluatorKind, type ArModel, type EvaluatorKind };
export { ArcError, ErrorCode, describeError, fail, binarizePixels, distinctValueCount };

/** Most images the page decodes from one .arc (the CLI decodes any number). */
export const MAX_PAGE_IMAGES = 4096;

/**
 * A model from its two files, checked exactly as `loadModel` checks a directory, computing with
 * the given evaluator (auto: the WebAssembly SIMD kernel where the browser has it; all give the
 * same integers).
 */
export function modelFromFiles(manifestText: string, weights: Uint8Array, label: string, evaluator: EvaluatorKind = 'auto'): ArModel {
  const { model } = modelFromBytes(manifestText, weights, label);
  return evaluator === 'auto' ? model : new ArModel(model.info, model.classStages, { evaluator });
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
export function bitsByPixel(model: ArModel, classIndex: number, pixels: Uint8Array): Float64Array {
  return pixelCodeLengths(model, classIndex, pixels);
}

/** `count` images drawn from class `classIndex`'s model (as `arcompress sample`). */
export function drawSamples(model: ArModel, classIndex: number, count: number, seed: number): Uint8Array {
  return sampleImages(model, classIndex, count, seed);
}

/** What a model codes: gray models the byte values, binary models the image thresholded at 128. */
export function modelView(model: ArModel, pixels: Uint8Array): Uint8Array {
  return model.info.pixelMode === 'gray' ? pixels : binarizePixels(pixels);
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
 * One image as an .arc file, as `arcompress encode NAME.png` writes it: PNG input named `name`,
 * the class giving the shortest record. A binary model codes a bilevel image as it is and any
 * other image thresholded (the --binarize flag is then set in the file). `gzipBytes` is recorded
 * as the header's gzip size (for ratios only; the CLI records zlib −9's).
 */
export function encodeArc(model: ArModel, modelName: string, name: string, pixels: Uint8Array, gzipBytes: number): EncodedArc {
  const { height, width } = model.info;
  if (pixels.length !== height * width) fail(ErrorCode.ModelMismatch, `${name}: the image has ${pixels.length} pixels but the model codes ${height}×${width} images`);
  let stored = pixels;
  let binarized = false;
  let lowLevel = 0;
  let highLevel = 255;
  let coded = pixels;
  if (model.info.pixelMode === 'binary') {
    let levels = bilevelLevels(pixels);
    if (levels === null) {
      binarized = true;
      stored = binarizePixels(pixels);
      levels = bilevelLevels(stored)!;
    }
    ({ low: lowLevel, high: highLevel } = levels);
    coded = new Uint8Array(stored.length);
    if (highLevel !== lowLevel) for (let i = 0; i < stored.length; i++) coded[i] = stored[i] === highLevel ? 255 : 0;
  }
  const record = new RecordCoder(model).encodeBestClass(coded);
  const input = { kind: 'png' as const, names: [name] };
  const header: ContainerHeader = {
    binarized,
    inputGzipped: false,
    modelFingerprint: model.info.fingerprint,
    modelName,
    pixelMode: model.info.pixelMode,
    precisionBits: model.info.precisionBits,
    classCount: model.classCount,
    height,
    width,
    imageCount: 1,
    lowLevel,
    highLevel,
    input,
    gzipBytes,
    restoredSha256: sha256(restoredData(input, stored)),
  };
  return { bytes: writeContainer(header, [record.bytes]), classIndex: record.classIndex, recordBytes: record.bytes.length, binarized };
}

export interface DecodedArc {
  /** Index into the models given of the model it was made with. */
  modelIndex: number;
  count: number;
  height: number;
  width: number;
  /** count·height·width restored byte values. */
  pixels: Uint8Array;
  /** The PNG names recorded (empty for IDX input). */
  names: string[];
}

/**
 * Reads, checks and decodes an .arc file made with one of `models` (found by fingerprint); the
 * result is checked against the file's SHA-256 of the restored data, as `arcompress decode` does.
 */
export function decodeArc(bytes: Uint8Array, label: string, models: readonly ArModel[]): DecodedArc {
  const container = readContainer(bytes, label);
  const { header } = container;
  const modelIndex = models.findIndex((model) => model.info.fingerprint === header.modelFingerprint);
  if (modelIndex < 0) fail(ErrorCode.ModelMismatch, `${label} was made with model ${header.modelFingerprint.slice(0, 12)}… (${header.modelName || 'unnamed'} ${header.pixelMode}), which this page does not have`);
  const model = models[modelIndex];
  if (header.pixelMode !== model.info.pixelMode || header.classCount !== model.classCount || header.precisionBits !== model.info.precisionBits) {
    fail(ErrorCode.BadFormat, `${label}: header says ${header.pixelMode}, ${header.classCount} classes, ${header.precisionBits}-bit probabilities, but its model has ${model.info.pixelMode}, ${model.classCount}, ${model.info.precisionBits}`);
  }
  model.checkImageSize(header.height, header.width, label);
  if (header.imageCount > MAX_PAGE_IMAGES) fail(ErrorCode.BadArgument, `${label} holds ${header.imageCount} images; the page decodes at most ${MAX_PAGE_IMAGES} (use arcompress decode)`);
  if (header.input.kind === 'idx') checkStoredIdxHeader(header.input.idxHeader, header.imageCount, header.height, header.width, label);
  const coded = decodeShare(new RecordCoder(model), container.payload, container.recordLengths, 0);
  let pixels = coded;
  if (header.pixelMode === 'binary') {
    pixels = new Uint8Array(coded.length);
    for (let i = 0; i < coded.length; i++) pixels[i] = coded[i] ? header.highLevel : header.lowLevel;
  }
  const digest = sha256(restoredData(header.input, pixels));
  if (!digest.every((value, i) => value === header.restoredSha256[i])) {
    fail(ErrorCode.Checksum, `${label}: the decoded images do not match the checksum of the original data; the file is damaged or was made by an incompatible arcompress`);
  }
  return { modelIndex, count: header.imageCount, height: header.height, width: header.width, pixels, names: header.input.kind === 'png' ? header.input.names : [] };
}
