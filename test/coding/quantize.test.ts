import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvariantError } from '../../src/errors.js';
import {
  cdfFromProbabilities,
  cumulativeFromFrequencies,
  quantizeBit,
  quantizeDistribution,
} from './quantize.js';
import { SeededRandom } from '../../src/random.js';
import { randomWeights } from './helpers.js';

const isInvariantError = (error: unknown): boolean => error instanceof InvariantError;

/** KL(p ‖ q) in bits, p normalized from weights, q = frequencies / 2^P. */
function klDivergenceBits(weights: ArrayLike<number>, frequencies: Uint32Array, precisionBits: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i];
  let divergence = 0;
  for (let i = 0; i < weights.length; i++) {
    const p = weights[i] / sum;
    if (p > 0) divergence += p * Math.log2(p / (frequencies[i] / 2 ** precisionBits));
  }
  return divergence;
}

function assertQuantized(frequencies: Uint32Array, precisionBits: number, label: string): void {
  let sum = 0;
  for (let i = 0; i < frequencies.length; i++) {
    assert.ok(frequencies[i] >= 1, `${label}: frequency ${i} is ${frequencies[i]}`);
    sum += frequencies[i];
  }
  assert.is(sum, 2 ** precisionBits, `${label}: frequencies sum to ${sum}`);
}

test('frequencies sum to exactly 2^P, each ≥ 1, and stay within one unit of the exact share', () => {
  const random = new SeededRandom(21);
  for (const precisionBits of [1, 2, 8, 12, 16, 20, 24]) {
    const total = 2 ** precisionBits;
    for (const symbolCount of [1, 2, 3, 10, 255, 256, 257, 4096]) {
      if (symbolCount > total) continue;
      for (const exponent of [1, 4, 16, 64]) {
        const weights = randomWeights(random, symbolCount, exponent);
        const frequencies = quantizeDistribution(weights, precisionBits);
        const label = `P${precisionBits} n${symbolCount} e${exponent}`;
        assertQuantized(frequencies, precisionBits, label);
        let sum = 0;
        for (const weight of weights) sum += weight;
        for (let i = 0; i < symbolCount; i++) {
          const share = (weights[i] / sum) * (total - symbolCount);
          assert.ok(
            frequencies[i] >= 1 + Math.floor(share) - 1e-9 && frequencies[i] <= 2 + share,
            `${label}: symbol ${i} got ${frequencies[i]} for share ${share}`,
          );
        }
        // The promised bound: KL(p ‖ q) < log2(2^P / (2^P − n)).
        const bound = Math.log2(total / (total - symbolCount)) + 1e-12;
        if (symbolCount < total) {
          const divergence = klDivergenceBits(weights, frequencies, precisionBits);
          assert.ok(divergence < bound, `${label}: KL ${divergence} bits ≥ bound ${bound}`);
        }
      }
    }
  }
});

test('quantization is close to the input: KL well under 0.01 bits for 256 symbols at P = 16', () => {
  const random = new SeededRandom(22);
  for (let trial = 0; trial < 50; trial++) {
    const weights = randomWeights(random, 256, 1 + random.nextInt(30));
    const frequencies = quantizeDistribution(weights, 16);
    assert.ok(klDivergenceBits(weights, frequencies, 16) < 0.006);
    assert.ok(klDivergenceBits(weights, quantizeDistribution(weights, 24), 24) < 3.5e-5);
  }
});

test('extreme inputs: zeros, one-hot, tiny and huge weights, full alphabet', () => {
  for (const precisionBits of [8, 16, 24]) {
    const total = 2 ** precisionBits;
    const oneHot = new Float64Array(256);
    oneHot[17] = 1;
    const frequencies = quantizeDistribution(oneHot, precisionBits);
    assertQuantized(frequencies, precisionBits, 'one-hot');
    assert.is(frequencies[17], total - 255);
    const tiny = new Float64Array(256).fill(1e-300);
    tiny[3] = 5e-300;
    assertQuantized(quantizeDistribution(tiny, precisionBits), precisionBits, 'tiny');
    const huge = new Float64Array(256).fill(1e300);
    assertQuantized(quantizeDistribution(huge, precisionBits), precisionBits, 'huge');
    assert.ok(quantizeDistribution(huge, precisionBits).every((value) => value === total / 256));
  }
  // As many symbols as units: each gets exactly 1.
  const full = quantizeDistribution(randomWeights(new SeededRandom(23), 256, 3), 8);
  assert.ok(full.every((value) => value === 1));
  // Float32 softmax-like input that does not sum to exactly 1.
  const float32 = new Float32Array([0.1, 0.2, 0.3000001, 0.4]);
  assertQuantized(quantizeDistribution(float32, 12), 12, 'float32');
});

test('ties are broken by index, and the same input gives the same output', () => {
  // Three equal shares with one unit left over: it goes to the lowest index.
  const frequencies = quantizeDistribution([1, 1, 1], 2); // 4 units: 1 each + 1 spare
  assert.equal(Array.from(frequencies), [2, 1, 1]);
  const random = new SeededRandom(24);
  const weights = randomWeights(random, 300, 7);
  const first = quantizeDistribution(weights, 20);
  const again = quantizeDistribution(Float64Array.from(weights), 20, new Uint32Array(300));
  assert.equal(Array.from(again), Array.from(first));
});

test('a known distribution quantizes to known frequencies (pins the rule across engines)', () => {
  // Shares of 2^8 − 4 = 252 spare units: 25.2, 50.4, 75.6, 100.8 → floors 25, 50, 75, 100 (250),
  // 2 units left go to the largest fractional parts, 0.8 (index 3) and 0.6 (index 2).
  assert.equal(Array.from(quantizeDistribution([0.1, 0.2, 0.3, 0.4], 8)), [26, 51, 77, 102]);
  assert.equal(Array.from(cdfFromProbabilities([0.1, 0.2, 0.3, 0.4], 8)), [0, 26, 77, 154, 256]);
});

test('cumulativeFromFrequencies builds the table, also in place', () => {
  assert.equal(Array.from(cumulativeFromFrequencies(new Uint32Array([3, 1, 4]))), [0, 3, 4, 8]);
  const shared = new Uint32Array([0, 3, 1, 4]);
  cumulativeFromFrequencies(shared.subarray(1), shared);
  assert.equal(Array.from(shared), [0, 3, 4, 8]);
  assert.throws(() => cumulativeFromFrequencies(new Uint32Array([3, 0])), isInvariantError);
  assert.throws(() => cumulativeFromFrequencies(new Uint32Array([3]), new Uint32Array(3)), isInvariantError);
});

test('invalid probabilities are InvariantErrors (no silent fallback)', () => {
  assert.throws(() => quantizeDistribution([0.5, Number.NaN], 16), isInvariantError);
  assert.throws(() => quantizeDistribution([0.5, -0.1], 16), isInvariantError);
  assert.throws(() => quantizeDistribution([0.5, Infinity], 16), isInvariantError);
  assert.throws(() => quantizeDistribution([0, 0], 16), isInvariantError);
  assert.throws(() => quantizeDistribution([], 16), isInvariantError);
  assert.throws(() => quantizeDistribution(new Float64Array(257).fill(1), 8), isInvariantError);
  assert.throws(() => quantizeDistribution([1, 1], 0), isInvariantError);
  assert.throws(() => quantizeDistribution([1, 1], 16, new Uint32Array(3)), isInvariantError);
  assert.throws(() => quantizeBit(Number.NaN, 16), isInvariantError);
  assert.throws(() => quantizeBit(1.5, 16), isInvariantError);
  assert.throws(() => quantizeBit(-0.1, 16), isInvariantError);
});

test('quantizeBit rounds p · 2^P and keeps both outcomes possible', () => {
  assert.is(quantizeBit(0, 16), 1);
  assert.is(quantizeBit(1, 16), 65535);
  assert.is(quantizeBit(0.5, 16), 32768);
  assert.is(quantizeBit(0.25, 1), 1);
  assert.is(quantizeBit(1e-9, 24), 1);
  assert.is(quantizeBit(0.001, 16), 66); // 65.536 → 66
  const random = new SeededRandom(25);
  for (let i = 0; i < 10000; i++) {
    const precisionBits = 1 + random.nextInt(24);
    const probability = random.next();
    const scaled = quantizeBit(probability, precisionBits);
    assert.ok(Number.isInteger(scaled) && scaled >= 1 && scaled <= 2 ** precisionBits - 1);
    if (scaled > 1 && scaled < 2 ** precisionBits - 1) {
      assert.ok(Math.abs(scaled - probability * 2 ** precisionBits) <= 0.5);
    }
  }
});

test.run();
