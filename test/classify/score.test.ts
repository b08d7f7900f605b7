import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeImage } from '../../src/codec/image-codec.js';
import { scoreImages, shortestCodeClasses } from '../../src/classify/score.js';
import { ArModel } from '../../src/model/ar-model.js';
import { randomImages, randomModel } from '../helpers/random-model.js';

test('scoring with shared stages replayed gives exactly the lengths of coding each class alone', () => {
  const base = randomModel(14, 12, 'gray', 3, 8);
  // Share the refinement stages (the last two) of class 0 with every class, as a gray model
  // trained with --levels-from does.
  const stages = base.classStages.map((classStages) => classStages.map((predictor, stage) => (stage >= classStages.length - 2 ? base.classStages[0][stage] : predictor)));
  const model = new ArModel(base.info, stages);
  assert.equal(model.sharedStages, [false, false, true, true]);
  const pixels = randomImages(5, 14, 12, 3);
  const set = { count: 5, height: 14, width: 12, pixels, labels: null };
  const lengths = scoreImages(model, set, 0, 5);
  const traversal = model.createTraversal();
  for (let i = 0; i < 5; i++) {
    for (let c = 0; c < 3; c++) {
      const alone = encodeImage(model, c, pixels.subarray(i * 168, (i + 1) * 168), traversal);
      assert.is(lengths.idealBits[i * 3 + c], alone.idealCodeLengthBits, `image ${i} class ${c} ideal`);
      assert.is(lengths.realBits[i * 3 + c], alone.bytes.length * 8, `image ${i} class ${c} real`);
    }
  }
});

test('shortest code: real length first, ties broken by ideal length, then by class order', () => {
  const lengths = {
    imageCount: 3,
    classCount: 3,
    realBits: Float64Array.from([16, 8, 8, 24, 24, 24, 8, 16, 24]),
    idealBits: Float64Array.from([14, 7.5, 6.9, 20, 19, 19, 9.5, 7, 20]),
  };
  assert.equal(Array.from(shortestCodeClasses(lengths, 'real')), [2, 1, 0]);
  assert.equal(Array.from(shortestCodeClasses(lengths, 'ideal')), [2, 1, 1]);
});

test('stopping hopeless classes early keeps the winner and the fully scored class exact', () => {
  const model = randomModel(12, 12, 'binary', 5, 33, 8, 1);
  const pixels = randomImages(30, 12, 12, 9);
  const set = { count: 30, height: 12, width: 12, pixels, labels: null };
  const full = scoreImages(model, set, 0, 30);
  const lead = (index: number) => index % 5;
  const pruned = scoreImages(model, set, 0, 30, { fullClass: lead });
  assert.equal(Array.from(shortestCodeClasses(pruned, 'real')), Array.from(shortestCodeClasses(full, 'real')));
  assert.equal(Array.from(shortestCodeClasses(pruned, 'ideal')), Array.from(shortestCodeClasses(full, 'ideal')));
  let stopped = 0;
  for (let i = 0; i < 30; i++) {
    for (let c = 0; c < 5; c++) {
      const k = i * 5 + c;
      if (c === lead(i) || Number.isFinite(pruned.realBits[k])) {
        assert.is(pruned.realBits[k], full.realBits[k]);
        assert.is(pruned.idealBits[k], full.idealBits[k]);
      } else {
        stopped++;
        assert.is(pruned.idealBits[k], Infinity);
      }
    }
  }
  assert.ok(stopped > 0, 'some classes should stop early');
});

test('a gray model whose refinement table alone is shared has no shared suffix: its networks take turns with the table', () => {
  const base = randomModel(10, 10, 'gray', 4, 21);
  // As a class-input refinement gives: each class its own refinement network, one table for all.
  const last = base.classStages[0].length - 1;
  const stages = base.classStages.map((classStages) => classStages.map((predictor, stage) => (stage === last ? base.classStages[0][stage] : predictor)));
  const model = new ArModel(base.info, stages);
  assert.is(model.sharedStages[last], true);
  assert.is(model.sharedSuffixStage, -1);
  const pixels = randomImages(24, 10, 10, 5);
  const set = { count: 24, height: 10, width: 10, pixels, labels: null };
  const full = scoreImages(model, set, 0, 24);
  for (let lead = 0; lead < 4; lead++) {
    const pruned = scoreImages(model, set, 0, 24, { fullClass: () => lead });
    assert.equal(Array.from(shortestCodeClasses(pruned, 'real')), Array.from(shortestCodeClasses(full, 'real')));
    assert.equal(Array.from(shortestCodeClasses(pruned, 'ideal')), Array.from(shortestCodeClasses(full, 'ideal')));
  }
});

test.run();
