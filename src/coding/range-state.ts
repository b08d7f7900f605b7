/**
 * The numbers a range coder works with, and why every one of them is exact in a JS number.
 *
 * Probabilities reach the coder only as integers: a frequency `f` of a total `2^P` stands for the
 * probability `f · 2^-P`, where `P` is the precision in bits (PRECISION_BITS, 1..24).
 *
 * The coder state is an interval `[low, low + range)` inside a 48-bit window (STATE_BITS), kept in
 * plain JS numbers (IEEE doubles, exact for every integer below 2^53):
 *
 *   - between calls:   2^40 ≤ range ≤ 2^48   (RANGE_BOTTOM ≤ range ≤ STATE_TOP)
 *                      0 ≤ low < 2^48        (encoder; bit 48 above it is a pending carry)
 *   - within a call:   low + range < 2^49    (low < 2^48 and range ≤ 2^48 before the step, and a
 *                      step only narrows the interval)
 *
 * A symbol with cumulative frequencies [c, c + f) narrows the interval to
 * [low + bound(c), low + bound(c + f)) with the exact split
 *
 *     bound(c) = floor(range · c / 2^P)
 *
 * computed without the 72-bit product `range · c` as
 *
 *     rangePerUnit = floor(range / 2^P)          exact: division by a power of two, then floor
 *     remainder    = range − rangePerUnit · 2^P  exact: < 2^P ≤ 2^24
 *     bound(c)     = rangePerUnit · c + floor(remainder · c / 2^P)
 *
 * where `rangePerUnit · c ≤ range ≤ 2^48` and `remainder · c < 2^24 · 2^24 = 2^48`: every product
 * and sum stays below 2^53, so the split is the same integer on every engine.
 *
 * Because `range / 2^P ≥ 2^40 / 2^24 = 2^16`, a symbol of frequency ≥ 1 always gets a width of at
 * least 2^16 (so the interval never empties), and the width `bound(c + f) − bound(c)` is more than
 * `range · f / 2^P − 1`. The coder's own loss per symbol is therefore below
 * `−log2(1 − 2^P / (range · f))`, which relative to the symbol's ideal cost `−log2(f / 2^P)` is
 * at most 2^-16 for any frequency (the worst case is f = 2^P − 1 at P = 24). Skewed streams of
 * near-certain symbols thus cost what the model says, which a coder that hands the rounding
 * remainder to one fixed symbol (LZMA style) does not guarantee.
 *
 * Why P ≤ 24: `remainder · c < 2^(2P)` must stay exact (2P ≤ 53), cumulative frequencies must fit
 * a Uint32Array, and keeping `range / 2^P ≥ 2^16` is what bounds the loss above.
 *
 * Output goes out one byte at a time whenever range drops below 2^40 (low and range are then
 * multiplied by 256, still below 2^48 and 2^49). Carries are handled as in LZMA's rc (Igor Pavlov):
 * the last byte shifted out (the cache) and any run of 0xFF bytes after it are held back until a
 * carry into them is ruled out or has happened. A carry adds at most 1 to that held block, because
 * the interval's upper end stays below 2^49 in the window where the block was cut.
 */

// Checks in this folder read `if (!ok) invariant(false, `...`)` rather than `invariant(ok, `...`)`:
// they sit on per-symbol paths, and the message template must only be built when the check fails.

/** Bits in the coder's window: `low` and `range` live below 2^STATE_BITS. */
export const STATE_BITS = 48;
/** Bytes the decoder holds in its window (it reads this many bytes before the first symbol). */
export const STATE_BYTES = STATE_BITS / 8;
/** 2^48: the upper end of the window; `range` starts here, `low ≥ STATE_TOP` means a carry. */
export const STATE_TOP = 2 ** STATE_BITS;
/** 2^40: when `range` drops below this, one byte goes out and the window moves by 8 bits. */
export const RANGE_BOTTOM = 2 ** (STATE_BITS - 8);
/** 2^-40, to take the top byte of the window with an exact multiplication. */
export const INVERSE_RANGE_BOTTOM = 2 ** -(STATE_BITS - 8);
/** A window `low` at or above this (top byte 0xFF) may still receive a carry from later symbols. */
export const CARRY_FREE_LIMIT = 0xff * RANGE_BOTTOM;

export { DEFAULT_PRECISION_BITS, MIN_PRECISION_BITS, MAX_PRECISION_BITS, isValidPrecisionBits, checkPrecisionBits } from '../probability/precision.js';

/**
 * `floor(range · cumulative / 2^P)`, exactly, given `rangePerUnit = floor(range / 2^P)` and
 * `remainder = range − rangePerUnit · 2^P` (see the note at the top for why this is exact).
 */
export function scaledBound(
  rangePerUnit: number,
  remainder: number,
  cumulative: number,
  inverseTotal: number,
): number {
  return rangePerUnit * cumulative + Math.floor(remainder * cumulative * inverseTotal);
}

/**
 * The value the encoder ends on, for a final interval `[low, low + range)` of the window
 * (`low < 2^49`, `range ≥ 2^40`, `low + range < 2^49`): the point of the interval that needs the
 * fewest further bytes, given that a decoder reads zeros past the end of the stream.
 *
 * - a multiple of 2^48 (0 or 2^48, the latter as a carry) if the interval holds one: no byte;
 * - otherwise the next multiple of 2^40: one byte (nonzero), because range ≥ 2^40.
 *
 * Shared by the encoder (to finish) and the decoder (to check that a stream ends where it should).
 */
export function finalValue(low: number, range: number): number {
  const multipleOfTop = Math.ceil(low / STATE_TOP) * STATE_TOP;
  if (multipleOfTop < low + range) return multipleOfTop;
  return Math.ceil(low * INVERSE_RANGE_BOTTOM) * RANGE_BOTTOM;
}
