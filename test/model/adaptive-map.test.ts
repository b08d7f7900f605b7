/**
 * The adaptive map (src/model/adaptive-map.ts): every p(1) it gives is a valid coder probability at
 * every precision, it starts close to the network's own p(1), learns towards what it sees (and the
 * mixture follows whichever of map and network has coded the image better), forgets
 * on restart, and computes exactly the integers it always has (a pinned digest of a long seeded
 * run: files coded with a map decode only if these never change).
 */
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AdaptiveMap, adaptiveMapProblem, NEW_MODEL_ADAPTIVE_MAP, type AdaptiveMapSpec } from '../../src/model/adaptive-map.js';
import { SeededRandom } from '../../src/random.js';

const SPEC: AdaptiveMapSpec = { stages: 'refinement', rateShift: 2, mixSixteenths: 15 };

test('every p(1) is an integer in [1, 2^P − 1] at every precision up to 16 bits (more is refused), for any input and any history', () => {
  assert.throws(() => new AdaptiveMap(1, 17, SPEC), /≤ 16 bits/);
  const random = new SeededRandom(3);
  for (const precisionBits of [1, 2, 8, 12, 16]) {
    const total = 2 ** precisionBits;
    for (const spec of [SPEC, { ...SPEC, rateShift: 0, mixSixteenths: 16 }, { ...SPEC, rateShift: 8, mixSixteenths: 0 }]) {
      const map = new AdaptiveMap(3, precisionBits, spec);
      for (let i = 0; i < 3000; i++) {
        const u = random.next();
        const scaledOne = total <= 2 ? 1 : u < 0.1 ? 1 : u < 0.2 ? total - 1 : 1 + random.nextInt(total - 1);
        const q = map.probabilityOfOne(random.nextInt(3), scaledOne);
        assert.ok(Number.isInteger(q) && q >= 1 && q <= total - 1, `P ${precisionBits}: ${q} from ${scaledOne}`);
        map.learn(random.next() < 0.97 ? 1 : 0);
      }
    }
  }
});

test('a fresh map gives about the network\'s own p(1); learning moves it towards the outcomes; restart forgets', () => {
  const map = new AdaptiveMap(2, 16, SPEC);
  const logit = (q: number) => Math.log(q / (65536 - q));
  for (const scaledOne of [300, 2000, 20000, 32768, 50000, 64000]) {
    assert.ok(Math.abs(logit(map.probabilityOfOne(0, scaledOne)) - logit(scaledOne)) < 0.05, `${scaledOne}`);
  }
  const before = map.probabilityOfOne(1, 20000);
  for (let i = 0; i < 20; i++) {
    map.probabilityOfOne(1, 20000);
    map.learn(1);
  }
  const after = map.probabilityOfOne(1, 20000);
  assert.ok(after > 50000, `twenty ones in a row: ${before} → ${after}`);
  // Another head has its own curve, still the starting one (the mixture's weight is the stage's).
  assert.ok(Math.abs(map.probabilityOfOne(0, 20000) - before) < 200, 'another head has its own curve');
  map.restart();
  assert.is(map.probabilityOfOne(1, 20000), before);
});

test('the mixture costs at most about a bit more than the network where the map cannot help, and far less where it can', () => {
  const random = new SeededRandom(8);
  const cost = (bit: number, q: number) => -Math.log2(bit ? q / 65536 : 1 - q / 65536);
  for (let trial = 0; trial < 20; trial++) {
    const map = new AdaptiveMap(8, 16, NEW_MODEL_ADAPTIVE_MAP);
    let network = 0, mixed = 0;
    for (let i = 0; i < 1500; i++) {
      // The network knows the true probability of every decision: nothing is left to learn.
      const scaledOne = 1 + random.nextInt(65535);
      const q = map.probabilityOfOne(random.nextInt(8), scaledOne);
      const bit = random.next() * 65536 < scaledOne ? 1 : 0;
      network += cost(bit, scaledOne);
      mixed += cost(bit, q);
      map.learn(bit);
    }
    assert.ok(mixed <= network + 1.5, `trial ${trial}: mixture ${mixed.toFixed(2)} bits, network ${network.toFixed(2)}`);
  }
  const map = new AdaptiveMap(1, 16, NEW_MODEL_ADAPTIVE_MAP);
  let network = 0, mixed = 0;
  for (let i = 0; i < 1500; i++) {
    // The network says 1/2; this image's decisions are 1 nineteen times in twenty.
    const q = map.probabilityOfOne(0, 32768);
    const bit = random.next() < 0.95 ? 1 : 0;
    network += cost(bit, 32768);
    mixed += cost(bit, q);
    map.learn(bit);
  }
  assert.ok(mixed < 0.5 * network, `mixture ${mixed.toFixed(1)} bits, network ${network.toFixed(1)}`);
});

test('the same integers as ever: digest of a seeded run at 8, 12 and 16 bits', () => {
  const hash = createHash('sha256');
  const random = new SeededRandom(11);
  for (const precisionBits of [8, 12, 16]) {
    const total = 2 ** precisionBits;
    const map = new AdaptiveMap(4, precisionBits, NEW_MODEL_ADAPTIVE_MAP);
    for (let i = 0; i < 20000; i++) {
      if (i % 5000 === 0) map.restart();
      const scaledOne = 1 + random.nextInt(total - 1);
      const q = map.probabilityOfOne(random.nextInt(4), scaledOne);
      hash.update(`${q},`);
      map.learn(random.next() * total < scaledOne ? 1 : 0);
    }
  }
  assert.is(NEW_MODEL_ADAPTIVE_MAP.rateShift, 2);
  assert.is(NEW_MODEL_ADAPTIVE_MAP.mixSixteenths, 15);
  assert.is(hash.digest('hex'), 'afb46ee375d4f0a80e0aab78de465c57882b132361677613eebd0ea5c4f38e05');
});

test('specs other than a refinement map of rateShift 0 … 8 and mixSixteenths 0 … 16 are named as the problem', () => {
  assert.is(adaptiveMapProblem(SPEC), null);
  assert.match(adaptiveMapProblem(null)!, /not an object/);
  assert.match(adaptiveMapProblem({ ...SPEC, stages: 'levels' })!, /stages 'levels'/);
  assert.match(adaptiveMapProblem({ ...SPEC, rateShift: 9 })!, /rateShift 9/);
  assert.match(adaptiveMapProblem({ ...SPEC, rateShift: 1.5 })!, /rateShift 1.5/);
  assert.match(adaptiveMapProblem({ ...SPEC, mixSixteenths: -1 })!, /mixSixteenths -1/);
  assert.match(adaptiveMapProblem({ ...SPEC, contexts: 2 })!, /unknown field 'contexts'/);
});

test.run();
