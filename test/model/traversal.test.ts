import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeImage, encodeImage } from '../../src/codec/image-codec.js';
import { DEFAULT_REFINEMENT_CONTEXT, globalFeatures, globalLevels, levelFeatures, refinementFeatures, SparseFeatures } from '../../src/model/features.js';
import { stageShapes } from '../../src/model/traversal.js';
import { Mlp } from '../../src/model/network.js';
import { logitToScaledProbability } from '../../src/probability/scaled-probability.js';
import type { DecisionSink } from '../../src/model/traversal.js';
import { randomImages, randomModel } from '../helpers/random-model.js';

const SIZES: [number, number][] = [[28, 28], [9, 13], [1, 1], [3, 17], [12, 10]];

for (const mode of ['binary', 'gray'] as const) {
  test(`${mode}: every image decodes to exactly what was encoded, odd sizes and both global contexts included`, () => {
    for (const [[height, width], globalContext] of SIZES.flatMap((size) => (['coarsest', 'coarser'] as const).map((global) => [size, global] as const))) {
      const model = randomModel(height, width, mode, 2, height * 100 + width, 8, 1.5, globalContext);
      const traversal = model.createTraversal();
      const images = randomImages(6, height, width, 7 + height);
      const size = height * width;
      for (let i = 0; i < 6; i++) {
        const pixels = images.subarray(i * size, (i + 1) * size);
        for (let c = 0; c < 2; c++) {
          const encoded = encodeImage(model, c, pixels, traversal);
          const decoded = decodeImage(model, c, encoded.bytes, traversal);
          const expected = mode === 'gray' ? pixels : pixels.map((v) => (v >= 128 ? 1 : 0));
          assert.equal(Array.from(decoded), Array.from(expected), `${height}×${width} (${globalContext}) image ${i} class ${c}`);
        }
      }
    }
  });

  test(`${mode}: real coded length is within a few bytes of Σ −log2 q`, () => {
    const model = randomModel(28, 28, mode, 1, 5, 8, 0.6);
    const traversal = model.createTraversal();
    const images = randomImages(20, 28, 28, 11);
    for (let i = 0; i < 20; i++) {
      const { bytes, idealCodeLengthBits } = encodeImage(model, 0, images.subarray(i * 784, (i + 1) * 784), traversal);
      const realBits = bytes.length * 8;
      // The coder ends on the shortest value in the final interval and the decoder reads zeros past
      // the end, so a stream may come out up to a byte or two shorter than the ideal length.
      assert.ok(realBits >= idealCodeLengthBits - 16, `real ${realBits} far below ideal ${idealCodeLengthBits}`);
      assert.ok(realBits <= idealCodeLengthBits * 1.001 + 16, `real ${realBits} vs ideal ${idealCodeLengthBits}`);
    }
  });
}

for (const globalContext of ['coarsest', 'coarser'] as const) test(`ideal code length equals Σ −log2 q computed independently with dense matrices (global context ${globalContext})`, () => {
  const model = randomModel(20, 18, 'gray', 1, 99, 8, 1.5, globalContext);
  const stages = model.classStages[0];
  // A sink that recomputes each probability from the dense feature vector, the slow obvious way.
  let independentBits = 0;
  let stage = 0;
  let dense = new Float64Array(0);
  const baseDense = new Map<number, Float64Array>();
  const sink: DecisionSink = {
    base(s: number, features: SparseFeatures) {
      const vector = new Float64Array(features.size);
      for (let k = 0; k < features.count; k++) vector[features.indices[k]] = features.values[k];
      baseDense.set(s, vector);
    },
    context(s: number, features: SparseFeatures) {
      stage = s;
      dense = Float64Array.from(baseDense.get(s)!);
      for (let k = 0; k < features.count; k++) dense[features.indices[k]] = features.values[k];
    },
    decide(head: number, bit: number) {
      const predictor = stages[stage];
      let scaled: number;
      if (predictor instanceof Mlp) {
        const hidden = new Float64Array(predictor.hiddenSize);
        for (let j = 0; j < predictor.hiddenSize; j++) {
          let sum = predictor.hiddenBias[j];
          for (let i = 0; i < predictor.inputSize; i++) if (dense[i] !== 0) sum += dense[i] * predictor.inputWeights[i * predictor.hiddenSize + j];
          hidden[j] = Math.max(0, sum);
        }
        let logit = predictor.headBias[head];
        for (let j = 0; j < predictor.hiddenSize; j++) logit += predictor.headWeights[head * predictor.hiddenSize + j] * hidden[j];
        scaled = logitToScaledProbability(logit, 16);
      } else {
        scaled = predictor.scaledProbabilities[head];
      }
      independentBits -= Math.log2((bit ? scaled : 65536 - scaled) / 65536);
      return bit;
    },
  };
  const images = randomImages(3, 20, 18, 4);
  const traversal = model.createTraversal();
  for (let i = 0; i < 3; i++) {
    const pixels = images.subarray(i * 360, (i + 1) * 360);
    independentBits = 0;
    traversal.run(pixels, sink);
    const ideal = model.idealCodeLengthBits(pixels, 0, traversal);
    assert.ok(Math.abs(ideal - independentBits) < 1e-9 * Math.max(1, ideal), `${ideal} vs ${independentBits}`);
  }
});

test('features only read what the decoder knows (changing later pixels changes nothing)', () => {
  const height = 9;
  const width = 11;
  const images = randomImages(2, height, width, 21);
  const a = images.subarray(0, 99);
  const b = Uint8Array.from(a);
  const cut = 50; // pixels from `cut` on differ
  for (let i = cut; i < 99; i++) b[i] = images[99 + i];
  const bilevelA = a.map((v) => (v >= 128 ? 1 : 0));
  const fa = new SparseFeatures(200);
  const fb = new SparseFeatures(200);
  for (let index = 0; index < cut; index++) {
    const row = Math.floor(index / width);
    const column = index % width;
    levelFeatures(fa, bilevelA, { height, width }, null, null, row, column);
    levelFeatures(fb, b.map((v) => (v >= 128 ? 1 : 0)), { height, width }, null, null, row, column);
    assert.equal(Array.from(fa.indices.subarray(0, fa.count)), Array.from(fb.indices.subarray(0, fb.count)));
    for (const context of [DEFAULT_REFINEMENT_CONTEXT, { bilevelRadius: 3, grayRowsAbove: 3, grayHalfWidth: 4 }]) {
      refinementFeatures(fa, bilevelA, a, { height, width }, row, column, context);
      refinementFeatures(fb, bilevelA, b, { height, width }, row, column, context);
      assert.equal(Array.from(fa.indices.subarray(0, fa.count)), Array.from(fb.indices.subarray(0, fb.count)));
      assert.equal(Array.from(fa.values.subarray(0, fa.count)), Array.from(fb.values.subarray(0, fb.count)));
    }
  }
});

test('global context: which coarser levels each level sees in full, and their features', () => {
  // Three levels (28×28, 14×14, 7×7): 'coarsest' is what every earlier model saw.
  assert.equal([0, 1, 2].map((level) => globalLevels(level, 3, 'coarsest')), [[2], [], []]);
  assert.equal([0, 1, 2].map((level) => globalLevels(level, 3, 'coarser')), [[1, 2], [2], []]);
  const sizes = (global: 'coarsest' | 'coarser') => stageShapes(28, 28, 'binary', undefined, global).map((shape) => shape.inputSize);
  assert.equal(sizes('coarser').map((size, stage) => size - sizes('coarsest')[stage]), [0, 49, 196]);
  const out = new SparseFeatures(300);
  globalFeatures(out, [Uint8Array.of(0, 1, 1), Uint8Array.of(1, 0)], 10);
  assert.equal(Array.from(out.indices.subarray(0, out.count)), [11, 12, 13]);
  assert.equal(Array.from(out.values.subarray(0, out.count)), [1, 1, 1]);
});

test.run();
