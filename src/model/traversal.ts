/**
 * The one order in which an image becomes binary decisions. Encoding, decoding, scoring and the
 * collection of training samples all walk this same code, so they cannot disagree.
 *
 * 1. The binary pyramid (see pyramid.ts), coarsest level first, each level in raster order. A pixel
 *    whose parent is 0 is 0 and costs nothing; the last child of a 1 parent whose earlier siblings
 *    are all 0 is 1 and costs nothing; every other pixel is one decision of that level's stage.
 * 2. Gray mode only: every pixel's 7 low bits, most significant first (its top bit is the bilevel
 *    pixel, already known), as a walk down a binary tree: head = topBit·127 + node, node 0 the root,
 *    node → 2·node + 1 + bit. The stage is the refinement network, or the context-free table when
 *    the pixel's context is all zero.
 */
import { invariant } from '../errors.js';
import { DEFAULT_GLOBAL_CONTEXT, globalContextSize, globalFeatureOffset, globalFeatures, globalLevels, DEFAULT_REFINEMENT_CONTEXT, levelFeatureSize, levelFeatures, refinementFeatureSize, refinementFeatures, SparseFeatures, type GlobalContext, type RefinementContext } from './features.js';
import { BILEVEL_THRESHOLD } from '../data/bilevel.js';
import { earlierSiblingIsOne, fillPyramid, isLastChild, pyramidSizes, type LevelSize } from './pyramid.js';

export type PixelMode = 'binary' | 'gray';
export const PIXEL_MODES: readonly PixelMode[] = ['binary', 'gray'];

/** Decisions per pixel in the gray refinement (bits below the top bit). */
export const REFINEMENT_BITS = 7;
/** Heads of a refinement stage: one tree of 127 nodes per value of the top bit. */
export const REFINEMENT_HEADS = 2 * ((1 << REFINEMENT_BITS) - 1);

/** Where decisions go: scoring, encoding, decoding or training-sample collection. */
export interface DecisionSink {
  /**
   * The features of `stage` that stay the same for the rest of this image (e.g. the global
   * context); the features given to `context` add to them. Called at the start of every stage of
   * every image, with an empty list when there is nothing constant.
   */
  base(stage: number, features: SparseFeatures): void;
  /**
   * The next decisions belong to `stage` and see `features` (valid until the next call); they code
   * the pixel at `row`, `column` of that stage's pyramid level (level 0, the image, for the gray
   * refinement stages).
   */
  context(stage: number, features: SparseFeatures, row: number, column: number): void;
  /**
   * One binary decision of the current stage's head `head`. `bit` is the true bit (0 or 1) when it
   * is known, and −1 when decoding. Returns the bit.
   */
  decide(head: number, bit: number): number;
}

export interface StageShape {
  /** 'level' for a pyramid level's network, 'refine' for the gray refinement network, 'refine-table' for the context-free table. */
  role: 'level' | 'refine' | 'refine-table';
  inputSize: number;
  headCount: number;
  /** Pyramid level index (0 = finest) for 'level' stages. */
  level?: number;
}

/**
 * The stages of a model for images of this size and mode, in stage-index order. `context` is the
 * gray refinement's context (a model's own, from its manifest; ignored in binary mode),
 * `globalContext` the coarser levels each pyramid level sees in full (also the model's own).
 */
export function stageShapes(height: number, width: number, mode: PixelMode, context: RefinementContext = DEFAULT_REFINEMENT_CONTEXT, globalContext: GlobalContext = DEFAULT_GLOBAL_CONTEXT): StageShape[] {
  const sizes = pyramidSizes(height, width);
  const shapes: StageShape[] = [];
  for (let level = sizes.length - 1; level >= 0; level--) {
    const globalSize = globalContextSize(sizes, level, globalContext);
    shapes.push({ role: 'level', level, inputSize: levelFeatureSize(sizes[level], level + 1 < sizes.length, globalSize), headCount: 1 });
  }
  if (mode === 'gray') {
    shapes.push({ role: 'refine', inputSize: refinementFeatureSize(sizes[0], context), headCount: REFINEMENT_HEADS });
    shapes.push({ role: 'refine-table', inputSize: 0, headCount: REFINEMENT_HEADS });
  }
  return shapes;
}

export class ImageTraversal {
  readonly sizes: LevelSize[];
  readonly levels: Uint8Array[];
  readonly gray: Uint8Array;
  /** Per level: the coarser levels its network sees in full (views of `levels`). */
  private readonly seenInFull: Uint8Array[][];
  /** Per level: how many pixels those are (`globalContextSize`). */
  private readonly globalSizes: number[];
  private readonly features: SparseFeatures;
  private readonly baseFeatures: SparseFeatures;
  readonly pixelCount: number;

  constructor(
    readonly height: number,
    readonly width: number,
    readonly mode: PixelMode,
    readonly context: RefinementContext = DEFAULT_REFINEMENT_CONTEXT,
    readonly globalContext: GlobalContext = DEFAULT_GLOBAL_CONTEXT,
  ) {
    invariant(height >= 1 && width >= 1, 'image size must be positive');
    this.sizes = pyramidSizes(height, width);
    this.levels = this.sizes.map((size) => new Uint8Array(size.height * size.width));
    this.seenInFull = this.sizes.map((_, k) => globalLevels(k, this.sizes.length, globalContext).map((g) => this.levels[g]));
    this.globalSizes = this.sizes.map((_, k) => globalContextSize(this.sizes, k, globalContext));
    this.pixelCount = height * width;
    this.gray = new Uint8Array(this.pixelCount);
    let largest = 0;
    for (const shape of stageShapes(height, width, mode, context, globalContext)) largest = Math.max(largest, shape.inputSize);
    this.features = new SparseFeatures(largest);
    this.baseFeatures = new SparseFeatures(largest);
  }

  /**
   * Walks one image. With `pixels` (height·width bytes) the true bits are given to the sink;
   * with null the sink decodes them. Returns the image as coded: in gray mode the 8-bit values,
   * in binary mode the bilevel pixels as 0/1 (a view into internal storage: copy to keep).
   */
  run(pixels: Uint8Array | null, sink: DecisionSink): Uint8Array {
    const decoding = pixels === null;
    const { sizes, levels, features } = this;
    const levelCount = sizes.length;
    if (pixels) {
      invariant(pixels.length === this.pixelCount, 'image has the wrong number of pixels');
      const bilevel = levels[0];
      for (let i = 0; i < this.pixelCount; i++) bilevel[i] = pixels[i] >= BILEVEL_THRESHOLD ? 1 : 0;
      fillPyramid(levels, sizes);
    } else {
      for (const level of levels) level.fill(0);
    }

    for (let k = levelCount - 1; k >= 0; k--) {
      const stage = levelCount - 1 - k;
      const size = sizes[k];
      const level = levels[k];
      const parent = k + 1 < levelCount ? levels[k + 1] : null;
      const parentSize = k + 1 < levelCount ? sizes[k + 1] : null;
      const parentWidth = parentSize ? parentSize.width : 0;
      const globalSize = this.globalSizes[k];
      globalFeatures(this.baseFeatures, this.seenInFull[k], globalFeatureOffset(parent !== null));
      sink.base(stage, this.baseFeatures);
      for (let row = 0; row < size.height; row++) {
        for (let column = 0; column < size.width; column++) {
          const index = row * size.width + column;
          if (parent) {
            if (!parent[(row >> 1) * parentWidth + (column >> 1)]) {
              level[index] = 0;
              continue;
            }
            if (isLastChild(row, column, size) && !earlierSiblingIsOne(level, row, column, size)) {
              level[index] = 1;
              continue;
            }
          }
          levelFeatures(features, level, size, parent, parentSize, row, column, globalSize);
          sink.context(stage, features, row, column);
          const bit = sink.decide(0, decoding ? -1 : level[index]);
          level[index] = bit;
        }
      }
    }
    if (this.mode === 'binary') return levels[0];

    const refineStage = levelCount;
    const tableStage = levelCount + 1;
    const bilevel = levels[0];
    const gray = this.gray;
    const size = sizes[0];
    const treeSize = (1 << REFINEMENT_BITS) - 1;
    this.baseFeatures.clear();
    sink.base(refineStage, this.baseFeatures);
    sink.base(tableStage, this.baseFeatures);
    for (let row = 0; row < size.height; row++) {
      for (let column = 0; column < size.width; column++) {
        const index = row * size.width + column;
        const topBit = bilevel[index];
        const zeroContext = refinementFeatures(features, bilevel, gray, size, row, column, this.context);
        sink.context(zeroContext ? tableStage : refineStage, features, row, column);
        const trueValue = decoding ? 0 : pixels[index];
        let node = 0;
        let low = 0;
        for (let b = REFINEMENT_BITS - 1; b >= 0; b--) {
          const bit = sink.decide(topBit * treeSize + node, decoding ? -1 : (trueValue >> b) & 1);
          node = 2 * node + 1 + bit;
          low = (low << 1) | bit;
        }
        gray[index] = (topBit << REFINEMENT_BITS) | low;
      }
    }
    return gray;
  }
}
