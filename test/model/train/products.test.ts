import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTensorflow } from '../../../src/model/tensorflow.js';
import { constantTimes, product } from '../../../src/model/train/products.js';
import { SeededRandom } from '../../../src/random.js';

const { tf } = await loadTensorflow('auto');

function randomMatrix(random: SeededRandom, rows: number, columns: number, zeroShare = 0): import('@tensorflow/tfjs').Tensor2D {
  const values = Float32Array.from({ length: rows * columns }, () => (random.next() < zeroShare ? 0 : 2 * random.next() - 1));
  return tf.tensor2d(values, [rows, columns]);
}

/** Largest |a − b| relative to the largest |b|. */
function relativeGap(a: Float32Array, b: Float32Array): number {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    gap = Math.max(gap, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return gap / scale;
}

for (const [name, rows, inputs, hidden, heads] of [
  ['a pyramid level', 300, 158, 128, 1],
  ['the gray refinement', 200, 103, 48, 254],
] as const) {
  test(`${name}: the same loss and, within rounding, the same gradients as tfjs's own products`, () => {
    const random = new SeededRandom(7);
    const x = randomMatrix(random, rows, inputs, 0.7);
    const target = tf.tensor2d(Float32Array.from({ length: rows * heads }, () => (random.next() < 0.5 ? 1 : 0)), [rows, heads]);
    const inputKernel = tf.variable(randomMatrix(random, inputs, hidden));
    const hiddenBias = tf.variable(tf.tensor1d(Float32Array.from({ length: hidden }, () => random.next() - 0.5)));
    const headKernel = tf.variable(randomMatrix(random, hidden, heads));
    const loss = (plain: boolean) => () => {
      const pre = plain ? tf.matMul(x, inputKernel) : constantTimes(tf, x, inputKernel);
      const activation = tf.relu(tf.add(pre, hiddenBias));
      const logits = plain ? tf.matMul(activation, headKernel) : product(tf, activation, headKernel);
      return tf.losses.sigmoidCrossEntropy(target, logits, undefined, 0, tf.Reduction.SUM) as import('@tensorflow/tfjs').Scalar;
    };
    const reference = tf.variableGrads(loss(true));
    const ours = tf.variableGrads(loss(false));
    assert.is(ours.value.dataSync()[0], reference.value.dataSync()[0], 'the forward pass is the same products');
    for (const variable of [inputKernel, hiddenBias, headKernel]) {
      const gap = relativeGap(ours.grads[variable.name].dataSync() as Float32Array, reference.grads[variable.name].dataSync() as Float32Array);
      assert.ok(gap < 1e-5, `${variable.name}: relative gap ${gap}`);
      assert.ok(tf.any(tf.notEqual(reference.grads[variable.name], 0)).dataSync()[0], 'the gradient is not all zero');
    }
  });
}

test('constantTimes gives its trained side the gradient transpose(constant) · dy', () => {
  const random = new SeededRandom(3);
  const assign = randomMatrix(random, 4, 30);
  const nats = tf.variable(randomMatrix(random, 30, 10));
  const weights = randomMatrix(random, 4, 10);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(constantTimes(tf, assign, nats), weights)) as import('@tensorflow/tfjs').Scalar, [nats]);
  const expected = tf.matMul(assign, weights, true, false);
  assert.ok(relativeGap(grads[nats.name].dataSync() as Float32Array, expected.dataSync() as Float32Array) < 1e-6);
});

test.run();
