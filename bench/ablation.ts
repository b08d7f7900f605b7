/**
 * The ablation table of docs/MODELS.md: training settings side by side, each measured on the
 * held-out validation split of the training set (never the test set): pooled true-class bits per
 * pixel, accuracy by shortest ideal code over the whole validation split, and training seconds.
 * Every row starts from the `--quick` recipe (or the full one with --full) and changes one thing;
 * a row may fine-tune an earlier row's models (as `--from-model` does), and its time from scratch
 * then includes that row's.
 * Writes bench/results/ablation[-full].json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/ablation.ts [--full] [--dataset mnist]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { splitByClass, trainModel, type TrainOptions } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { pooledBitsPerPixel, validationAccuracy } from '../src/model/train/validation.js';
import { defaultWorkerCount } from '../src/worker-threads.js';
import type { ArModel } from '../src/model/ar-model.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const datasetName = args.includes('--dataset') ? args[args.indexOf('--dataset') + 1] : 'mnist';
const recipe = recipeOptions(full ? 'full' : 'quick');
const set = await loadSplit(resolveDataset(datasetName), 'train');
const workers = defaultWorkerCount();

interface Setting {
  name: string;
  options: Partial<TrainOptions> & { pixelMode: 'binary' | 'gray' };
  /** Train on this earlier row's model's pyramid (a shared refinement). */
  levelsFromRow?: string;
  /** Start from this earlier row's model (as `--from-model`): only the fine-tuning runs. */
  fromRow?: string;
}

const GENERATIVE = 'binary: generative only';
const quickSettings: Setting[] = [
  { name: GENERATIVE, options: { pixelMode: 'binary', discriminativeEpochs: 0 } },
  { name: 'binary: + discriminative, random images', options: { pixelMode: 'binary', discriminativePoolImages: 0 }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool (recipe)', options: { pixelMode: 'binary' }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool, weight 10', options: { pixelMode: 'binary', discriminativeWeight: 10 }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool, weight 30', options: { pixelMode: 'binary', discriminativeWeight: 30 }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool, 3 epochs', options: { pixelMode: 'binary', discriminativeEpochs: 3 }, fromRow: GENERATIVE },
  { name: 'binary: recipe, 2× hidden units', options: { pixelMode: 'binary', hiddenSize: recipe.hiddenSize * 2 } },
  { name: 'gray: class-input refinement, fine-tuned (recipe)', options: { pixelMode: 'gray', grayRefinement: 'class-input' } },
  { name: 'gray: class-input refinement, generative only', options: { pixelMode: 'gray', grayRefinement: 'class-input', discriminativeEpochs: 0 } },
  { name: 'gray: a refinement per class (trained with its pyramid)', options: { pixelMode: 'gray', grayRefinement: 'per-class' } },
  { name: 'gray: one refinement shared by all classes', options: { pixelMode: 'gray', grayRefinement: 'shared' } },
];
// At full scale the discriminative settings, each fine-tuning the same generative models.
const fullSettings: Setting[] = [
  { name: GENERATIVE, options: { pixelMode: 'binary', discriminativeEpochs: 0 } },
  { name: 'binary: + discriminative, random images, weight 1', options: { pixelMode: 'binary', discriminativePoolImages: 0, discriminativeWeight: 1 }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool, weight 1', options: { pixelMode: 'binary', discriminativeWeight: 1 }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool, weight 10', options: { pixelMode: 'binary', discriminativeWeight: 10 }, fromRow: GENERATIVE },
  { name: 'binary: + discriminative, hardest of the pool, weight 30', options: { pixelMode: 'binary', discriminativeWeight: 30 }, fromRow: GENERATIVE },
];
const settings = full ? fullSettings : quickSettings;

const split = splitByClass(set, recipe.validationFraction, recipe.seed);
const validation = split.validation.flat();
const models = new Map<string, { model: ArModel; seconds: number }>();
const rows: Record<string, unknown>[] = [];
for (const setting of settings) {
  const donor = setting.levelsFromRow ? models.get(setting.levelsFromRow) : undefined;
  const start = setting.fromRow ? models.get(setting.fromRow) : undefined;
  const result = await trainModel(set, { ...recipe, workers, ...setting.options, levelsFrom: donor?.model, initialModel: start?.model });
  models.set(setting.name, { model: result.model, seconds: result.seconds + (donor?.seconds ?? 0) + (start?.seconds ?? 0) });
  const bitsPerPixel = pooledBitsPerPixel(result.classes.map((c) => c.validationBitsPerPixel), result.classes.map((c) => c.validationImages));
  const scoringStart = Date.now();
  const accuracy = validationAccuracy(result.model, set, validation);
  const row = {
    setting: setting.name,
    validationBitsPerPixel: bitsPerPixel,
    validationAccuracy: accuracy,
    validationImages: validation.length,
    trainingSeconds: result.seconds,
    trainingSecondsFromScratch: result.seconds + (donor?.seconds ?? 0) + (start?.seconds ?? 0),
    scoringSeconds: (Date.now() - scoringStart) / 1000,
    discriminativeValidationAccuracy: result.discriminativeScores,
    classEvidence: result.classEvidence,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const out = {
  benchmark: 'ablation',
  recipe: full ? 'full' : 'quick',
  dataset: datasetName,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, workers },
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results', full ? 'ablation-full.json' : 'ablation.json'), JSON.stringify(out, null, 2) + '\n');
