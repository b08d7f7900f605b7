/**
 * Tiny trained models for codec tests: 12×10 synthetic images in 3 classes, trained for one short
 * epoch (seconds). Trained once per test process and cached in a folder under os.tmpdir(), so the
 * model directory can also be handed to worker threads and child processes.
 *
 * The size is deliberately not 28×28: nothing in the codec may assume MNIST's size.
 */
import { NEW_MODEL_ARITHMETIC, type Arithmetic } from '../../src/model/arithmetic.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageSet } from '../../src/data/types.js';
import type { ArModel } from '../../src/model/ar-model.js';
import { loadModel, saveModel } from '../../src/model/store.js';
import { trainModel } from '../../src/model/train/index.js';
import type { PixelMode } from '../../src/model/traversal.js';
import { SeededRandom } from '../../src/random.js';

export const TINY_HEIGHT = 12;
export const TINY_WIDTH = 10;
export const TINY_CLASSES = 3;

/**
 * Synthetic gray images of three shapes (label 0: a horizontal bar, 1: a vertical bar, 2: a box),
 * placed at random, with noisy gray edges: mostly 0, strokes near 255, some mid values.
 */
export function syntheticImages(count: number, seed: number, height = TINY_HEIGHT, width = TINY_WIDTH): ImageSet {
  const random = new SeededRandom(seed);
  const size = height * width;
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % TINY_CLASSES;
    labels[i] = label;
    const top = 1 + random.nextInt(Math.max(1, height - 6));
    const left = 1 + random.nextInt(Math.max(1, width - 6));
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const inRows = row >= top && row < top + 5;
        const inColumns = column >= left && column < left + 5;
        let on = false;
        if (label === 0) on = inColumns && row === top + 2;
        else if (label === 1) on = inRows && column === left + 2;
        else on = inRows && inColumns && (row === top || row === top + 4 || column === left || column === left + 4);
        const noise = random.next();
        const value = on ? 255 - random.nextInt(60) : noise < 0.05 ? random.nextInt(200) : 0;
        pixels[i * size + row * width + column] = value;
      }
    }
  }
  return { count, height, width, pixels, labels };
}

/** The same images thresholded to 0/255 (bilevel), for binary-mode tests. */
export function bilevelImages(set: ImageSet): ImageSet {
  return { ...set, pixels: set.pixels.map((value) => (value >= 128 ? 255 : 0)) };
}

export interface TinyModel {
  model: ArModel;
  directory: string;
}

let cacheRoot: string | null = null;
const cached = new Map<string, Promise<TinyModel>>();

function root(): string {
  if (cacheRoot === null) {
    cacheRoot = mkdtempSync(join(tmpdir(), `arcompress-tiny-models-${process.pid}-`));
    process.once('exit', () => rmSync(cacheRoot!, { recursive: true, force: true }));
  }
  return cacheRoot;
}

async function trainTiny(pixelMode: PixelMode, arithmetic: Arithmetic): Promise<TinyModel> {
  const set = syntheticImages(48, 7);
  const result = await trainModel(set, { pixelMode, maxEpochs: 1, hiddenSize: 6, rowsPerEpoch: 2000, batchSize: 256, seed: 3, backend: 'cpu', arithmetic });
  const directory = join(root(), `${pixelMode}-${arithmetic}`);
  await saveModel(
    directory,
    {
      dataset: 'tiny',
      pixelMode,
      height: set.height,
      width: set.width,
      classLabels: result.classes.map((c) => c.label),
      precisionBits: result.model.info.precisionBits,
      architecture: result.architecture,
      validation: { images: 0, bitsPerPixelByClass: [], bitsPerPixel: 0 },
      training: { note: 'tiny test model' },
    },
    result.model.classStages,
  );
  const { model } = await loadModel(directory);
  return { model, directory };
}

/** A tiny trained model of the given mode and arithmetic (new models' by default; trained on first use in this process). */
export function tinyModel(pixelMode: PixelMode, arithmetic: Arithmetic = NEW_MODEL_ARITHMETIC): Promise<TinyModel> {
  const key = `${pixelMode}-${arithmetic}`;
  let entry = cached.get(key);
  if (!entry) {
    entry = trainTiny(pixelMode, arithmetic);
    cached.set(key, entry);
  }
  return entry;
}
