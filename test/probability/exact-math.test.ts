import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactExp, exactLog2OfInteger, exactSigmoid } from '../../src/probability/exact-math.js';

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

test('exactLog2OfInteger: exact at powers of two, within an ulp of Math.log2 up to 2^24', () => {
  for (let e = 0; e <= 30; e++) assert.is(exactLog2OfInteger(2 ** e), e);
  let worstUlps = 0;
  for (let n = 1; n <= 2 ** 24; n += n < 70000 ? 1 : 997) {
    const expected = Math.log2(n);
    worstUlps = Math.max(worstUlps, Math.abs(exactLog2OfInteger(n) - expected) / (Number.EPSILON * Math.max(1, expected)));
  }
  assert.ok(worstUlps <= 1, `worst ${worstUlps} ulps`);
});

test('exactLog2OfInteger gives pinned bits (the same on every engine)', () => {
  // Values computed once; any engine that computes them differently fails here.
  assert.is(exactLog2OfInteger(3), 1.5849625007211563);
  assert.is(exactLog2OfInteger(65535), 15.999977986052736);
  assert.is(exactLog2OfInteger(66683), 16.02503139070886);
});

test.run();
