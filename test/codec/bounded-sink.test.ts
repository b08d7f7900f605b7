/**
 * Early stopping before the shared suffix (src/codec/bounded-sink.ts) is exact: the byte bound it
 * relies on holds on random streams, including near-certain and near-impossible decisions, and
 * with a shared refinement, pruned scoring and best-class encoding give exactly the winners (and
 * the lengths of every class not stopped) of coding each class in full.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RangeEncoder } from '../../src/coding/index.js';
import { scoreImages, shortestCodeClasses } from '../../src/classify/score.js';
import { RecordCoder } from '../../src/codec/image-record.js';
import { ArModel } from '../../src/model/ar-model.js';
import { SeededRandom } from '../../src/random.js';
import { randomImages, randomModel } from '../helpers/random-model.js';
import { encodeBest, encodeOne, shortestRecordClass } from '../helpers/records.js';

test('a record ends on at least ⌈(I + R − 8 − margin) / 8⌉ bytes, I the information at any point before a suffix of ideal cost R', () => {
  const random = new SeededRandom(5);
  const precision = 16;
  const total = 2 ** precision;
  let tightest = Infinity;
  for (let trial = 0; trial < 3000; trial++) {
    const encoder = new RangeEncoder(precision);
    const probability = () => {
      const u = random.next();
      return u < 0.1 ? 1 : u < 0.2 ? total - 1 : 1 + random.nextInt(total - 1);
    };
    const prefix = random.nextInt(200);
    for (let i = 0; i < prefix; i++) encoder.encodeBit(random.next() < 0.5 ? 1 : 0, probability());
    const information = encoder.codeLengthBits;
    // Decisions between the point and the suffix: their cost is not in R, only in the margin.
    const between = random.nextInt(3) === 0 ? 0 : random.nextInt(300);
    for (let i = 0; i < between; i++) encoder.encodeBit(random.next() < 0.5 ? 1 : 0, probability());
    const suffixDecisions = random.nextInt(400);
    const decisions = between + suffixDecisions;
    let suffixBits = 0;
    for (let i = 0; i < suffixDecisions; i++) {
      const scaledOne = probability();
      // Mostly the likely outcome, sometimes the unlikely one (costs up to 16 bits).
      const likely = scaledOne >= total / 2 ? 1 : 0;
      const bit = random.next() < 0.9 ? likely : 1 - likely;
      encoder.encodeBit(bit, scaledOne);
      suffixBits -= Math.log2((bit ? scaledOne : total - scaledOne) / total);
    }
    const margin = decisions * 2 ** -20 + 1e-3;
    const bound = Math.ceil((information + suffixBits - 8 - margin) / 8);
    const bytes = encoder.finish().length;
    assert.ok(bytes >= bound, `trial ${trial}: ${bytes} bytes, bound ${bound}`);
    tightest = Math.min(tightest, bytes - bound);
  }
  assert.ok(tightest <= 1, `the bound should be close to tight somewhere (closest gap ${tightest} bytes)`);
});

function sharedRefinementModel(classCount: number, seed: number): ArModel {
  const base = randomModel(12, 14, 'gray', classCount, seed, 8, 0.8);
  const stages = base.classStages.map((classStages) => classStages.map((predictor, stage) => (stage >= classStages.length - 2 ? base.classStages[0][stage] : predictor)));
  return new ArModel(base.info, stages);
}

test('scoring with a shared refinement: the suffix bound stops classes, winners and unstopped lengths stay exact', () => {
  const model = sharedRefinementModel(6, 41);
  assert.is(model.sharedSuffixStage, model.sharedStages.length - 2);
  const count = 40;
  const set = { count, height: 12, width: 14, pixels: randomImages(count, 12, 14, 17), labels: null };
  const full = scoreImages(model, set, 0, count);
  const lead = (index: number) => index % 6;
  const pruned = scoreImages(model, set, 0, count, { fullClass: lead });
  assert.equal(Array.from(shortestCodeClasses(pruned, 'real')), Array.from(shortestCodeClasses(full, 'real')));
  assert.equal(Array.from(shortestCodeClasses(pruned, 'ideal')), Array.from(shortestCodeClasses(full, 'ideal')));
  let stopped = 0;
  for (let k = 0; k < count * 6; k++) {
    if (Number.isFinite(pruned.realBits[k])) {
      assert.is(pruned.realBits[k], full.realBits[k]);
      assert.is(pruned.idealBits[k], full.idealBits[k]);
    } else stopped++;
  }
  assert.ok(stopped > count, `most losing classes should stop (stopped ${stopped} of ${count * 5})`);
});

test('best-class encoding with a shared refinement equals the best of coding every class in full', () => {
  const model = sharedRefinementModel(5, 23);
  const coder = new RecordCoder(model);
  const plain = new RecordCoder(model);
  const pixels = randomImages(30, 12, 14, 29);
  for (let i = 0; i < 30; i++) {
    const image = pixels.subarray(i * 168, (i + 1) * 168);
    const each = [0, 1, 2, 3, 4].map((c) => encodeOne(plain, image, c));
    const winner = shortestRecordClass(each);
    const best = encodeBest(coder, image);
    assert.is(best.classIndex, winner, `image ${i}`);
    assert.equal(Array.from(best.bytes), Array.from(each[winner].bytes));
  }
});

test.run();
