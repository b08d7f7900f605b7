/**
 * The flags of `arcompress train` mean the recipe with each given flag over it, and flags given
 * alone carry over to what they imply, so an earlier command in a manifest means what it meant.
 */
import { test } from 'uvu';
import { NEW_MODEL_ADAPTIVE_MAP } from '../../src/model/adaptive-map.js';
import * as assert from 'uvu/assert';
import { trainOptionsFromFlags, type TrainFlags } from '../../src/cli/commands/train-flags.js';
import { recipeOptions } from '../../src/model/train/recipe.js';
import { refinementEpochs, refinementRowsPerEpoch } from '../../src/model/train/options.js';
import type { ArModel } from '../../src/model/ar-model.js';

const full = recipeOptions('full');
const flags = (given: Partial<TrainFlags>): TrainFlags => ({ dataset: 'mnist', pixels: 'gray', out: 'x', backend: 'auto', workers: 2, ...given });

test('no flag: the recipe, float32 arithmetic included', () => {
  const options = trainOptionsFromFlags(flags({}), full, {});
  assert.is(options.pixelMode, 'gray');
  for (const key of ['maxEpochs', 'refineMaxEpochs', 'rowsPerEpoch', 'refineRowsPerEpoch', 'patience', 'hiddenSize', 'finestHiddenSize', 'refineHiddenSize', 'learningRate', 'finalLearningRate', 'discriminativeEpochs', 'arithmetic'] as const) {
    assert.equal(options[key], full[key], key);
  }
  assert.is(options.arithmetic, 'float32');
  assert.is(refinementRowsPerEpoch(options), 300_000);
  assert.is(refinementEpochs(options), 8);
});

test('--rows-per-epoch alone sets the refinement\'s rows too; with --refine-rows-per-epoch each has its own', () => {
  const alone = trainOptionsFromFlags(flags({ rowsPerEpoch: 1000 }), full, {});
  assert.is(alone.rowsPerEpoch, 1000);
  assert.is(refinementRowsPerEpoch(alone), 1000);
  const both = trainOptionsFromFlags(flags({ rowsPerEpoch: 1000, refineRowsPerEpoch: 7 }), full, {});
  assert.is(both.rowsPerEpoch, 1000);
  assert.is(refinementRowsPerEpoch(both), 7);
  const refineOnly = trainOptionsFromFlags(flags({ refineRowsPerEpoch: 7 }), full, {});
  assert.is(refineOnly.rowsPerEpoch, full.rowsPerEpoch);
  assert.is(refinementRowsPerEpoch(refineOnly), 7);
});

test('--epochs alone sets the refinement\'s epochs; --lr alone makes the rate constant', () => {
  const epochs = trainOptionsFromFlags(flags({ epochs: 3 }), full, {});
  assert.is(refinementEpochs(epochs), 3);
  assert.is(refinementEpochs(trainOptionsFromFlags(flags({ epochs: 3, refineEpochs: 5 }), full, {})), 5);
  const lr = trainOptionsFromFlags(flags({ lr: 1e-3 }), full, {});
  assert.is(lr.learningRate, 1e-3);
  assert.is(lr.finalLearningRate, undefined);
  assert.is(trainOptionsFromFlags(flags({ lr: 1e-3, lrFinal: 1e-4 }), full, {}).finalLearningRate, 1e-4);
});

test('--hidden alone sets every level\'s width; --finest-hidden sets the finest level\'s', () => {
  const hidden = trainOptionsFromFlags(flags({ hidden: 64 }), { ...full, finestHiddenSize: 256 }, {});
  assert.is(hidden.hiddenSize, 64);
  assert.is(hidden.finestHiddenSize, undefined);
  const finest = trainOptionsFromFlags(flags({ hidden: 64, finestHidden: 96 }), full, {});
  assert.is(finest.hiddenSize, 64);
  assert.is(finest.finestHiddenSize, 96);
  assert.is(trainOptionsFromFlags(flags({}), { ...full, finestHiddenSize: 256 }, {}).finestHiddenSize, 256);
});

test('--from-model: the starting model\'s seed, arithmetic and adaptive map unless given', () => {
  const float64Model = { arithmetic: 'float64', info: {} } as ArModel;
  const from = trainOptionsFromFlags(flags({}), full, { initialModel: float64Model, initialSeed: 9 });
  assert.is(from.seed, 9);
  assert.is(from.arithmetic, 'float64');
  assert.is(from.adaptiveMap, null, 'a model without a map stays without');
  const given = trainOptionsFromFlags(flags({ seed: 2, arithmetic: 'float32', adaptiveMap: 'on' }), full, { initialModel: float64Model, initialSeed: 9 });
  assert.is(given.seed, 2);
  assert.is(given.arithmetic, 'float32');
  assert.equal(given.adaptiveMap, NEW_MODEL_ADAPTIVE_MAP);
  const mapped = { arithmetic: 'float32', info: { adaptiveMap: NEW_MODEL_ADAPTIVE_MAP } } as unknown as ArModel;
  assert.equal(trainOptionsFromFlags(flags({}), full, { initialModel: mapped }).adaptiveMap, NEW_MODEL_ADAPTIVE_MAP);
  assert.is(trainOptionsFromFlags(flags({ adaptiveMap: 'off' }), full, { initialModel: mapped }).adaptiveMap, null);
  assert.equal(trainOptionsFromFlags(flags({}), full, {}).adaptiveMap, NEW_MODEL_ADAPTIVE_MAP, 'the recipe\'s, from scratch');
});

test('--levels-from fine-tunes nothing unless asked; --arithmetic float64 is kept', () => {
  const donor = {} as ArModel;
  assert.is(trainOptionsFromFlags(flags({}), full, { levelsFrom: donor }).discriminativeEpochs, 0);
  assert.is(trainOptionsFromFlags(flags({ discriminativeEpochs: 2 }), full, { levelsFrom: donor }).discriminativeEpochs, 2);
  assert.is(trainOptionsFromFlags(flags({ arithmetic: 'float64' }), full, {}).arithmetic, 'float64');
});

test('--distortion-range sets the range, the recipe\'s default otherwise', () => {
  assert.equal(trainOptionsFromFlags(flags({}), full, {}).distortionRange, full.distortionRange);
  const range = { maxRotationDegrees: 15, maxScaleChange: 0.15, maxSlant: 0.3 };
  const options = trainOptionsFromFlags(flags({ distortionRange: range }), full, {});
  assert.equal(options.distortionRange, range);
  assert.is(options.distortedCopies, full.distortedCopies);
});

test('--elastic sets the elastic fields, the recipe\'s otherwise', () => {
  assert.equal(trainOptionsFromFlags(flags({}), full, {}).elasticRange, full.elasticRange);
  const elastic = { rmsPixels: 0.5, sigmaPixels: 3 };
  assert.equal(trainOptionsFromFlags(flags({ elastic }), full, {}).elasticRange, elastic);
});

test('--elastic and --distortion-range are refused where no copies are made', () => {
  const elastic = { rmsPixels: 0.5, sigmaPixels: 3 };
  const range = { maxRotationDegrees: 15, maxScaleChange: 0.15, maxSlant: 0.3 };
  const quick = recipeOptions('quick');
  assert.throws(() => trainOptionsFromFlags(flags({ elastic, distortions: 0 }), full, {}), /--elastic shapes the distorted copies.*--distortions N/);
  assert.throws(() => trainOptionsFromFlags(flags({ distortionRange: range }), quick, {}), /--distortion-range shapes the distorted copies/);
  assert.is(trainOptionsFromFlags(flags({ elastic, distortions: 2 }), quick, {}).distortedCopies, 2);
  // An elastic range of none asks for nothing, so it is no conflict.
  assert.is(trainOptionsFromFlags(flags({ elastic: { rmsPixels: 0, sigmaPixels: 4 }, distortions: 0 }), full, {}).distortedCopies, 0);
});

test.run();
