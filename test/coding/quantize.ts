/**
 * Test and benchmark support (not on the coding path, which makes its integers in
 * src/probability/scaled-probability.ts): multi-symbol distributions for exercising the coder.
 *
 * From float probabilities to the integer frequencies the coder needs.
 *
 * Guarantees (tested):
 * - quantizeDistribution returns frequencies that sum to exactly 2^P, each ≥ 1, so every symbol
 *   stays codable and none is certain;
 * - each frequency is 1 + floor(s) or 2 + floor(s) of its exact share s = p · (2^P − n) / Σp,
 *   hence q > p · (2^P − n) / 2^P and the cost of quantizing, KL(p ‖ q), is below
 *   log2(2^P / (2^P − n)) bits per symbol (0.0057 bits for n = 256 at P = 16);
 * - deterministic: the same input bits give the same output on every engine. Only IEEE basic
 *   operations (+ − × /) and Math.floor/round are used, in a fixed order (no exp/log/pow, whose
 *   results may differ between engines: even one ulp would desynchronise encoder and decoder).
 *
 * Invalid input (NaN, infinite or negative probabilities, a zero sum, more symbols than 2^P)
 * comes from our own model code, so it is an InvariantError, not a silent fallback: a uniform
 * fallback would decode consistently but hide the bug and cost bits.
 */

import { invariant } from '../../src/errors.js';
import { checkPrecisionBits } from '../../src/probability/precision.js';

/** Fractional parts are compared at this resolution when handing out the last units. */
const REMAINDER_BUCKETS = 256;
/** Scratch counts per remainder bucket, reused (JS runs one call at a time). */
const bucketCounts = new Int32Array(REMAINDER_BUCKETS);
/** Scratch remainder bucket per symbol, reused and grown when a call has more symbols. */
let symbolBuckets = new Uint8Array(256);

/**
 * Integer frequencies summing to 2^precisionBits, each ≥ 1, proportional to `probabilities`
 * (non-negative weights; they need not sum to 1). Each symbol first gets 1 plus the floor of its
 * share of the other 2^P − n units; the units left over (fewer than n) go to the symbols with the
 * largest fractional shares, compared at 1/256 resolution, lower index first among equals.
 * Writes into `out` (length n) when given. O(n), no allocation with `out`.
 */
export function quantizeDistribution(
  probabilities: ArrayLike<number>,
  precisionBits: number,
  out?: Uint32Array,
): Uint32Array {
  checkPrecisionBits(precisionBits);
  const symbolCount = probabilities.length;
  const total = 2 ** precisionBits;
  if (!(symbolCount >= 1 && symbolCount <= total)) {
    invariant(false, `cannot quantize ${symbolCount} symbols at ${precisionBits} bits: need 1 to ${total} symbols`);
  }
  const frequencies = out ?? new Uint32Array(symbolCount);
  if (frequencies.length !== symbolCount) {
    invariant(false, `output has length ${frequencies.length}, expected ${symbolCount}`);
  }
  if (symbolBuckets.length < symbolCount) symbolBuckets = new Uint8Array(symbolCount);
  const buckets = symbolBuckets;

  let sum = 0;
  for (let i = 0; i < symbolCount; i++) {
    const probability = probabilities[i];
    if (!(probability >= 0 && probability <= Number.MAX_VALUE)) {
      invariant(false, `probability ${i} of ${symbolCount} is ${probability}, expected a finite number ≥ 0`);
    }
    sum += probability;
  }
  if (!(sum > 0 && sum <= Number.MAX_VALUE)) {
    invariant(false, `probabilities sum to ${sum}, expected a finite positive sum`);
  }

  // Every symbol gets 1 unit; the spare units are shared in proportion to the probabilities.
  const spareUnits = total - symbolCount;
  const scale = spareUnits / sum;
  let assignedUnits = 0;
  bucketCounts.fill(0);
  for (let i = 0; i < symbolCount; i++) {
    const share = probabilities[i] * scale;
    const wholeShare = Math.floor(share);
    const bucket = Math.floor((share - wholeShare) * REMAINDER_BUCKETS); // share − floor is exact
    frequencies[i] = 1 + wholeShare;
    buckets[i] = bucket;
    bucketCounts[bucket]++;
    assignedUnits += wholeShare;
  }
  let leftoverUnits = spareUnits - assignedUnits; // in [0, n) up to rounding of `sum` and `scale`
  while (leftoverUnits < 0) {
    // Rounding made the floors overshoot (by a unit at most, in practice never): take it back.
    frequencies[indexOfLargest(frequencies)]--;
    leftoverUnits++;
  }
  if (leftoverUnits > 0) giveToLargestRemainders(buckets, frequencies, leftoverUnits);
  return frequencies;
}

/**
 * Adds one unit to each of the `units` symbols with the largest remainder bucket (counted in
 * bucketCounts), lower index first within a bucket.
 */
function giveToLargestRemainders(buckets: Uint8Array, frequencies: Uint32Array, units: number): void {
  // Find the bucket where the units run out: all symbols above it get a unit, and the first
  // `unitsInThresholdBucket` of it (by index).
  let thresholdBucket = REMAINDER_BUCKETS - 1;
  let unitsAbove = 0;
  while (unitsAbove + bucketCounts[thresholdBucket] < units) {
    unitsAbove += bucketCounts[thresholdBucket];
    thresholdBucket--;
  }
  let unitsInThresholdBucket = units - unitsAbove;
  for (let i = 0; i < frequencies.length; i++) {
    const bucket = buckets[i];
    if (bucket > thresholdBucket) {
      frequencies[i]++;
    } else if (bucket === thresholdBucket && unitsInThresholdBucket > 0) {
      frequencies[i]++;
      unitsInThresholdBucket--;
    }
  }
}

function indexOfLargest(values: Uint32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * The cumulative table of `frequencies`: length n + 1, cdf[0] = 0, cdf[i + 1] = cdf[i] + f[i]
 * (so cdf[n] = 2^P for quantized frequencies). `out` may be given (length n + 1); it may even be
 * the array whose `subarray(1)` holds the frequencies (see cdfFromProbabilities).
 */
export function cumulativeFromFrequencies(frequencies: Uint32Array, out?: Uint32Array): Uint32Array {
  const symbolCount = frequencies.length;
  const cdf = out ?? new Uint32Array(symbolCount + 1);
  if (cdf.length !== symbolCount + 1) {
    invariant(false, `cdf output has length ${cdf.length}, expected ${symbolCount + 1}`);
  }
  let cumulative = 0;
  for (let i = 0; i < symbolCount; i++) {
    const frequency = frequencies[i]; // read before writing cdf[i]: the arrays may overlap
    if (!(frequency >= 1)) invariant(false, `frequency ${i} is ${frequency}, expected ≥ 1`);
    cdf[i] = cumulative;
    cumulative += frequency;
  }
  if (cumulative > 0xffffffff) invariant(false, `frequencies sum to ${cumulative}, more than a Uint32Array holds`);
  cdf[symbolCount] = cumulative;
  return cdf;
}

/**
 * quantizeDistribution then cumulativeFromFrequencies, into `out` (length n + 1) without a
 * scratch array: the frequencies are written to out[1..n] and summed in place.
 */
export function cdfFromProbabilities(
  probabilities: ArrayLike<number>,
  precisionBits: number,
  out?: Uint32Array,
): Uint32Array {
  const cdf = out ?? new Uint32Array(probabilities.length + 1);
  if (cdf.length !== probabilities.length + 1) {
    invariant(false, `cdf output has length ${cdf.length}, expected ${probabilities.length + 1}`);
  }
  const frequencies = cdf.subarray(1);
  quantizeDistribution(probabilities, precisionBits, frequencies);
  return cumulativeFromFrequencies(frequencies, cdf);
}

/**
 * P(bit = 1) as an integer in [1, 2^P − 1] for encodeBit/decodeBit: round(p · 2^P), clamped so
 * that neither value becomes impossible. Invalid p (NaN, outside [0, 1]) is an InvariantError.
 */
export function quantizeBit(probabilityOfOne: number, precisionBits: number): number {
  checkPrecisionBits(precisionBits);
  if (!(probabilityOfOne >= 0 && probabilityOfOne <= 1)) {
    invariant(false, `probability of one is ${probabilityOfOne}, expected a number in [0, 1]`);
  }
  const total = 2 ** precisionBits;
  const scaled = Math.round(probabilityOfOne * total);
  return scaled < 1 ? 1 : scaled > total - 1 ? total - 1 : scaled;
}
