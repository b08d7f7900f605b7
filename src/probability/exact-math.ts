/**
 * Deterministic math for the coding path.
 *
 * The decoder must compute exactly the probabilities the encoder used, on any machine. JavaScript
 * numbers are IEEE-754 doubles and `+ - * /` are correctly rounded everywhere (no fused
 * multiply-add in JS), so a fixed sequence of those operations gives the same bits on every engine.
 * `Math.exp`, `Math.log`, `Math.pow` carry no such promise (V8 may change its implementation), so
 * the coding path uses only the functions below, built from basic operations alone.
 */

const LN2_HI = 6.93147180369123816490e-1; // upper bits of ln 2 (exact product with small integers)
const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
const INV_LN2 = 1.44269504088896338700e0;

/** 2^n for integer n in [−1022, 1023], built by exact doublings (no Math.pow). */
const POWERS_OF_TWO: Float64Array = (() => {
  const table = new Float64Array(2046);
  table[1022] = 1;
  for (let n = 1; n <= 1023; n++) table[1022 + n] = table[1022 + n - 1] * 2;
  for (let n = 1; n <= 1022; n++) table[1022 - n] = table[1022 - n + 1] / 2;
  return table;
})();

/**
 * e^x from basic operations only: x = n·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to
 * degree 13 (truncation error < 2^−60 on that interval), times 2^n from an exact table.
 * Accurate to a few ulps; more important, bit-identical on every IEEE-754 machine.
 */
export function exactExp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709) return Infinity;
  if (x < -708) return 0;
  const n = Math.round(x * INV_LN2);
  const r = x - n * LN2_HI - n * LN2_LO;
  // Horner evaluation of Σ r^k / k!, k = 0..13.
  let sum = 1 / 6227020800;
  sum = sum * r + 1 / 479001600;
  sum = sum * r + 1 / 39916800;
  sum = sum * r + 1 / 3628800;
  sum = sum * r + 1 / 362880;
  sum = sum * r + 1 / 40320;
  sum = sum * r + 1 / 5040;
  sum = sum * r + 1 / 720;
  sum = sum * r + 1 / 120;
  sum = sum * r + 1 / 24;
  sum = sum * r + 1 / 6;
  sum = sum * r + 1 / 2;
  sum = sum * r + 1;
  sum = sum * r + 1;
  return sum * POWERS_OF_TWO[1022 + n];
}

/** The logistic function 1 / (1 + e^−x), deterministic (see `exactExp`). */
export function exactSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + exactExp(-x));
  const e = exactExp(x);
  return e / (1 + e);
}

/** 2^n, exactly, for integer n in [−1022, 1023]. */
export function powerOfTwo(n: number): number {
  return POWERS_OF_TWO[1022 + n];
}

const SQRT2 = 1.4142135623730951;
/** 1 / (2k + 1) for k = 0 … 11: the series of atanh (correctly rounded divisions). */
const ATANH_COEFFICIENTS: Float64Array = Float64Array.from({ length: 12 }, (_, k) => 1 / (2 * k + 1));

/**
 * log2(n) for an integer n in [1, 2^31), from basic operations only (so, unlike Math.log2, the
 * same bits on every engine): n = 2^e · m with m in [1/√2, √2), ln m = 2 atanh((m − 1)/(m + 1)) by
 * its series to s^23 (|s| ≤ 0.172: truncation below 2^−58), then log2 = e + ln m / ln 2.
 * Accurate to a few ulps.
 */
export function exactLog2OfInteger(n: number): number {
  let exponent = 31 - Math.clz32(n);
  let mantissa = n / POWERS_OF_TWO[1022 + exponent];
  if (mantissa > SQRT2) {
    mantissa /= 2;
    exponent += 1;
  }
  const s = (mantissa - 1) / (mantissa + 1);
  const s2 = s * s;
  let sum = ATANH_COEFFICIENTS[11];
  for (let k = 10; k >= 0; k--) sum = sum * s2 + ATANH_COEFFICIENTS[k];
  return exponent + 2 * s * sum * INV_LN2;
}
