/**
 * Does a gray model's class come from its gray bits? A dataset whose classes have the same
 * silhouettes by construction: MNIST digits given a class at random (seeded, independent of the
 * digit), whose stroke pixels (≥ 128, so the bilevel image is unchanged) are recoloured with the
 * class's texture: flat, vertical stripes, horizontal stripes, checkerboard, a left-to-right ramp.
 * The bilevel pyramid alone can only guess; a gray model must read the gray bits. Trains each
 * gray refinement kind with the `--quick` recipe (or the full one with --full), and compares with
 * 5-nearest-neighbours on raw pixels. Writes bench/results/gray-classes[-full].json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/gray-classes.ts [--full] [--test N]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSplit, resolveDataset, type ImageSet } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { trainModel } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { GRAY_REFINEMENTS } from '../src/model/train/options.js';
import { classifyImages } from '../src/classify/classify.js';
import { SeededRandom } from '../src/random.js';
import { defaultWorkerCount } from '../src/worker-threads.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const testCount = args.includes('--test') ? Number(args[args.indexOf('--test') + 1]) : 2000;
const CLASSES = 5;

function texture(label: number, row: number, column: number): number {
  switch (label) {
    case 0: return 200;
    case 1: return column % 2 ? 250 : 150;
    case 2: return row % 2 ? 250 : 150;
    case 3: return (row + column) % 2 ? 250 : 150;
    default: return 130 + Math.round((120 * column) / 27);
  }
}

function recoloured(set: ImageSet, count: number, seed: number): ImageSet {
  const random = new SeededRandom(seed);
  const size = set.height * set.width;
  const pixels = set.pixels.slice(0, count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = random.nextInt(CLASSES);
    labels[i] = label;
    for (let p = 0; p < size; p++) if (pixels[i * size + p] >= 128) pixels[i * size + p] = texture(label, Math.floor(p / set.width), p % set.width);
  }
  return { count, height: set.height, width: set.width, pixels, labels };
}

/** 5-nearest-neighbours on raw pixels (squared distance), majority vote, ties to the nearest. */
function knnAccuracy(train: ImageSet, test: ImageSet, k = 5): number {
  const size = train.height * train.width;
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    const best: { distance: number; label: number }[] = [];
    for (let j = 0; j < train.count; j++) {
      let distance = 0;
      for (let p = 0; p < size; p++) {
        const d = test.pixels[i * size + p] - train.pixels[j * size + p];
        distance += d * d;
      }
      if (best.length < k || distance < best[best.length - 1].distance) {
        best.push({ distance, label: train.labels![j] });
        best.sort((a, b) => a.distance - b.distance);
        if (best.length > k) best.pop();
      }
    }
    const votes = new Array<number>(CLASSES).fill(0);
    for (const neighbour of best) votes[neighbour.label]++;
    const top = Math.max(...votes);
    const label = best.find((neighbour) => votes[neighbour.label] === top)!.label;
    if (label === test.labels![i]) correct++;
  }
  return correct / test.count;
}

const mnist = resolveDataset('mnist');
const trainSource = await loadSplit(mnist, 'train');
const testSource = await loadSplit(mnist, 'test');
const train = recoloured(trainSource, trainSource.count, 1);
const test = recoloured(testSource, testCount, 2);
const recipe = recipeOptions(full ? 'full' : 'quick');
const workers = defaultWorkerCount();
const rows: Record<string, unknown>[] = [];
const knnStart = Date.now();
// kNN over the first 10,000 training images (all 60,000 would take an hour here).
const knnTrain = { ...train, count: 10_000, pixels: train.pixels.subarray(0, 10_000 * 784), labels: train.labels!.subarray(0, 10_000) };
rows.push({ classifier: '5-nearest-neighbours, raw pixels, 10,000 training images', accuracy: knnAccuracy(knnTrain, test), seconds: (Date.now() - knnStart) / 1000 });
console.log(JSON.stringify(rows[rows.length - 1]));
const binary = await trainModel(train, { ...recipe, workers, pixelMode: 'binary' });
const binaryResult = await classifyImages(binary.model, '', test, { workers: 1, by: 'real' });
rows.push({ classifier: 'binary pyramid alone (the silhouette)', accuracy: binaryResult.accuracy, trainingSeconds: binary.seconds });
console.log(JSON.stringify(rows[rows.length - 1]));
for (const grayRefinement of GRAY_REFINEMENTS) {
  const result = await trainModel(train, { ...recipe, workers, pixelMode: 'gray', grayRefinement });
  const classified = await classifyImages(result.model, '', test, { workers: 1, by: 'real' });
  rows.push({ classifier: `gray model, ${grayRefinement} refinement, shortest real code`, accuracy: classified.accuracy, trueClassBitsPerPixel: classified.trueClassIdealBitsPerPixel, trainingSeconds: result.seconds, classEvidence: result.classEvidence, discriminativeValidationAccuracy: result.discriminativeScores });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
const out = {
  benchmark: 'gray-classes',
  recipe: full ? 'full' : 'quick',
  dataset: `MNIST digits recoloured by ${CLASSES} random texture classes (stroke pixels ≥ 128 only)`,
  trainImages: train.count,
  testImages: test.count,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, workers },
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results', full ? 'gray-classes-full.json' : 'gray-classes.json'), JSON.stringify(out, null, 2) + '\n');
