/**
 * Small random affine distortions of a training image, for augmentation: the image rotated,
 * scaled and slanted about its own centre of mass (so a dataset's centring is kept, whatever it
 * is), resampled bilinearly, the pixels brought in from outside 0. Handwriting and most natural
 * image classes vary this way, so the distorted copies stay on the distribution a model codes
 * (one-pixel shifts do not when the images are centred: docs/MODELS.md). Pure functions: the
 * draws come from a seeded generator the caller gives.
 */
import type { SeededRandom } from '../../random.js';
import type { DisplacementField } from './elastic.js';
import { nonNegativeNumbers } from './number-list.js';

export interface AffineDistortion {
  /** Rotation in radians (counter-clockwise as the image is shown, rows downwards). */
  rotationRadians: number;
  /** Isotropic scale factor (1: none). */
  scale: number;
  /** Horizontal slant: a pixel moves right by `slant` per row above the centre. */
  slant: number;
}

/** How far the random distortions go: each drawn uniformly in [−max, max] (scale: 1 ± maxScaleChange). */
export interface DistortionRange {
  maxRotationDegrees: number;
  maxScaleChange: number;
  maxSlant: number;
}

export const DEFAULT_DISTORTION_RANGE: DistortionRange = { maxRotationDegrees: 10, maxScaleChange: 0.1, maxSlant: 0.15 };

/**
 * A range written `DEGREES,SCALE,SLANT` (e.g. `10,0.1,0.15`, the default): the largest rotation
 * in degrees, scale change (a fraction) and slant. Throws on anything else.
 */
export function parseDistortionRange(text: string): DistortionRange {
  const [maxRotationDegrees, maxScaleChange, maxSlant] = nonNegativeNumbers(text, 3, 'DEGREES,SCALE,SLANT (three numbers >= 0, e.g. 10,0.1,0.15)');
  if (maxRotationDegrees > 90 || maxScaleChange >= 1 || maxSlant > 1) throw new Error(`distortion range '${text}' is too large (at most 90 degrees, a scale change below 1, a slant of 1)`);
  return { maxRotationDegrees, maxScaleChange, maxSlant };
}

/** One random distortion within `range`. */
export function randomDistortion(random: SeededRandom, range: DistortionRange = DEFAULT_DISTORTION_RANGE): AffineDistortion {
  const symmetric = (max: number) => (2 * random.next() - 1) * max;
  return {
    rotationRadians: (symmetric(range.maxRotationDegrees) * Math.PI) / 180,
    scale: 1 + symmetric(range.maxScaleChange),
    slant: symmetric(range.maxSlant),
  };
}

/** The centre of mass of the pixel values (row, column); the image's centre when it is all 0. */
export function centreOfMass(pixels: Uint8Array, height: number, width: number): [number, number] {
  let total = 0;
  let rows = 0;
  let columns = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const value = pixels[r * width + c];
      total += value;
      rows += value * r;
      columns += value * c;
    }
  }
  return total > 0 ? [rows / total, columns / total] : [(height - 1) / 2, (width - 1) / 2];
}

/**
 * `pixels` (height × width, row-major) distorted by `distortion` about their centre of mass into
 * `out`: each output pixel samples the source bilinearly at the inverse-mapped position (0
 * outside), moved further by `field` at that output pixel when one is given (elastic.ts), and
 * rounds to the nearest integer.
 */
export function distortImage(pixels: Uint8Array, height: number, width: number, distortion: AffineDistortion, out: Uint8Array, field?: DisplacementField): Uint8Array {
  const [centreRow, centreColumn] = centreOfMass(pixels, height, width);
  // Forward map in (x = column, y = row up): M = rotation · scale · slant; sample through M⁻¹.
  const { rotationRadians, scale, slant } = distortion;
  const cos = Math.cos(rotationRadians);
  const sin = Math.sin(rotationRadians);
  // M = [[cos, −sin], [sin, cos]] · s · [[1, slant], [0, 1]]
  const m00 = scale * cos;
  const m01 = scale * (cos * slant - sin);
  const m10 = scale * sin;
  const m11 = scale * (sin * slant + cos);
  const determinant = m00 * m11 - m01 * m10;
  const i00 = m11 / determinant;
  const i01 = -m01 / determinant;
  const i10 = -m10 / determinant;
  const i11 = m00 / determinant;
  const at = (r: number, c: number) => (r >= 0 && r < height && c >= 0 && c < width ? pixels[r * width + c] : 0);
  for (let r = 0; r < height; r++) {
    const y = centreRow - r;
    for (let c = 0; c < width; c++) {
      const x = c - centreColumn;
      const sourceX = i00 * x + i01 * y;
      const sourceY = i10 * x + i11 * y;
      const sourceRow = centreRow - sourceY + (field ? field.rowsPixels[r * width + c] : 0);
      const sourceColumn = centreColumn + sourceX + (field ? field.columnsPixels[r * width + c] : 0);
      const r0 = Math.floor(sourceRow);
      const c0 = Math.floor(sourceColumn);
      const fr = sourceRow - r0;
      const fc = sourceColumn - c0;
      const value = (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
      out[r * width + c] = Math.min(255, Math.max(0, Math.round(value)));
    }
  }
  return out;
}
