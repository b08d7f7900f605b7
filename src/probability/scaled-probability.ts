/**
 * Every step from a number to the integer probability the coder is given, and the code length of
 * such an integer. Nothing else on the coding path makes coder integers.
 *
 * Guarantees (tested in test/probability/scaled-probability.test.ts, for every precision P from
 * 1 to 24):
 * - every probability of a binary decision is an integer in [1, 2^P − 1], so both outcomes stay
 *   codable (NaN and infinite logits included);
 * - the class-index table starts at 0, ends at exactly 2^P and gives every class a width ≥ 1;
 * - the same inputs give the same integers on every engine: only correctly rounded IEEE-754
 *   operations (+ − × /, Math.floor, Math.round) are used, in a fixed order, and the logistic
 *   function is exact-math.ts's (no Math.exp, whose last bit may differ between engines).
 *
 * Code lengths are never decoded from, but they break ties between classes whose records have the
 * same length, so they too are the same on every engine: log2 comes from exact-math.ts, not
 * Math.log2 (whose last bit differs between Node and Chromium for some arguments).
 */
import { invariant } from '../errors.js';
import { exactLog2OfInteger, exactSigmoid, powerOfTwo } from './exact-math.js';

/** p(1) = sigmoid(logit) as an integer in [1, 2^precisionBits − 1]: round(p · 2^P), clamped. */
export function logitToScaledProbability(logit: number, precisionBits: number): number {
  const total = powerOfTwo(precisionBits);
  let scaled = Math.round(exactSigmoid(logit) * total);
  if (!(scaled >= 1)) scaled = 1; // also catches NaN
  if (scaled > total - 1) scaled = total - 1;
  return scaled;
}

/**
 * The KT-style estimate (ones + ½) / (count + 1) from integer counts, scaled to
 * [1, 2^precisionBits − 1] (adaptive contexts and context-free tables).
 */
export function scaledProbabilityFromCounts(ones: number, count: number, precisionBits: number): number {
  const total = 2 ** precisionBits;
  const scaled = Math.round(((ones + 0.5) / (count + 1)) * total);
  return Math.min(Math.max(scaled, 1), total - 1);
}

/**
 * The cumulative table of the uniform class distribution: class c holds
 * [floor(c·2^P / C), floor((c + 1)·2^P / C)). Each width is ≥ floor(2^P / C) ≥ 1 since C ≤ 2^P.
 */
export function classIndexCdf(classCount: number, precisionBits: number): Uint32Array {
  const total = 2 ** precisionBits;
  invariant(Number.isInteger(classCount) && classCount >= 1 && classCount <= total, `class count ${classCount} does not fit ${precisionBits}-bit probabilities`);
  const cdf = new Uint32Array(classCount + 1);
  for (let c = 0; c <= classCount; c++) cdf[c] = Math.floor((c * total) / classCount); // c·total < 2^53: exact
  return cdf;
}

/** Code lengths P − log2 f of every frequency f ≤ 2^P, per precision up to TABLE_PRECISION_BITS. */
const TABLE_PRECISION_BITS = 16;
const codeLengthTables: (Float64Array | undefined)[] = [];

function codeLengthTable(precisionBits: number): Float64Array {
  let table = codeLengthTables[precisionBits];
  if (!table) {
    table = new Float64Array(2 ** precisionBits + 1);
    table[0] = Infinity;
    for (let f = 1; f < table.length; f++) table[f] = precisionBits - exactLog2OfInteger(f);
    codeLengthTables[precisionBits] = table;
  }
  return table;
}

/**
 * −log2(frequency / 2^P) = P − log2(frequency): the ideal cost in bits of a symbol coded with that
 * integer frequency (1 ≤ frequency ≤ 2^P), the same on every engine.
 */
export function codeLengthBits(frequency: number, precisionBits: number): number {
  if (precisionBits <= TABLE_PRECISION_BITS) return codeLengthTable(precisionBits)[frequency];
  return precisionBits - exactLog2OfInteger(frequency);
}

/** The ideal cost in bits of `bit` when p(1) is `scaledOne` / 2^P (on every decision's path). */
export function bitCodeLengthBits(bit: number, scaledOne: number, precisionBits: number): number {
  return codeLengthBits(bit ? scaledOne : powerOfTwo(precisionBits) - scaledOne, precisionBits);
}
