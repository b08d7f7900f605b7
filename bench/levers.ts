/**
 * Full-scale generative levers, measured cheaply: trains the full recipe's generative phase (no
 * fine-tuning) on the images of a few classes only, once per setting, and reports each class's
 * validation bits per pixel (the recipe's split of the training set, never the test set; measured
 * by the exact coding path) and the training time. In binary mode every class trains alone, so a
 * class's figure is what it would be in a whole model (a gray refinement sees only the classes
 * given); accuracy needs every class and is not measured here.
 * A setting is `key=value` pairs joined by '/', over the recipe: epochs (the pyramids'; the
 * refinement's is refine-epochs), refine-epochs, rows (and the refinement's, unless refine-rows is
 * given, in any order), refine-rows,
 * hidden, finest-hidden (the finest level's hidden units), refine-hidden (the gray refinement's), global (coarsest|coarser), context (bilevel radius,gray rows above,gray half width),
 * shared-images, shifts (1: one-pixel shifts as augmentation), patience (epochs without a better
 * validation figure before a network stops early); 'recipe' is the recipe itself. With --levels-from only the gray refinement trains
 * (one network shared by the classes given, as `--refinement shared`).
 * Writes bench/results/levers-<name>.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/levers.ts --name N [--classes 2,8] [--pixels binary] [--levels-from DIR] SETTING...
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, resolveDataset, selectImages } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { trainModel, type TrainOptions } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { pooledBitsPerPixel } from '../src/model/train/validation.js';
import type { GlobalContext } from '../src/model/features.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    classes: { type: 'string', default: '2,8' },
    pixels: { type: 'string', default: 'binary' },
    'levels-from': { type: 'string' },
    dataset: { type: 'string', default: 'mnist' },
  },
});
if (!values.name || positionals.length === 0) throw new Error('usage: bench/levers.ts --name NAME [--classes 2,8] [--pixels binary|gray] [--levels-from DIR] SETTING...');
const pixelMode = values.pixels as 'binary' | 'gray';
if (values['levels-from'] && pixelMode !== 'gray') throw new Error('--levels-from trains a gray refinement: give --pixels gray');
const labels = values.classes!.split(',').map(Number);
const all = await loadSplit(resolveDataset(values.dataset!), 'train');
const set = selectImages(all, [...all.labels!.keys()].filter((i) => labels.includes(all.labels![i])));
const donorDirectory = values['levels-from'];
const donor = donorDirectory ? (await loadModel(join(packageRoot(), donorDirectory))).model : undefined;
const recipe = recipeOptions('full');

function settingOptions(setting: string): Partial<TrainOptions> {
  const options: Partial<TrainOptions> = {};
  if (setting === 'recipe') return options;
  let refineRows: number | undefined;
  for (const pair of setting.split('/')) {
    const [key, value] = pair.split('=');
    if (key === 'epochs') options.maxEpochs = Number(value);
    else if (key === 'refine-epochs') options.refineMaxEpochs = Number(value);
    else if (key === 'rows') options.rowsPerEpoch = Number(value);
    else if (key === 'refine-rows') refineRows = Number(value);
    else if (key === 'hidden') options.hiddenSize = Number(value);
    else if (key === 'finest-hidden') options.finestHiddenSize = Number(value);
    else if (key === 'refine-hidden') options.refineHiddenSize = Number(value);
    else if (key === 'global') options.globalContext = value as GlobalContext;
    else if (key === 'shared-images') options.sharedImagesPerClass = Number(value);
    else if (key === 'shifts') options.shiftAugmentation = value === '1';
    else if (key === 'patience') options.patience = Number(value);
    else if (key === 'context') {
      const [bilevelRadius, grayRowsAbove, grayHalfWidth] = value.split(',').map(Number);
      options.refinementContext = { bilevelRadius, grayRowsAbove, grayHalfWidth };
    } else throw new Error(`unknown setting '${key}'`);
  }
  // As on the command line: rows sets the refinement's too, unless refine-rows is given.
  if (refineRows !== undefined || options.rowsPerEpoch !== undefined) options.refineRowsPerEpoch = refineRows ?? options.rowsPerEpoch;
  return options;
}

const rows: Record<string, unknown>[] = [];
for (const setting of positionals) {
  const result = await trainModel(set, {
    ...recipe,
    workers: 2,
    pixelMode,
    discriminativeEpochs: 0,
    ...(donor ? { levelsFrom: donor, grayRefinement: 'shared' as const } : {}),
    ...settingOptions(setting),
  });
  const row = {
    setting,
    validationBitsPerPixelByClass: Object.fromEntries(result.classes.map((c) => [c.label, c.validationBitsPerPixel])),
    validationBitsPerPixel: pooledBitsPerPixel(result.classes.map((c) => c.validationBitsPerPixel), result.classes.map((c) => c.validationImages)),
    epochsByClass: Object.fromEntries(result.classes.map((c) => [c.label, c.epochs])),
    trainingSeconds: result.seconds,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
}
const out = {
  benchmark: 'levers',
  name: values.name,
  dataset: values.dataset,
  pixelMode,
  classes: labels,
  levelsFrom: donor ? { directory: donorDirectory, fingerprint: donor.info.fingerprint } : null,
  recipe: { maxEpochs: recipe.maxEpochs, refineMaxEpochs: recipe.refineMaxEpochs ?? null, patience: recipe.patience, rowsPerEpoch: recipe.rowsPerEpoch, refineRowsPerEpoch: recipe.refineRowsPerEpoch ?? null, hiddenSize: recipe.hiddenSize, globalContext: recipe.globalContext },
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results', `levers-${values.name}.json`), JSON.stringify(out, null, 2) + '\n');
