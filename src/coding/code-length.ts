/**
 * Ideal code lengths of quantized symbols, in bits: what a perfect coder would spend given the
 * integer frequencies the real coder sees. For measurement and tests (they use Math.log2, which
 * is fine here because nothing is decoded from these numbers).
 */

import { checkPrecisionBits } from './range-state.js';

/** −log2(frequency / 2^P): the ideal cost of a symbol of that frequency. */
export function idealCodeLengthBits(frequency: number, precisionBits: number): number {
  checkPrecisionBits(precisionBits);
  return precisionBits - Math.log2(frequency);
}

/** Ideal cost of `bit` coded with encodeBit(bit, probabilityOfOneScaled) at this precision. */
export function idealBitCodeLengthBits(bit: number, probabilityOfOneScaled: number, precisionBits: number): number {
  const frequency = bit === 1 ? probabilityOfOneScaled : 2 ** precisionBits - probabilityOfOneScaled;
  return idealCodeLengthBits(frequency, precisionBits);
}

/** Ideal cost of coding `symbol` with the cumulative table `cdf` (see encodeWithCdf). */
export function idealCdfCodeLengthBits(cdf: Uint32Array, symbol: number, precisionBits: number): number {
  return idealCodeLengthBits(cdf[symbol + 1] - cdf[symbol], precisionBits);
}
