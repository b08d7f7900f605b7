/**
 * What the gray refinement's adaptive map (src/model/adaptive-map.ts) buys, and whether the
 * setting new models get (NEW_MODEL_ADAPTIVE_MAP) was chosen narrowly: the ideal code length
 * Σ −log2 q of the same networks with no map and with a grid of maps (rate 2^−rateShift, weight
 * mix/16 against the network), on
 * - MNIST: a gray model's own validation images (the recipe's split of the training set, never
 *   the test set);
 * - shapes (bench/shapes.ts, images that are not digits, nothing chosen on them): a gray model
 *   trained here by the quick recipe without a map, measured on held-out shapes;
 * - noisy shapes: the same shapes under a random contrast, offset and pixel noise per image, as
 *   exposure and sensor noise vary between photographs.
 * The map does not change training (the networks are the same with and without it), so one model
 * per dataset serves every row. Writes bench/results/adaptive-map.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/adaptive-map.ts [--model DIR] [--train N] [--test N]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, resolveDataset, type ImageSet } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { ArModel } from '../src/model/ar-model.js';
import { NEW_MODEL_ADAPTIVE_MAP, type AdaptiveMapSpec } from '../src/model/adaptive-map.js';
import { trainModel } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { SeededRandom } from '../src/random.js';
import { defaultWorkerCount } from '../src/worker-threads.js';
import { recipeSplit, requireRecipeSplit } from './recipe-split.js';
import { shapes } from './shapes.js';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'models/mnist-gray' }, train: { type: 'string', default: '6000' }, test: { type: 'string', default: '2000' } } });
const started = Date.now();
const GRID: (AdaptiveMapSpec | null)[] = [null];
for (const rateShift of [1, 2, 3]) for (const mixSixteenths of [8, 12, 15, 16]) GRID.push({ stages: 'refinement', rateShift, mixSixteenths });

/** Ideal bits per pixel of images `indices` of `set`, each under its label's class model. */
function bitsPerPixel(model: ArModel, set: ImageSet, indices: number[]): number {
  const traversal = model.createTraversal();
  const scorers = model.classStages.map((_, c) => model.createScorer(c));
  const size = set.height * set.width;
  for (const index of indices) traversal.run(set.pixels.subarray(index * size, (index + 1) * size), scorers[set.labels![index]]);
  return scorers.reduce((sum, scorer) => sum + scorer.codeLengthBits, 0) / (indices.length * size);
}

function rowsFor(name: string, model: ArModel, set: ImageSet, indices: number[]): Record<string, unknown>[] {
  const rows = GRID.map((spec) => {
    const variant = new ArModel({ ...model.info, adaptiveMap: spec ?? undefined }, model.classStages);
    const row = { dataset: name, map: spec ? `${spec.rateShift}/${spec.mixSixteenths}` : 'none', rateShift: spec?.rateShift ?? null, mixSixteenths: spec?.mixSixteenths ?? null, bitsPerPixel: bitsPerPixel(variant, set, indices) };
    console.log(JSON.stringify(row));
    return row;
  });
  const none = rows[0].bitsPerPixel;
  return rows.map((row) => ({ ...row, changePercent: 100 * (row.bitsPerPixel / none - 1) }));
}

/** Shapes under a random contrast (0.5 … 1), offset (0 … 60) and Gaussian-ish noise (σ ≈ 6) per image. */
function noisy(set: ImageSet, seed: number): ImageSet {
  const random = new SeededRandom(seed);
  const pixels = new Uint8Array(set.pixels.length);
  const size = set.height * set.width;
  for (let i = 0; i < set.count; i++) {
    const contrast = 0.5 + random.next() * 0.5;
    const offset = random.next() * 60;
    for (let p = i * size; p < (i + 1) * size; p++) {
      const noise = (random.next() + random.next() + random.next() - 1.5) * 12;
      pixels[p] = Math.max(0, Math.min(255, Math.round(set.pixels[p] * contrast + offset + noise)));
    }
  }
  return { ...set, pixels };
}

const rows: Record<string, unknown>[] = [];
const { model: mnistModel, manifest } = await loadModel(join(packageRoot(), values.model!));
const mnist = await loadSplit(resolveDataset(manifest.dataset), 'train');
const validation = recipeSplit(mnist).validation.flat();
requireRecipeSplit(values.model!, manifest, validation.length);
rows.push(...rowsFor(`mnist validation (${values.model}, ${mnistModel.info.fingerprint.slice(0, 8)})`, new ArModel({ ...mnistModel.info, adaptiveMap: undefined }, mnistModel.classStages), mnist, validation));

const recipe = { ...recipeOptions('quick'), workers: defaultWorkerCount(), pixelMode: 'gray' as const, adaptiveMap: null };
const trainCount = Number(values.train), testCount = Number(values.test);
const all = (set: ImageSet) => Array.from({ length: set.count }, (_, i) => i);
const trainingSeconds: Record<string, number> = {};
for (const [name, train, test] of [
  ['shapes', shapes(trainCount, 1), shapes(testCount, 2)],
  ['noisy shapes', noisy(shapes(trainCount, 1), 3), noisy(shapes(testCount, 2), 4)],
] as const) {
  const result = await trainModel(train, recipe);
  trainingSeconds[name] = result.seconds;
  rows.push(...rowsFor(`${name} (quick recipe, ${trainCount} training, ${testCount} held-out images)`, result.model, test, all(test)));
}

const out = {
  benchmark: 'adaptive-map',
  command: 'node --import tsx bench/adaptive-map.ts',
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  newModelMap: NEW_MODEL_ADAPTIVE_MAP,
  trainingSeconds,
  seconds: (Date.now() - started) / 1000,
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/adaptive-map.json'), JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/adaptive-map.json');
