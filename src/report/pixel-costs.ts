/**
 * Where the bits go: an image's ideal code length Σ −log2 q spread over its pixel positions.
 *
 * A decision of pyramid level k codes one pixel of that level, which stands for a 2^k × 2^k block
 * of the image (clipped at the edges); its bits are shared equally by the block's pixels. Gray
 * refinement decisions belong to their own pixel. The map therefore adds up to the image's ideal
 * code length exactly (up to float rounding), and decisions that cost nothing (a pixel whose parent
 * is 0) add nothing.
 */
import type { ArModel } from '../model/ar-model.js';
import type { SparseFeatures } from '../model/features.js';
import { PredictingSink } from '../model/predicting-sinks.js';
import { bitCodeLengthBits } from '../probability/scaled-probability.js';
import type { ImageTraversal } from '../model/traversal.js';

class PixelCostSink extends PredictingSink {
  /** Bits per image pixel, row-major. */
  readonly bitsByPixel: Float64Array;
  private blockTop = 0;
  private blockLeft = 0;
  private blockBottom = 0;
  private blockRight = 0;
  private blockPixels = 1;
  constructor(model: ArModel, classIndex: number, private readonly traversal: ImageTraversal) {
    super(model.classEvaluators(classIndex), model.info.precisionBits);
    this.bitsByPixel = new Float64Array(traversal.height * traversal.width);
  }
  override context(stage: number, features: SparseFeatures, row: number, column: number): void {
    super.context(stage, features);
    const levelCount = this.traversal.sizes.length;
    const level = stage < levelCount ? levelCount - 1 - stage : 0;
    this.blockTop = row << level;
    this.blockLeft = column << level;
    this.blockBottom = Math.min((row + 1) << level, this.traversal.height);
    this.blockRight = Math.min((column + 1) << level, this.traversal.width);
    this.blockPixels = (this.blockBottom - this.blockTop) * (this.blockRight - this.blockLeft);
  }
  protected code(bit: number, scaledOne: number): number {
    const share = bitCodeLengthBits(bit, scaledOne, this.precisionBits) / this.blockPixels;
    const width = this.traversal.width;
    for (let row = this.blockTop; row < this.blockBottom; row++) {
      for (let column = this.blockLeft; column < this.blockRight; column++) this.bitsByPixel[row * width + column] += share;
    }
    return bit;
  }
}

/** The ideal code length of `pixels` under class `classIndex`, per pixel position (bits). */
export function pixelCodeLengths(model: ArModel, classIndex: number, pixels: Uint8Array, traversal = model.createTraversal()): Float64Array {
  const sink = new PixelCostSink(model, classIndex, traversal);
  traversal.run(pixels, sink);
  return sink.bitsByPixel;
}
