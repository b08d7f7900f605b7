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

/**
 * An encoder's state at one point of its stream (`RangeEncoder.checkpoint`), to come back to with
 * `restore`: several codings of the next symbols are tried from one point and the best kept.
 * Bytes already written never change (a carry reaches only the held bytes, which are state), so a
 * state and the bytes written after the point it was taken from are all there is. Callers read
 * `byteLength` only; the rest is the encoder's.
 *
 * The contract: a checkpoint taken with `since` is restored while the encoder stands at `since`
 * (the bytes after it are written back); one taken without is restored only while the bytes before
 * it are still the stream's, i.e. the encoder was not rewound before it and coded past it since.
 */
export interface EncoderCheckpoint {
  readonly low: number;
  readonly range: number;
  readonly cache: number;
  readonly cacheIsLeadingZero: boolean;
  readonly pendingFFCount: number;
  readonly outputLength: number;
  /** Bytes written since the checkpoint this one was taken relative to (empty for none). */
  readonly written: Uint8Array;
  /** Bytes of the stream so far, as `byteLength`. */
  readonly byteLength: number;
}

/**
 * Which of two points of streams from one start holds less information (bytes out plus the part
 * of the window in use, as `codeLengthBits`): negative, zero or positive. Exact: with
 * 8·bytes − log2 range the information (up to a constant), a < b ⟺ range_b · 2^(8·(bytes_a −
 * bytes_b)) < range_a, a product of integers below 2^49 and a power of two.
 */
export function compareInformation(a: EncoderCheckpoint, b: EncoderCheckpoint): number {
  const scaledB = b.range * 2 ** (8 * (a.byteLength - b.byteLength));
  return scaledB < a.range ? -1 : scaledB > a.range ? 1 : 0;
}

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
   * The state now. With `since` (an earlier checkpoint of this stream) it also holds the bytes
   * written after `since`, so that `restore` can come back here after the encoder was rewound to
   * `since` and used for something else.
   */
  checkpoint(since?: EncoderCheckpoint): EncoderCheckpoint {
    invariant(!this.finished, 'checkpoint() after finish()');
    const from = since ? since.outputLength : this.outputLength;
    invariant(from <= this.outputLength, 'a checkpoint relative to an earlier point of this stream');
    return {
      low: this.low,
      range: this.range,
      cache: this.cache,
      cacheIsLeadingZero: this.cacheIsLeadingZero,
      pendingFFCount: this.pendingFFCount,
      outputLength: this.outputLength,
      written: this.output.slice(from, this.outputLength),
      byteLength: this.byteLength,
    };
  }

  /**
   * Returns to `point`: a checkpoint of this stream taken now or earlier, or one taken with
   * `since` = the point the stream is at now (its bytes after `since` are written back).
   */
  restore(point: EncoderCheckpoint): void {
    const start = point.outputLength - point.written.length;
    invariant(point.written.length === 0 ? start <= this.outputLength : start === this.outputLength, 'restore to a point of this stream, from the point it was taken relative to');
    this.outputLength = start;
    for (const value of point.written) this.writeByte(value);
    this.low = point.low;
    this.range = point.range;
    this.cache = point.cache;
    this.cacheIsLeadingZero = point.cacheIsLeadingZero;
    this.pendingFFCount = point.pendingFFCount;
    this.finished = false;
  }

  /** The length `finish()` would give now, the encoder left as it is. */
  get finishedByteLength(): number {
    const point = this.checkpoint();
    const length = this.end();
    this.restore(point);
    return length;
  }

  /**
   * Ends the stream and returns its bytes (a fresh array). It ends on the value of the final
   * interval with the fewest bytes; a decoder reads zeros past the end, so nothing else is needed.
   * The encoder cannot be used afterwards.
   */
  finish(): Uint8Array {
    // end() first: it may grow (replace) the output buffer.
    const length = this.end();
    return this.output.slice(0, length);
  }

  /** Ends the stream (see finish) and returns its length. */
  private end(): number {
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
    return this.outputLength;
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
