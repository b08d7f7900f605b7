/**
 * One training step of each of a model's networks, with tfjs's own products (whose gradients
 * multiply by transposed operands) and with src/model/train/products.ts (which transposes first),
 * side by side in one process: the reference and ours in alternation, `--rounds` times each, the
 * fastest round of each recorded and their ratio. Shapes are MNIST's (28×28, gray mode, the
 * refinement with its 10 class inputs); the generative steps are Adam on `--batch` random rows
 * (a third of the features set, as the pyramid's binary contexts roughly are), the loss epoch.ts's;
 * the fine-tuning step is the first layer of a level with the 10 classes side by side
 * (discriminative.ts) on the rows of 16 images.
 * Writes bench/results/training-step.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/training-step.ts [--rounds R] [--steps S]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as TensorFlow from '@tensorflow/tfjs';
import { packageRoot } from '../src/paths.js';
import { loadTensorflow } from '../src/model/tensorflow.js';
import { stageShapes } from '../src/model/traversal.js';
import { constantTimes, product } from '../src/model/train/products.js';
import { SeededRandom } from '../src/random.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '20' }, batch: { type: 'string', default: '512' } } });
const rounds = Number(values.rounds);
const steps = Number(values.steps);
const batch = Number(values.batch);
const { tf, backend } = await loadTensorflow('auto');
const random = new SeededRandom(1);
const hidden = 128;
const classes = 10;

interface Case {
  name: string;
  /** One step's loss, with tfjs's products (`ours` false) or ours. */
  loss: (ours: boolean) => () => TensorFlow.Scalar;
  variables: TensorFlow.Variable[];
}

const matrix = (rows: number, columns: number, ones: number) => tf.tensor2d(Float32Array.from({ length: rows * columns }, () => (random.next() < ones ? 1 : 0)), [rows, columns]);
const weights = (rows: number, columns: number) => tf.variable(tf.tensor2d(Float32Array.from({ length: rows * columns }, () => (random.next() - 0.5) * 0.2), [rows, columns]));

/** A stage's generative step: relu(x·W + b)·V + c, sigmoid cross-entropy on the decided heads. */
function generativeCase(name: string, inputSize: number, headCount: number, decisionsPerRow: number): Case {
  const x = matrix(batch, inputSize, 1 / 3);
  const mask = new Float32Array(batch * headCount);
  const target = new Float32Array(batch * headCount);
  for (let r = 0; r < batch; r++) {
    let node = 0;
    for (let d = 0; d < decisionsPerRow; d++) {
      const bit = random.next() < 0.5 ? 1 : 0;
      const head = headCount === 1 ? 0 : node;
      mask[r * headCount + head] = 1;
      target[r * headCount + head] = bit;
      node = 2 * node + 1 + bit;
    }
  }
  const masks = tf.tensor2d(mask, [batch, headCount]);
  const targets = tf.tensor2d(target, [batch, headCount]);
  const inputKernel = weights(inputSize, hidden);
  const hiddenBias = tf.variable(tf.zeros([hidden]));
  const headKernel = weights(hidden, headCount);
  const headBias = tf.variable(tf.zeros([headCount]));
  return {
    name,
    variables: [inputKernel, hiddenBias, headKernel, headBias],
    loss: (ours) => () => {
      const pre = ours ? constantTimes(tf, x, inputKernel) : tf.matMul(x, inputKernel);
      const activation = tf.relu(tf.add(pre, hiddenBias));
      const logits = tf.add(ours ? product(tf, activation, headKernel) : tf.matMul(activation, headKernel), headBias);
      return tf.div(tf.losses.sigmoidCrossEntropy(targets, logits, masks, 0, tf.Reduction.SUM), batch * decisionsPerRow) as TensorFlow.Scalar;
    },
  };
}

/** Fine-tuning's first layer of a level, every class side by side: relu(x·W + b), W [inputs, classes·hidden]. */
function fineTuningCase(name: string, inputSize: number, rows: number): Case {
  const x = matrix(rows, inputSize, 1 / 3);
  const inputKernel = weights(inputSize, classes * hidden);
  const hiddenBias = tf.variable(tf.zeros([classes * hidden]));
  const readout = tf.tensor2d(Float32Array.from({ length: rows * classes * hidden }, () => random.next() - 0.5), [rows, classes * hidden]);
  return {
    name,
    variables: [inputKernel, hiddenBias],
    loss: (ours) => () => {
      const pre = ours ? constantTimes(tf, x, inputKernel) : tf.matMul(x, inputKernel);
      return tf.mean(tf.mul(tf.relu(tf.add(pre, hiddenBias)), readout)) as TensorFlow.Scalar;
    },
  };
}

const shapes = stageShapes(28, 28, 'gray');
const cases: Case[] = [];
for (const shape of shapes) {
  if (shape.role === 'level') cases.push(generativeCase(`level ${shape.level}`, shape.inputSize, 1, 1));
  if (shape.role === 'refine') cases.push(generativeCase('gray refinement', shape.inputSize + classes, shape.headCount, 7));
}
const finest = shapes.find((shape) => shape.role === 'level' && shape.level === 0)!;
cases.push(fineTuningCase('fine-tuning, level 0, 10 classes', finest.inputSize, 16 * 153));

const rows: Record<string, unknown>[] = [];
for (const c of cases) {
  const seconds: Record<'tfjs' | 'ours', number[]> = { tfjs: [], ours: [] };
  for (let round = -1; round < rounds; round++) {
    for (const ours of [false, true]) {
      const optimizer = tf.train.adam(1e-4);
      const loss = c.loss(ours);
      const start = performance.now();
      for (let s = 0; s < (round < 0 ? 2 : steps); s++) tf.tidy(() => { optimizer.minimize(loss, false, c.variables); });
      tf.tidy(() => c.variables[0].dataSync());
      if (round >= 0) seconds[ours ? 'ours' : 'tfjs'].push((performance.now() - start) / 1000 / steps);
      optimizer.dispose();
    }
  }
  const fastest = (xs: number[]) => Math.min(...xs);
  const row = {
    network: c.name,
    secondsPerStep: { tfjs: fastest(seconds.tfjs), ours: fastest(seconds.ours) },
    oursOverTfjs: fastest(seconds.ours) / fastest(seconds.tfjs),
    rounds: seconds,
  };
  console.log(`${c.name}: tfjs ${(row.secondsPerStep.tfjs * 1000).toFixed(2)} ms, ours ${(row.secondsPerStep.ours * 1000).toFixed(2)} ms per step (${row.oursOverTfjs.toFixed(3)}×)`);
  rows.push(row);
}
const out = {
  benchmark: 'training-step',
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, backend },
  method: `Adam steps on random rows (batch ${batch}, ${hidden} hidden units); tfjs's products and ours in alternation, ${steps} steps a round, the fastest of ${rounds} rounds each (one warm-up round not counted)`,
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/training-step.json'), JSON.stringify(out, null, 2) + '\n');
