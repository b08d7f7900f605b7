/**
 * A pyramid shared across classes (TrainingGroup.classInputLevels): one network per level, trained
 * on every class's images with the class as one-hot inputs, folded into one network per class.
 * The folded networks differ in their hidden biases only, and the class inputs carry the class:
 * the folded model classifies by shortest code, which no single network for every class can.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArModel, MODEL_PRECISION_BITS } from '../../../src/model/ar-model.js';
import type { ImageSet } from '../../../src/data/types.js';
import type { Mlp } from '../../../src/model/network.js';
import { loadTensorflow } from '../../../src/model/tensorflow.js';
import { ImageTraversal, stageShapes } from '../../../src/model/traversal.js';
import { trainingSplit } from '../../../src/model/train/class-split.js';
import { trainGroup } from '../../../src/model/train/group.js';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/model/train/options.js';
import { barsDataset } from '../../helpers/synthetic.js';

const HEIGHT = 10;
const WIDTH = 12;
const train = barsDataset(120, HEIGHT, WIDTH, 31, 3);
const held = barsDataset(45, HEIGHT, WIDTH, 32, 3);

function accuracy(model: ArModel, set: ImageSet): number {
  const traversal = model.createTraversal();
  const size = set.height * set.width;
  let correct = 0;
  for (let i = 0; i < set.count; i++) {
    const lengths = [0, 1, 2].map((c) => model.idealCodeLengthBits(set.pixels.subarray(i * size, (i + 1) * size), c, traversal));
    if (lengths.indexOf(Math.min(...lengths)) === set.labels![i]) correct++;
  }
  return correct / set.count;
}

test('class-input levels: one network per level folded per class, hidden biases apart, classifying by shortest code', async () => {
  const { tf } = await loadTensorflow('auto');
  const options = { ...DEFAULT_TRAIN_OPTIONS, pixelMode: 'binary' as const, maxEpochs: 6, rowsPerEpoch: 1500, hiddenSize: 8, seed: 4 };
  const split = trainingSplit(train, options);
  const context = { tf, set: train, split, options, shapes: stageShapes(HEIGHT, WIDTH, 'binary'), traversal: new ImageTraversal(HEIGHT, WIDTH, 'binary') };
  const group = { name: 'all', labels: split.labels, classIndices: [0, 1, 2], classInputLevels: true };
  const result = trainGroup(context, group, 0, () => {});
  assert.is(result.stagesByClass.length, 3);
  result.stagesByClass[0].forEach((stage, s) => {
    const [a, b, c] = result.stagesByClass.map((stages) => stages[s] as Mlp);
    assert.is(a.inputSize, context.shapes[s].inputSize, 'the class inputs are folded away');
    assert.equal([...b.inputWeights], [...a.inputWeights]);
    assert.equal([...c.headWeights], [...a.headWeights]);
    assert.equal([...c.headBias], [...a.headBias]);
    assert.not.equal([...b.hiddenBias], [...a.hiddenBias], 'each class has its own hidden biases');
  });
  const model = new ArModel({ pixelMode: 'binary', height: HEIGHT, width: WIDTH, classLabels: split.labels, precisionBits: MODEL_PRECISION_BITS, fingerprint: '', arithmetic: 'float32' }, result.stagesByClass);
  const measured = accuracy(model, held);
  assert.ok(measured >= 0.75, `class-input levels classify held-out bars: ${measured}`);
  const single = trainGroup(context, { ...group, classInputLevels: false }, 0, () => {});
  assert.ok(accuracy(new ArModel(model.info, single.stagesByClass), held) <= 0.5, 'without class inputs every class codes alike');
});

test.run();
