/**
 * Trial codings from one point of a stream (RangeEncoder.checkpoint / restore), the length a
 * stream would end on (finishedByteLength) and the exact comparison of two points' information
 * (compareInformation): what a record of several images needs to choose each image's class.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RangeEncoder } from '../../src/coding/index.js';
import { compareInformation } from '../../src/coding/range-encoder.js';
import { SeededRandom } from '../../src/random.js';
import { type CodingStep, encodeSteps, randomBitSteps, randomCdfSteps } from './helpers.js';

function encodeInto(encoder: RangeEncoder, steps: readonly CodingStep[]): void {
  for (const step of steps) {
    if (step.kind === 'bit') encoder.encodeBit(step.bit, step.probabilityOfOneScaled);
    else encoder.encodeWithCdf(step.cdf, step.symbol);
  }
}

/** Steps with long runs of near-certain bits (many held 0xFF bytes and carries) mixed with symbols. */
function mixedSteps(random: SeededRandom, count: number): CodingStep[] {
  const steps: CodingStep[] = [];
  while (steps.length < count) {
    const kind = random.nextInt(3);
    if (kind === 0) steps.push(...randomCdfSteps(random, 1 + random.nextInt(8), 1 + random.nextInt(40), 16));
    else if (kind === 1) steps.push(...randomBitSteps(random, 1 + random.nextInt(50), 16, () => 1 - 2 ** -(1 + 15 * random.next())));
    else steps.push(...randomBitSteps(random, 1 + random.nextInt(20), 16, () => random.next()));
  }
  return steps.slice(0, count);
}

test('coding from a checkpoint, trying others and restoring the best gives the bytes of coding it alone', () => {
  const random = new SeededRandom(3);
  for (let trial = 0; trial < 200; trial++) {
    const prefix = mixedSteps(random, random.nextInt(300));
    const kept = mixedSteps(random, random.nextInt(300));
    const tried = mixedSteps(random, random.nextInt(300));
    const after = mixedSteps(random, random.nextInt(300));
    const encoder = new RangeEncoder(16);
    encodeInto(encoder, prefix);
    const start = encoder.checkpoint();
    encodeInto(encoder, kept);
    const best = encoder.checkpoint(start);
    encoder.restore(start);
    encodeInto(encoder, tried);
    encoder.finishedByteLength; // leaves the encoder as it is
    encoder.restore(start);
    encoder.restore(best);
    encodeInto(encoder, after);
    assert.equal(Array.from(encoder.finish()), Array.from(encodeSteps([...prefix, ...kept, ...after], 16)), `trial ${trial}`);
  }
});

test('finishedByteLength is the length finish() gives, at every point of a stream', () => {
  const random = new SeededRandom(4);
  for (let trial = 0; trial < 40; trial++) {
    const steps = mixedSteps(random, 1 + random.nextInt(400));
    const encoder = new RangeEncoder(16);
    for (let k = 0; k <= steps.length; k++) {
      if (k % 7 === 0 || k === steps.length) assert.is(encoder.finishedByteLength, encodeSteps(steps.slice(0, k), 16).length, `trial ${trial}, ${k} steps`);
      if (k < steps.length) encodeInto(encoder, [steps[k]]);
    }
  }
});

test('compareInformation orders points by their information, exactly', () => {
  const random = new SeededRandom(5);
  let strict = 0;
  for (let trial = 0; trial < 500; trial++) {
    const prefix = mixedSteps(random, random.nextInt(100));
    const encoder = new RangeEncoder(16);
    encodeInto(encoder, prefix);
    const start = encoder.checkpoint();
    const points = [0, 1].map(() => {
      encoder.restore(start);
      encodeInto(encoder, mixedSteps(random, random.nextInt(60)));
      return { point: encoder.checkpoint(start), bits: encoder.codeLengthBits };
    });
    const [a, b] = points;
    const order = compareInformation(a.point, b.point);
    assert.is(order, -compareInformation(b.point, a.point));
    assert.is(compareInformation(a.point, a.point), 0);
    if (Math.abs(a.bits - b.bits) > 1e-9) {
      strict++;
      assert.is(order, Math.sign(a.bits - b.bits), `trial ${trial}: ${a.bits} against ${b.bits}`);
    }
  }
  assert.ok(strict > 400);
});

test.run();
