/**
 * A gray model's class must come from its whole code length, gray bits included. On images whose
 * classes have the same silhouettes and differ only in gray texture, the default gray training
 * (a refinement per class) must classify by shortest code, while a refinement shared by all
 * classes cannot: there every class codes the gray bits alike and the silhouette carries nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trainModel } from '../../../src/model/train/index.js';
import type { ArModel } from '../../../src/model/ar-model.js';
import type { ImageSet } from '../../../src/data/types.js';
import { equalSilhouettesDataset } from '../../helpers/synthetic.js';

const HEIGHT = 8;
const WIDTH = 8;
const train = equalSilhouettesDataset(150, HEIGHT, WIDTH, 21);
const held = equalSilhouettesDataset(60, HEIGHT, WIDTH, 22);

function accuracy(model: ArModel, set: ImageSet): number {
  const traversal = model.createTraversal();
  const size = set.height * set.width;
  let correct = 0;
  for (let i = 0; i < set.count; i++) {
    const pixels = set.pixels.subarray(i * size, (i + 1) * size);
    const lengths = [0, 1, 2].map((c) => model.idealCodeLengthBits(pixels, c, traversal));
    if (lengths.indexOf(Math.min(...lengths)) === set.labels![i]) correct++;
  }
  return correct / set.count;
}

test('the silhouettes are equal by construction: every class has the same bilevel distribution', () => {
  const size = HEIGHT * WIDTH;
  const onesByClass = [0, 0, 0];
  const imagesByClass = [0, 0, 0];
  for (let i = 0; i < train.count; i++) {
    for (let p = 0; p < size; p++) {
      const value = train.pixels[i * size + p];
      assert.ok(value === 0 || value >= 128, 'a pixel is either background or above the bilevel threshold');
      if (value) onesByClass[train.labels![i]]++;
    }
    imagesByClass[train.labels![i]]++;
  }
  const means = onesByClass.map((ones, c) => ones / imagesByClass[c]);
  assert.ok(Math.max(...means) / Math.min(...means) < 1.35, `mean silhouette areas ${means}`);
});

test('gray: class-input and per-class refinements classify by texture; a shared refinement cannot', async () => {
  const options = { maxEpochs: 6, rowsPerEpoch: 4000, hiddenSize: 8, refineHiddenSize: 16, seed: 5 };
  const classInput = await trainModel(train, { ...options, pixelMode: 'gray', grayRefinement: 'class-input' });
  const perClass = await trainModel(train, { ...options, pixelMode: 'gray', grayRefinement: 'per-class' });
  const binary = await trainModel(train, { ...options, pixelMode: 'binary' });
  const shared = await trainModel(train, { ...options, pixelMode: 'gray', grayRefinement: 'shared' });
  const onDonor = await trainModel(train, { ...options, pixelMode: 'gray', grayRefinement: 'class-input', levelsFrom: binary.model });
  const classInputAccuracy = accuracy(classInput.model, held);
  const perClassAccuracy = accuracy(perClass.model, held);
  const sharedAccuracy = accuracy(shared.model, held);
  const binaryAccuracy = accuracy(binary.model, held);
  assert.ok(classInputAccuracy >= 0.9, `class-input refinement: ${classInputAccuracy}`);
  assert.ok(accuracy(onDonor.model, held) >= 0.9, 'class-input refinement on a donor pyramid');
  assert.ok(perClassAccuracy >= 0.9, `per-class refinement: ${perClassAccuracy}`);
  assert.ok(binaryAccuracy <= 0.6, `the bilevel pyramid alone should be near chance: ${binaryAccuracy}`);
  assert.ok(sharedAccuracy <= 0.6, `a shared refinement decides by the bilevel image alone: ${sharedAccuracy}`);
  // The shared refinement is one network for every class (so scoring may stop before it); the
  // class-input one is one network per class, its class row folded into the hidden bias.
  const refine = classInput.model.classStages[0].findIndex((_, stage) => stage === classInput.model.classStages[0].length - 2);
  assert.ok(shared.model.sharedStages[refine]);
  assert.not.ok(classInput.model.sharedStages[refine]);
});

test('folding class inputs into hidden biases gives the network the class one-hot would', async () => {
  const { foldClassInputs } = await import('../../../src/model/train/group.js');
  const { Mlp } = await import('../../../src/model/network.js');
  const { SparseFeatures } = await import('../../../src/model/features.js');
  const inputSize = 3;
  const hiddenSize = 4;
  const classCount = 2;
  const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed * 7 + i * 1.3)));
  const trained = new Mlp(inputSize + classCount, hiddenSize, 2, { inputWeights: values((inputSize + classCount) * hiddenSize, 1), hiddenBias: values(hiddenSize, 2), headWeights: values(2 * hiddenSize, 3), headBias: values(2, 4) });
  const folded = foldClassInputs(trained, inputSize, classCount);
  for (let c = 0; c < classCount; c++) {
    const withClass = new SparseFeatures(inputSize + classCount);
    const plain = new SparseFeatures(inputSize);
    for (const [index, value] of [[0, 1], [2, 0.5]] as const) { withClass.push(index, value); plain.push(index, value); }
    withClass.push(inputSize + c, 1);
    trained.setBase(new SparseFeatures(1));
    trained.setInput(withClass);
    folded[c].setBase(new SparseFeatures(1));
    folded[c].setInput(plain);
    for (let head = 0; head < 2; head++) assert.ok(Math.abs(trained.logit(head) - folded[c].logit(head)) < 1e-6, `class ${c} head ${head}`);
  }
});

test('class evidence scaled to 0 is one network object for every class, which fine-tuning leaves alone', async () => {
  const { scaledClassEvidence, refinementBiases, disposeRefinementBiases } = await import('../../../src/model/train/refinement-biases.js');
  const { Mlp } = await import('../../../src/model/network.js');
  const { loadTensorflow } = await import('../../../src/model/tensorflow.js');
  const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed * 7 + i * 1.3)));
  const shared = { inputWeights: values(6, 1), headWeights: values(4, 3), headBias: values(2, 4) };
  const classStages = [0, 1, 2].map((c) => [new Mlp(3, 2, 2, { ...shared, hiddenBias: values(2, 10 + c) })]);
  const shapes = [{ role: 'refine' as const, inputSize: 3, headCount: 2 }];
  const { tf } = await loadTensorflow('auto');
  const half = scaledClassEvidence(classStages, 0, 0.5);
  assert.not.ok(half[0][0] === half[1][0]);
  const tuned = refinementBiases(tf, half, shapes);
  assert.ok(tuned, 'scale 0.5 keeps class biases to tune');
  disposeRefinementBiases(tuned!);
  const none = scaledClassEvidence(classStages, 0, 0);
  assert.ok(none.every((stages) => stages[0] === none[0][0]));
  const mean = [0, 1].map((j) => Math.fround(classStages.reduce((sum, stages) => sum + (stages[0] as InstanceType<typeof Mlp>).hiddenBias[j] / 3, 0)));
  assert.equal(Array.from((none[0][0] as InstanceType<typeof Mlp>).hiddenBias), mean);
  assert.is(refinementBiases(tf, none, shapes), null);
});

test.run();
