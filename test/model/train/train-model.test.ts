import { test } from 'uvu';
import { NEW_MODEL_ADAPTIVE_MAP } from '../../../src/model/adaptive-map.js';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainModel, splitByClass } from '../../../src/model/train/index.js';
import { validationBitsPerPixel } from '../../../src/model/train/validation.js';
import { computeFingerprint, loadModel, saveModel } from '../../../src/model/store.js';
import { ArcError, ErrorCode } from '../../../src/errors.js';
import { samePredictor } from '../../../src/model/network.js';
import { stageShapes } from '../../../src/model/traversal.js';
import { barsDataset } from '../../helpers/synthetic.js';
import { decodeImage, encodeImage } from '../../../src/codec/image-codec.js';

const train = barsDataset(90, 10, 12, 1, 3);
const test_ = barsDataset(30, 10, 12, 2, 3);
let directory = '';

test.before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'arcompress-train-'));
});
test.after(async () => {
  await rm(directory, { recursive: true, force: true });
});

test('validation split is per class, disjoint, seeded', () => {
  const a = splitByClass(train, 0.2, 5);
  const b = splitByClass(train, 0.2, 5);
  assert.equal(a, b);
  assert.equal(a.labels, [0, 1, 2]);
  for (let c = 0; c < 3; c++) {
    assert.is(a.train[c].length + a.validation[c].length, 30);
    assert.ok(a.validation[c].length >= 1);
    for (const i of a.validation[c]) assert.ok(!a.train[c].includes(i));
    for (const i of [...a.train[c], ...a.validation[c]]) assert.is(train.labels![i], c);
  }
});

for (const pixelMode of ['binary', 'gray'] as const) {
  test(`${pixelMode}: a tiny model trains, classifies the synthetic classes, and saves/loads bit-exactly`, async () => {
    const result = await trainModel(train, { pixelMode, maxEpochs: 4, rowsPerEpoch: 5000, hiddenSize: 8, seed: 3 });
    assert.is(result.classes.length, 3);
    for (const c of result.classes) assert.ok(Number.isFinite(c.validationBitsPerPixel) && c.validationBitsPerPixel > 0);
    // Classification by shortest code on held-out synthetic images: the answer is known.
    const traversal = result.model.createTraversal();
    let correct = 0;
    for (let i = 0; i < test_.count; i++) {
      const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
      const lengths = [0, 1, 2].map((c) => result.model.idealCodeLengthBits(pixels, c, traversal));
      if (lengths.indexOf(Math.min(...lengths)) === test_.labels![i]) correct++;
    }
    assert.ok(correct >= 27, `only ${correct}/30 synthetic images classified right`);

    const out = join(directory, pixelMode);
    const manifest = await saveModel(out, {
      dataset: 'bars', pixelMode, height: 10, width: 12, classLabels: [0, 1, 2], precisionBits: result.model.info.precisionBits,
      architecture: result.architecture, validation: { images: 0, bitsPerPixelByClass: [], bitsPerPixel: 0 }, training: {},
    }, result.model.classStages);
    const { model } = await loadModel(out);
    assert.is(model.info.fingerprint, manifest.fingerprint);
    for (let i = 0; i < 6; i++) {
      const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
      for (let c = 0; c < 3; c++) {
        assert.is(model.idealCodeLengthBits(pixels, c), result.model.idealCodeLengthBits(pixels, c), 'code lengths must be identical after save/load');
      }
    }
  });
}

/** Saves a model trained on the bars data set to `out` as `arcompress train` would. */
async function saveTrained(out: string, result: Awaited<ReturnType<typeof trainModel>>, pixelMode: 'binary' | 'gray'): Promise<void> {
  await saveModel(out, {
    dataset: 'bars', pixelMode, height: 10, width: 12, classLabels: [0, 1, 2], precisionBits: result.model.info.precisionBits,
    architecture: result.architecture, validation: { images: 0, bitsPerPixelByClass: [], bitsPerPixel: 0 }, training: {},
  }, result.model.classStages);
}

/** Rewrites the saved manifest's architecture by `mutate` (fingerprint made to match) and checks that loading refuses it. */
async function assertArchitectureRefused(out: string, mutate: (architecture: { context: Record<string, unknown> }) => void, why: string): Promise<void> {
  const broken = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  mutate(broken.architecture);
  broken.fingerprint = computeFingerprint(await readFile(join(out, 'weights.bin')), broken.architecture);
  await writeFile(join(out, 'manifest.json'), JSON.stringify(broken));
  try {
    await loadModel(out);
    assert.unreachable(why);
  } catch (error) {
    assert.instance(error, ArcError);
    assert.is((error as ArcError).code, ErrorCode.BadFormat, (error as Error).message);
  }
}

test('gray: a non-default refinement context is recorded in the manifest and read back from it', async () => {
  const context = { bilevelRadius: 3, grayRowsAbove: 1, grayHalfWidth: 3 };
  const result = await trainModel(train, { pixelMode: 'gray', maxEpochs: 1, rowsPerEpoch: 2000, hiddenSize: 8, refineHiddenSize: 8, seed: 5, refinementContext: context });
  const out = join(directory, 'gray-context');
  await saveTrained(out, result, 'gray');
  const { model, manifest } = await loadModel(out);
  assert.equal(model.info.refinementContext, context);
  assert.equal(manifest.architecture.context.bilevelRadius, 3);
  assert.equal(manifest.architecture.context.grayWindow, { rowsAbove: 1, halfWidth: 3 });
  for (let i = 0; i < 4; i++) {
    const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
    for (let c = 0; c < 3; c++) assert.is(model.idealCodeLengthBits(pixels, c), result.model.idealCodeLengthBits(pixels, c));
  }
  // A manifest whose context is missing is refused rather than decoded with a guessed context.
  await assertArchitectureRefused(out, (architecture) => delete architecture.context.grayWindow, 'a gray manifest without its context must not load');
});

test('a global context of every coarser level is recorded, read back, and codes exactly', async () => {
  const result = await trainModel(train, { pixelMode: 'binary', maxEpochs: 1, rowsPerEpoch: 2000, hiddenSize: 8, seed: 5, globalContext: 'coarser' });
  // 10×12 images have two levels: only with 'coarser' does the finer one see the coarser in full (5×6).
  const inputs = (global: 'coarsest' | 'coarser') => stageShapes(10, 12, 'binary', undefined, global).map((shape) => shape.inputSize);
  assert.equal(result.model.classStages[0].map((stage) => (stage as { inputSize: number }).inputSize), inputs('coarser'));
  assert.equal(inputs('coarser')[1] - inputs('coarsest')[1], 30);
  const out = join(directory, 'binary-global');
  await saveTrained(out, result, 'binary');
  const { model, manifest } = await loadModel(out);
  assert.is(manifest.architecture.context.globalContext, 'coarser');
  assert.is(model.info.globalContext, 'coarser');
  const traversal = model.createTraversal();
  for (let i = 0; i < 4; i++) {
    const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
    for (let c = 0; c < 3; c++) {
      assert.is(model.idealCodeLengthBits(pixels, c), result.model.idealCodeLengthBits(pixels, c));
      const decoded = decodeImage(model, c, encodeImage(model, c, pixels, traversal).bytes, traversal);
      assert.equal([...decoded], [...pixels].map((value) => (value >= 128 ? 1 : 0)));
    }
  }
  // An unknown global context is refused, not guessed.
  await assertArchitectureRefused(out, (architecture) => (architecture.context.globalContext = 'everything'), 'an unknown global context must not load');
});

test('the finest level\'s own width is trained, recorded, read back, and codes exactly', async () => {
  const result = await trainModel(train, { pixelMode: 'binary', maxEpochs: 1, rowsPerEpoch: 2000, hiddenSize: 5, finestHiddenSize: 9, seed: 5 });
  // Stages run coarsest first: 10×12 images have two levels, the second the finest.
  assert.equal(result.model.classStages[0].map((stage) => (stage as { hiddenSize: number }).hiddenSize), [5, 9]);
  assert.equal(result.architecture.stages.map((stage) => [stage.level, stage.hiddenSize]), [[1, 5], [0, 9]]);
  const out = join(directory, 'binary-finest');
  await saveTrained(out, result, 'binary');
  const { model } = await loadModel(out);
  const traversal = model.createTraversal();
  for (let i = 0; i < 3; i++) {
    const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
    assert.is(model.idealCodeLengthBits(pixels, 1), result.model.idealCodeLengthBits(pixels, 1));
    assert.equal([...decodeImage(model, 1, encodeImage(model, 1, pixels, traversal).bytes, traversal)], [...pixels].map((value) => (value >= 128 ? 1 : 0)));
  }
});

test('each arithmetic is recorded and read back; the validation figures training records are the saved model\'s own', async () => {
  for (const arithmetic of ['float32', 'float64'] as const) {
    const result = await trainModel(train, { pixelMode: 'gray', maxEpochs: 1, rowsPerEpoch: 2000, hiddenSize: 8, refineHiddenSize: 8, seed: 5, arithmetic });
    const out = join(directory, `gray-${arithmetic}`);
    await saveTrained(out, result, 'gray');
    const { model, manifest } = await loadModel(out);
    assert.is(model.arithmetic, arithmetic);
    assert.is(result.model.arithmetic, arithmetic);
    assert.is(manifest.formatVersion, 3, 'a gray model with the adaptive map, in either arithmetic');
    assert.equal(model.info.adaptiveMap, NEW_MODEL_ADAPTIVE_MAP);
    assert.is(manifest.architecture.arithmetic, arithmetic === 'float32' ? 'float32' : undefined);
    const split = splitByClass(train, result.options.validationFraction, result.options.seed);
    const traversal = model.createTraversal();
    result.classes.forEach((recorded, c) => {
      assert.is(validationBitsPerPixel(train, split.validation[c], model.classStages[c], traversal, model.arithmetic, model.info.adaptiveMap), recorded.validationBitsPerPixel, `class ${c}`);
    });
    for (let i = 0; i < 3; i++) {
      const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
      for (let c = 0; c < 3; c++) assert.is(model.idealCodeLengthBits(pixels, c), result.model.idealCodeLengthBits(pixels, c));
    }
  }
});

test('the refinement\'s own epoch and row counts: the pyramid\'s leave a refinement trained on its own as it is', async () => {
  const options = { pixelMode: 'gray' as const, rowsPerEpoch: 1500, hiddenSize: 6, refineHiddenSize: 6, seed: 8, patience: 100, grayRefinement: 'shared' as const };
  const a = await trainModel(train, { ...options, maxEpochs: 1, refineMaxEpochs: 2 });
  const b = await trainModel(train, { ...options, maxEpochs: 3, refineMaxEpochs: 2 });
  const c = await trainModel(train, { ...options, maxEpochs: 3 });
  const refine = stageShapes(10, 12, 'gray').findIndex((shape) => shape.role === 'refine');
  assert.ok(samePredictor(a.model.classStages[0][refine], b.model.classStages[0][refine]), 'the refinement does not depend on the pyramid\'s epochs');
  assert.not.ok(samePredictor(b.model.classStages[0][refine], c.model.classStages[0][refine]), 'without refineMaxEpochs the refinement trains maxEpochs');
  assert.not.ok(samePredictor(a.model.classStages[0][0], b.model.classStages[0][0]), 'the pyramids differ');
  assert.equal(b.classes.map((record) => record.epochs), [3, 3, 3]);
  // Its own row count likewise: fewer pyramid rows leave it as it is; without one it follows rowsPerEpoch.
  const d = await trainModel(train, { ...options, maxEpochs: 1, refineMaxEpochs: 2, rowsPerEpoch: 300, refineRowsPerEpoch: 1500 });
  const e = await trainModel(train, { ...options, maxEpochs: 1, refineMaxEpochs: 2, rowsPerEpoch: 300 });
  assert.ok(samePredictor(a.model.classStages[0][refine], d.model.classStages[0][refine]), 'the refinement does not depend on the pyramid\'s rows');
  assert.not.ok(samePredictor(a.model.classStages[0][0], d.model.classStages[0][0]), 'the pyramids drew fewer rows');
  assert.not.ok(samePredictor(d.model.classStages[0][refine], e.model.classStages[0][refine]), 'without refineRowsPerEpoch the refinement draws rowsPerEpoch');
});

test('gray with --levels-from: shared refinement, so class differences equal the binary model\'s', async () => {
  const binary = await trainModel(train, { pixelMode: 'binary', maxEpochs: 2, rowsPerEpoch: 3000, hiddenSize: 8, seed: 4 });
  const gray = await trainModel(train, { pixelMode: 'gray', maxEpochs: 2, rowsPerEpoch: 3000, hiddenSize: 8, refineHiddenSize: 8, seed: 4, levelsFrom: binary.model, grayRefinement: 'shared' });
  for (let i = 0; i < 6; i++) {
    const pixels = test_.pixels.subarray(i * 120, (i + 1) * 120);
    const b = [0, 1, 2].map((c) => binary.model.idealCodeLengthBits(pixels, c));
    const g = [0, 1, 2].map((c) => gray.model.idealCodeLengthBits(pixels, c));
    for (const c of [1, 2]) assert.ok(Math.abs((g[c] - g[0]) - (b[c] - b[0])) < 1e-9, `image ${i}: gray ${g} vs binary ${b}`);
    assert.ok(g[0] > b[0], 'gray codes more than the bilevel image');
  }
});

test('the gray refinement does not depend on the donor pyramid\'s weights', async () => {
  const donorA = await trainModel(train, { pixelMode: 'binary', maxEpochs: 1, rowsPerEpoch: 2000, hiddenSize: 6, seed: 11 });
  const donorB = await trainModel(train, { pixelMode: 'binary', maxEpochs: 2, rowsPerEpoch: 3000, hiddenSize: 9, seed: 12 });
  const options = { pixelMode: 'gray' as const, maxEpochs: 3, rowsPerEpoch: 2000, refineHiddenSize: 7, seed: 6 };
  const grayA = await trainModel(train, { ...options, levelsFrom: donorA.model });
  const grayB = await trainModel(train, { ...options, levelsFrom: donorB.model });
  const stages = stageShapes(10, 12, 'gray', grayA.model.info.refinementContext);
  let refinementStages = 0;
  stages.forEach((shape, stage) => {
    const a = grayA.model.classStages[0][stage];
    const b = grayB.model.classStages[0][stage];
    if (shape.role === 'level') {
      assert.not.ok(samePredictor(a, b), 'the pyramids differ');
    } else {
      refinementStages++;
      assert.ok(samePredictor(a, b), `refinement stage ${stage} differs between donors`);
    }
  });
  assert.ok(refinementStages >= 1);
  assert.equal(grayA.classes.map((c) => c.epochs), grayB.classes.map((c) => c.epochs));
});

test('training the classes on worker threads gives the same weights as in one thread', async () => {
  const options = { pixelMode: 'binary' as const, maxEpochs: 2, rowsPerEpoch: 2000, hiddenSize: 6, seed: 7 };
  const one = await trainModel(train, { ...options, workers: 1 });
  const two = await trainModel(train, { ...options, workers: 2 });
  assert.equal(two.classes, one.classes);
  one.model.classStages.forEach((stages, c) => stages.forEach((predictor, stage) => {
    assert.ok(samePredictor(predictor, two.model.classStages[c][stage]), `class ${c} stage ${stage} differs between 1 and 2 threads`);
  }));
});

test.run();
