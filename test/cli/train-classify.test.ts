import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/index.js';
import type { ImageSet } from '../../src/data/types.js';
import { syntheticImages } from '../helpers/tiny-model.js';
import { isOneLine, runCli } from '../helpers/cli.js';
import { loadModel } from '../../src/model/store.js';
import { samePredictor } from '../../src/model/network.js';

const root = mkdtempSync(join(tmpdir(), 'arcompress-train-cli-'));
const datasetDirectory = join(root, 'shapes');
const modelDirectory = join(root, 'model');

function writeSplit(prefix: string, set: ImageSet): void {
  writeFileSync(join(datasetDirectory, `${prefix}-images-idx3-ubyte`), encodeIdx([set.count, set.height, set.width], set.pixels));
  writeFileSync(join(datasetDirectory, `${prefix}-labels-idx1-ubyte`), encodeIdx([set.count], set.labels!));
}

test.before(() => {
  mkdirSync(datasetDirectory, { recursive: true });
  writeSplit('train', syntheticImages(90, 1));
  writeSplit('t10k', syntheticImages(132, 2));
});
test.after(() => rmSync(root, { recursive: true, force: true }));

test('train writes a model directory; classify reads it and reports consistent figures', () => {
  const trained = runCli(['train', '--dataset', datasetDirectory, '--pixels', 'binary', '--out', modelDirectory, '--epochs', '4', '--hidden', '8', '--rows-per-epoch', '5000', '--lr-final', '3e-3', '--discriminative-epochs', '0', '--backend', 'cpu', '--json']);
  assert.is(trained.status, 0, trained.stderr);
  const training = JSON.parse(trained.stdout);
  assert.is(training.classes.length, 3);
  assert.ok(training.validationBitsPerPixel > 0 && training.validationBitsPerPixel < 1);

  const one = runCli(['classify', '--dataset', datasetDirectory, '--model', modelDirectory, '--workers', '1', '--json']);
  assert.is(one.status, 0, one.stderr);
  const result = JSON.parse(one.stdout);
  assert.is(result.images, 132);
  assert.ok(result.accuracy >= 0.8, `accuracy ${result.accuracy} on three shapes (chance: 0.33)`);
  const confusion: number[][] = result.report.confusion;
  const diagonal = confusion.reduce((sum, row, i) => sum + row[i], 0);
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  assert.is(total, 132);
  assert.is(result.accuracy, diagonal / total);
  assert.is(result.report.accuracy, result.accuracy);
  // Real coded lengths sit within a few bytes of the ideal ones, and never far below.
  assert.ok(result.realMinusIdealBitsPerImage.max <= 16 && result.realMinusIdealBitsPerImage.mean > -16);
  assert.ok(result.bestClassPlusNameBitsPerPixel > 0);

  // Two worker threads give exactly the same figures as one.
  const two = runCli(['classify', '--dataset', datasetDirectory, '--model', modelDirectory, '--workers', '2', '--json']);
  assert.is(two.status, 0, two.stderr);
  const parallel = JSON.parse(two.stdout);
  assert.equal(parallel.report, result.report);
  assert.is(parallel.trueClassBitsPerPixel.ideal, result.trueClassBitsPerPixel.ideal);
  assert.is(parallel.trueClassBitsPerPixel.real, result.trueClassBitsPerPixel.real);

  // The human-readable output carries the shared report and the confusion matrix.
  const text = runCli(['classify', '--dataset', datasetDirectory, '--model', modelDirectory, '--limit', '30']);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /precision\s+recall\s+f1-score\s+support/);
  assert.match(text.stdout, /accuracy by shortest real code/);
});

test('train with no expert flag runs the recipe: --quick values in the manifest, a given flag overrides its value', async () => {
  const out = join(root, 'quick-gray');
  const trained = runCli(['train', '--dataset', datasetDirectory, '--pixels', 'gray', '--quick', '--hidden', '6', '--refine-rows-per-epoch', '50000', '--patience', '3', '--out', out, '--backend', 'cpu', '--json']);
  assert.is(trained.status, 0, trained.stderr);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const { training } = manifest;
  assert.is(training.hiddenSize, 6, '--hidden overrides the recipe');
  assert.is(training.refineHiddenSize, 32);
  assert.is(training.maxEpochs, 4);
  assert.is(training.refineMaxEpochs, 4, 'the quick recipe trains its refinement as many epochs as its pyramid');
  assert.is(training.rowsPerEpoch, 60_000);
  assert.is(training.refineRowsPerEpoch, 50_000, '--refine-rows-per-epoch sets the refinement\'s rows alone');
  assert.is(training.patience, 3, '--patience');
  assert.is(training.trainImagesPerClass, 600);
  assert.is(training.discriminativeEpochs, 1);
  assert.is(training.discriminativeValidationAccuracy.length, 2, 'before and after the one discriminative epoch');
  assert.ok(training.seconds > 0);
  assert.is(training.runs.length, 1, 'one command from scratch');
  // A class-input refinement, its class evidence scale chosen on validation images among five.
  assert.is(training.grayRefinement, 'class-input');
  assert.equal(training.refinementClassEvidence.validationAccuracyByScale.map((trial: { scale: number }) => trial.scale), [1, 0.75, 0.5, 0.25, 0]);
  const refine = manifest.architecture.stages.findIndex((stage: { role: string }) => stage.role === 'refine');
  const { model } = await loadModel(out);
  if (training.refinementClassEvidence.scale > 0) assert.not.ok(samePredictor(model.classStages[0][refine], model.classStages[1][refine]), 'each class has its own gray refinement');

  // Fine-tuning a trained gray model (--from-model) keeps its refinement and records both runs.
  const tuned = join(root, 'quick-gray-tuned');
  const again = runCli(['train', '--dataset', datasetDirectory, '--pixels', 'gray', '--quick', '--from-model', out, '--out', tuned, '--backend', 'cpu', '--json']);
  assert.is(again.status, 0, again.stderr);
  const tunedTraining = JSON.parse(readFileSync(join(tuned, 'manifest.json'), 'utf8')).training;
  assert.is(tunedTraining.runs.length, 2);
  assert.is(tunedTraining.grayRefinement, 'class-input', 'the starting model\'s setting');

  // The same weights in another arithmetic: --from-model, no fine-tuning. A new model (the
  // fingerprint covers the arithmetic) whose record keeps the fine-tuning that made the weights.
  const startManifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.is(startManifest.architecture.arithmetic, 'float32', 'new models are float32');
  const converted = join(root, 'quick-gray-float64');
  const convert = runCli(['train', '--dataset', datasetDirectory, '--pixels', 'gray', '--from-model', out, '--discriminative-epochs', '0', '--arithmetic', 'float64', '--adaptive-map', 'off', '--out', converted, '--backend', 'cpu', '--json']);
  assert.is(convert.status, 0, convert.stderr);
  const convertedManifest = JSON.parse(readFileSync(join(converted, 'manifest.json'), 'utf8'));
  assert.is(convertedManifest.architecture.arithmetic, undefined, 'float64 is what no record means');
  assert.is(convertedManifest.architecture.adaptiveMap, undefined, '--adaptive-map off');
  assert.is(convertedManifest.formatVersion, 1, 'readable by every earlier build');
  assert.equal(startManifest.architecture.adaptiveMap, { stages: 'refinement', rateShift: 2, mixSixteenths: 15 }, 'new gray models have the map');
  assert.is(startManifest.formatVersion, 3);
  assert.equal(readFileSync(join(converted, 'weights.bin')), readFileSync(join(out, 'weights.bin')), 'the very weights');
  assert.is.not(convertedManifest.fingerprint, startManifest.fingerprint);
  assert.is(convertedManifest.training.discriminativeEpochs, 1, 'the fine-tuning that made the weights');
  assert.equal(convertedManifest.training.discriminativeValidationAccuracy, training.discriminativeValidationAccuracy);
  assert.equal(convertedManifest.training.refinementClassEvidence, training.refinementClassEvidence);
  assert.is(convertedManifest.training.runs.length, 2);
  assert.is((await loadModel(converted)).model.arithmetic, 'float64');
  assert.is(model.arithmetic, 'float32');
});

test('bad input gives one line and a non-zero exit', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--dataset', datasetDirectory, '--pixels', 'rgb', '--out', join(root, 'x')], /rgb/],
    [['classify', '--dataset', datasetDirectory, '--model', join(root, 'no-such-model')], /manifest\.json/],
    [['classify', '--dataset', 'mnist', '--model', modelDirectory, '--limit', '5'], /28×28.*12×10|12×10.*28×28/],
    [['classify', '--dataset', join(root, 'no-such-dataset'), '--model', modelDirectory], /no-such-dataset/],
    [['classify', '--dataset', datasetDirectory, '--model', modelDirectory, '--limit', '0'], /limit/],
    [['train', '--dataset', datasetDirectory, '--pixels', 'binary', '--levels-from', modelDirectory, '--out', join(root, 'y')], /levels-from/],
    [['train', '--dataset', datasetDirectory, '--pixels', 'binary', '--arithmetic', 'float16', '--out', join(root, 'z')], /float16/],
  ];
  for (const [args, pattern] of cases) {
    const result = runCli(args);
    assert.is.not(result.status, 0, `${args.join(' ')} should fail`);
    assert.ok(isOneLine(result.stderr), `${args.join(' ')}: expected one line, got ${JSON.stringify(result.stderr)}`);
    assert.match(result.stderr, pattern);
  }
});

test.run();
