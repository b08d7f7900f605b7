import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArcError, ErrorCode } from '../../src/errors.js';
import { RangeDecoder } from '../../src/coding/index.js';
import { SeededRandom } from '../../src/random.js';
import { type CodingStep, decodeSteps, encodeSteps, randomBitSteps, randomCdfSteps, stepSymbols } from './helpers.js';

/** A byte array that records the largest index read, to prove reads stay in bounds. */
function watchedBytes(bytes: Uint8Array): { view: Uint8Array; largestIndexRead: () => number } {
  let largest = -1;
  const view = new Proxy(bytes, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) largest = Math.max(largest, Number(property));
      const value = Reflect.get(target, property, receiver === view ? target : receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { view, largestIndexRead: () => largest };
}

function errorCodeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof ArcError) return error.code;
    throw error;
  }
}

function mixedSteps(random: SeededRandom, count: number, precisionBits: number): CodingStep[] {
  const steps = [
    ...randomCdfSteps(random, count >> 1, 256, precisionBits, 6),
    ...randomBitSteps(random, count >> 1, precisionBits, () => random.next() ** 6),
  ];
  return random.shuffle(steps);
}

test('random bytes decode to valid symbols in bounded time, reading only inside the array', () => {
  const random = new SeededRandom(31);
  for (const precisionBits of [1, 8, 16, 24]) {
    for (const length of [0, 1, 5, 6, 7, 64, 1000]) {
      const bytes = new Uint8Array(length).map(() => random.nextInt(256));
      const { view, largestIndexRead } = watchedBytes(bytes);
      const steps = precisionBits >= 8 ? mixedSteps(random, 400, precisionBits) : randomBitSteps(random, 400, 1, () => 0.5);
      const { symbols, decoder } = decodeSteps(view, steps, precisionBits);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        const limit = step.kind === 'bit' ? 2 : step.cdf.length - 1;
        assert.ok(Number.isInteger(symbols[i]) && symbols[i] >= 0 && symbols[i] < limit);
      }
      assert.ok(largestIndexRead() < length, `read index ${largestIndexRead()} of ${length} bytes`);
      // Every read past the end is counted; a stream too short for 400 symbols reads past it.
      if (length <= 7) assert.ok(decoder.overrunBytes > 0);
      const code = errorCodeOf(() => decoder.verifyEnd());
      assert.ok(code === undefined || code === ErrorCode.Truncated || code === ErrorCode.BadFormat);
    }
  }
});

test('decoding far past the end keeps returning symbols and counts the overrun', () => {
  const decoder = new RangeDecoder(new Uint8Array([0xff, 0x00, 0x7f]), 16);
  for (let i = 0; i < 100000; i++) {
    const bit = decoder.decodeBit(1 + (i % 65535));
    assert.ok(bit === 0 || bit === 1);
  }
  assert.ok(decoder.overrunBytes > 0);
  assert.is(errorCodeOf(() => decoder.verifyEnd()), ErrorCode.Truncated);
});

test('a cut stream changes the decoded symbols or fails verifyEnd with Truncated', () => {
  const random = new SeededRandom(32);
  let cuts = 0;
  let caughtByVerifyEnd = 0;
  let caughtBySymbols = 0;
  for (let trial = 0; trial < 60; trial++) {
    const precisionBits = [8, 16, 24][trial % 3];
    const steps = mixedSteps(random, 200 + random.nextInt(400), precisionBits);
    const bytes = encodeSteps(steps, precisionBits);
    const expected = stepSymbols(steps);
    for (const cutBytes of [1, 2, 7]) {
      if (cutBytes > bytes.length) continue;
      cuts++;
      const { view, largestIndexRead } = watchedBytes(bytes.subarray(0, bytes.length - cutBytes));
      const { symbols, decoder } = decodeSteps(view, steps, precisionBits);
      assert.ok(largestIndexRead() < bytes.length - cutBytes);
      const sameSymbols = symbols.every((symbol, i) => symbol === expected[i]);
      const code = errorCodeOf(() => decoder.verifyEnd());
      if (sameSymbols) {
        assert.is(code, ErrorCode.Truncated, `trial ${trial}: cutting ${cutBytes} bytes went unnoticed`);
        caughtByVerifyEnd++;
      } else {
        caughtBySymbols++;
        if (code !== undefined) caughtByVerifyEnd++;
      }
    }
  }
  assert.ok(cuts > 100);
  // Cutting bytes changes the last symbols in most cases; verifyEnd then catches many of them
  // (about 70% here), and the container's length and checksum must catch the rest.
  assert.ok(caughtBySymbols + caughtByVerifyEnd >= cuts);
  assert.ok(caughtByVerifyEnd >= cuts / 2, `verifyEnd caught ${caughtByVerifyEnd} of ${cuts} cuts`);
});

test('extra or changed trailing bytes fail verifyEnd with BadFormat', () => {
  const random = new SeededRandom(33);
  let sameSymbols = 0;
  for (let trial = 0; trial < 30; trial++) {
    const precisionBits = [8, 16, 24][trial % 3];
    const steps = mixedSteps(random, 300, precisionBits);
    const bytes = encodeSteps(steps, precisionBits);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    longer[bytes.length] = 1 + random.nextInt(255);
    const changed = bytes.slice();
    if (changed.length > 0) {
      changed[changed.length - 1] ^= 1 + random.nextInt(255);
      const damaged = decodeSteps(changed, steps, precisionBits);
      if (damaged.symbols.every((symbol, i) => symbol === stepSymbols(steps)[i])) {
        assert.is(errorCodeOf(() => damaged.decoder.verifyEnd()), ErrorCode.BadFormat);
      }
    }
    const { symbols, decoder } = decodeSteps(longer, steps, precisionBits);
    // The extra byte usually leaves the value inside the final interval, so the symbols still
    // decode; then the length check must catch it.
    if (symbols.every((symbol, i) => symbol === stepSymbols(steps)[i])) {
      sameSymbols++;
      assert.is(errorCodeOf(() => decoder.verifyEnd()), ErrorCode.BadFormat);
    }
  }
  assert.ok(sameSymbols > 10, `only ${sameSymbols} of 30 streams kept their symbols`);
});

test('decoding fewer symbols than were coded fails verifyEnd', () => {
  const random = new SeededRandom(34);
  const precisionBits = 16;
  const steps = mixedSteps(random, 4000, precisionBits);
  const bytes = encodeSteps(steps, precisionBits);
  const { decoder } = decodeSteps(bytes, steps.slice(0, 3000), precisionBits);
  assert.is(errorCodeOf(() => decoder.verifyEnd()), ErrorCode.BadFormat);
});

test.run();
