/** The drawing → 28×28 reduction (MNIST's recipe): 20×20 box, aspect kept, centre of mass centred, gray edges. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DIGIT_FIELD_SIZE, inkBounds, reduceToDigit, type InkImage } from '../../web/src/mnist-reduce.js';

function canvas(width: number, height: number, inked: (x: number, y: number) => number): InkImage {
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) ink[y * width + x] = inked(x, y);
  return { width, height, ink };
}

function measure(digit: Uint8Array) {
  let mass = 0, sumX = 0, sumY = 0, left = 28, right = -1, top = 28, bottom = -1;
  for (let y = 0; y < DIGIT_FIELD_SIZE; y++) {
    for (let x = 0; x < DIGIT_FIELD_SIZE; x++) {
      const value = digit[y * DIGIT_FIELD_SIZE + x];
      if (!value) continue;
      mass += value;
      sumX += value * (x + 0.5);
      sumY += value * (y + 0.5);
      left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
    }
  }
  return { comX: sumX / mass, comY: sumY / mass, width: right - left + 1, height: bottom - top + 1 };
}

test('an empty drawing gives an empty digit', () => {
  assert.is(inkBounds(canvas(50, 40, () => 0)), null);
  assert.equal(Array.from(reduceToDigit(canvas(50, 40, () => 0))), new Array(784).fill(0));
});

test('a tall bar fits the 20-pixel box in height, keeps its aspect, and is centred by mass', () => {
  // A 40×200 bar, anywhere on a 560×560 pad: 4×20 in the digit.
  const digit = reduceToDigit(canvas(560, 560, (x, y) => (x >= 400 && x < 440 && y >= 10 && y < 210 ? 255 : 0)));
  const { comX, comY, width, height } = measure(digit);
  assert.is(height, 20);
  assert.is(width, 4);
  assert.ok(Math.abs(comX - 14) <= 0.5 && Math.abs(comY - 14) <= 0.5, `centre of mass ${comX}, ${comY}`);
  assert.ok(digit.every((value) => value === 0 || value === 255), 'edges on pixel boundaries stay sharp');
});

test('a wide shape fits in width; fractional edges are anti-aliased gray', () => {
  const digit = reduceToDigit(canvas(300, 300, (x, y) => (x >= 7 && x < 290 && y >= 100 && y < 133 ? 255 : 0)));
  const { width, height } = measure(digit);
  assert.is(width, 20);
  assert.ok(height >= 2 && height <= 4, `height ${height}`);
  assert.ok(digit.some((value) => value > 0 && value < 255), 'some gray');
});

test('partial ink coverage gives proportional gray; the reduction is deterministic', () => {
  const half = canvas(100, 100, (x, y) => (x >= 10 && x < 90 && y >= 10 && y < 90 ? 128 : 0));
  const digit = reduceToDigit(half);
  assert.ok(digit.every((value) => value === 0 || value === 128), 'uniform half ink stays half');
  assert.equal(digit, reduceToDigit(half));
});

test.run();
