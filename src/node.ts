/**
 * arcompress's Node layer (`arcompress/node`): the core (`arcompress`) plus what needs Node —
 * models from directories (the bundled ones included), images from PNG and IDX files, atomic
 * writes, and worker threads for scoring. Every core export is here too; loadModel, codeLengths
 * and classifyImages take the Node forms below (a superset of the core's).
 */
import { resolve } from 'node:path';
import { scoreImagesParallel } from './classify/parallel.js';
import { defaultWorkerCount } from './worker-threads.js';
import { classificationTable, codeLengthTable, imageSetForModel, type CodeLengthTable, type ImageClassification, type Images } from './classify/code-lengths.js';
import { imageSourceFromInputs, readInputFile, writeFileAtomically } from './codec/files.js';
import { ErrorCode, fail } from './errors.js';
import { loadModel as loadModelDirectory } from './model/store.js';
import { bundledModelDirectory } from './paths.js';
import type { ProgressCallback } from './progress-callback.js';
import { loadModel as loadModelFromFiles, type ClassifyOptions, type Model, type ModelFiles, type NamedImages } from './index.js';

export * from './index.js';
export { writeFileAtomically };

/** A model from a directory made by `arcompress train` (or, as in the core, from its files' bytes). */
export async function loadModel(source: string | ModelFiles): Promise<Model> {
  if (typeof source !== 'string') return loadModelFromFiles(source);
  const directory = resolve(source);
  return { ...(await loadModelDirectory(directory)), directory };
}

/** A model that ships with the package: MNIST's gray (8-bit) or binary (bilevel) model. */
export function bundledModel(pixelMode: 'gray' | 'binary'): Promise<Model> {
  if (pixelMode !== 'gray' && pixelMode !== 'binary') fail(ErrorCode.BadArgument, `expected pixel mode gray or binary, found '${String(pixelMode)}'`);
  return loadModel(bundledModelDirectory('mnist', pixelMode));
}

/**
 * Images from files: one IDX image file (raw or gzipped) or grayscale PNG files of one size,
 * told apart by content. PNG images carry their base names (decode restores them under those).
 */
export async function readImages(paths: readonly string[]): Promise<NamedImages> {
  const source = await imageSourceFromInputs(await Promise.all(paths.map(readInputFile)));
  const images: NamedImages = { count: source.count, height: source.height, width: source.width, pixels: source.pixels };
  if (source.input.kind === 'png') images.names = [...source.input.names];
  return images;
}

export interface ScoringOptions {
  /** Worker threads (used when the model was loaded from a directory); default: the cores, at most 8. Results do not depend on it. */
  workers?: number;
  onProgress?: ProgressCallback;
}

async function scoreAll(images: Images, model: Model, options: ScoringOptions) {
  const { set } = imageSetForModel(images, model.model);
  const workers = model.directory === undefined ? 1 : options.workers ?? defaultWorkerCount();
  return scoreImagesParallel(model.model, model.directory ?? '', set, 0, set.count, workers, options.onProgress);
}

/** As the core's codeLengths, on worker threads. */
export async function codeLengths(images: Images, model: Model, options: ScoringOptions = {}): Promise<CodeLengthTable> {
  return codeLengthTable(await scoreAll(images, model, options), model.model.info.classLabels);
}

/** As the core's classifyImages, on worker threads. */
export async function classifyImages(images: Images, model: Model, options: ClassifyOptions & ScoringOptions = {}): Promise<CodeLengthTable<ImageClassification>> {
  return classificationTable(await scoreAll(images, model, options), model.model.info.classLabels, options.by ?? 'real');
}
