/**
 * Range decoder: the mirror of RangeEncoder. Fed the same intervals (same precision, same order),
 * it returns the symbols that were coded.
 *
 * Robustness: the decoder keeps `0 ≤ code < range` whatever bytes it reads, so random or damaged
 * input decodes to some symbols in bounded time (every call does a fixed amount of work plus at
 * most three byte reads). Reading past the end yields zeros and is counted (`overrunBytes`);
 * `verifyEnd()` tells whether the stream ended exactly where the decoded symbols say it should.
 */

import { ErrorCode, fail, invariant } from '../errors.js';
import {
  DEFAULT_PRECISION_BITS,
  RANGE_BOTTOM,
  STATE_BYTES,
  STATE_TOP,
  checkPrecisionBits,
  finalValue,
  scaledBound,
} from './range-state.js';

export class RangeDecoder {
  /** Bits of probability: frequencies are out of a total of 2^precisionBits. */
  readonly precisionBits: number;
  private readonly total: number;
  private readonly inverseTotal: number;
  private readonly bytes: Uint8Array;
  /** Index of the next byte to read; may run past bytes.length (those reads yield 0). */
  private position = 0;
  /** Width of the interval, as in the encoder: 2^40 ≤ range ≤ 2^48 between calls. */
  private range = STATE_TOP;
  /** The coded value minus the interval's lower end: 0 ≤ code < range, always. */
  private code = 0;

  constructor(bytes: Uint8Array, precisionBits: number = DEFAULT_PRECISION_BITS) {
    checkPrecisionBits(precisionBits);
    this.precisionBits = precisionBits;
    this.total = 2 ** precisionBits;
    this.inverseTotal = 2 ** -precisionBits;
    this.bytes = bytes;
    let code = 0;
    for (let i = 0; i < STATE_BYTES; i++) code = code * 256 + this.nextByte();
    this.code = code; // < 2^48 = range
  }

  /** Bytes read past the end of the input (each read as zero). */
  get overrunBytes(): number {
    return Math.max(0, this.position - this.bytes.length);
  }

  /**
   * The scaled value `t` in [0, 2^P) that locates the next symbol: the symbol is the one whose
   * interval [cumulativeLow, cumulativeLow + frequency) holds t. Follow with consume().
   */
  decodeTarget(): number {
    const total = this.total;
    const range = this.range;
    const code = this.code;
    // The target is the largest t with bound(t) ≤ code, i.e. t = ceil((code + 1) · 2^P / range) − 1.
    // (code + 1) · 2^P is exact (a power-of-two multiple); the division is correctly rounded, so
    // the estimate is never above the target (rounding is monotone and integers are exact) and is
    // below it only when the quotient lies within 2^-29 of an integer: then by exactly one.
    let target = Math.ceil(((code + 1) * total) / range) - 1;
    if (target + 1 < total) {
      const rangePerUnit = Math.floor(range * this.inverseTotal);
      const remainder = range - rangePerUnit * total;
      if (scaledBound(rangePerUnit, remainder, target + 1, this.inverseTotal) <= code) target++;
    }
    return target;
  }

  /**
   * Removes the symbol with interval [cumulativeLow, cumulativeLow + frequency) from the stream;
   * that interval must hold the value decodeTarget() returned.
   */
  consume(cumulativeLow: number, frequency: number): void {
    const total = this.total;
    const cumulativeHigh = cumulativeLow + frequency;
    if (
      !(frequency >= 1 && cumulativeLow >= 0 && cumulativeHigh <= total) ||
      (cumulativeLow | 0) !== cumulativeLow ||
      (frequency | 0) !== frequency
    ) {
      invariant(false, `consume needs integers 0 ≤ cumulativeLow < cumulativeLow + frequency ≤ ${total}, got cumulativeLow ${cumulativeLow}, frequency ${frequency}`);
    }
    const range = this.range;
    const inverseTotal = this.inverseTotal;
    const rangePerUnit = Math.floor(range * inverseTotal);
    const remainder = range - rangePerUnit * total;
    const lowBound = scaledBound(rangePerUnit, remainder, cumulativeLow, inverseTotal);
    const highBound =
      cumulativeHigh === total ? range : scaledBound(rangePerUnit, remainder, cumulativeHigh, inverseTotal);
    const code = this.code;
    if (!(code >= lowBound && code < highBound)) {
      invariant(false, `consume was given the interval [${cumulativeLow}, ${cumulativeHigh}), which does not hold the decoded target`);
    }
    this.code = code - lowBound;
    this.range = highBound - lowBound;
    this.normalize();
  }

  /**
   * Decodes one symbol coded with encodeWithCdf and the same table: cdf[0] = 0, cdf[n] = 2^P,
   * strictly increasing. Finds it by binary search (log2 n steps).
   */
  decodeWithCdf(cdf: Uint32Array): number {
    const symbolCount = cdf.length - 1;
    if (!(symbolCount >= 1) || cdf[symbolCount] !== this.total || cdf[0] !== 0) {
      invariant(false, `decodeWithCdf needs a cdf from 0 to ${this.total}, got ${cdf[0]}..${cdf[symbolCount]}`);
    }
    const target = this.decodeTarget();
    // Largest symbol s with cdf[s] ≤ target: invariant cdf[lowIndex] ≤ target < cdf[highIndex].
    let lowIndex = 0;
    let highIndex = symbolCount;
    while (highIndex - lowIndex > 1) {
      const middle = (lowIndex + highIndex) >>> 1;
      if (cdf[middle] <= target) lowIndex = middle;
      else highIndex = middle;
    }
    const cumulativeLow = cdf[lowIndex];
    this.consume(cumulativeLow, cdf[lowIndex + 1] - cumulativeLow);
    return lowIndex;
  }

  /** Decodes one bit coded with encodeBit and the same `probabilityOfOneScaled`. */
  decodeBit(probabilityOfOneScaled: number): number {
    const total = this.total;
    if (!(probabilityOfOneScaled >= 1 && probabilityOfOneScaled < total) || (probabilityOfOneScaled | 0) !== probabilityOfOneScaled) {
      invariant(false, `decodeBit needs an integer probability of one in [1, ${total - 1}], got ${probabilityOfOneScaled}`);
    }
    const range = this.range;
    const inverseTotal = this.inverseTotal;
    const rangePerUnit = Math.floor(range * inverseTotal);
    const remainder = range - rangePerUnit * total;
    const zeroWidth = scaledBound(rangePerUnit, remainder, total - probabilityOfOneScaled, inverseTotal);
    let bit: number;
    if (this.code < zeroWidth) {
      this.range = zeroWidth;
      bit = 0;
    } else {
      this.code -= zeroWidth;
      this.range = range - zeroWidth;
      bit = 1;
    }
    this.normalize();
    return bit;
  }

  /**
   * Call after the last symbol. Throws ArcError Truncated if the stream is shorter than the
   * decoded symbols need, BadFormat if it is longer or its last bytes differ from what
   * RangeEncoder.finish() writes for them. (A damaged stream can still pass by chance; containers
   * that must be sure add a checksum.)
   */
  verifyEnd(): void {
    const bytes = this.bytes;
    // The window: the last STATE_BYTES bytes read, zeros past the end.
    let window = 0;
    for (let i = this.position - STATE_BYTES; i < this.position; i++) {
      window = window * 256 + (i < bytes.length ? bytes[i] : 0);
    }
    let low = window - this.code;
    if (low < 0) low += STATE_TOP; // the encoder's low carried past the window
    const expectedWindow = finalValue(low, this.range) % STATE_TOP;
    // Bytes shifted out so far, plus the final value's top byte unless it is zero (then dropped).
    const shiftedOutBytes = this.position - STATE_BYTES;
    const expectedLength = shiftedOutBytes + (expectedWindow === 0 ? 0 : 1);
    if (bytes.length < expectedLength) {
      fail(ErrorCode.Truncated, `range-coded stream is cut short: its symbols need ${expectedLength} bytes, found ${bytes.length}`);
    }
    if (bytes.length > expectedLength) {
      fail(ErrorCode.BadFormat, `range-coded stream is too long: its symbols end after ${expectedLength} bytes, found ${bytes.length}`);
    }
    if (window !== expectedWindow) {
      fail(ErrorCode.BadFormat, 'range-coded stream is damaged: its last bytes do not end the coded symbols');
    }
  }

  /** Reads bytes into the window while the range is below 2^40 (at most three times). */
  private normalize(): void {
    while (this.range < RANGE_BOTTOM) {
      this.code = this.code * 256 + this.nextByte(); // code < range < 2^40, so < 2^48
      this.range *= 256;
    }
  }

  private nextByte(): number {
    const position = this.position++;
    return position < this.bytes.length ? this.bytes[position] : 0;
  }
}
