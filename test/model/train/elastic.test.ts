import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { distortImage } from '../../../src/model/train/distortions.js';
import { NO_ELASTIC, parseElasticRange, randomDisplacementField } from '../../../src/model/train/elastic.js';
import { trainModel } from '../../../src/model/train/index.js';
import { samePredictor } from '../../../src/model/network.js';
import { SeededRandom } from '../../../src/random.js';
import { barsDataset } from '../../helpers/synthetic.js';

const NONE = { rotationRadians: 0, scale: 1, slant: 0 };

test('a field has the rms length asked for, and the same seed gives the same field', () => {
  const field = randomDisplacementField(new SeededRandom(5), 28, 28, { rmsPixels: 1.5, sigmaPixels: 4 });
  let squares = 0;
  for (let i = 0; i < 28 * 28; i++) squares += field.rowsPixels[i] ** 2 + field.columnsPixels[i] ** 2;
  assert.ok(Math.abs(Math.sqrt(squares / (28 * 28)) - 1.5) < 1e-9);
  const again = randomDisplacementField(new SeededRandom(5), 28, 28, { rmsPixels: 1.5, sigmaPixels: 4 });
  assert.equal([...again.rowsPixels], [...field.rowsPixels]);
  assert.equal([...again.columnsPixels], [...field.columnsPixels]);
});

test('a field is smooth: neighbours move together, far more than unsmoothed noise would', () => {
  const steps = (sigmaPixels: number) => {
    const { columnsPixels } = randomDisplacementField(new SeededRandom(8), 28, 28, { rmsPixels: 1, sigmaPixels });
    let sum = 0;
    for (let r = 0; r < 28; r++) for (let c = 0; c + 1 < 28; c++) sum += Math.abs(columnsPixels[r * 28 + c + 1] - columnsPixels[r * 28 + c]);
    return sum / (28 * 27);
  };
  assert.ok(steps(4) < 0.5 * steps(0.5), `${steps(4)} vs ${steps(0.5)}`);
});

test('a zero field leaves the affine distortion as it was; a field moves pixels', () => {
  const image = Uint8Array.from({ length: 100 }, (_, i) => (i * 53) % 256);
  const plain = distortImage(image, 10, 10, NONE, new Uint8Array(100));
  const zero = randomDisplacementField(new SeededRandom(1), 10, 10, { rmsPixels: 0, sigmaPixels: 2 });
  assert.equal([...distortImage(image, 10, 10, NONE, new Uint8Array(100), zero)], [...plain]);
  const bent = randomDisplacementField(new SeededRandom(1), 10, 10, { rmsPixels: 1, sigmaPixels: 2 });
  assert.not.equal([...distortImage(image, 10, 10, NONE, new Uint8Array(100), bent)], [...plain]);
});

test('an elastic range is RMS,SIGMA in pixels; anything else is refused', () => {
  assert.equal(parseElasticRange('1.5,4'), { rmsPixels: 1.5, sigmaPixels: 4 });
  assert.equal(parseElasticRange(' 0 , 4'), { rmsPixels: 0, sigmaPixels: 4 });
  for (const bad of ['1.5', '1.5,4,1', 'a,4', ',4', '-1,4', '17,4', '1,0.1', '1,100']) {
    assert.throws(() => parseElasticRange(bad), /elastic range|RMS,SIGMA/, bad);
  }
});

test('elastic fields change the trained pyramid, and only when asked for', async () => {
  const train = barsDataset(60, 10, 12, 1, 3);
  const options = { pixelMode: 'binary' as const, maxEpochs: 1, rowsPerEpoch: 3000, hiddenSize: 6, seed: 3, distortedCopies: 2 };
  const affine = await trainModel(train, options);
  const again = await trainModel(train, { ...options, elasticRange: NO_ELASTIC });
  const elastic = await trainModel(train, { ...options, elasticRange: { rmsPixels: 1, sigmaPixels: 2 } });
  assert.ok(samePredictor(affine.model.classStages[0][1], again.model.classStages[0][1]));
  assert.not.ok(samePredictor(affine.model.classStages[0][1], elastic.model.classStages[0][1]));
});

test.run();
