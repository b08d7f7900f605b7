/**
 * Coding with an adaptive map over the gray refinement (src/model/adaptive-map.ts): records
 * decode to the very pixels with every evaluator, the real length stays within a small constant
 * of Σ −log2 q, the map changes what is coded (it is applied), and pruned scoring with a shared
 * refinement still finds exactly the classes and lengths of scoring every class in full.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordCoder } from '../../src/codec/image-record.js';
import { scoreImages, shortestCodeClasses } from '../../src/classify/score.js';
import { ArModel } from '../../src/model/ar-model.js';
import { NEW_MODEL_ADAPTIVE_MAP } from '../../src/model/adaptive-map.js';
import { randomImages, randomModel } from '../helpers/random-model.js';
import { decodeOne, encodeBest, encodeOne, shortestRecordClass } from '../helpers/records.js';

const HEIGHT = 12;
const WIDTH = 14;
const SIZE = HEIGHT * WIDTH;

function mappedModel(shared: boolean, evaluator: 'js' | 'wasm', adaptive = true): ArModel {
  const base = randomModel(HEIGHT, WIDTH, 'gray', 4, 31, 8, 0.8);
  const stages = base.classStages.map((classStages) => classStages.map((predictor, stage) => (shared && stage >= classStages.length - 2 ? base.classStages[0][stage] : predictor)));
  return new ArModel({ ...base.info, ...(adaptive ? { adaptiveMap: NEW_MODEL_ADAPTIVE_MAP } : {}) }, stages, { evaluator });
}

/** Images whose gray levels repeat within an image (what a map learns), as a photograph's do. */
function shadedImages(count: number, seed: number): Uint8Array {
  const pixels = randomImages(count, HEIGHT, WIDTH, seed);
  for (let i = 0; i < count; i++) {
    const level = 130 + ((i * 37) % 120);
    for (let p = i * SIZE; p < (i + 1) * SIZE; p++) if (pixels[p] >= 128 && p % 3 !== 0) pixels[p] = level;
  }
  return pixels;
}

for (const shared of [true, false]) {
  test(`${shared ? 'shared' : 'per-class'} refinement with a map: js and wasm code the same bytes, which decode exactly and cost Σ −log2 q + a few bits`, () => {
    const js = new RecordCoder(mappedModel(shared, 'js'));
    const wasm = new RecordCoder(mappedModel(shared, 'wasm'));
    const unmapped = new RecordCoder(mappedModel(shared, 'js', false));
    const jsModel = mappedModel(shared, 'js');
    const pixels = shadedImages(10, 7);
    let changed = 0;
    for (let i = 0; i < 10; i++) {
      const image = pixels.subarray(i * SIZE, (i + 1) * SIZE);
      for (const classIndex of [0, 3]) {
        const record = encodeOne(js, image, classIndex);
        assert.equal(Array.from(encodeOne(wasm, image, classIndex).bytes), Array.from(record.bytes), `image ${i}, class ${classIndex}`);
        const decoded = decodeOne(wasm, record.bytes);
        assert.is(decoded.classIndex, classIndex);
        assert.equal(Array.from(decoded.pixels), Array.from(image));
        const ideal = jsModel.idealCodeLengthBits(image, classIndex);
        assert.is(record.imageIdealBits, ideal, 'the scorer and the encoder see the same probabilities');
        // The record holds the class index and the image; its end is cut to whole bytes (± 8 bits).
        const realBits = 8 * record.bytes.length;
        const idealBits = ideal + record.classIndexBits;
        assert.ok(realBits >= idealBits - 8 && realBits <= idealBits + 16, `real ${realBits} bits, ideal ${idealBits}`);
        if (Buffer.compare(Buffer.from(encodeOne(unmapped, image, classIndex).bytes), Buffer.from(record.bytes)) !== 0) changed++;
      }
    }
    assert.is(changed, 20, 'the map changes every record');
    const best = encodeBest(js, pixels.subarray(0, SIZE));
    assert.equal(Array.from(decodeOne(js, best.bytes).pixels), Array.from(pixels.subarray(0, SIZE)));
  });
}

test('best-class encoding with a shared mapped refinement equals the best of coding every class in full', () => {
  const coder = new RecordCoder(mappedModel(true, 'wasm'));
  const plain = new RecordCoder(mappedModel(true, 'js'));
  const pixels = shadedImages(24, 13);
  for (let i = 0; i < 24; i++) {
    const image = pixels.subarray(i * SIZE, (i + 1) * SIZE);
    const each = [0, 1, 2, 3].map((c) => encodeOne(plain, image, c));
    const winner = shortestRecordClass(each);
    const best = encodeBest(coder, image);
    assert.is(best.classIndex, winner, `image ${i}`);
    assert.equal(Array.from(best.bytes), Array.from(each[winner].bytes));
  }
});

test('scoring with a shared mapped refinement: pruned scoring gives the winners and unstopped lengths of full scoring', () => {
  const model = mappedModel(true, 'wasm');
  assert.is(model.sharedSuffixStage, model.sharedStages.length - 2);
  const count = 30;
  const set = { count, height: HEIGHT, width: WIDTH, pixels: shadedImages(count, 9), labels: null };
  const full = scoreImages(model, set, 0, count);
  const pruned = scoreImages(model, set, 0, count, { fullClass: (index) => index % 4 });
  assert.equal(Array.from(shortestCodeClasses(pruned, 'real')), Array.from(shortestCodeClasses(full, 'real')));
  assert.equal(Array.from(shortestCodeClasses(pruned, 'ideal')), Array.from(shortestCodeClasses(full, 'ideal')));
  for (let k = 0; k < count * 4; k++) {
    if (!Number.isFinite(pruned.realBits[k])) continue;
    assert.is(pruned.realBits[k], full.realBits[k]);
    assert.is(pruned.idealBits[k], full.idealBits[k]);
  }
  for (let i = 0; i < count; i++) {
    const image = set.pixels.subarray(i * SIZE, (i + 1) * SIZE);
    for (let c = 0; c < 4; c++) assert.is(full.idealBits[i * 4 + c], model.idealCodeLengthBits(image, c), 'scoring one image after another restarts the map');
  }
});

test.run();
