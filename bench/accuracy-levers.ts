/**
 * Measures two levers on a trained model's classification accuracy that need no new network, on
 * the images the recipe's split holds out of the training set (never the test set):
 *
 * - A class prior: the image costs L_c + b_c bits under class c, with b = −log2 π for a prior π
 *   fitted by maximum likelihood of p(c | x) ∝ 2^−(L_c + b_c) (a proper code: the class index
 *   coded with π instead of uniformly). Cross-fitted: the prior is fitted on one half of the
 *   validation images and measured on the other, both ways.
 * - More discriminative fine-tuning from the trained model, with the recipe's settings, its pool
 *   drawn either from the training images as the recipe does or from them and 2 random affine
 *   distortions of each (the recipe's range, seeds of their own): validation accuracy after each
 *   epoch, all validation images.
 *
 * Writes bench/results/accuracy-levers.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/accuracy-levers.ts [MODEL_DIR] [EPOCHS]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadSplit, resolveDataset, selectImages } from '../src/data/index.js';
import type { ImageSet } from '../src/data/types.js';
import { binarizePixels } from '../src/codec/source.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { ArModel } from '../src/model/ar-model.js';
import { scoreImages } from '../src/classify/score.js';
import { discriminativeFineTune } from '../src/model/train/discriminative.js';
import { validationAccuracy } from '../src/model/train/validation.js';
import { distortImage, randomDistortion } from '../src/model/train/distortions.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { SeededRandom } from '../src/random.js';
import { recipeSplit, requireRecipeSplit } from './recipe-split.js';

const directory = process.argv[2] ?? join(packageRoot(), 'models/mnist-binary');
const epochs = Number(process.argv[3] ?? 3);
const DISTORTED_COPIES = 2;
const { model, manifest } = await loadModel(directory);
const train = await loadSplit(resolveDataset('mnist'), 'train');
const split = recipeSplit(train);
const validation = split.validation.flat();
requireRecipeSplit(directory, manifest, validation.length);
const recipe = recipeOptions('full');
const classCount = model.classCount;
const classIndexOf = new Map(model.info.classLabels.map((label, index) => [label, index]));

// --- A class prior, cross-fitted on halves of the validation images.
const images = selectImages(train, validation);
const scored = model.info.pixelMode === 'binary' ? { ...images, pixels: binarizePixels(images.pixels) } : images;
const lengths = scoreImages(model, scored, 0, scored.count).idealBits;
const truth = Array.from(images.labels!, (label) => classIndexOf.get(label)!);
const halves = [0, 1].map((half) => truth.map((_, i) => i).filter((i) => i % 2 === half));

/** −log2 π per class maximising Σ log2 p(true class | x) over `indices` (gradient ascent; mean 0). */
function fitPrior(indices: number[]): number[] {
  const offsets = new Array<number>(classCount).fill(0);
  for (let step = 0; step < 2000; step++) {
    const gradient = new Array<number>(classCount).fill(0);
    for (const i of indices) {
      let least = Infinity;
      for (let c = 0; c < classCount; c++) least = Math.min(least, lengths[i * classCount + c] + offsets[c]);
      const weights = Array.from({ length: classCount }, (_, c) => 2 ** -(lengths[i * classCount + c] + offsets[c] - least));
      const total = weights.reduce((sum, w) => sum + w, 0);
      for (let c = 0; c < classCount; c++) gradient[c] += (c === truth[i] ? 1 : 0) - weights[c] / total;
    }
    for (let c = 0; c < classCount; c++) offsets[c] -= (5 * gradient[c]) / indices.length;
  }
  const mean = offsets.reduce((sum, b) => sum + b, 0) / classCount;
  return offsets.map((b) => b - mean);
}
function correct(indices: number[], offsets: number[]): number {
  let count = 0;
  for (const i of indices) {
    let best = 0;
    for (let c = 1; c < classCount; c++) if (lengths[i * classCount + c] + offsets[c] < lengths[i * classCount + best] + offsets[best]) best = c;
    if (best === truth[i]) count++;
  }
  return count;
}
const uniform = new Array<number>(classCount).fill(0);
const priors = halves.map((half) => fitPrior(half));
const prior = {
  uniformAccuracy: correct(validation.map((_, i) => i), uniform) / validation.length,
  priorAccuracy: (correct(halves[1], priors[0]) + correct(halves[0], priors[1])) / validation.length,
  offsetBitsByHalf: priors.map((offsets) => offsets.map((b) => Number(b.toFixed(3)))),
};
console.error(`class prior: ${JSON.stringify(prior)}`);

// --- More fine-tuning: the pool from the training images, or from them and distorted copies.
function withDistortedCopies(set: ImageSet, indices: number[]): { set: ImageSet; pool: number[] } {
  const size = set.height * set.width;
  const count = set.count + indices.length * DISTORTED_COPIES;
  const pixels = new Uint8Array(count * size);
  pixels.set(set.pixels);
  const labels = new Uint8Array(count);
  labels.set(set.labels!);
  const pool = [...indices];
  let next = set.count;
  for (const index of indices) {
    const draws = new SeededRandom((0x5eed0000 + index) >>> 0);
    for (let copy = 0; copy < DISTORTED_COPIES; copy++, next++) {
      distortImage(set.pixels.subarray(index * size, (index + 1) * size), set.height, set.width, randomDistortion(draws, recipe.distortionRange), pixels.subarray(next * size, (next + 1) * size));
      labels[next] = set.labels![index];
      pool.push(next);
    }
  }
  return { set: { ...set, count, pixels, labels }, pool };
}
const runs = [];
for (const pool of ['training images', `training images and ${DISTORTED_COPIES} distortions of each`]) {
  const data = pool === 'training images' ? { set: train, pool: split.train.flat() } : withDistortedCopies(train, split.train.flat());
  const startMs = Date.now();
  const tuned = await discriminativeFineTune(model, data.set, data.pool, {
    epochs,
    imagesPerEpoch: recipe.discriminativeImagesPerEpoch,
    batchImages: recipe.discriminativeBatchImages,
    poolImages: recipe.discriminativePoolImages,
    learningRate: recipe.discriminativeLearningRate,
    classificationWeight: recipe.discriminativeWeight,
    seed: recipe.seed,
    backend: 'auto',
    onProgress: (event) => { if (event.detail?.includes('val')) console.error(`${pool}: ${event.detail}`); },
  }, (stages) => validationAccuracy(new ArModel(model.info, stages), train, validation));
  runs.push({ pool, validationAccuracyByEpoch: tuned.scores, seconds: (Date.now() - startMs) / 1000 });
  console.error(`${pool}: ${tuned.scores.map((s) => (100 * s).toFixed(2)).join(' ')}`);
}

const out = {
  benchmark: 'accuracy-levers',
  model: relative(packageRoot(), directory) || directory,
  fingerprint: model.info.fingerprint,
  pixelMode: model.info.pixelMode,
  validationImages: validation.length,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  classPrior: prior,
  fineTuning: { epochs, learningRate: recipe.discriminativeLearningRate, imagesPerEpoch: recipe.discriminativeImagesPerEpoch, poolImages: recipe.discriminativePoolImages, runs },
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/accuracy-levers.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
