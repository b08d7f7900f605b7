/**
 * The binary pyramid: coarse-to-fine structure shared by both pixel modes.
 *
 * Level 0 is the bilevel image B (pixel ≥ 128 → 1). Level k+1 is the 2×2 max of level k (a pixel
 * is 1 when any of its up to four children is 1), padded with nothing: odd sizes round up.
 * Levels are coded coarsest first, so every pixel of a finer level sees the whole coarser level
 * (the digit's overall shape) as context, and children of a 0 parent cost nothing.
 */

export interface LevelSize {
  height: number;
  width: number;
}

/** Pyramid levels stop once both sides are at most this many pixels. */
export const COARSEST_MAX_SIDE = 8;

/** Level sizes, finest (the image) first. A 28×28 image gives 28×28, 14×14, 7×7. */
export function pyramidSizes(height: number, width: number): LevelSize[] {
  const sizes: LevelSize[] = [{ height, width }];
  let current = sizes[0];
  while (current.height > COARSEST_MAX_SIDE || current.width > COARSEST_MAX_SIDE) {
    current = { height: Math.ceil(current.height / 2), width: Math.ceil(current.width / 2) };
    sizes.push(current);
  }
  return sizes;
}

/** Fills `levels[k]` (k ≥ 1) from `levels[0]` by 2×2 max. */
export function fillPyramid(levels: Uint8Array[], sizes: readonly LevelSize[]): void {
  for (let k = 1; k < sizes.length; k++) {
    const fine = levels[k - 1];
    const { height: fineHeight, width: fineWidth } = sizes[k - 1];
    const { height, width } = sizes[k];
    const coarse = levels[k];
    coarse.fill(0);
    for (let row = 0; row < fineHeight; row++) {
      for (let column = 0; column < fineWidth; column++) {
        if (fine[row * fineWidth + column]) coarse[(row >> 1) * width + (column >> 1)] = 1;
      }
    }
    void height;
  }
}

/**
 * Whether (row, column) is the last existing child, in raster order, of its parent: the one whose
 * value is forced to 1 when its parent is 1 and all earlier siblings are 0.
 */
export function isLastChild(row: number, column: number, size: LevelSize): boolean {
  const lastRow = Math.min((row | 1), size.height - 1);
  const lastColumn = Math.min((column | 1), size.width - 1);
  return row === lastRow && column === lastColumn;
}

/** Whether any earlier sibling (raster order within the 2×2 block) of (row, column) is 1. */
export function earlierSiblingIsOne(level: Uint8Array, row: number, column: number, size: LevelSize): boolean {
  const top = row & ~1;
  const left = column & ~1;
  for (let r = top; r <= row; r++) {
    for (let c = left; c < left + 2 && c < size.width; c++) {
      if (r === row && c >= column) return false;
      if (level[r * size.width + c]) return true;
    }
  }
  return false;
}
