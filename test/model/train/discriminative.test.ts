/**
 * Discriminative fine-tuning: the classes' networks stacked side by side come back as the same
 * networks, the classification term moves code lengths the right way, and the hardest images of
 * a pool are the ones whose true class is closest to losing.
 */
import { test } from 'uvu';
import { ArModel } from '../../../src/model/ar-model.js';
import * as assert from 'uvu/assert';
import { trainModel } from '../../../src/model/train/index.js';
import { discriminativeFineTune, hardestImages } from '../../../src/model/train/discriminative.js';
import { samePredictor } from '../../../src/model/network.js';
import { barsDataset } from '../../helpers/synthetic.js';

const train = barsDataset(60, 10, 12, 3, 3);
const indices = Array.from({ length: train.count }, (_, i) => i);
const generative = (await trainModel(train, { pixelMode: 'binary', maxEpochs: 1, rowsPerEpoch: 1500, hiddenSize: 5, seed: 9 })).model;
const base = { epochs: 1, imagesPerEpoch: 20, poolImages: 0, batchImages: 8, classificationWeight: 1, seed: 2, backend: 'auto' as const };

test('stacking the classes for one matrix product and unstacking them gives back the same networks', async () => {
  // A step too small to move any float32 weight, and a validation that always prefers the tuned stages.
  let calls = 0;
  const tuned = await discriminativeFineTune(generative, train, indices, { ...base, learningRate: 1e-30 }, () => calls++);
  assert.is(calls, 2);
  tuned.classStages.forEach((stages, c) => stages.forEach((predictor, stage) => {
    assert.ok(samePredictor(predictor, generative.classStages[c][stage]), `class ${c} stage ${stage}`);
  }));
});

test('fine-tuning lowers the summed classification loss: the true class gains on the others', async () => {
  const margin = (model: typeof generative) => {
    let sum = 0;
    for (let i = 0; i < train.count; i++) {
      const pixels = train.pixels.subarray(i * 120, (i + 1) * 120);
      const lengths = [0, 1, 2].map((c) => model.idealCodeLengthBits(pixels, c));
      const own = lengths[train.labels![i]];
      sum += Math.min(...lengths.filter((_, c) => c !== train.labels![i])) - own;
    }
    return sum / train.count;
  };
  const tuned = await discriminativeFineTune(generative, train, indices, { ...base, epochs: 3, imagesPerEpoch: 60, learningRate: 3e-3, classificationWeight: 20 }, (() => { let k = 0; return () => k++; })());
  const after = new (generative.constructor as typeof import('../../../src/model/ar-model.js').ArModel)(generative.info, tuned.classStages);
  assert.ok(margin(after) > margin(generative), `mean margin ${margin(generative)} → ${margin(after)} bits`);
});

test('the hardest images are those whose true class is closest to losing, in pool order', () => {
  const classIndexOf = new Map([[0, 0], [1, 1], [2, 2]]);
  const pool = indices.slice(0, 30);
  const chosen = hardestImages(generative.classStages, generative, train, pool, 5, classIndexOf);
  assert.is(chosen.length, 5);
  assert.equal(chosen, [...chosen].sort((a, b) => a - b));
  const marginOf = (i: number) => {
    const pixels = train.pixels.subarray(i * 120, (i + 1) * 120);
    const lengths = [0, 1, 2].map((c) => generative.idealCodeLengthBits(pixels, c));
    const own = lengths[train.labels![i]];
    return own - Math.min(...lengths.filter((_, c) => c !== train.labels![i]));
  };
  const weakestChosen = Math.min(...chosen.map(marginOf));
  for (const i of pool) if (!chosen.includes(i)) assert.ok(marginOf(i) <= weakestChosen + 1e-9, `image ${i} is harder than a chosen one`);
});

test('a class-input gray refinement: its class biases are tuned with the pyramids, and come back unchanged from a step too small to move them', async () => {
  const { disposeRefinementBiases, refinementBiases } = await import('../../../src/model/train/refinement-biases.js');
  const { loadTensorflow } = await import('../../../src/model/tensorflow.js');
  const { stageShapes } = await import('../../../src/model/traversal.js');
  const { tf } = await loadTensorflow('auto');
  const options = { pixelMode: 'gray' as const, maxEpochs: 1, rowsPerEpoch: 1500, hiddenSize: 5, refineHiddenSize: 6, seed: 9 };
  const classInput = (await trainModel(train, { ...options, grayRefinement: 'class-input' })).model;
  const shared = (await trainModel(train, { ...options, grayRefinement: 'shared' })).model;
  const perClass = (await trainModel(train, { ...options, grayRefinement: 'per-class' })).model;
  const shapes = stageShapes(10, 12, 'gray', classInput.info.refinementContext);
  const found = refinementBiases(tf, classInput.classStages, shapes);
  assert.ok(found, 'class-input: biases found');
  disposeRefinementBiases(found!);
  assert.is(refinementBiases(tf, shared.classStages, shapes), null, 'shared: one network, nothing per class');
  assert.is(refinementBiases(tf, perClass.classStages, shapes), null, 'per-class: whole networks differ');

  let calls = 0;
  const same = await discriminativeFineTune(classInput, train, indices, { ...base, learningRate: 1e-30 }, () => calls++);
  same.classStages.forEach((stages, c) => stages.forEach((predictor, stage) => {
    assert.ok(samePredictor(predictor, classInput.classStages[c][stage]), `class ${c} stage ${stage}`);
  }));
  const moved = await discriminativeFineTune(classInput, train, indices, { ...base, learningRate: 1e-2 }, (() => { let k = 0; return () => k++; })());
  const refine = shapes.findIndex((shape) => shape.role === 'refine');
  assert.not.ok(samePredictor(moved.classStages[0][refine], classInput.classStages[0][refine]), 'the refinement biases moved');
  assert.ok(refinementBiases(tf, moved.classStages, shapes), 'still a class-input refinement after tuning');
});

test('the code lengths fine-tuning optimises are the exact coding path\'s networks\': binary whole, gray up to the class-independent table', async () => {
  const { fineTuningCodeLengths } = await import('../../../src/model/train/discriminative.js');
  const images = [0, 1, 2, 3, 4, 5];
  const binaryNats = await fineTuningCodeLengths(generative, train, images);
  images.forEach((index, k) => {
    for (let c = 0; c < 3; c++) {
      const exact = generative.idealCodeLengthBits(train.pixels.subarray(index * 120, (index + 1) * 120), c) * Math.LN2;
      assert.ok(Math.abs(binaryNats[k * 3 + c] - exact) < 1e-3 * exact + 1e-3, `binary image ${index} class ${c}: ${binaryNats[k * 3 + c]} vs ${exact}`);
    }
  });
  const gray = (await trainModel(train, { pixelMode: 'gray', maxEpochs: 1, rowsPerEpoch: 1500, hiddenSize: 5, refineHiddenSize: 6, seed: 9, grayRefinement: 'class-input' })).model;
  const { disposeRefinementBiases, refinementBiases } = await import('../../../src/model/train/refinement-biases.js');
  const { loadTensorflow } = await import('../../../src/model/tensorflow.js');
  const { stageShapes } = await import('../../../src/model/traversal.js');
  const found = refinementBiases((await loadTensorflow('auto')).tf, gray.classStages, stageShapes(10, 12, 'gray', gray.info.refinementContext));
  assert.ok(found, 'the refinement has class biases, so its code lengths are part of the check');
  disposeRefinementBiases(found!);
  const grayNats = await fineTuningCodeLengths(gray, train, images);
  // Fine-tuning trains the networks: the lengths it optimises are theirs, without the adaptive map
  // that the coding path puts over the refinement (the map has nothing to train).
  assert.ok(gray.info.adaptiveMap, 'a gray model has the map');
  const networks = new ArModel({ ...gray.info, adaptiveMap: undefined }, gray.classStages);
  images.forEach((index, k) => {
    const exact = [0, 1, 2].map((c) => networks.idealCodeLengthBits(train.pixels.subarray(index * 120, (index + 1) * 120), c) * Math.LN2);
    for (const c of [1, 2]) {
      const tuned = grayNats[k * 3 + c] - grayNats[k * 3];
      assert.ok(Math.abs(tuned - (exact[c] - exact[0])) < 1e-3 * exact[0] + 1e-3, `gray image ${index} class ${c}: ${tuned} vs ${exact[c] - exact[0]}`);
    }
  });
});

test.run();
