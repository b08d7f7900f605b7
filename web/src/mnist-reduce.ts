/**
 * A drawing reduced to a 28×28 digit the way MNIST's were made (LeCun et al.): the ink's bounding
 * box scaled to fit a 20×20 box with its aspect ratio kept, anti-aliased (each pixel the mean ink
 * coverage of the area it covers), then placed in a 28×28 field so that its centre of mass is at
 * the field's centre (a whole-pixel shift). Ink is 255, background 0, as in MNIST. Pure.
 */

export const DIGIT_FIELD_SIZE = 28;
const DIGIT_BOX_SIZE = 20;

/** Ink coverage 0..255 per pixel of a width×height drawing, row-major (e.g. a canvas's alpha). */
export interface InkImage {
  width: number;
  height: number;
  ink: Uint8Array | Uint8ClampedArray;
}

/** The smallest rectangle holding every inked pixel, or null for an empty drawing. */
export function inkBounds(image: InkImage): { left: number; top: number; right: number; bottom: number } | null {
  let left = image.width;
  let top = image.height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.ink[y * image.width + x] === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? null : { left, top, right: right + 1, bottom: bottom + 1 };
}

/** Length of the overlap of [a0, a1) and [b0, b1). */
function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** Box-filters the source rectangle onto a columns×rows grid: coverage 0..1 per cell. */
function areaAverage(image: InkImage, bounds: NonNullable<ReturnType<typeof inkBounds>>, scale: number, columns: number, rows: number): Float64Array {
  const out = new Float64Array(columns * rows);
  const sourcePerCell = 1 / scale;
  for (let row = 0; row < rows; row++) {
    const y0 = bounds.top + row * sourcePerCell;
    const y1 = Math.min(bounds.bottom, y0 + sourcePerCell);
    for (let column = 0; column < columns; column++) {
      const x0 = bounds.left + column * sourcePerCell;
      const x1 = Math.min(bounds.right, x0 + sourcePerCell);
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const weightY = overlap(y, y + 1, y0, y1);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) sum += weightY * overlap(x, x + 1, x0, x1) * image.ink[y * image.width + x];
      }
      out[row * columns + column] = sum / (255 * sourcePerCell * sourcePerCell);
    }
  }
  return out;
}

/** The 28×28 digit of a drawing (all zero for an empty one). */
export function reduceToDigit(image: InkImage): Uint8Array {
  const field = new Uint8Array(DIGIT_FIELD_SIZE * DIGIT_FIELD_SIZE);
  const bounds = inkBounds(image);
  if (!bounds) return field;
  const inkWidth = bounds.right - bounds.left;
  const inkHeight = bounds.bottom - bounds.top;
  const scale = DIGIT_BOX_SIZE / Math.max(inkWidth, inkHeight);
  // Cells of 1/scale source pixels cover all the ink; a last, partly covered cell comes out lighter.
  // (The tolerance keeps an exact fit, e.g. 200 · 0.1, from getting an empty extra cell.)
  const columns = Math.max(1, Math.ceil(inkWidth * scale - 1e-9));
  const rows = Math.max(1, Math.ceil(inkHeight * scale - 1e-9));
  const box = areaAverage(image, bounds, scale, columns, rows);
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const value = box[row * columns + column];
      mass += value;
      sumX += value * (column + 0.5);
      sumY += value * (row + 0.5);
    }
  }
  // Shift so that the centre of mass (in pixel-edge coordinates) lands on the field's centre.
  const shiftX = Math.round(DIGIT_FIELD_SIZE / 2 - sumX / mass);
  const shiftY = Math.round(DIGIT_FIELD_SIZE / 2 - sumY / mass);
  for (let row = 0; row < rows; row++) {
    const y = row + shiftY;
    if (y < 0 || y >= DIGIT_FIELD_SIZE) continue;
    for (let column = 0; column < columns; column++) {
      const x = column + shiftX;
      if (x < 0 || x >= DIGIT_FIELD_SIZE) continue;
      field[y * DIGIT_FIELD_SIZE + x] = Math.round(255 * Math.min(1, box[row * columns + column]));
    }
  }
  return field;
}
