/**
 * Random elastic displacement fields, for augmentation (Simard, Steinkraus & Platt 2003): each
 * pixel's displacement is uniform noise smoothed by a Gaussian, so nearby pixels move together
 * and strokes bend and thicken locally where an affine map moves the whole image at once. The
 * field is scaled to a given root-mean-square displacement, so its strength is a length in
 * pixels whatever the image size. Pure functions: the draws come from a seeded generator the
 * caller gives.
 */
import type { SeededRandom } from '../../random.js';
import { nonNegativeNumbers } from './number-list.js';

/** How strong the elastic fields are (rmsPixels 0: none). */
export interface ElasticRange {
  /** Root-mean-square length of the displacement, in pixels. */
  rmsPixels: number;
  /** Standard deviation of the smoothing Gaussian, in pixels: how far a displacement reaches. */
  sigmaPixels: number;
}

export const NO_ELASTIC: ElasticRange = { rmsPixels: 0, sigmaPixels: 4 };

/** Whether `range` bends anything (an RMS displacement of 0 is none). */
export function bends(range: ElasticRange): boolean {
  return range.rmsPixels > 0;
}

/** A displacement field: per pixel (row-major), how far its source lies down and right. */
export interface DisplacementField {
  rowsPixels: Float64Array;
  columnsPixels: Float64Array;
}

/**
 * A range written `RMS,SIGMA` in pixels (e.g. `1.5,4`): the displacement's root-mean-square
 * length and its smoothing. Throws on anything else.
 */
export function parseElasticRange(text: string): ElasticRange {
  const [rmsPixels, sigmaPixels] = nonNegativeNumbers(text, 2, 'RMS,SIGMA in pixels (two numbers >= 0, e.g. 1.5,4)');
  if (rmsPixels > 16 || sigmaPixels < 0.5 || sigmaPixels > 64) throw new Error(`elastic range '${text}' is out of bounds (an rms of at most 16 pixels, a sigma from 0.5 to 64 pixels)`);
  return { rmsPixels, sigmaPixels };
}

/** The normalised Gaussian kernel of standard deviation `sigma`, radius ⌈3σ⌉. */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] /= total;
  return kernel;
}

/** `field` (height × width) smoothed by `kernel` along rows then columns, 0 outside. */
function smooth(field: Float64Array, height: number, width: number, kernel: Float64Array): Float64Array {
  const radius = (kernel.length - 1) / 2;
  const across = new Float64Array(field.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) if (c + k >= 0 && c + k < width) sum += kernel[k + radius] * field[r * width + c + k];
      across[r * width + c] = sum;
    }
  }
  const out = new Float64Array(field.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) if (r + k >= 0 && r + k < height) sum += kernel[k + radius] * across[(r + k) * width + c];
      out[r * width + c] = sum;
    }
  }
  return out;
}

/**
 * One random displacement field of `range`'s strength for a height × width image: uniform noise
 * in [−1, 1] per pixel and direction, smoothed, scaled to the rms length asked for. Draws
 * 2 × height × width numbers from `random`.
 */
export function randomDisplacementField(random: SeededRandom, height: number, width: number, range: ElasticRange): DisplacementField {
  const noise = () => Float64Array.from({ length: height * width }, () => 2 * random.next() - 1);
  const kernel = gaussianKernel(range.sigmaPixels);
  const rowsPixels = smooth(noise(), height, width, kernel);
  const columnsPixels = smooth(noise(), height, width, kernel);
  let squares = 0;
  for (let i = 0; i < rowsPixels.length; i++) squares += rowsPixels[i] ** 2 + columnsPixels[i] ** 2;
  const rms = Math.sqrt(squares / rowsPixels.length);
  const scale = rms > 0 ? range.rmsPixels / rms : 0;
  for (let i = 0; i < rowsPixels.length; i++) {
    rowsPixels[i] *= scale;
    columnsPixels[i] *= scale;
  }
  return { rowsPixels, columnsPixels };
}
