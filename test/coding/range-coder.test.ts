import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvariantError } from '../../src/errors.js';
import { RangeDecoder, RangeEncoder } from '../../src/coding/index.js';
import { codeLengthBits } from '../../src/probability/scaled-probability.js';
import { cumulativeFromFrequencies, quantizeDistribution } from './quantize.js';
import { SeededRandom } from '../../src/random.js';
import {
  type CodingStep,
  assertRoundTrip,
  randomBitSteps,
  randomCdfSteps,
  randomWeights,
} from './helpers.js';

const PRECISIONS = [1, 8, 12, 16, 20, 24];

test('an empty stream is zero bytes and decodes to its end', () => {
  for (const precisionBits of PRECISIONS) {
    const bytes = new RangeEncoder(precisionBits).finish();
    assert.is(bytes.length, 0);
    new RangeDecoder(bytes, precisionBits).verifyEnd();
  }
});

test('a single symbol round-trips at every precision, binary and multi-symbol', () => {
  for (const precisionBits of PRECISIONS) {
    const total = 2 ** precisionBits;
    for (const bit of [0, 1]) {
      for (const probabilityOfOneScaled of [1, Math.max(1, total >>> 1), total - 1]) {
        if (probabilityOfOneScaled >= total) continue;
        assertRoundTrip([{ kind: 'bit', bit, probabilityOfOneScaled }], precisionBits, `P${precisionBits} bit ${bit}`);
      }
    }
    const symbolCount = Math.min(256, total);
    const cdf = cumulativeFromFrequencies(quantizeDistribution(new Float64Array(symbolCount).fill(1), precisionBits));
    for (const symbol of [0, symbolCount >> 1, symbolCount - 1]) {
      assertRoundTrip([{ kind: 'cdf', symbol, cdf }], precisionBits, `P${precisionBits} symbol ${symbol}`);
    }
  }
});

test('every one of 256 values round-trips, with uniform and peaked tables', () => {
  const random = new SeededRandom(11);
  for (const precisionBits of [8, 12, 16, 20, 24]) {
    const uniform = cumulativeFromFrequencies(quantizeDistribution(new Float64Array(256).fill(1), precisionBits));
    const peaked = cumulativeFromFrequencies(quantizeDistribution(randomWeights(random, 256, 12), precisionBits));
    for (const cdf of [uniform, peaked]) {
      const steps: CodingStep[] = [];
      for (let repeat = 0; repeat < 3; repeat++) {
        for (let symbol = 0; symbol < 256; symbol++) steps.push({ kind: 'cdf', symbol, cdf });
      }
      assertRoundTrip(steps, precisionBits, `P${precisionBits} all values`);
    }
  }
});

test('symbols of frequency 1 (probability 2^-P) and of frequency 2^P − 1 round-trip', () => {
  for (const precisionBits of [8, 12, 16, 20, 24]) {
    const total = 2 ** precisionBits;
    // One symbol takes almost everything; the others have frequency 1. Put the big one first,
    // in the middle and last, since the coder must not favour any position.
    for (const bigSymbol of [0, 5, 9]) {
      const frequencies = new Uint32Array(10).fill(1);
      frequencies[bigSymbol] = total - 9;
      const cdf = cumulativeFromFrequencies(frequencies);
      const steps: CodingStep[] = [];
      for (let i = 0; i < 2000; i++) steps.push({ kind: 'cdf', symbol: i % 97 === 0 ? i % 10 : bigSymbol, cdf });
      for (let symbol = 0; symbol < 10; symbol++) steps.push({ kind: 'cdf', symbol, cdf });
      assertRoundTrip(steps, precisionBits, `P${precisionBits} big symbol ${bigSymbol}`);
    }
  }
});

test('random distributions round-trip within 0.1% + 4 bytes of the ideal length', () => {
  const random = new SeededRandom(12);
  for (const precisionBits of [8, 12, 16, 20, 24]) {
    for (const symbolCount of [2, 3, 17, 256, 1000]) {
      if (symbolCount > 2 ** precisionBits) continue;
      const steps = randomCdfSteps(random, 800, symbolCount, precisionBits, 1 + random.nextInt(12));
      assertRoundTrip(steps, precisionBits, `P${precisionBits} n${symbolCount}`);
    }
  }
  for (const precisionBits of [1, 2, 3]) {
    const steps = randomCdfSteps(random, 2000, 2 ** precisionBits, precisionBits);
    assertRoundTrip(steps, precisionBits, `P${precisionBits} full alphabet`);
  }
});

test('binary streams with random and extreme probabilities round-trip within the bound', () => {
  const random = new SeededRandom(13);
  for (const precisionBits of PRECISIONS) {
    const draws: Array<[string, () => number]> = [
      ['uniform p', () => random.next()],
      ['skewed to 0', () => random.next() ** 12],
      ['skewed to 1', () => 1 - random.next() ** 12],
      ['p = 0 or 1 (clamped)', () => (random.next() < 0.5 ? 0 : 1)],
    ];
    for (const [label, draw] of draws) {
      assertRoundTrip(randomBitSteps(random, 20000, precisionBits, draw), precisionBits, `P${precisionBits} ${label}`);
    }
  }
});

test('very skewed binary streams (~0.01 bit and less per symbol) cost what the model says', () => {
  const random = new SeededRandom(14);
  for (const precisionBits of [12, 16, 20, 24]) {
    const total = 2 ** precisionBits;
    // p(1) = 0.001: about 0.0114 bits per symbol; the likely symbol is 0 (the lower part).
    const rare = randomBitSteps(random, 300000, precisionBits, () => 0.001);
    const rareResult = assertRoundTrip(rare, precisionBits, `P${precisionBits} p1=0.001`);
    assert.ok(rareResult.idealBits > 1000);
    // All zeros at the sharpest probability: the ideal is a small fraction of a bit per 10^5
    // symbols, so the coder's own loss must be tiny for this to fit in 32 bits.
    const certain: CodingStep[] = [];
    for (let i = 0; i < 100000; i++) certain.push({ kind: 'bit', bit: 0, probabilityOfOneScaled: 1 });
    assertRoundTrip(certain, precisionBits, `P${precisionBits} all likely zeros`);
    const certainOnes: CodingStep[] = certain.map(() => ({ kind: 'bit', bit: 1, probabilityOfOneScaled: total - 1 }));
    assertRoundTrip(certainOnes, precisionBits, `P${precisionBits} all likely ones`);
  }
});

test("the coder's own loss is negligible even for near-certain symbols in any position", () => {
  // 10^6 symbols of probability 1 − 2^-P cost 10^6 · 2^-P / ln 2 bits ideally (0.086 bits at
  // P = 24). A coder that gives the rounding remainder to one fixed symbol loses up to 2^-16 bits
  // per symbol here, about 10 bits in all; the exact split loses below 10^-5 bits.
  for (const precisionBits of [16, 24]) {
    const total = 2 ** precisionBits;
    const cases: Array<[string, (encoder: RangeEncoder) => void, (decoder: RangeDecoder) => number, number]> = [
      ['bit 0', (encoder) => encoder.encodeBit(0, 1), (decoder) => decoder.decodeBit(1), 0],
      ['bit 1', (encoder) => encoder.encodeBit(1, total - 1), (decoder) => decoder.decodeBit(total - 1), 1],
      ['first of 3', (encoder) => encoder.encodeSymbol(0, total - 2), (decoder) => decoder.decodeWithCdf(firstBig), 0],
      ['middle of 3', (encoder) => encoder.encodeSymbol(1, total - 2), (decoder) => decoder.decodeWithCdf(middleBig), 1],
    ];
    const firstBig = new Uint32Array([0, total - 2, total - 1, total]);
    const middleBig = new Uint32Array([0, 1, total - 1, total]);
    for (const [label, encode, decode, symbol] of cases) {
      const encoder = new RangeEncoder(precisionBits);
      const count = 1_000_000;
      for (let i = 0; i < count; i++) encode(encoder);
      const frequency = label.startsWith('bit') ? total - 1 : total - 2;
      const idealBits = count * codeLengthBits(frequency, precisionBits);
      const lossBits = encoder.codeLengthBits - idealBits;
      assert.ok(Math.abs(lossBits) < 1e-3, `P${precisionBits} ${label}: coder loss ${lossBits} bits over ${count} symbols`);
      const decoder = new RangeDecoder(encoder.finish(), precisionBits);
      for (let i = 0; i < count; i++) if (decode(decoder) !== symbol) assert.unreachable(`${label}: symbol ${i}`);
      decoder.verifyEnd();
    }
  }
});

test('long runs near the top of the interval (carry propagation through 0xFF bytes)', () => {
  for (const precisionBits of [8, 16, 24]) {
    const total = 2 ** precisionBits;
    for (const probabilityOfOneScaled of [total - 1, total >>> 1, 1]) {
      const steps: CodingStep[] = [];
      for (let i = 0; i < 5000; i++) steps.push({ kind: 'bit', bit: 1, probabilityOfOneScaled });
      steps.push({ kind: 'bit', bit: 0, probabilityOfOneScaled });
      for (let i = 0; i < 5000; i++) steps.push({ kind: 'bit', bit: 1, probabilityOfOneScaled });
      const { bytes } = assertRoundTrip(steps, precisionBits, `P${precisionBits} ones at ${probabilityOfOneScaled}`);
      if (probabilityOfOneScaled === total >>> 1) assert.ok(bytes.filter((value) => value === 0xff).length > 1000);
    }
    // The last symbol of a table with small frequencies pushes low up by almost the whole range.
    const frequencies = new Uint32Array([total - 3, 1, 1, 1].slice(0, Math.min(4, total)));
    frequencies[0] = total - (frequencies.length - 1);
    const cdf = cumulativeFromFrequencies(frequencies);
    const steps: CodingStep[] = [];
    for (let i = 0; i < 3000; i++) steps.push({ kind: 'cdf', symbol: i % 500 === 0 ? 1 : 0, cdf });
    assertRoundTrip(steps, precisionBits, `P${precisionBits} carries from the top`);
  }
});

test('a stream of 10^6 mixed symbols (binary and 256-ary) round-trips', () => {
  const random = new SeededRandom(15);
  const precisionBits = 16;
  const tables = randomCdfSteps(random, 64, 256, precisionBits, 8).map((step) => (step as { cdf: Uint32Array }).cdf);
  const steps: CodingStep[] = [];
  const total = 2 ** precisionBits;
  for (let i = 0; i < 1_000_000; i++) {
    if (i % 4 === 3) {
      const cdf = tables[random.nextInt(tables.length)];
      const target = random.nextInt(total);
      let symbol = 0;
      while (cdf[symbol + 1] <= target) symbol++;
      steps.push({ kind: 'cdf', symbol, cdf });
    } else {
      const probabilityOfOneScaled = 1 + random.nextInt(total - 1);
      steps.push({ kind: 'bit', bit: random.nextInt(total) < probabilityOfOneScaled ? 1 : 0, probabilityOfOneScaled });
    }
  }
  assertRoundTrip(steps, precisionBits, '10^6 mixed');
});

test('low-level decodeTarget/consume mirror encodeSymbol', () => {
  const random = new SeededRandom(16);
  const precisionBits = 20;
  const frequencies = quantizeDistribution(randomWeights(random, 40, 5), precisionBits);
  const cdf = cumulativeFromFrequencies(frequencies);
  const symbols = Array.from({ length: 5000 }, () => random.nextInt(40));
  const encoder = new RangeEncoder(precisionBits);
  let idealBits = 0;
  for (const symbol of symbols) {
    encoder.encodeSymbol(cdf[symbol], frequencies[symbol]);
    idealBits += codeLengthBits(frequencies[symbol], precisionBits);
  }
  assert.ok(Math.abs(encoder.codeLengthBits - idealBits) < 1, `codeLengthBits ${encoder.codeLengthBits} vs ideal ${idealBits}`);
  const bytesBeforeFinish = encoder.byteLength;
  const bytes = encoder.finish();
  assert.ok(bytes.length === bytesBeforeFinish || bytes.length === bytesBeforeFinish + 1);
  const decoder = new RangeDecoder(bytes, precisionBits);
  for (const symbol of symbols) {
    const target = decoder.decodeTarget();
    assert.ok(target >= cdf[symbol] && target < cdf[symbol + 1], `target ${target} outside symbol ${symbol}`);
    decoder.consume(cdf[symbol], frequencies[symbol]);
  }
  decoder.verifyEnd();
});

const isInvariantError = (error: unknown): boolean => error instanceof InvariantError;

test('invalid calls are InvariantErrors, not silent damage', () => {
  const encoder = new RangeEncoder(8);
  assert.throws(() => new RangeEncoder(0), isInvariantError);
  assert.throws(() => new RangeEncoder(25), isInvariantError);
  assert.throws(() => new RangeDecoder(new Uint8Array(0), 12.5), isInvariantError);
  assert.throws(() => encoder.encodeSymbol(0, 0), isInvariantError);
  assert.throws(() => encoder.encodeSymbol(200, 57), isInvariantError);
  assert.throws(() => encoder.encodeSymbol(0.5, 1), isInvariantError);
  assert.throws(() => encoder.encodeSymbol(Number.NaN, 1), isInvariantError);
  assert.throws(() => encoder.encodeBit(1, 0), isInvariantError);
  assert.throws(() => encoder.encodeBit(1, 256), isInvariantError);
  assert.throws(() => encoder.encodeBit(2, 128), isInvariantError);
  const cdf = new Uint32Array([0, 100, 255]); // does not end at 2^8
  assert.throws(() => encoder.encodeWithCdf(cdf, 0), isInvariantError);
  const decoder = new RangeDecoder(new Uint8Array([1, 2, 3]), 8);
  assert.throws(() => decoder.decodeWithCdf(cdf), isInvariantError);
  const target = decoder.decodeTarget();
  // An interval that does not hold the target would desynchronise the decoder.
  assert.throws(() => decoder.consume(target === 0 ? 1 : 0, 1), isInvariantError);
  encoder.finish();
  assert.throws(() => encoder.encodeBit(0, 128), isInvariantError);
  assert.throws(() => encoder.finish(), isInvariantError);
});

test.run();
