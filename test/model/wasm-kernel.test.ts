/**
 * The WebAssembly kernel computes exactly what the TypeScript reference computes: the committed
 * module is the one mlp-kernel.wat assembles to; its exp, sigmoid and probability quantization
 * equal exact-math.ts bit for bit on edge and random values; random networks of awkward sizes and
 * the bundled models give the same integers, records and code lengths under both evaluators.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { assembleKernel, kernelBytesSource } from '../../src/model/wasm/assemble-kernel.js';
import { WasmKernel } from '../../src/model/wasm/kernel.js';
import { exactExp, exactSigmoid } from '../../src/probability/exact-math.js';
import { logitToScaledProbability } from '../../src/probability/scaled-probability.js';
import { createEvaluators } from '../../src/model/evaluator.js';
import { SparseFeatures } from '../../src/model/features.js';
import { Mlp } from '../../src/model/network.js';
import { ARITHMETICS } from '../../src/model/arithmetic.js';
import { Float32MlpEvaluator } from '../../src/model/float32-mlp.js';
import { ArModel } from '../../src/model/ar-model.js';
import { loadModel } from '../../src/model/store.js';
import { RecordCoder } from '../../src/codec/image-record.js';
import { scoreImages } from '../../src/classify/score.js';
import { resolveDataset, loadSplit } from '../../src/data/index.js';
import { SeededRandom } from '../../src/random.js';
import { bundledModelDirectory } from '../../src/paths.js';
import { encodeBest } from '../helpers/records.js';

const kernelDirectory = new URL('../../src/model/wasm/', import.meta.url);

test('the committed kernel bytes are what mlp-kernel.wat assembles to (npm run build:wasm)', async () => {
  const source = readFileSync(new URL('mlp-kernel.wat', kernelDirectory), 'utf8');
  const committed = readFileSync(new URL('mlp-kernel-bytes.ts', kernelDirectory), 'utf8');
  assert.is(kernelBytesSource(await assembleKernel(source)), committed);
});

const bits = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
};
const sameDouble = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || bits(a) === bits(b);

function edgeAndRandomValues(): number[] {
  const values = [0, -0, NaN, Infinity, -Infinity, 1e-300, -1e-300, 5e-324, -5e-324, 708, -708, 708.0000001, -708.0000001, 709, -709, 709.1, -709.1, 1e9, -1e9];
  // Values whose x / ln 2 falls on or beside a half (Math.round's ties) and near integers.
  for (let n = -1021; n <= 1022; n++) {
    for (const offset of [-0.5, 0.5, 0]) {
      const x = (n + offset) / Math.LOG2E;
      values.push(x, x * (1 + 2 ** -52), x * (1 - 2 ** -52));
    }
  }
  const random = new SeededRandom(7);
  for (let i = 0; i < 20000; i++) values.push((random.next() - 0.5) * 80, (random.next() - 0.5) * 2000, (random.next() - 0.5) * 1e-6);
  return values.filter((x) => Number.isNaN(x) || Math.abs(x) < 1e10);
}

test('kernel exp, sigmoid and probability equal exact-math.ts bit for bit', () => {
  const kernel = new WasmKernel();
  const wasm = kernel.seal();
  for (const x of edgeAndRandomValues()) {
    assert.ok(sameDouble(wasm.exactExp(x), exactExp(x)), `exactExp(${x})`);
    assert.ok(sameDouble(wasm.exactSigmoid(x), exactSigmoid(x)), `exactSigmoid(${x})`);
    for (const precision of [1, 8, 12, 16, 24]) {
      assert.is(wasm.scaledProbability(x, precision), logitToScaledProbability(x, precision), `scaled(${x}, ${precision})`);
    }
  }
});

for (const arithmetic of ARITHMETICS) {
  test(`${arithmetic}: random networks of awkward sizes give the same probabilities under both evaluators`, () => {
    const random = new SeededRandom(11);
    for (const hiddenSize of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 36, 128, 130]) {
      const inputSize = 5 + random.nextInt(60);
      const headCount = 1 + random.nextInt(9);
      const fill = (n: number, scale: number) => Float64Array.from({ length: n }, () => Math.fround((random.next() - 0.5) * scale));
      const mlp = new Mlp(inputSize, hiddenSize, headCount, {
        inputWeights: fill(inputSize * hiddenSize, 4), hiddenBias: fill(hiddenSize, 2), headWeights: fill(headCount * hiddenSize, 4), headBias: fill(headCount, 2),
      });
      // 24-bit probabilities: a logit one ulp off would show in far more of them than at 16 bits.
      const [[js], [wasm]] = [createEvaluators([[mlp]], 24, 'js', arithmetic)[0], createEvaluators([[mlp]], 24, 'wasm', arithmetic)[0]];
      const base = new SparseFeatures(inputSize);
      const features = new SparseFeatures(inputSize);
      for (let trial = 0; trial < 200; trial++) {
        base.clear();
        features.clear();
        for (let i = 0; i < inputSize; i++) {
          const u = random.next();
          // Both lists in increasing index order, values 1 or fractions (the gray window's v/255).
          if (u < 0.1) base.push(i, 1);
          else if (u < 0.4) features.push(i, random.next() < 0.5 ? 1 : random.nextInt(256) / 255);
        }
        js.setBase(base);
        wasm.setBase(base);
        js.setInput(features);
        wasm.setInput(features);
        for (let head = 0; head < headCount; head++) {
          assert.is(wasm.scaledProbabilityOfOne(head), js.scaledProbabilityOfOne(head), `hidden ${hiddenSize}, trial ${trial}, head ${head}`);
        }
      }
    }
  });
}

test('float32 reference: single-precision steps in the documented order, and the kernel keeps it', () => {
  // Every hidden unit is fround(1 + 2^-30) = 1 (float64 keeps 1 + 2^-30). Head weights make the
  // partial sums c = s[l] + s[l + 4] = [2^25, 1, −2^25, 1]: (c0 + c2) + (c1 + c3) = 2, while
  // (c0 + c1) + (c2 + c3) would round 2^25 + 1 to 2^25 and give 0. The ninth unit then adds 3.
  const hiddenSize = 9;
  const mlp = new Mlp(2, hiddenSize, 1, {
    inputWeights: Float64Array.from([...Array(hiddenSize).fill(1), ...Array(hiddenSize).fill(2 ** -30)]),
    hiddenBias: new Float64Array(hiddenSize),
    headWeights: Float64Array.from([2 ** 25, 0.5, -(2 ** 25), 1, 0, 0.5, 0, 0, 3]),
    headBias: Float64Array.from([-4]),
  });
  const reference = new Float32MlpEvaluator(mlp, 24);
  const features = new SparseFeatures(2);
  features.push(0, 1);
  features.push(1, 1);
  reference.setBase(new SparseFeatures(1));
  reference.setInput(features);
  assert.is(reference.logit(0), 1, '−4 + (2 + 3)');
  mlp.setBase(new SparseFeatures(1));
  mlp.setInput(features);
  assert.is.not(mlp.logit(0), 1, 'float64 keeps 2^-30 in every unit');
  const [[wasm]] = createEvaluators([[mlp]], 24, 'wasm', 'float32');
  wasm.setBase(new SparseFeatures(1));
  wasm.setInput(features);
  assert.is(wasm.scaledProbabilityOfOne(0), reference.scaledProbabilityOfOne(0));
  assert.is(wasm.scaledProbabilityOfOne(0), logitToScaledProbability(1, 24));
});

test('units of −0 and NaN through ReLU, and non-finite weights: the reference integers in every block of both arithmetics', () => {
  // 37 hidden units: a block of 32 (or 16), a block of 4, and a scalar tail.
  const hiddenSize = 37;
  const random = new SeededRandom(5);
  const special = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 3.4e38];
  const inputWeights = Float64Array.from({ length: 3 * hiddenSize }, (_, i) => (i % 7 === 3 ? special[i % special.length] : Math.fround(random.next() - 0.5)));
  const hiddenBias = Float64Array.from({ length: hiddenSize }, (_, j) => (j % 5 === 0 ? -0 : j % 5 === 1 ? NaN : Math.fround(random.next() - 0.5)));
  const headWeights = Float64Array.from({ length: 2 * hiddenSize }, () => Math.fround(random.next() - 0.5));
  const mlp = new Mlp(3, hiddenSize, 2, { inputWeights, hiddenBias, headWeights, headBias: Float64Array.from([0.25, -1]) });
  for (const arithmetic of ARITHMETICS) {
    const [[js]] = createEvaluators([[mlp]], 24, 'js', arithmetic);
    const [[wasm]] = createEvaluators([[mlp]], 24, 'wasm', arithmetic);
    const features = new SparseFeatures(3);
    for (const active of [[], [0], [1], [2], [0, 2], [0, 1, 2]]) {
      for (const value of [1, 0.5]) {
        features.clear();
        for (const i of active) features.push(i, value);
        js.setBase(new SparseFeatures(1));
        wasm.setBase(new SparseFeatures(1));
        js.setInput(features);
        wasm.setInput(features);
        for (const head of [0, 1]) assert.is(wasm.scaledProbabilityOfOne(head), js.scaledProbabilityOfOne(head), `${arithmetic}, features ${active} × ${value}, head ${head}`);
      }
    }
  }
});

test('a network with non-finite head weights (no training makes one) still gets the reference integers', () => {
  const mlp = new Mlp(3, 4, 2, {
    inputWeights: Float64Array.from([1, -1, 2, -2, 0.5, 0.5, -0.5, 3, -1, 1, 1, -1]),
    hiddenBias: Float64Array.from([0, -5, 0.25, -0]),
    headWeights: Float64Array.from([Infinity, 1, -1, 2, 0.5, NaN, 1, -Infinity]),
    headBias: Float64Array.from([0, 1]),
  });
  for (const arithmetic of ARITHMETICS) {
    const [[js]] = createEvaluators([[mlp]], 16, 'js', arithmetic);
    const [[wasm]] = createEvaluators([[mlp]], 16, 'wasm', arithmetic);
    const features = new SparseFeatures(3);
    for (const active of [[], [0], [1], [0, 2], [0, 1, 2]]) {
      features.clear();
      for (const i of active) features.push(i, 1);
      js.setBase(new SparseFeatures(1));
      wasm.setBase(new SparseFeatures(1));
      js.setInput(features);
      wasm.setInput(features);
      for (const head of [0, 1]) assert.is(wasm.scaledProbabilityOfOne(head), js.scaledProbabilityOfOne(head), `${arithmetic}, features ${active}, head ${head}`);
    }
  }
});

for (const mode of ['binary', 'gray'] as const) {
  test(`bundled ${mode} model in either arithmetic: identical records and code lengths under both evaluators`, async () => {
    const { model } = await loadModel(bundledModelDirectory('mnist', mode));
    const full = await loadSplit(resolveDataset('mnist'), 'test');
    const count = 60;
    const first = full.pixels.subarray(0, count * full.height * full.width);
    const pixels = mode === 'binary' ? first.map((v) => (v >= 128 ? 255 : 0)) : first;
    const set = { ...full, count, pixels, labels: null };
    const coded = set;
    for (const arithmetic of ARITHMETICS) {
      const results = (['js', 'wasm'] as const).map((evaluator) => {
        const variant = new ArModel({ ...model.info, arithmetic }, model.classStages, { evaluator });
        const coder = new RecordCoder(variant);
        const size = set.height * set.width;
        const records = Array.from({ length: set.count }, (_, i) => encodeBest(coder, pixels.subarray(i * size, (i + 1) * size)).bytes);
        return { records, lengths: scoreImages(variant, coded, 0, set.count) };
      });
      for (let i = 0; i < set.count; i++) assert.equal(results[1].records[i], results[0].records[i], `record ${i}`);
      assert.equal(Array.from(results[1].lengths.idealBits), Array.from(results[0].lengths.idealBits));
      assert.equal(Array.from(results[1].lengths.realBits), Array.from(results[0].lengths.realBits));
    }
  });
}

test.run();
