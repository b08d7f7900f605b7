import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stageShapes } from '../../../src/model/traversal.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../../../src/model/train/options.js';
import { pyramidWidthScale, trainingPlan } from '../../../src/model/train/plan.js';

const shapes = stageShapes(28, 28, 'binary');
const options = (overrides: Partial<TrainOptions>): TrainOptions => ({ ...DEFAULT_TRAIN_OPTIONS, pixelMode: 'binary', discriminativeEpochs: 3, ...overrides });

test('the fine-tuning cost scales with every level at one width, and mostly with the finest level', () => {
  assert.is(pyramidWidthScale(options({ hiddenSize: 128 }), shapes), 1);
  assert.is(pyramidWidthScale(options({ hiddenSize: 256 }), shapes), 2);
  const finest = pyramidWidthScale(options({ hiddenSize: 128, finestHiddenSize: 256 }), shapes);
  assert.ok(finest > 1.5 && finest < 2, `finest level at 256 units: ${finest}`);
  const coarser = pyramidWidthScale(options({ hiddenSize: 256, finestHiddenSize: 128 }), shapes);
  assert.ok(Math.abs(finest + coarser - 3) < 1e-12, 'the two halves of the pyramid share the weight');
});

test("the plan's fine-tuning phase grows with the finest level's width", () => {
  const noPool = { discriminativePoolImages: 3000, discriminativeImagesPerEpoch: 3000 };
  const plain = trainingPlan(options({ hiddenSize: 128, ...noPool }), shapes, [], 10, 784);
  const wide = trainingPlan(options({ hiddenSize: 128, finestHiddenSize: 256, ...noPool }), shapes, [], 10, 784);
  assert.ok(plain.discriminative > 0);
  const ratio = wide.discriminative / plain.discriminative;
  assert.ok(Math.abs(ratio - pyramidWidthScale(options({ hiddenSize: 128, finestHiddenSize: 256 }), shapes)) < 1e-12, `ratio ${ratio}`);
});

test.run();
