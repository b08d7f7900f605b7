/**
 * The record length table of a version-2 container: the N values `length − minimum`, each of
 * `bits` bits, range-coded most significant bit first with adaptive binary contexts. The top
 * TREE_BITS bits of a value use one context per node of the binary tree (the bits above select
 * it), so the table costs about the entropy of the length distribution (6.7 bits per MNIST gray
 * record instead of 8 at a fixed width); lower bits use one context per bit position. The probabilities are
 * integer counts turned into 16-bit probabilities by one correctly rounded division, so encoder
 * and decoder agree on every machine.
 */
import { RangeDecoder, RangeEncoder } from '../coding/index.js';
import { scaledProbabilityFromCounts } from '../probability/scaled-probability.js';
import { ErrorCode, fail } from '../errors.js';

/** Fixed by container format version 2 (not the model's precision, which may differ). */
const LENGTH_TABLE_PRECISION_BITS = 16;
const TREE_BITS = 12;

class LengthContexts {
  private readonly ones: Float64Array;
  private readonly counts: Float64Array;
  constructor(private readonly bits: number) {
    const size = 2 ** Math.min(bits, TREE_BITS) + Math.max(0, bits - TREE_BITS);
    this.ones = new Float64Array(size);
    this.counts = new Float64Array(size);
  }
  /** Context of bit `index` (0 = most significant) when the bits above it read `prefix`. */
  context(index: number, prefix: number): number {
    return index < TREE_BITS ? 2 ** index + prefix - 1 : 2 ** TREE_BITS - 1 + (index - TREE_BITS);
  }
  probabilityOfOne(context: number): number {
    return scaledProbabilityFromCounts(this.ones[context], this.counts[context], LENGTH_TABLE_PRECISION_BITS);
  }
  update(context: number, bit: number): void {
    this.ones[context] += bit;
    this.counts[context] += 1;
  }
  get valueBits(): number {
    return this.bits;
  }
}

/** Codes `values` (each in 0 … 2^bits − 1). */
export function encodeLengthTable(values: ArrayLike<number>, bits: number): Uint8Array {
  const contexts = new LengthContexts(bits);
  const encoder = new RangeEncoder(LENGTH_TABLE_PRECISION_BITS);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let prefix = 0;
    for (let index = 0; index < bits; index++) {
      const bit = Math.floor(value / 2 ** (bits - 1 - index)) % 2;
      const context = contexts.context(index, prefix);
      encoder.encodeBit(bit, contexts.probabilityOfOne(context));
      contexts.update(context, bit);
      if (index < TREE_BITS) prefix = prefix * 2 + bit;
    }
  }
  return encoder.finish();
}

/**
 * Decodes `count` values of `bits` bits from `stream`, calling `onValue(i, value)` for each; the
 * stream must end exactly where the values do (else the range decoder's error).
 */
export function decodeLengthTable(stream: Uint8Array, count: number, bits: number, onValue: (index: number, value: number) => void): void {
  const contexts = new LengthContexts(bits);
  const decoder = new RangeDecoder(stream, LENGTH_TABLE_PRECISION_BITS);
  for (let i = 0; i < count; i++) {
    let value = 0;
    let prefix = 0;
    for (let index = 0; index < contexts.valueBits; index++) {
      const context = contexts.context(index, prefix);
      const bit = decoder.decodeBit(contexts.probabilityOfOne(context));
      contexts.update(context, bit);
      value = value * 2 + bit;
      if (index < TREE_BITS) prefix = prefix * 2 + bit;
    }
    // Past the end the decoder reads zeros: a table cut short would otherwise run on for every value.
    if (decoder.overrunBytes > 8) fail(ErrorCode.Truncated, `the record length table ends before its ${count} lengths (at length ${i + 1})`);
    onValue(i, value);
  }
  decoder.verifyEnd();
}
