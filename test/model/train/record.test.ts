import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArModel } from '../../../src/model/ar-model.js';
import type { ModelManifest } from '../../../src/model/store.js';
import { DEFAULT_TRAIN_OPTIONS, trainedManifest, type TrainResult } from '../../../src/model/train/index.js';

const run = { command: 'arcompress train --pixels gray', date: '2026-12-01T00:00:00.000Z', node: 'v20.0.0' };
const donor = new ArModel({ pixelMode: 'binary', height: 2, width: 2, classLabels: [0, 1], precisionBits: 16, fingerprint: 'donor-fingerprint' }, [[], []]);

function grayResult(overrides: Partial<TrainResult['options']> = {}, ran: Partial<Pick<TrainResult, 'fineTuned' | 'discriminativeScores' | 'classEvidence'>> = {}): TrainResult {
  const options = { ...DEFAULT_TRAIN_OPTIONS, pixelMode: 'gray' as const, hiddenSize: 64, refineHiddenSize: 32, ...overrides };
  return {
    model: new ArModel({ pixelMode: 'gray', height: 2, width: 2, classLabels: [0, 1], precisionBits: 16, fingerprint: '' }, [[], []]),
    options,
    fineTuned: false,
    discriminativeScores: [],
    classEvidence: null,
    architecture: {
      name: 'test',
      stages: [
        { role: 'level', level: 1, inputSize: 4, headCount: 1, hiddenSize: 128 } as never,
        { role: 'level', level: 0, inputSize: 4, headCount: 1, hiddenSize: 256 } as never,
        { role: 'refine', inputSize: 4, headCount: 254, hiddenSize: 96 } as never,
        { role: 'refine-table', inputSize: 0, headCount: 254, hiddenSize: 0 } as never,
      ],
      context: {},
    },
    classes: [
      { label: 0, trainImages: 9, validationImages: 1, validationBitsPerPixel: 0.5, epochs: 2 },
      { label: 1, trainImages: 7, validationImages: 3, validationBitsPerPixel: 0.25, epochs: 2 },
    ],
    backend: 'cpu',
    seconds: 12.34,
    ...ran,
  };
}

test('the record says what was trained: hidden sizes from the networks, the levels\' source by a relative path', () => {
  const manifest = trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult({ levelsFrom: donor, sharedImagesPerClass: 6000, maxEpochs: 12 }), run, levelsFromDirectory: 'models/mnist-binary' });
  const training = manifest.training;
  assert.is(training.hiddenSize, 128);
  assert.is(training.finestHiddenSize, 256);
  assert.is(training.refineHiddenSize, 96);
  assert.is(training.maxEpochs, 12);
  assert.is(training.sharedImagesPerClass, 6000);
  assert.equal(training.levelsFrom, { directory: 'models/mnist-binary', fingerprint: 'donor-fingerprint' });
  assert.is(training.finalLearningRate, DEFAULT_TRAIN_OPTIONS.learningRate);
  assert.is(training.trainImages, 16);
  assert.is(training.validationImages, 4);
  assert.is(training.seconds, 12.3);
  assert.equal(training.runs, [{ seconds: 12.3, command: run.command }]);
  assert.equal(manifest.validation, { images: 4, bitsPerPixelByClass: [0.5, 0.25], bitsPerPixel: (0.5 * 1 + 0.25 * 3) / 4 });
});

test('starting from a trained model keeps its generative settings, earlier runs and time', () => {
  const startedFrom = { training: { seconds: 100, command: 'arcompress train --epochs 12', maxEpochs: 12, rowsPerEpoch: 2_400_000, finalLearningRate: 5e-4, sharedImagesPerClass: 6000, hiddenSize: 1, refineHiddenSize: 1 } } as unknown as ModelManifest;
  const training = trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult({ levelsFrom: donor, discriminativeEpochs: 0 }), run, startedFrom }).training;
  assert.is(training.maxEpochs, 12);
  assert.is(training.rowsPerEpoch, 2_400_000);
  assert.is(training.finalLearningRate, 5e-4);
  assert.is(training.sharedImagesPerClass, 6000);
  // Hidden sizes are the networks' own, never copied.
  assert.is(training.hiddenSize, 128);
  assert.is(training.refineHiddenSize, 96);
  assert.is(training.seconds, 112.3);
  assert.is(training.command, `arcompress train --epochs 12 && ${run.command}`);
  assert.equal(training.runs, [{ seconds: 100, command: 'arcompress train --epochs 12' }, { seconds: 12.3, command: run.command }]);
  assert.equal(training.levelsFrom, { directory: null, fingerprint: 'donor-fingerprint' });
});

const tunedStart = { training: { seconds: 100, command: 'arcompress train', discriminativeEpochs: 3, discriminativeLearningRate: 3e-4, discriminativeValidationAccuracy: [0.9, 0.95], refinementClassEvidence: { scale: 0, validationAccuracyByScale: [] } } } as unknown as ModelManifest;

test('a run from a trained model that fine-tunes nothing keeps the fine-tuning and class evidence that made its weights', () => {
  const training = trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult({ discriminativeEpochs: 0, arithmetic: 'float64' }), run, startedFrom: tunedStart }).training;
  assert.is(training.discriminativeEpochs, 3);
  assert.is(training.discriminativeLearningRate, 3e-4);
  assert.equal(training.discriminativeValidationAccuracy, [0.9, 0.95]);
  assert.equal(training.refinementClassEvidence, { scale: 0, validationAccuracyByScale: [] });
  assert.is(training.discriminativeWeight, null, 'not recorded by the starting model: unknown');
});

test('a run that fine-tunes records its own fine-tuning; one whose pyramid a donor replaced records none', () => {
  const tuned = trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult({ discriminativeEpochs: 2, discriminativeLearningRate: 1e-4 }, { fineTuned: true, discriminativeScores: [0.5, 0.6, 0.7] }), run, startedFrom: tunedStart }).training;
  assert.is(tuned.discriminativeEpochs, 2);
  assert.is(tuned.discriminativeLearningRate, 1e-4);
  assert.equal(tuned.discriminativeValidationAccuracy, [0.5, 0.6, 0.7]);
  assert.equal(tuned.refinementClassEvidence, { scale: 0, validationAccuracyByScale: [] }, 'the refinement is still the starting model\'s');
  const replaced = trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult({ levelsFrom: donor, discriminativeEpochs: 3 }), run, startedFrom: tunedStart }).training;
  assert.is(replaced.discriminativeEpochs, 0, 'asked for, but a donor\'s pyramid is never fine-tuned');
  assert.is(replaced.discriminativeLearningRate, null);
  assert.equal(replaced.discriminativeValidationAccuracy, []);
  const fresh = trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult({ discriminativeEpochs: 3 }), run }).training;
  assert.is(fresh.discriminativeEpochs, 0, 'not run (here: no fine-tuning in the result), so not recorded as run');
});

test('the record gives the elastic fields only when distorted copies use them', () => {
  const elastic = { rmsPixels: 1.5, sigmaPixels: 4 };
  const training = (overrides: Partial<TrainResult['options']>) => trainedManifest({ dataset: 'mnist', imageCount: 20, result: grayResult(overrides), run }).training!;
  assert.equal(training({ distortedCopies: 4, elasticRange: elastic }).elasticRange, elastic);
  assert.is(training({ distortedCopies: 0, elasticRange: elastic }).elasticRange, null);
  assert.is(training({ distortedCopies: 4, elasticRange: { rmsPixels: 0, sigmaPixels: 4 } }).elasticRange, null);
});

test.run();
