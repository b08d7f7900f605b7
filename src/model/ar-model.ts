/**
 * A trained model: one autoregressive class model per class, each a list of stage predictors
 * (see traversal.ts for the stages). Pure TypeScript; no tfjs.
 */
import { fail, ErrorCode } from '../errors.js';
import { IdealLengthSink } from './sinks.js';
import type { StagePredictor } from './network.js';
import { ImageTraversal, type PixelMode } from './traversal.js';
import type { RefinementContext } from './features.js';

/** Bits of probability on the coding path: p is an integer n representing n · 2^−16. */
export const MODEL_PRECISION_BITS = 16;

export interface ModelInfo {
  pixelMode: PixelMode;
  height: number;
  width: number;
  /** The label of each class model, in class-index order. */
  classLabels: number[];
  precisionBits: number;
  /** SHA-256 of the weights file and the architecture: identifies the model inside .arc files. */
  fingerprint: string;
  /** Gray mode: the refinement's context (from the manifest); absent in binary mode. */
  refinementContext?: RefinementContext;
}

export class ArModel {
  /** Per stage: whether every class uses the very same predictor (e.g. a shared refinement). */
  readonly sharedStages: boolean[];
  constructor(readonly info: ModelInfo, readonly classStages: StagePredictor[][]) {
    this.sharedStages = (classStages[0] ?? []).map((predictor, stage) => classStages.length > 1 && classStages.every((stages) => stages[stage] === predictor));
  }

  get classCount(): number {
    return this.classStages.length;
  }

  /** Fails with a one-line error when images of this size cannot be coded by this model. */
  checkImageSize(height: number, width: number, what: string): void {
    if (height !== this.info.height || width !== this.info.width) {
      fail(ErrorCode.ModelMismatch, `${what} has ${height}×${width} images but the model codes ${this.info.height}×${this.info.width} images`);
    }
  }

  createTraversal(): ImageTraversal {
    return new ImageTraversal(this.info.height, this.info.width, this.info.pixelMode, this.info.refinementContext);
  }

  /** A scorer for ideal code lengths under one class; reuse it across images. */
  createScorer(classIndex: number): IdealLengthSink {
    return new IdealLengthSink(this.classStages[classIndex], this.info.precisionBits);
  }

  /** Ideal code length Σ −log2 q in bits of one image under class `classIndex`. */
  idealCodeLengthBits(pixels: Uint8Array, classIndex: number, traversal = this.createTraversal()): number {
    const scorer = this.createScorer(classIndex);
    traversal.run(pixels, scorer);
    return scorer.codeLengthBits;
  }
}
