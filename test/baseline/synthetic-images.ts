/**
 * Deterministic test data for the deflate simulator and the zip classifier (fixed seeds): byte
 * streams with the structure of images, and a small labelled dataset whose answer is known.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/idx.js';
import type { ImageSet } from '../../src/data/types.js';
import { SeededRandom } from '../../src/random.js';

/** Floats in [0, 1) from the product's seeded generator (src/random.ts). */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** Bytes of skewed random values below `modulo` (many short matches, few long ones). */
export function skewedBytes(length: number, seed: number, modulo: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(random() * random() * modulo));
}

/** Runs of one value (0, 1 or 2) of random lengths up to 300: long flat areas, as in digits. */
export function runBytes(length: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; ) {
    const runLength = 1 + Math.floor(random() ** 3 * 300);
    out.fill(Math.floor(random() * 3), i, i + runLength);
    i += runLength;
  }
  return out;
}

/** 16×16 "digits": a stroke pattern per class, drawn at a random shift of ±1 with a little noise. */
export function strokeImages(count: number, seed: number, labels: Uint8Array, gray: boolean): Uint8Array {
  const size = 16;
  const random = seededRandom(seed);
  const pixels = new Uint8Array(count * size * size);
  for (let n = 0; n < count; n++) {
    const shiftRow = Math.floor(random() * 3) - 1;
    const shiftColumn = Math.floor(random() * 3) - 1;
    const offset = n * size * size;
    for (let row = 2; row < 14; row++) {
      for (let column = 2; column < 14; column++) {
        const on = labels[n] === 0 ? row >= 7 && row <= 8 : labels[n] === 1 ? column >= 7 && column <= 8 : Math.abs(row - column) <= 1;
        if (on) pixels[offset + (row + shiftRow) * size + column + shiftColumn] = gray ? 160 + Math.floor(random() * 96) : 255;
      }
    }
    for (let k = 0; k < 3; k++) pixels[offset + Math.floor(random() * size * size)] = gray ? Math.floor(random() * 256) : 255;
  }
  return pixels;
}

/** Labels 0, 1, 2, 0, 1, 2, ... */
export function cyclicLabels(count: number, classCount = 3): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => i % classCount);
}

/**
 * Images of class k: one fixed random 16×16 texture per class (30% of pixels at 255, the rest 0),
 * with one noise pixel set to 128 at a random place. A class's texture appears only in its own
 * training images, so every test image belongs, beyond doubt, to the class whose compressor
 * already holds the texture: the answer is known.
 */
export function textureImages(count: number, seed: number, labels: Uint8Array): Uint8Array {
  const size = 16 * 16;
  const textures = new Map<number, Uint8Array>();
  const texture = (label: number) => {
    let found = textures.get(label);
    if (found === undefined) {
      const random = seededRandom(1000 + label);
      found = Uint8Array.from({ length: size }, () => (random() < 0.3 ? 255 : 0));
      textures.set(label, found);
    }
    return found;
  };
  const random = seededRandom(seed);
  const pixels = new Uint8Array(count * size);
  for (let n = 0; n < count; n++) {
    pixels.set(texture(labels[n]), n * size);
    pixels[n * size + Math.floor(random() * size)] = 128;
  }
  return pixels;
}

/** `classCount` classes of 16×16 textured images (textureImages): the answer is each image's texture. */
export function textureDataset(trainCount: number, testCount: number, classCount = 3): { train: ImageSet; test: ImageSet } {
  const trainLabels = cyclicLabels(trainCount, classCount);
  const testLabels = cyclicLabels(testCount, classCount);
  return {
    train: { count: trainCount, height: 16, width: 16, pixels: textureImages(trainCount, 5, trainLabels), labels: trainLabels },
    test: { count: testCount, height: 16, width: 16, pixels: textureImages(testCount, 9, testLabels), labels: testLabels },
  };
}

/** Writes a dataset as the four standard IDX files in a new temporary directory; returns it. */
export function writeIdxDataset(train: ImageSet, test: ImageSet): string {
  const directory = mkdtempSync(join(tmpdir(), 'arcompress-zip-'));
  writeFileSync(join(directory, 'train-images-idx3-ubyte'), encodeIdx([train.count, train.height, train.width], train.pixels));
  writeFileSync(join(directory, 'train-labels-idx1-ubyte'), encodeIdx([train.count], train.labels!));
  writeFileSync(join(directory, 't10k-images-idx3-ubyte'), encodeIdx([test.count, test.height, test.width], test.pixels));
  writeFileSync(join(directory, 't10k-labels-idx1-ubyte'), encodeIdx([test.count], test.labels!));
  return directory;
}
