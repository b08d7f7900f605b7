/**
 * One-pixel shifts of a training image, for augmentation: the image moved by one pixel up, down,
 * left or right, the pixels moved in from outside 0. (Measured as a lever in docs/MODELS.md.)
 */

/** The four one-pixel moves (rows, columns). */
export const ONE_PIXEL_SHIFTS: readonly (readonly [number, number])[] = [[-1, 0], [1, 0], [0, -1], [0, 1]];

/** `pixels` (height × width, row-major) moved by `rows` down and `columns` right into `out`. */
export function shiftImage(pixels: Uint8Array, height: number, width: number, rows: number, columns: number, out: Uint8Array): Uint8Array {
  out.fill(0);
  for (let r = 0; r < height; r++) {
    const from = r - rows;
    if (from < 0 || from >= height) continue;
    for (let c = 0; c < width; c++) {
      const fromColumn = c - columns;
      if (fromColumn >= 0 && fromColumn < width) out[r * width + c] = pixels[from * width + fromColumn];
    }
  }
  return out;
}
