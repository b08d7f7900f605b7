/**
 * Range encoder: turns a sequence of (cumulative frequency, frequency) pairs into bytes.
 *
 * It never sees a model: each call gives the integer interval of the symbol that occurred, out of
 * a total of 2^precisionBits (see range-state.ts for the state, its bounds and why the arithmetic
 * is exact). A RangeDecoder with the same precision, fed the same intervals in the same order,
 * gets the symbols back. Binary and multi-symbol calls may be mixed freely as long as the decoder
 * mirrors them.
 */

import { invariant } from '../errors.js';
import {
  CARRY_FREE_LIMIT,
  DEFAULT_PRECISION_BITS,
  INVERSE_RANGE_BOTTOM,
  RANGE_BOTTOM,
  STATE_TOP,
  checkPrecisionBits,
  finalValue,
  scaledBound,
} from './range-state.js';

const INITIAL_OUTPUT_BYTES = 4096;

export class RangeEncoder {
  /** Bits of probability: frequencies are out of a total of 2^precisionBits. */
  readonly precisionBits: number;
  /** 2^precisionBits. */
  private readonly total: number;
  /** 2^-precisionBits (exact). */
  private readonly inverseTotal: number;

  /** Lower end of the interval in the 48-bit window: < 2^48 between calls (≥ 2^48 = a carry). */
  private low = 0;
  /** Width of the interval: 2^40 ≤ range ≤ 2^48 between calls. */
  private range = STATE_TOP;
  /** The last byte shifted out of the window, held back because a carry may still reach it. */
  private cache = 0;
  /**
   * True until the first byte is shifted out: the cache then holds a leading zero that stands for
   * the bits above the initial window. No carry can reach it (every value coded is < 2^48), so it
   * is never written.
   */
  private cacheIsLeadingZero = true;
  /** 0xFF bytes after the cache, held back with it (they become 0x00 if a carry comes). */
  private pendingFFCount = 0;

  private output: Uint8Array = new Uint8Array(INITIAL_OUTPUT_BYTES);
  private outputLength = 0;
  private finished = false;

  constructor(precisionBits: number = DEFAULT_PRECISION_BITS) {
    checkPrecisionBits(precisionBits);
    this.precisionBits = precisionBits;
    this.total = 2 ** precisionBits;
    this.inverseTotal = 2 ** -precisionBits;
  }

  /**
   * Codes a symbol whose probability is `frequency / 2^P`, with the symbols before it in the
   * model's order holding `cumulativeLow / 2^P`. Needs integers with frequency ≥ 1 and
   * cumulativeLow + frequency ≤ 2^P.
   */
  encodeSymbol(cumulativeLow: number, frequency: number): void {
    const total = this.total;
    const cumulativeHigh = cumulativeLow + frequency;
    if (
      !(frequency >= 1 && cumulativeLow >= 0 && cumulativeHigh <= total) ||
      (cumulativeLow | 0) !== cumulativeLow ||
      (frequency | 0) !== frequency
    ) {
      invariant(false, `encodeSymbol needs integers 0 ≤ cumulativeLow < cumulativeLow + frequency ≤ ${total}, got cumulativeLow ${cumulativeLow}, frequency ${frequency}`);
    }
    invariant(!this.finished, 'encodeSymbol called after finish()');
    const range = this.range;
    const inverseTotal = this.inverseTotal;
    const rangePerUnit = Math.floor(range * inverseTotal);
    const remainder = range - rangePerUnit * total;
    const lowBound = scaledBound(rangePerUnit, remainder, cumulativeLow, inverseTotal);
    const highBound =
      cumulativeHigh === total ? range : scaledBound(rangePerUnit, remainder, cumulativeHigh, inverseTotal);
    this.low += lowBound;
    this.range = highBound - lowBound;
    while (this.range < RANGE_BOTTOM) this.shiftByteOut();
  }

  /**
   * Codes `symbol` with a cumulative table: `cdf[s] .. cdf[s + 1]` is symbol s's interval, with
   * cdf[0] = 0 and cdf[cdf.length − 1] = 2^P (as made by cumulativeFromFrequencies).
   */
  encodeWithCdf(cdf: Uint32Array, symbol: number): void {
    const symbolCount = cdf.length - 1;
    if (!(symbol >= 0 && symbol < symbolCount) || cdf[symbolCount] !== this.total || cdf[0] !== 0) {
      invariant(false, `encodeWithCdf needs symbol in [0, ${symbolCount}) and cdf from 0 to ${this.total}, got symbol ${symbol}, cdf ${cdf[0]}..${cdf[symbolCount]}`);
    }
    const cumulativeLow = cdf[symbol];
    this.encodeSymbol(cumulativeLow, cdf[symbol + 1] - cumulativeLow);
  }

  /**
   * Codes one bit with `P(bit = 1) = probabilityOfOneScaled / 2^P`, an integer in [1, 2^P − 1]
   * (see quantizeBit). Zero takes the lower part of the interval, one the upper part.
   */
  encodeBit(bit: number, probabilityOfOneScaled: number): void {
    const total = this.total;
    if (!(probabilityOfOneScaled >= 1 && probabilityOfOneScaled < total) || (probabilityOfOneScaled | 0) !== probabilityOfOneScaled) {
      invariant(false, `encodeBit needs an integer probability of one in [1, ${total - 1}], got ${probabilityOfOneScaled}`);
    }
    invariant(!this.finished, 'encodeBit called after finish()');
    const range = this.range;
    const inverseTotal = this.inverseTotal;
    const rangePerUnit = Math.floor(range * inverseTotal);
    const remainder = range - rangePerUnit * total;
    const zeroWidth = scaledBound(rangePerUnit, remainder, total - probabilityOfOneScaled, inverseTotal);
    if (bit === 0) {
      this.range = zeroWidth;
    } else {
      if (bit !== 1) invariant(false, `encodeBit needs a bit of 0 or 1, got ${bit}`);
      this.low += zeroWidth;
      this.range = range - zeroWidth;
    }
    while (this.range < RANGE_BOTTOM) this.shiftByteOut();
  }

  /**
   * Bytes the stream has so far, not counting the window still in the coder; finish() adds at
   * most one more.
   */
  get byteLength(): number {
    return this.outputLength + (this.cacheIsLeadingZero ? 0 : 1) + this.pendingFFCount;
  }

  /**
   * Information coded so far in bits: the bytes out plus the part of the window in use. Tracks the
   * ideal code length of the quantized model to within the coder's small loss; for measurement.
   */
  get codeLengthBits(): number {
    return 8 * this.byteLength + Math.log2(STATE_TOP / this.range);
  }

  /**
   * Ends the stream and returns its bytes (a fresh array). It ends on the value of the final
   * interval with the fewest bytes; a decoder reads zeros past the end, so nothing else is needed.
   * The encoder cannot be used afterwards.
   */
  finish(): Uint8Array {
    invariant(!this.finished, 'finish() called twice');
    this.finished = true;
    this.low = finalValue(this.low, this.range);
    // The final value has no bits below 2^40: once its top byte is shifted out the window is zero,
    // so no carry can follow and the held bytes are final.
    this.shiftByteOut();
    const lastByteIsCache = this.pendingFFCount === 0;
    const lastByte = this.cache;
    this.writeHeldBytes(0);
    // A final zero byte carries no information (the decoder pads with zeros): drop it.
    if (lastByteIsCache && lastByte === 0) {
      invariant(this.outputLength > 0 && this.output[this.outputLength - 1] === 0, 'the last byte written is the cache');
      this.outputLength--;
    }
    return this.output.slice(0, this.outputLength);
  }

  /** Moves the top byte of the window out (into the cache), as LZMA's ShiftLow. */
  private shiftByteOut(): void {
    const low = this.low;
    const topByteWithCarry = Math.floor(low * INVERSE_RANGE_BOTTOM); // < 2^9
    if (low < CARRY_FREE_LIMIT || low >= STATE_TOP) {
      // Either no carry can reach the held bytes any more, or one just did: write them out.
      const carry = low >= STATE_TOP ? 1 : 0;
      this.writeHeldBytes(carry);
      this.cache = topByteWithCarry & 0xff;
    } else {
      // Top byte 0xFF: a later carry would ripple through it, so hold it back too.
      this.pendingFFCount++;
    }
    this.low = (low - topByteWithCarry * RANGE_BOTTOM) * 256;
    this.range *= 256;
  }

  /** Writes the cache and the pending 0xFF bytes, each plus `carry` (0 or 1). */
  private writeHeldBytes(carry: number): void {
    if (this.cacheIsLeadingZero) {
      invariant(carry === 0, 'no carry can reach above the initial window');
      this.cacheIsLeadingZero = false;
    } else {
      const value = this.cache + carry;
      invariant(value <= 0xff, 'a carry reaches a held byte at most once');
      this.writeByte(value);
    }
    const filler = (0xff + carry) & 0xff;
    for (; this.pendingFFCount > 0; this.pendingFFCount--) this.writeByte(filler);
  }

  private writeByte(value: number): void {
    if (this.outputLength === this.output.length) {
      const grown = new Uint8Array(this.output.length * 2);
      grown.set(this.output);
      this.output = grown;
    }
    this.output[this.outputLength++] = value;
  }
}
