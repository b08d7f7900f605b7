import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactExp, exactSigmoid } from '../../src/probability/exact-math.js';

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

test.run();
