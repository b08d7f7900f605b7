import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordCoder } from '../../src/codec/image-record.js';
import { ArModel } from '../../src/model/ar-model.js';
import { randomImages, randomModel } from '../helpers/random-model.js';
import { decodeOne, encodeBest, encodeOne } from '../helpers/records.js';

test('best-class records with shared stages equal the shortest of coding each class alone, and decode', () => {
  const base = randomModel(12, 14, 'gray', 4, 21, 8, 0.8);
  const stages = base.classStages.map((classStages) => classStages.map((predictor, stage) => (stage >= classStages.length - 2 ? base.classStages[0][stage] : predictor)));
  const model = new ArModel(base.info, stages);
  const coder = new RecordCoder(model);
  const plain = new RecordCoder(model);
  const pixels = randomImages(8, 12, 14, 5);
  for (let i = 0; i < 8; i++) {
    const image = pixels.subarray(i * 168, (i + 1) * 168);
    const best = encodeBest(coder, image);
    const each = [0, 1, 2, 3].map((c) => encodeOne(plain, image, c));
    const shortest = Math.min(...each.map((record) => record.bytes.length));
    assert.is(best.bytes.length, shortest);
    assert.equal(Array.from(best.bytes), Array.from(each[best.classIndex].bytes));
    const decoded = decodeOne(coder, best.bytes);
    assert.is(decoded.classIndex, best.classIndex);
    assert.equal(Array.from(decoded.pixels), Array.from(image));
  }
});

test.run();
