/**
 * Measures the lever "the coarsest level sees its whole past": the coarsest pyramid level (7×7 on
 * 28×28 images) is coded from a causal window (3 rows above, ±3 columns, 3 to the left) and its
 * position, so a pixel in the lower rows or at the sides does not see the far part of what is
 * already known. It carries much of the class evidence for few bits (bench/level-evidence.ts).
 * This trains that level's network for every class in TensorFlow.js (float32, the recipe's Adam
 * schedule, batches of 512) once per setting given, and scores the validation images the recipe's
 * split holds out (never the test set) under every class by that level alone: accuracy by the
 * shortest code of the level, and true-class bits per image (tfjs cross-entropy: an estimate of the
 * ideal code length, not the coder's integers). Settings: `window:128` (the model's features,
 * 128 hidden units), `past:128` (every pixel already coded at that level, one input each, and the
 * position), `past:128,128` (two hidden layers). Writes bench/results/coarsest-context.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/coarsest-context.ts [--epochs 8] window:128 past:128
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tensor, Variable, Scalar } from '@tensorflow/tfjs';
import { imagePixels, loadSplit, resolveDataset } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { learningRateOfEpoch } from '../src/model/train/options.js';
import { levelFeatureSize, levelFeatures, SparseFeatures } from '../src/model/features.js';
import { fillPyramid, pyramidSizes } from '../src/model/pyramid.js';
import { BILEVEL_THRESHOLD } from '../src/data/bilevel.js';
import { loadTensorflow } from '../src/model/tensorflow.js';
import { SeededRandom } from '../src/random.js';
import { recipeSplit } from './recipe-split.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { epochs: { type: 'string', default: '8' }, dataset: { type: 'string', default: 'mnist' } } });
const settings = positionals.length > 0 ? positionals : ['window:128', 'past:128'];
const recipe = { ...recipeOptions('full'), maxEpochs: Number(values.epochs) };
const { tf, backend } = await loadTensorflow('auto');
const set = await loadSplit(resolveDataset(values.dataset!), 'train');
const split = recipeSplit(set);
const sizes = pyramidSizes(set.height, set.width);
const coarsest = sizes[sizes.length - 1];
const levelPixels = coarsest.height * coarsest.width;

/** The coarsest level of image `index`. */
function coarsestLevel(index: number): Uint8Array {
  const levels = sizes.map((size) => new Uint8Array(size.height * size.width));
  const pixels = imagePixels(set, index);
  for (let i = 0; i < pixels.length; i++) levels[0][i] = pixels[i] >= BILEVEL_THRESHOLD ? 1 : 0;
  fillPyramid(levels, sizes);
  return levels[levels.length - 1];
}

type Context = 'window' | 'past';
const inputSizeOf = (context: Context) => context === 'window' ? levelFeatureSize(coarsest, false) : levelPixels + coarsest.height + coarsest.width;
/** Dense inputs of every pixel of `level` (row-major, one row of inputs per pixel). */
function inputsOf(level: Uint8Array, context: Context): Float32Array {
  const inputSize = inputSizeOf(context);
  const out = new Float32Array(levelPixels * inputSize);
  const sparse = new SparseFeatures(inputSize);
  for (let row = 0; row < coarsest.height; row++) {
    for (let column = 0; column < coarsest.width; column++) {
      const i = row * coarsest.width + column;
      const at = out.subarray(i * inputSize, (i + 1) * inputSize);
      if (context === 'window') {
        levelFeatures(sparse, level, coarsest, null, null, row, column);
        sparse.toDense(at);
      } else {
        for (let j = 0; j < i; j++) at[j] = level[j];
        at[levelPixels + row] = 1;
        at[levelPixels + coarsest.height + column] = 1;
      }
    }
  }
  return out;
}

const levelsByImage = new Map<number, Uint8Array>();
const levelOf = (index: number) => {
  let level = levelsByImage.get(index);
  if (!level) levelsByImage.set(index, (level = coarsestLevel(index)));
  return level;
};
const validation = split.validation.flat();
const labels = set.labels!;

const rows: Record<string, unknown>[] = [];
for (const setting of settings) {
  const [context, widthList] = setting.split(':') as [Context, string];
  if (context !== 'window' && context !== 'past') throw new Error(`unknown setting ${setting}`);
  const widths = widthList.split(',').map(Number);
  const inputSize = inputSizeOf(context);
  const validationX = new Float32Array(validation.length * levelPixels * inputSize);
  const validationY = new Float32Array(validation.length * levelPixels);
  validation.forEach((index, v) => {
    validationX.set(inputsOf(levelOf(index), context), v * levelPixels * inputSize);
    validationY.set(levelOf(index), v * levelPixels);
  });
  // bits[image · classCount + class]: the level's code length under the class.
  const bits = new Float64Array(validation.length * split.labels.length);
  const started = Date.now();
  for (let c = 0; c < split.labels.length; c++) {
    const images = split.train[c];
    const x = new Float32Array(images.length * levelPixels * inputSize);
    const y = new Float32Array(images.length * levelPixels);
    images.forEach((index, k) => {
      x.set(inputsOf(levelOf(index), context), k * levelPixels * inputSize);
      y.set(levelOf(index), k * levelPixels);
    });
    const rowCount = images.length * levelPixels;
    const random = new SeededRandom(11 + c);
    const layers: { kernel: Variable; bias: Variable }[] = [];
    let fanIn = inputSize;
    for (const [k, width] of [...widths, 1].entries()) {
      layers.push({ kernel: tf.variable(tf.initializers.glorotUniform({ seed: 100 + k }).apply([fanIn, width]) as Tensor), bias: tf.variable(tf.zeros([width])) });
      fanIn = width;
    }
    const forward = (input: Tensor) => layers.reduce((h, layer, k) => {
      const z = tf.add(tf.matMul(h, layer.kernel), layer.bias);
      return k < layers.length - 1 ? tf.relu(z) : z;
    }, input);
    const variables = layers.flatMap((layer) => [layer.kernel, layer.bias]);
    const optimizer = tf.train.adam(recipe.learningRate);
    const batchX = new Float32Array(recipe.batchSize * inputSize);
    const batchY = new Float32Array(recipe.batchSize);
    for (let epoch = 1; epoch <= recipe.maxEpochs; epoch++) {
      (optimizer as unknown as { learningRate: number }).learningRate = learningRateOfEpoch(recipe, epoch);
      const order = random.shuffle(Int32Array.from({ length: rowCount }, (_, i) => i));
      const count = Math.min(rowCount, recipe.rowsPerEpoch);
      for (let start = 0; start < count; start += recipe.batchSize) {
        const n = Math.min(recipe.batchSize, count - start);
        for (let b = 0; b < n; b++) {
          const row = order[start + b];
          batchX.set(x.subarray(row * inputSize, (row + 1) * inputSize), b * inputSize);
          batchY[b] = y[row];
        }
        tf.tidy(() => {
          const xs = tf.tensor2d(batchX.subarray(0, n * inputSize), [n, inputSize]);
          const ys = tf.tensor2d(batchY.subarray(0, n), [n, 1]);
          optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(ys, forward(xs)) as Scalar, false, variables);
        });
      }
    }
    optimizer.dispose();
    const nats = tf.tidy(() => tf.losses.sigmoidCrossEntropy(
      tf.tensor2d(validationY, [validationY.length, 1]), forward(tf.tensor2d(validationX, [validationY.length, inputSize])), undefined, 0, tf.Reduction.NONE,
    ).dataSync());
    for (let v = 0; v < validation.length; v++) {
      let sum = 0;
      for (let i = v * levelPixels; i < (v + 1) * levelPixels; i++) sum += nats[i];
      bits[v * split.labels.length + c] = sum / Math.LN2;
    }
    for (const variable of variables) variable.dispose();
    console.error(`${setting}: class ${split.labels[c]} done, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  let correct = 0;
  let trueBits = 0;
  validation.forEach((index, v) => {
    let best = 0;
    for (let c = 1; c < split.labels.length; c++) if (bits[v * split.labels.length + c] < bits[v * split.labels.length + best]) best = c;
    if (split.labels[best] === labels[index]) correct++;
    trueBits += bits[v * split.labels.length + split.labels.indexOf(labels[index])];
  });
  const row = { setting, context, hidden: widths, inputSize, validationAccuracy: correct / validation.length, trueClassBitsPerImage: trueBits / validation.length, trainingSeconds: (Date.now() - started) / 1000 };
  console.log(JSON.stringify(row));
  rows.push(row);
}
const out = {
  benchmark: 'coarsest-context', dataset: values.dataset, backend, epochs: recipe.maxEpochs, level: `${coarsest.height}×${coarsest.width}`, validationImages: validation.length,
  date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }, rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/coarsest-context.json'), JSON.stringify(out, null, 2) + '\n');
