import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactExp, exactSigmoid, logitToScaledProbability } from '../../src/model/exact-math.js';

test('exactExp agrees with Math.exp to a few ulps over [-700, 700]', () => {
  for (let x = -700; x <= 700; x += 0.37) {
    const expected = Math.exp(x);
    const relative = Math.abs(exactExp(x) - expected) / expected;
    assert.ok(relative < 1e-14, `exp(${x}): relative error ${relative}`);
  }
  assert.is(exactExp(0), 1);
  assert.is(exactExp(-1000), 0);
  assert.is(exactExp(1000), Infinity);
  assert.ok(Number.isNaN(exactExp(NaN)));
});

test('exactSigmoid is monotone and symmetric', () => {
  let previous = 0;
  for (let x = -40; x <= 40; x += 0.01) {
    const y = exactSigmoid(x);
    assert.ok(y >= previous, `not monotone at ${x}`);
    assert.ok(Math.abs(y + exactSigmoid(-x) - 1) < 1e-15);
    previous = y;
  }
});

test('logitToScaledProbability stays in [1, 2^P − 1], NaN included', () => {
  for (const precision of [8, 12, 16, 24]) {
    const top = 2 ** precision - 1;
    for (const logit of [-1e9, -50, -5, 0, 5, 50, 1e9, NaN, Infinity, -Infinity]) {
      const scaled = logitToScaledProbability(logit, precision);
      assert.ok(Number.isInteger(scaled) && scaled >= 1 && scaled <= top, `${logit} at ${precision} bits gave ${scaled}`);
    }
    assert.is(logitToScaledProbability(0, precision), 2 ** (precision - 1));
  }
});

test.run();
