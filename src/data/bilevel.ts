/**
 * The one threshold between the two levels of a bilevel image: a pixel ≥ 128 is a 1. The binary
 * models' pyramid, `--binarize`, the binarized baselines and the zip classifier (as its reference
 * notebook does) all cut here.
 */
export const BILEVEL_THRESHOLD = 128;

/** One byte per pixel, 1 where the pixel is ≥ BILEVEL_THRESHOLD, else 0. */
export function bilevelBits(pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] >= BILEVEL_THRESHOLD ? 1 : 0;
  return out;
}
