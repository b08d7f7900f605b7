/**
 * The arithmetic (range) coder. The coder sees only integers:
 * a symbol's cumulative frequency and frequency out of 2^precisionBits (or a cumulative table).
 */

export { RangeEncoder } from './range-encoder.js';
export { RangeDecoder } from './range-decoder.js';
export {
  DEFAULT_PRECISION_BITS,
  MAX_PRECISION_BITS,
  MIN_PRECISION_BITS,
  STATE_BITS,
  isValidPrecisionBits,
} from './range-state.js';


