/** The zip classifier on a small synthetic dataset whose answer is known, and its pieces. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArcError } from '../../src/errors.js';
import { classifyByZip, combineScores, logMeanExp2, type ZipClassifierSettings } from '../../src/baseline/zip-classifier.js';
import { planCompressors } from '../../src/baseline/zip-scoring.js';
import { textureDataset } from './synthetic-images.js';

const PLAIN: ZipClassifierSettings = { level: 9, windowBits: 10, binarize: false, chunkImages: null, combine: 'logsumexp' };

async function rejectsWith(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ArcError, `expected an ArcError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.not.match(error.message, /\n/);
    return;
  }
  assert.unreachable('expected a rejection');
}

function accuracy(predictions: Uint8Array, labels: Uint8Array): number {
  return predictions.filter((label, i) => label === labels[i]).length / labels.length;
}

test('puts every test image in the class whose texture it carries', async () => {
  const { train, test: testSet } = textureDataset(60, 30);
  const result = await classifyByZip(train, testSet, PLAIN, { workers: 1 });
  assert.is(result.classCount, 3);
  assert.is(result.compressorCount, 3);
  assert.is(result.pairCount, 90);
  assert.is(accuracy(result.predictions, testSet.labels!), 1);
});

test('binarized, chunked and default-zlib variants also find every texture', async () => {
  const { train, test: testSet } = textureDataset(60, 30);
  for (const settings of [
    { ...PLAIN, binarize: true },
    { ...PLAIN, binarize: true, chunkImages: 8 },
    { ...PLAIN, chunkImages: 8, combine: 'mean' as const },
    { ...PLAIN, level: 6, windowBits: 15 },
  ]) {
    const result = await classifyByZip(train, testSet, settings, { workers: 1 });
    assert.is(accuracy(result.predictions, testSet.labels!), 1, JSON.stringify(settings));
  }
});

test('worker threads give the same scores as one thread, and report progress up to every pair', async () => {
  const { train, test: testSet } = textureDataset(48, 12);
  const settings = { ...PLAIN, binarize: true, chunkImages: 4 };
  const single = await classifyByZip(train, testSet, settings, { workers: 1 });
  let lastDone = 0;
  let total = 0;
  const threaded = await classifyByZip(train, testSet, settings, { workers: 2, onProgress: (event) => { lastDone = event.done; total = event.total; } });
  assert.equal(Array.from(threaded.scores), Array.from(single.scores));
  assert.is(total, single.pairCount);
  assert.is(lastDone, total);
});

test('chunks: consecutive training images of each class, the last one shorter', () => {
  const labels = Uint8Array.of(0, 1, 0, 0, 1, 0, 0);
  const plans = planCompressors(labels, 2);
  assert.equal(plans.map((plan) => [plan.classLabel, Array.from(plan.imageIndices)]), [[0, [0, 2]], [0, [3, 5]], [0, [6]], [1, [1, 4]]]);
  assert.equal(planCompressors(labels, null).map((plan) => plan.imageIndices.length), [5, 2]);
});

test('logsumexp combination is −log2 of the mean of 2^−Δ; mean is the mean', () => {
  assert.is(logMeanExp2([5]), 5);
  assert.ok(Math.abs(logMeanExp2([1, 3]) - -Math.log2((0.5 + 0.125) / 2)) < 1e-12);
  assert.ok(Math.abs(logMeanExp2([1000, 1001]) - (1000 - Math.log2(0.75))) < 1e-9, 'no underflow');
  const deltas = [Int32Array.of(10, 20), Int32Array.of(30, 20), Int32Array.of(7, 8)];
  const mean = combineScores(deltas, [0, 0, 2], 3, 2, 'mean');
  assert.equal(Array.from(mean), [20, Infinity, 7, 20, Infinity, 8]);
});

test('bad input is refused with a one-line ArcError', async () => {
  const { train, test: testSet } = textureDataset(6, 3);
  await rejectsWith(() => classifyByZip({ ...train, labels: null }, testSet, PLAIN), /training labels/);
  await rejectsWith(() => classifyByZip(train, { ...testSet, width: 8, height: 32 }, PLAIN), /16×16/);
  await rejectsWith(() => classifyByZip(train, testSet, { ...PLAIN, chunkImages: 0 }), /chunk/);
});

test.run();
