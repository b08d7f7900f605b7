/**
 * The guarantees of src/probability/scaled-probability.ts, the only place where coder integers are
 * made, tested on exactly the functions the coding path calls, at every precision the coder takes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_PRECISION_BITS, MIN_PRECISION_BITS, isValidPrecisionBits } from '../../src/probability/precision.js';
import { bitCodeLengthBits, classIndexCdf, codeLengthBits, logitToScaledProbability, scaledProbabilityFromCounts } from '../../src/probability/scaled-probability.js';
import { InvariantError } from '../../src/errors.js';
import { SeededRandom } from '../../src/random.js';

const PRECISIONS = Array.from({ length: MAX_PRECISION_BITS - MIN_PRECISION_BITS + 1 }, (_, i) => MIN_PRECISION_BITS + i);
const inRange = (scaled: number, precision: number) => Number.isInteger(scaled) && scaled >= 1 && scaled <= 2 ** precision - 1;

test('the coder takes precisions 1 to 24 bits, integers only', () => {
  assert.equal(PRECISIONS.filter(isValidPrecisionBits), PRECISIONS);
  for (const bad of [0, 25, 16.5, NaN, -1]) assert.not.ok(isValidPrecisionBits(bad), String(bad));
});

test('a probability from a logit is an integer in [1, 2^P − 1] at every precision, NaN and infinities included', () => {
  const random = new SeededRandom(3);
  const logits = [-1e300, -1e9, -745, -708, -50, -1e-300, -0, 0, 1e-300, 50, 708, 745, 1e9, 1e300, NaN, Infinity, -Infinity];
  for (let i = 0; i < 2000; i++) logits.push((random.next() - 0.5) * 60);
  for (const precision of PRECISIONS) {
    for (const logit of logits) assert.ok(inRange(logitToScaledProbability(logit, precision), precision), `logit ${logit} at ${precision} bits`);
    assert.is(logitToScaledProbability(0, precision), Math.max(1, Math.min(2 ** (precision - 1), 2 ** precision - 1)));
  }
});

test('a probability from counts is an integer in [1, 2^P − 1] and follows (ones + ½) / (count + 1)', () => {
  for (const precision of PRECISIONS) {
    for (const count of [0, 1, 2, 7, 100, 1e6, 2 ** 40]) {
      for (const ones of [0, 1, Math.floor(count / 2), count]) {
        if (ones > count) continue;
        const scaled = scaledProbabilityFromCounts(ones, count, precision);
        assert.ok(inRange(scaled, precision), `${ones}/${count} at ${precision} bits`);
        const exact = ((ones + 0.5) / (count + 1)) * 2 ** precision;
        if (exact >= 1 && exact <= 2 ** precision - 1) assert.ok(Math.abs(scaled - exact) <= 0.5, `${ones}/${count} at ${precision} bits: ${scaled} for ${exact}`);
      }
    }
  }
});

test('the class-index table starts at 0, ends at 2^P and gives every class a width ≥ 1', () => {
  for (const precision of PRECISIONS) {
    const total = 2 ** precision;
    for (const classCount of [1, 2, 3, 10, 255, 256, 1000, total].filter((n) => n <= total)) {
      const cdf = classIndexCdf(classCount, precision);
      assert.is(cdf[0], 0);
      assert.is(cdf[classCount], total);
      for (let c = 0; c < classCount; c++) assert.ok(cdf[c + 1] - cdf[c] >= 1, `class ${c} of ${classCount} at ${precision} bits`);
    }
    assert.throws(() => classIndexCdf(total + 1, precision), (error: unknown) => error instanceof InvariantError);
  }
});

test('the code length of an integer probability is −log2(f / 2^P) to an ulp, exact at powers of two; both outcomes of a bit together cost ≥ 2 bits', () => {
  for (const precision of PRECISIONS) {
    const total = 2 ** precision;
    assert.is(codeLengthBits(total, precision), 0);
    assert.is(codeLengthBits(1, precision), precision);
    for (const scaledOne of [1, Math.max(1, total >> 1), total - 1]) {
      const one = bitCodeLengthBits(1, scaledOne, precision);
      const zero = bitCodeLengthBits(0, scaledOne, precision);
      // P − log2 f: within an ulp of P (the subtraction cancels; absolute error ≤ 2^−52·P bits).
      const close = (a: number, b: number) => Math.abs(a - b) <= 2 * Number.EPSILON * precision;
      assert.ok(close(one, -Math.log2(scaledOne / total)), `one at ${precision} bits, p(1) = ${scaledOne}`);
      assert.ok(close(zero, -Math.log2((total - scaledOne) / total)), `zero at ${precision} bits, p(1) = ${scaledOne}`);
      assert.ok(one + zero >= 2 - 1e-12, `at ${precision} bits, p(1) = ${scaledOne}`);
    }
  }
});

test.run();
