/**
 * The precision of every probability on the coding path, defined once.
 *
 * A probability reaches the coder as an integer f out of a total of 2^P, standing for f · 2^−P;
 * P is the precision in bits. Models record theirs (manifest `precisionBits`) and are coded at it;
 * the range coder accepts any P in [MIN_PRECISION_BITS, MAX_PRECISION_BITS] (why 24 at most:
 * coding/range-state.ts).
 */
import { invariant } from '../errors.js';

/** The precision models are trained for and the coder uses unless told otherwise: 16 bits. */
export const DEFAULT_PRECISION_BITS = 16;
/** Smallest precision: total 2, one binary split. */
export const MIN_PRECISION_BITS = 1;
/** Largest precision (see coding/range-state.ts). */
export const MAX_PRECISION_BITS = 24;

/** True when `precisionBits` is an integer in [MIN_PRECISION_BITS, MAX_PRECISION_BITS]. */
export function isValidPrecisionBits(precisionBits: number): boolean {
  return Number.isInteger(precisionBits) && precisionBits >= MIN_PRECISION_BITS && precisionBits <= MAX_PRECISION_BITS;
}

/**
 * Checks a precision given by our own code. Files that carry a precision are checked with
 * `isValidPrecisionBits` first and fail with BadFormat, so a bad value here is a bug.
 */
export function checkPrecisionBits(precisionBits: number): void {
  if (!isValidPrecisionBits(precisionBits)) {
    invariant(false, `precision must be an integer from ${MIN_PRECISION_BITS} to ${MAX_PRECISION_BITS} bits, got ${precisionBits}`);
  }
}
