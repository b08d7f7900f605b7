/** Small MNIST-format datasets generated in tests (fixed seeds), written to temporary folders. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/data/idx.js';
import { SeededRandom } from '../../src/random.js';

/** Bytes below `modulo` from the product's seeded generator (src/random.ts), the same on every run. */
export function seededBytes(length: number, seed: number, modulo = 256): Uint8Array {
  const random = new SeededRandom(seed);
  return Uint8Array.from({ length }, () => random.nextUint32() % modulo);
}

export interface SplitFixture {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

export function makeSplit(count: number, height: number, width: number, seed: number): SplitFixture {
  return { count, height, width, pixels: seededBytes(count * height * width, seed), labels: seededBytes(count, seed + 1, 10) };
}

export interface DatasetFixture {
  directory: string;
  train: SplitFixture;
  test: SplitFixture;
}

/**
 * Writes the four standard files into `directory`. `gzipped` lists the base names to write as
 * `<name>.gz` (gzip content); the rest are raw.
 */
export function writeDataset(directory: string, options: { height?: number; width?: number; gzipped?: string[]; trainCount?: number; testCount?: number } = {}): DatasetFixture {
  const height = options.height ?? 5;
  const width = options.width ?? 7;
  const train = makeSplit(options.trainCount ?? 12, height, width, 11);
  const test = makeSplit(options.testCount ?? 4, height, width, 23);
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', encodeIdx([train.count, height, width], train.pixels)],
    ['train-labels-idx1-ubyte', encodeIdx([train.count], train.labels)],
    ['t10k-images-idx3-ubyte', encodeIdx([test.count, height, width], test.pixels)],
    ['t10k-labels-idx1-ubyte', encodeIdx([test.count], test.labels)],
  ];
  for (const [name, bytes] of files) {
    if (options.gzipped?.includes(name)) writeFileSync(join(directory, `${name}.gz`), gzipSync(bytes));
    else writeFileSync(join(directory, name), bytes);
  }
  return { directory, train, test };
}

/** A fresh temporary folder and a function that removes it. */
export function temporaryDirectory(prefix = 'arcompress-data-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
