import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_DISTORTION_RANGE, centreOfMass, distortImage, parseDistortionRange, randomDistortion } from '../../../src/model/train/distortions.js';
import { trainModel } from '../../../src/model/train/index.js';
import { samePredictor } from '../../../src/model/network.js';
import { SeededRandom } from '../../../src/random.js';
import { barsDataset } from '../../helpers/synthetic.js';

test('no distortion gives the image back exactly', () => {
  const image = Uint8Array.from({ length: 30 }, (_, i) => (i * 37) % 256);
  const out = distortImage(image, 5, 6, { rotationRadians: 0, scale: 1, slant: 0 }, new Uint8Array(30));
  assert.equal([...out], [...image]);
});

test('distortions turn about the centre of mass: a lone pixel stays where it is', () => {
  const image = new Uint8Array(49);
  image[2 * 7 + 4] = 200;
  assert.equal(centreOfMass(image, 7, 7), [2, 4]);
  const random = new SeededRandom(9);
  for (let k = 0; k < 5; k++) {
    const out = distortImage(image, 7, 7, randomDistortion(random), new Uint8Array(49));
    assert.is(out[2 * 7 + 4], 200);
  }
});

test('a quarter turn moves a pixel right of the centre to above it', () => {
  const image = new Uint8Array(49);
  image[3 * 7 + 3] = 100;
  image[3 * 7 + 5] = 100;
  // Centre of mass (3, 4): the pixels at columns 3 and 5 turn to rows 4 and 2 of column 4.
  const out = distortImage(image, 7, 7, { rotationRadians: Math.PI / 2, scale: 1, slant: 0 }, new Uint8Array(49));
  assert.is(out[2 * 7 + 4], 100);
  assert.is(out[4 * 7 + 4], 100);
  assert.is(out.reduce((sum, v) => sum + v, 0), 200);
});

test('a distortion range is DEGREES,SCALE,SLANT; draws stay inside it; anything else is refused', () => {
  assert.equal(parseDistortionRange('10,0.1,0.15'), DEFAULT_DISTORTION_RANGE);
  const range = parseDistortionRange('20, 0.2, 0.4');
  assert.equal(range, { maxRotationDegrees: 20, maxScaleChange: 0.2, maxSlant: 0.4 });
  const random = new SeededRandom(3);
  let widest = 0;
  for (let k = 0; k < 200; k++) {
    const { rotationRadians, scale, slant } = randomDistortion(random, range);
    assert.ok(Math.abs(rotationRadians) <= (20 * Math.PI) / 180 && Math.abs(scale - 1) <= 0.2 && Math.abs(slant) <= 0.4);
    widest = Math.max(widest, Math.abs(rotationRadians));
  }
  assert.ok(widest > (10 * Math.PI) / 180, 'the wider range is used');
  for (const bad of ['10,0.1', '10,0.1,0.15,1', 'a,0.1,0.15', '10,,0.15', '-1,0.1,0.15', '91,0.1,0.15', '10,1,0.15']) {
    assert.throws(() => parseDistortionRange(bad), /distortion range|DEGREES,SCALE,SLANT/, bad);
  }
});

test('distorted copies change the trained pyramid, and only when asked for', async () => {
  const train = barsDataset(60, 10, 12, 1, 3);
  const options = { pixelMode: 'binary' as const, maxEpochs: 1, rowsPerEpoch: 3000, hiddenSize: 6, seed: 3 };
  const plain = await trainModel(train, options);
  const again = await trainModel(train, { ...options, distortedCopies: 0 });
  const distorted = await trainModel(train, { ...options, distortedCopies: 2 });
  assert.ok(samePredictor(plain.model.classStages[0][1], again.model.classStages[0][1]));
  assert.not.ok(samePredictor(plain.model.classStages[0][1], distorted.model.classStages[0][1]));
});

test.run();
