/**
 * Context features: what a pixel's model sees, built from what the decoder already knows.
 * Features are sparse (most are 0): a list of (index, value) pairs in increasing index order, so the
 * first network layer costs one row of weights per non-zero feature, in a fixed order.
 */
import type { LevelSize } from './pyramid.js';

export class SparseFeatures {
  readonly indices: Int32Array;
  readonly values: Float64Array;
  count = 0;
  constructor(readonly size: number) {
    this.indices = new Int32Array(size);
    this.values = new Float64Array(size);
  }
  clear(): void {
    this.count = 0;
  }
  push(index: number, value: number): void {
    this.indices[this.count] = index;
    this.values[this.count] = value;
    this.count++;
  }
  /** Writes the dense vector into `row` (zeros elsewhere). */
  toDense(row: Float32Array): void {
    row.fill(0);
    for (let i = 0; i < this.count; i++) row[this.indices[i]] = this.values[i];
  }
}

/** Causal window at a pyramid level: 3 rows above (±3 columns) and 3 pixels to the left. */
export const LEVEL_WINDOW_ROWS_ABOVE = 3;
export const LEVEL_WINDOW_HALF_WIDTH = 3;
export const LEVEL_WINDOW_SIZE = LEVEL_WINDOW_ROWS_ABOVE * (2 * LEVEL_WINDOW_HALF_WIDTH + 1) + LEVEL_WINDOW_HALF_WIDTH;
/** Parent neighbourhood: 5×5 pixels of the coarser level around the parent. */
export const PARENT_RADIUS = 2;
export const PARENT_WINDOW_SIZE = (2 * PARENT_RADIUS + 1) ** 2;
/** Position of a pixel among its parent's 2×2 children, one-hot. */
export const CHILD_POSITION_SIZE = 4;

/** Index of the first global-context feature of a level stage (see `levelFeatureSize`). */
export function globalFeatureOffset(hasParent: boolean): number {
  return LEVEL_WINDOW_SIZE + (hasParent ? PARENT_WINDOW_SIZE + CHILD_POSITION_SIZE : 0);
}

/**
 * Which coarser pyramid levels a level's network sees in full (all known before the level is
 * coded, so given once per image as base features). A model's manifest records its own
 * (architecture.context.globalContext; absent in models made before it existed: 'coarsest').
 * - 'coarsest': levels finer than the coarsest two see the coarsest level.
 * - 'coarser': every level but the coarsest sees every coarser level.
 */
export type GlobalContext = 'coarsest' | 'coarser';
export const GLOBAL_CONTEXTS: readonly GlobalContext[] = ['coarsest', 'coarser'];
/** The global context of every model made before the manifest recorded one. */
export const DEFAULT_GLOBAL_CONTEXT: GlobalContext = 'coarsest';

/** The levels (finest first) level `level` of `levelCount` sees in full under `global`. */
export function globalLevels(level: number, levelCount: number, global: GlobalContext): number[] {
  if (global === 'coarsest') return level + 2 < levelCount ? [levelCount - 1] : [];
  const levels: number[] = [];
  for (let k = level + 1; k < levelCount; k++) levels.push(k);
  return levels;
}

/** Pixels of the levels level `level` sees in full (`globalLevels`): its global features' count. */
export function globalContextSize(sizes: readonly LevelSize[], level: number, global: GlobalContext): number {
  return globalLevels(level, sizes.length, global).reduce((sum, k) => sum + sizes[k].height * sizes[k].width, 0);
}

/**
 * The global-context features of a level stage: the given levels in full, one after another. They
 * are the same for every pixel of the level, so they are given once per image (`DecisionSink.base`).
 */
export function globalFeatures(out: SparseFeatures, levels: readonly Uint8Array[], offset: number): void {
  out.clear();
  let index = offset;
  for (const level of levels) {
    for (let i = 0; i < level.length; i++) if (level[i]) out.push(index + i, 1);
    index += level.length;
  }
}

/**
 * Input size of a pyramid level's network. `globalSize` is the number of pixels of the levels it
 * sees in full (`globalLevels`).
 */
export function levelFeatureSize(size: LevelSize, hasParent: boolean, globalSize = 0): number {
  return LEVEL_WINDOW_SIZE + (hasParent ? PARENT_WINDOW_SIZE + CHILD_POSITION_SIZE : 0) + globalSize + size.height + size.width;
}

/**
 * Features of pixel (row, column) of a pyramid level: its causal window at that level, the parent
 * level's 5×5 neighbourhood and the child position (when there is a parent), and one-hot row and
 * column. Out-of-image pixels read as 0.
 */
export function levelFeatures(
  out: SparseFeatures,
  level: Uint8Array,
  size: LevelSize,
  parent: Uint8Array | null,
  parentSize: LevelSize | null,
  row: number,
  column: number,
  globalSize = 0,
): void {
  out.clear();
  const { height, width } = size;
  let index = 0;
  for (let r = row - LEVEL_WINDOW_ROWS_ABOVE; r < row; r++) {
    for (let c = column - LEVEL_WINDOW_HALF_WIDTH; c <= column + LEVEL_WINDOW_HALF_WIDTH; c++, index++) {
      if (r >= 0 && c >= 0 && c < width && level[r * width + c]) out.push(index, 1);
    }
  }
  for (let c = column - LEVEL_WINDOW_HALF_WIDTH; c < column; c++, index++) {
    if (c >= 0 && level[row * width + c]) out.push(index, 1);
  }
  if (parent && parentSize) {
    const parentRow = row >> 1;
    const parentColumn = column >> 1;
    for (let r = parentRow - PARENT_RADIUS; r <= parentRow + PARENT_RADIUS; r++) {
      for (let c = parentColumn - PARENT_RADIUS; c <= parentColumn + PARENT_RADIUS; c++, index++) {
        if (r >= 0 && r < parentSize.height && c >= 0 && c < parentSize.width && parent[r * parentSize.width + c]) out.push(index, 1);
      }
    }
    out.push(index + ((row & 1) << 1) + (column & 1), 1);
    index += CHILD_POSITION_SIZE;
  }
  index += globalSize;
  out.push(index + row, 1);
  out.push(index + height + column, 1);
}

/**
 * The refinement (gray) context: the bilevel image's (2·bilevelRadius+1)² neighbourhood (known in
 * full) and the gray values already coded: grayRowsAbove rows above (±grayHalfWidth columns) and
 * grayHalfWidth pixels to the left. A model's manifest records its own (architecture.context), and
 * loading reads it from there, so models trained with different contexts all decode exactly.
 */
export interface RefinementContext {
  bilevelRadius: number;
  grayRowsAbove: number;
  grayHalfWidth: number;
}

/**
 * The context `train` uses unless told otherwise (also that of the first gray models). Loading
 * always takes a model's own context from its manifest, never this default.
 */
export const DEFAULT_REFINEMENT_CONTEXT: Readonly<RefinementContext> = Object.freeze({ bilevelRadius: 2, grayRowsAbove: 2, grayHalfWidth: 2 });
/** Largest radius / window extent accepted (keeps inputs and manifests sane). */
export const MAX_REFINEMENT_EXTENT = 8;

export function checkRefinementContext(context: RefinementContext): string | null {
  const ok = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_REFINEMENT_EXTENT;
  if (!ok(context.bilevelRadius, 0)) return `bilevel radius must be an integer between 0 and ${MAX_REFINEMENT_EXTENT}`;
  if (!ok(context.grayRowsAbove, 0)) return `gray window rows above must be an integer between 0 and ${MAX_REFINEMENT_EXTENT}`;
  if (!ok(context.grayHalfWidth, 0)) return `gray window half width must be an integer between 0 and ${MAX_REFINEMENT_EXTENT}`;
  return null;
}

export function bilevelWindowSize(context: RefinementContext): number {
  return (2 * context.bilevelRadius + 1) ** 2;
}

export function grayWindowSize(context: RefinementContext): number {
  return context.grayRowsAbove * (2 * context.grayHalfWidth + 1) + context.grayHalfWidth;
}

/** Number of leading features that make a context "non-zero" (position does not count). */
export function refinementContextSize(context: RefinementContext): number {
  return bilevelWindowSize(context) + grayWindowSize(context);
}

export function refinementFeatureSize(size: LevelSize, context: RefinementContext): number {
  return refinementContextSize(context) + size.height + size.width;
}

/**
 * Features of pixel (row, column) for coding its 7 low bits: the bilevel neighbourhood, the causal
 * gray window scaled to [0, 1] (v / 255, exact in doubles), one-hot row and column.
 * Returns true when the context part is all zero (only the position is set).
 */
export function refinementFeatures(
  out: SparseFeatures,
  bilevel: Uint8Array,
  gray: Uint8Array,
  size: LevelSize,
  row: number,
  column: number,
  context: RefinementContext,
): boolean {
  out.clear();
  const { height, width } = size;
  const { bilevelRadius, grayRowsAbove, grayHalfWidth } = context;
  let index = 0;
  for (let r = row - bilevelRadius; r <= row + bilevelRadius; r++) {
    for (let c = column - bilevelRadius; c <= column + bilevelRadius; c++, index++) {
      if (r >= 0 && r < height && c >= 0 && c < width && bilevel[r * width + c]) out.push(index, 1);
    }
  }
  for (let r = row - grayRowsAbove; r < row; r++) {
    for (let c = column - grayHalfWidth; c <= column + grayHalfWidth; c++, index++) {
      if (r >= 0 && c >= 0 && c < width) {
        const value = gray[r * width + c];
        if (value) out.push(index, value / 255);
      }
    }
  }
  for (let c = column - grayHalfWidth; c < column; c++, index++) {
    if (c >= 0) {
      const value = gray[row * width + c];
      if (value) out.push(index, value / 255);
    }
  }
  const zeroContext = out.count === 0;
  out.push(index + row, 1);
  out.push(index + height + column, 1);
  return zeroContext;
}
