/**
 * arcompress as a library: the core, which runs without the file system, worker threads or
 * `process` (a browser bundle can take it; see README "Use from TypeScript"). The Node layer,
 * `arcompress/node`, adds models and images from files and worker threads.
 *
 *   loadModel({ manifest, weights })          → a model, from the bytes of its two files
 *   encodeImages(images, model, options?)     → the bytes of one .arc file, and its summary
 *   decodeArchive(bytes, model, options?)     → the images back, exactly
 *   codeLengths(images, model)                → per image, per class: real and ideal bits
 *   classifyImages(images, model, options?)   → per image: the class with the shortest code
 *
 * Images are plain bytes (`Images`: count·height·width values 0..255, image after image). Every
 * result is deterministic: the same on any machine and engine, for any number of worker threads.
 * Bad input throws an `ArcError` with a `code` (ErrorCode) and a one-line message.
 */
import { decodeArchive as decodeArchiveFile, encodeArchive, type ArchiveSummary } from './codec/archive.js';
import { idxSource, pngSource, type ImageSource } from './codec/source.js';
import { encodeIdx } from './data/idx.js';
import { ErrorCode, fail } from './errors.js';
import type { ArModel } from './model/ar-model.js';
import { modelFromBytes, type ModelManifest } from './model/store.js';
import type { ProgressCallback } from './progress-callback.js';
import { scoreImages } from './classify/score.js';
import { checkImages, classificationTable, codeLengthTable, imageSetForModel, type CodeLengthTable, type ImageClassification, type Images } from './classify/code-lengths.js';

export { ArcError, ErrorCode, InvariantError, type ErrorCodeName } from './errors.js';
export type { ArchiveSummary } from './codec/archive.js';
export type { ArModel, ModelInfo } from './model/ar-model.js';
export type { ModelManifest } from './model/store.js';
export type { ProgressCallback, ProgressEvent } from './progress-callback.js';
export type { CodeLengthTable, ImageClassification, ImageCodeLengths, Images } from './classify/code-lengths.js';

/** The contents of a model directory's two files (see `arcompress train`). */
export interface ModelFiles {
  /** manifest.json, as bytes or text. */
  manifest: Uint8Array | string;
  /** weights.bin. */
  weights: Uint8Array;
}

/** A loaded model: the class models, the manifest, and (Node layer) the directory it came from. */
export interface Model {
  readonly model: ArModel;
  readonly manifest: ModelManifest;
  /** Set by `arcompress/node`'s loadModel: worker threads load the model from there. */
  readonly directory?: string;
}

/** Images to encode; with `names`, decode restores them as PNG files of those names, else as one IDX file. */
export interface NamedImages extends Images {
  /** One distinct base file name per image (e.g. 'digit-3.png'). */
  names?: string[];
}

export interface EncodeOptions {
  /** The class model per image, as class labels (values of manifest.classLabels); default: per image the class giving the shortest code. */
  classLabels?: ArrayLike<number>;
  /** Threshold pixels at 128 first: LOSSY, decode gives the thresholded images back. Default false. */
  binarize?: boolean;
  /** Worker threads (Node layer with a model loaded from a directory; default 1). The bytes do not depend on it. */
  workers?: number;
  onProgress?: ProgressCallback;
}

export interface DecodeOptions {
  /** Names the file in error messages. Default 'the .arc file'. */
  label?: string;
  /** Worker threads (as EncodeOptions.workers). */
  workers?: number;
  onProgress?: ProgressCallback;
}

export interface DecodedImages extends NamedImages {
  /** The data encode was given: the IDX file (header and images, uncompressed), or the PNG images' pixels. */
  restored: Uint8Array;
  summary: ArchiveSummary;
}

export interface ClassifyOptions {
  /** Decide by the real coded length (default; ties by ideal) or by the ideal Σ −log2 q. */
  by?: 'real' | 'ideal';
  onProgress?: ProgressCallback;
}

/** A model from the bytes of its manifest.json and weights.bin, checked against the manifest's fingerprint. */
export function loadModel(files: ModelFiles): Model {
  return modelFromBytes(files.manifest, files.weights);
}

/** The ImageSource encode codes: PNG-named images, or one IDX file. */
function imageSourceOf(images: NamedImages): ImageSource {
  checkImages(images);
  const { count, height, width, pixels, names } = images;
  if (names === undefined) return idxSource(encodeIdx([count, height, width], pixels), false, 'the images');
  if (names.length !== count) fail(ErrorCode.BadArgument, `expected one name per image (${count}), found ${names.length}`);
  const size = height * width;
  return pngSource(names.map((name, i) => ({ name, height, width, pixels: pixels.subarray(i * size, (i + 1) * size) })), 'the images');
}

/** Encodes images losslessly (unless `binarize`) into one .arc file (docs/FORMAT.md). */
export async function encodeImages(images: NamedImages, model: Model, options: EncodeOptions = {}): Promise<{ bytes: Uint8Array; summary: ArchiveSummary }> {
  const source = imageSourceOf(images);
  let classIndices: Int32Array | undefined;
  if (options.classLabels !== undefined) {
    const labels = options.classLabels;
    if (labels.length !== source.count) fail(ErrorCode.BadArgument, `expected one class label per image (${source.count}), found ${labels.length}`);
    const classLabels = model.model.info.classLabels;
    classIndices = Int32Array.from({ length: labels.length }, (_, i) => {
      const index = classLabels.indexOf(labels[i]);
      if (index < 0) fail(ErrorCode.ModelMismatch, `class label ${labels[i]} of image ${i} is not one of the model's classes (${classLabels.join(', ')})`);
      return index;
    });
  }
  return encodeArchive(source, {
    model: model.model,
    modelDirectory: model.directory,
    modelName: model.manifest.dataset,
    classIndices,
    binarize: options.binarize ?? false,
    workers: options.workers ?? 1,
    onProgress: options.onProgress,
  });
}

/** Decodes a whole .arc file made with `model`; the result is checked against the file's checksum. */
export async function decodeArchive(bytes: Uint8Array, model: Model, options: DecodeOptions = {}): Promise<DecodedImages> {
  const decoded = await decodeArchiveFile(bytes, options.label ?? 'the .arc file', model.model, { modelDirectory: model.directory, workers: options.workers ?? 1, onProgress: options.onProgress });
  const { header } = decoded.container;
  return {
    count: header.imageCount,
    height: header.height,
    width: header.width,
    pixels: decoded.pixels,
    ...(header.input.kind === 'png' ? { names: [...header.input.names] } : {}),
    restored: decoded.restored,
    summary: decoded.summary,
  };
}

/**
 * Code lengths of every image under every class, each class coded in full: `realBits` (the
 * image's arithmetic-coded record, whole bytes × 8) and `idealBits` (Σ −log2 q), in the order of
 * `classLabels`. In this thread; `arcompress/node` spreads the work over worker threads.
 */
export async function codeLengths(images: Images, model: Model, options: { onProgress?: ProgressCallback } = {}): Promise<CodeLengthTable> {
  const { set } = imageSetForModel(images, model.model);
  return codeLengthTable(scoreImages(model.model, set, 0, set.count, { onProgress: options.onProgress }), model.model.info.classLabels);
}

/** Classification by the shortest code: per image the predicted class label and every class's lengths (as codeLengths). */
export async function classifyImages(images: Images, model: Model, options: ClassifyOptions = {}): Promise<CodeLengthTable<ImageClassification>> {
  const { set } = imageSetForModel(images, model.model);
  const lengths = scoreImages(model.model, set, 0, set.count, { onProgress: options.onProgress });
  return classificationTable(lengths, model.model.info.classLabels, options.by ?? 'real');
}
