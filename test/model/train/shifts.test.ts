import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ONE_PIXEL_SHIFTS, shiftImage } from '../../../src/model/train/shifts.js';
import { trainModel } from '../../../src/model/train/index.js';
import { samePredictor } from '../../../src/model/network.js';
import { barsDataset } from '../../helpers/synthetic.js';

test('one-pixel shifts move every pixel by one and bring in zeros', () => {
  // 2 × 3: 1 2 3 / 4 5 6
  const image = Uint8Array.of(1, 2, 3, 4, 5, 6);
  const out = new Uint8Array(6);
  const moved = ONE_PIXEL_SHIFTS.map(([rows, columns]) => [...shiftImage(image, 2, 3, rows, columns, out)]);
  assert.equal(moved, [
    [4, 5, 6, 0, 0, 0], // up
    [0, 0, 0, 1, 2, 3], // down
    [2, 3, 0, 5, 6, 0], // left
    [0, 1, 2, 0, 4, 5], // right
  ]);
});

test('shift augmentation changes the trained networks, and only when asked for', async () => {
  const train = barsDataset(60, 10, 12, 1, 3);
  const options = { pixelMode: 'binary' as const, maxEpochs: 1, rowsPerEpoch: 3000, hiddenSize: 6, seed: 3 };
  const plain = await trainModel(train, options);
  const again = await trainModel(train, { ...options, shiftAugmentation: false });
  const shifted = await trainModel(train, { ...options, shiftAugmentation: true });
  assert.ok(samePredictor(plain.model.classStages[0][1], again.model.classStages[0][1]));
  assert.not.ok(samePredictor(plain.model.classStages[0][1], shifted.model.classStages[0][1]));
});

test.run();
