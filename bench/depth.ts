/**
 * Measures the lever "a second hidden layer" before building its exact evaluator: trains one
 * stage's network of one class in TensorFlow.js with the recipe's schedule (--epochs, by default
 * the recipe's, of at most the recipe's rows per epoch, Adam 3·10⁻³ → 5·10⁻⁴, batches of 512),
 * once per shape given, on the samples the coder's traversal collects, and reports the held-out
 * cross-entropy (bits per decision and per pixel of that stage's share) on the class's validation
 * images of the recipe's split (never the test set). tfjs float32 figures: an estimate of the ideal
 * code length, not the coder's integers. A pyramid level by default (binary mode, --stage 2 the
 * finest); with --pixels gray --stage 3, the gray refinement (its 254 heads, the 7 decisions of a
 * pixel masked in, with the refinement's epochs and rows), trained on that class's images alone.
 * Writes bench/results/depth.json (a level) or depth-refinement.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/depth.ts [--label 8] [--pixels gray] [--stage 2] [--epochs N] 128 128,32 128,128
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { imagePixels, loadSplit, resolveDataset } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { splitByClass } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { learningRateOfEpoch } from '../src/model/train/options.js';
import { SampleCollector, type StageSamples } from '../src/model/samples.js';
import { ImageTraversal, stageShapes, type PixelMode } from '../src/model/traversal.js';
import { constantTimes, product } from '../src/model/train/products.js';
import { frequencyHeadBiases } from '../src/model/train/tfjs-mlp.js';
import { loadTensorflow } from '../src/model/tensorflow.js';
import { SeededRandom } from '../src/random.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { label: { type: 'string', default: '8' }, pixels: { type: 'string', default: 'binary' }, stage: { type: 'string', default: '2' }, epochs: { type: 'string' }, dataset: { type: 'string', default: 'mnist' } } });
const label = Number(values.label);
const stage = Number(values.stage);
const pixelMode = values.pixels as PixelMode;
const full = recipeOptions('full');
const { tf, backend } = await loadTensorflow('auto');
const set = await loadSplit(resolveDataset(values.dataset!), 'train');
const shapes = stageShapes(set.height, set.width, pixelMode);
const traversal = new ImageTraversal(set.height, set.width, pixelMode);
const refinement = shapes[stage].role === 'refine';
if (shapes[stage].role === 'refine-table') throw new Error('the context-free table has no network');
const schedule = refinement ? { epochs: full.refineMaxEpochs ?? full.maxEpochs, rows: full.refineRowsPerEpoch ?? full.rowsPerEpoch } : { epochs: full.maxEpochs, rows: full.rowsPerEpoch };
const recipe = { ...full, pixelMode, maxEpochs: values.epochs ? Number(values.epochs) : schedule.epochs, rowsPerEpoch: schedule.rows };
const split = splitByClass(set, recipe.validationFraction, recipe.seed);
const c = split.labels.indexOf(label);
function collect(indices: number[]): StageSamples {
  const collector = new SampleCollector(shapes, shapes.map((_, s) => s === stage));
  for (const index of indices) traversal.run(imagePixels(set, index), collector);
  return collector.stages[stage];
}
const train = collect(split.train[c]);
const validation = collect(split.validation[c]);
const inputSize = shapes[stage].inputSize;
const headCount = shapes[stage].headCount;

/** Rows `rows[start …]` as inputs, targets and the mask of the heads they decide; and how many decisions. */
function batch(samples: StageSamples, rows: ArrayLike<number>, start: number, count: number) {
  const x = new Float32Array(count * inputSize);
  const y = new Float32Array(count * headCount);
  const mask = new Float32Array(count * headCount);
  let decisions = 0;
  for (let b = 0; b < count; b++) {
    const row = rows[start + b];
    for (let i = 0; i < inputSize; i++) x[b * inputSize + i] = samples.features.data[row * inputSize + i] / 255;
    const [first, end] = samples.decisionRange(row);
    for (let d = first; d < end; d++, decisions++) {
      const head = samples.heads.data[d];
      y[b * headCount + head] = samples.bits.data[d];
      mask[b * headCount + head] = 1;
    }
  }
  return { x: tf.tensor2d(x, [count, inputSize]), y: tf.tensor2d(y, [count, headCount]), mask: tf.tensor2d(mask, [count, headCount]), decisions };
}

const rows: Record<string, unknown>[] = [];
for (const spec of positionals) {
  const widths = spec.split(',').map(Number);
  const random = new SeededRandom(11);
  const layers: { kernel: import('@tensorflow/tfjs').Variable; bias: import('@tensorflow/tfjs').Variable }[] = [];
  let fanIn = inputSize;
  for (const [k, width] of [...widths, headCount].entries()) {
    layers.push({ kernel: tf.variable(tf.initializers.glorotUniform({ seed: 100 + k }).apply([fanIn, width]) as import('@tensorflow/tfjs').Tensor), bias: tf.variable(tf.zeros([width])) });
    fanIn = width;
  }
  const forward = (x: import('@tensorflow/tfjs').Tensor) => layers.reduce((h, layer, k) => {
    const z = tf.add(k === 0 ? constantTimes(tf, h, layer.kernel) : product(tf, h, layer.kernel), layer.bias);
    return k < layers.length - 1 ? tf.relu(z) : z;
  }, x);
  const variables = layers.flatMap((layer) => [layer.kernel, layer.bias]);
  // Each head's bias starts at the logit of its training frequency, as in the recipe.
  layers[layers.length - 1].bias.assign(tf.tensor1d(frequencyHeadBiases(train)));
  // One Adam for the whole run, its learning rate set per epoch (as group.ts does).
  const optimizer = tf.train.adam(recipe.learningRate);
  const started = Date.now();
  for (let epoch = 1; epoch <= recipe.maxEpochs; epoch++) {
    (optimizer as unknown as { learningRate: number }).learningRate = learningRateOfEpoch(recipe, epoch);
    const order = random.shuffle(Int32Array.from({ length: train.rowCount }, (_, i) => i));
    const count = Math.min(train.rowCount, recipe.rowsPerEpoch);
    for (let start = 0; start < count; start += recipe.batchSize) {
      const n = Math.min(recipe.batchSize, count - start);
      tf.tidy(() => {
        const { x, y, mask, decisions } = batch(train, order, start, n);
        optimizer.minimize(() => tf.div(tf.losses.sigmoidCrossEntropy(y, forward(x), mask, 0, tf.Reduction.SUM), decisions) as import('@tensorflow/tfjs').Scalar, false, variables);
      });
    }
  }
  optimizer.dispose();
  const seconds = (Date.now() - started) / 1000;
  let nats = 0;
  let decisions = 0;
  const all = Int32Array.from({ length: validation.rowCount }, (_, i) => i);
  for (let start = 0; start < validation.rowCount; start += 4096) {
    const n = Math.min(4096, validation.rowCount - start);
    nats += tf.tidy(() => {
      const inputs = batch(validation, all, start, n);
      decisions += inputs.decisions;
      return tf.losses.sigmoidCrossEntropy(inputs.y, forward(inputs.x), inputs.mask, 0, tf.Reduction.SUM).dataSync()[0];
    });
  }
  const bitsPerDecision = nats / Math.LN2 / decisions;
  const row = { hidden: widths, validationBitsPerDecision: bitsPerDecision, validationBitsPerPixel: (nats / Math.LN2) / (split.validation[c].length * set.height * set.width), trainingSeconds: seconds };
  console.log(JSON.stringify(row));
  rows.push(row);
  for (const variable of variables) variable.dispose();
}
const out = {
  benchmark: 'depth', dataset: values.dataset, label, pixelMode, stage, role: shapes[stage].role, level: shapes[stage].level, backend, epochs: recipe.maxEpochs, rowsPerEpoch: recipe.rowsPerEpoch,
  trainRows: train.rowCount, validationRows: validation.rowCount, validationDecisions: validation.heads.length, validationImages: split.validation[c].length,
  date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }, rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), `bench/results/depth${refinement ? '-refinement' : ''}.json`), JSON.stringify(out, null, 2) + '\n');
