/**
 * A fixed number of numbers >= 0 written with commas (`10,0.1,0.15`), the shape the training
 * ranges take on the command line (distortions.ts, elastic.ts). Pure; throws one line on
 * anything else.
 */

/**
 * `text`'s `count` comma-separated finite numbers >= 0, or an Error `expected <expected>, found
 * '<text>'` (`expected` names them, e.g. `RMS,SIGMA in pixels (two numbers >= 0, e.g. 1.5,4)`).
 */
export function nonNegativeNumbers(text: string, count: number, expected: string): number[] {
  const parts = text.split(',');
  const values = parts.map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (parts.length !== count || values.some((value) => !Number.isFinite(value) || value < 0)) throw new Error(`expected ${expected}, found '${text}'`);
  return values;
}
