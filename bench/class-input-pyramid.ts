/**
 * Measures the lever "share the pyramid across classes": one network per pyramid level trained on
 * every class's images with the class as one-hot inputs (folded into one network per class
 * afterwards, differing in their hidden biases only, as the class-input gray refinement is), against
 * the recipe's one network per level per class. Both see the same rows per class per epoch
 * (the class-input network draws them once per class) and the same epochs, so the same
 * multiply-adds; generative only (no fine-tuning), binary mode. Reports validation bits per pixel
 * (exact coding path) and accuracy by shortest ideal code on every image the recipe's split holds
 * out of the training set (never the test set).
 * The class-input network is one network, so it trains on one thread; the per-class ones on
 * `--workers` threads. Writes bench/results/class-input-pyramid.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/class-input-pyramid.ts [--epochs 8] [--rows 300000] [--workers 2]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { ArModel, MODEL_PRECISION_BITS } from '../src/model/ar-model.js';
import { loadTensorflow } from '../src/model/tensorflow.js';
import { ImageTraversal, stageShapes } from '../src/model/traversal.js';
import { trainingSplit } from '../src/model/train/class-split.js';
import { trainGroup } from '../src/model/train/group.js';
import { trainModel } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { pooledBitsPerPixel, validationAccuracy } from '../src/model/train/validation.js';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '8' }, rows: { type: 'string', default: '300000' }, workers: { type: 'string', default: '2' }, dataset: { type: 'string', default: 'mnist' } } });
const set = await loadSplit(resolveDataset(values.dataset!), 'train');
const options = { ...recipeOptions('full'), pixelMode: 'binary' as const, maxEpochs: Number(values.epochs), rowsPerEpoch: Number(values.rows), discriminativeEpochs: 0, workers: Number(values.workers) };
const split = trainingSplit(set, options);
const validation = split.validation.flat();
const imageCounts = split.validation.map((indices) => indices.length);

const rows: Record<string, unknown>[] = [];
for (const pyramid of ['per-class', 'class-input'] as const) {
  const start = Date.now();
  let model: ArModel;
  let byClass: number[];
  if (pyramid === 'per-class') {
    const result = await trainModel(set, options);
    model = result.model;
    byClass = result.classes.map((c) => c.validationBitsPerPixel);
  } else {
    const { tf } = await loadTensorflow(options.backend);
    const context = { tf, set, split, options, shapes: stageShapes(set.height, set.width, 'binary'), traversal: new ImageTraversal(set.height, set.width, 'binary') };
    const group = { name: 'all classes', labels: split.labels, classIndices: split.labels.map((_, c) => c), classInputLevels: true, seedIndex: 0 };
    const result = trainGroup(context, group, 0, (detail) => console.error(`class-input ${detail}`));
    model = new ArModel({ pixelMode: 'binary', height: set.height, width: set.width, classLabels: split.labels, precisionBits: MODEL_PRECISION_BITS, fingerprint: '', arithmetic: options.arithmetic }, result.stagesByClass);
    byClass = result.validationBitsPerPixelByClass;
  }
  const trainingSeconds = (Date.now() - start) / 1000;
  const row = {
    pyramid,
    threads: pyramid === 'per-class' ? options.workers : 1,
    validationBitsPerPixel: pooledBitsPerPixel(byClass, imageCounts),
    validationBitsPerPixelByClass: Object.fromEntries(split.labels.map((label, c) => [label, byClass[c]])),
    validationAccuracy: validationAccuracy(model, set, validation),
    trainingSeconds,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
}
const out = {
  benchmark: 'class-input-pyramid',
  dataset: values.dataset,
  pixelMode: 'binary',
  maxEpochs: options.maxEpochs,
  rowsPerEpochPerClass: options.rowsPerEpoch,
  hiddenSize: options.hiddenSize,
  validationImages: validation.length,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/class-input-pyramid.json'), JSON.stringify(out, null, 2) + '\n');
