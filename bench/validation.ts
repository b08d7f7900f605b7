/**
 * Trained models side by side on the validation images their training held out (the recipe's
 * split of the training set, never the test set): pooled true-class bits per pixel and accuracy by
 * shortest ideal code over the whole validation split, with each model's training time and
 * command from its manifest. For comparing settings at full scale, where training each row in one
 * process (bench/ablation.ts) would take hours: train with `arcompress train`, then measure here.
 * Every model must have been trained with the recipe's split (validation fraction and seed).
 * Writes bench/results/validation-<name>.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/validation.ts --name NAME MODEL_DIR...
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { recipeSplit, requireRecipeSplit } from './recipe-split.js';
import { pooledBitsPerPixel, validationAccuracy, validationBitsPerPixel } from '../src/model/train/validation.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, dataset: { type: 'string', default: 'mnist' } } });
if (!values.name || positionals.length === 0) throw new Error('usage: bench/validation.ts --name NAME MODEL_DIR...');
const set = await loadSplit(resolveDataset(values.dataset!), 'train');
const split = recipeSplit(set);
const validation = split.validation.flat();

const rows: Record<string, unknown>[] = [];
for (const directory of positionals) {
  const { model, manifest } = await loadModel(directory);
  requireRecipeSplit(directory, manifest, validation.length);
  const training = manifest.training as Record<string, unknown> | undefined;
  const traversal = model.createTraversal();
  const byClass = split.validation.map((indices, c) => validationBitsPerPixel(set, indices, model.classStages[c], traversal, model.arithmetic));
  const start = Date.now();
  const accuracy = validationAccuracy(model, set, validation);
  const row = {
    model: relative(packageRoot(), directory) || directory,
    fingerprint: model.info.fingerprint,
    pixelMode: model.info.pixelMode,
    hiddenSize: training?.hiddenSize ?? null,
    validationBitsPerPixel: pooledBitsPerPixel(byClass, split.validation.map((indices) => indices.length)),
    validationAccuracy: accuracy,
    validationImages: validation.length,
    scoringSeconds: (Date.now() - start) / 1000,
    trainingSeconds: training?.seconds ?? null,
    trainingCommand: training?.command ?? null,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const out = {
  benchmark: 'validation',
  name: values.name,
  dataset: values.dataset,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results', `validation-${values.name}.json`), JSON.stringify(out, null, 2) + '\n');
