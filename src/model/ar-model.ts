/**
 * A trained model: one autoregressive class model per class, each a list of stage predictors
 * (see traversal.ts for the stages). Pure TypeScript; no tfjs.
 */
import { fail, ErrorCode } from '../errors.js';
import { IdealLengthSink } from './predicting-sinks.js';
import type { StagePredictor } from './network.js';
import { createEvaluators, type AdaptedStages, type EvaluatorKind, type StageEvaluator } from './evaluator.js';
import { ImageTraversal, stageShapes, type PixelMode } from './traversal.js';
import type { AdaptiveMapSpec } from './adaptive-map.js';
import type { GlobalContext, RefinementContext } from './features.js';
import { UNRECORDED_ARITHMETIC, type Arithmetic } from './arithmetic.js';

/** The precision new models are trained for (probability/precision.ts defines it). */
export { DEFAULT_PRECISION_BITS as MODEL_PRECISION_BITS } from '../probability/precision.js';

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
  /** The coarser levels each pyramid level sees in full (from the manifest); absent: 'coarsest'. */
  globalContext?: GlobalContext;
  /**
   * The arithmetic its networks are evaluated in (from the manifest); absent: 'float64'. Part of
   * what the fingerprint identifies: a model evaluated in another arithmetic than its manifest's
   * (a benchmark's variant) must not write files under that fingerprint.
   */
  arithmetic?: Arithmetic;
  /**
   * The adaptive map over the gray refinement's probabilities (adaptive-map.ts; from the
   * manifest's architecture.adaptiveMap); absent: none, as in every model made before it.
   */
  adaptiveMap?: AdaptiveMapSpec;
}

export interface ArModelOptions {
  /** Which evaluator computes the stages' probabilities (all give the same integers); default auto. */
  evaluator?: EvaluatorKind;
}

export class ArModel {
  /** Per stage: whether every class uses the very same predictor (e.g. a shared refinement). */
  readonly sharedStages: boolean[];
  readonly evaluatorKind: EvaluatorKind;
  private evaluators: StageEvaluator[][] | null = null;
  constructor(readonly info: ModelInfo, readonly classStages: StagePredictor[][], options: ArModelOptions = {}) {
    this.sharedStages = (classStages[0] ?? []).map((predictor, stage) => classStages.length > 1 && classStages.every((stages) => stages[stage] === predictor));
    this.evaluatorKind = options.evaluator ?? 'auto';
    let suffix = this.sharedStages.length;
    while (suffix > 0 && this.sharedStages[suffix - 1]) suffix--;
    // The gray refinement's two stages (its network and the context-free table) take turns pixel
    // by pixel: they are a suffix in coding order only together.
    if (info.pixelMode === 'gray' && suffix === this.sharedStages.length - 1) suffix = this.sharedStages.length;
    this.sharedSuffixStage = suffix < this.sharedStages.length ? suffix : -1;
  }

  /**
   * The first stage of the shared suffix: it and every later stage are shared by all classes, and
   * the traversal codes them after every other stage (the gray refinement); −1 when the last stage
   * is not shared.
   */
  readonly sharedSuffixStage: number;

  /**
   * The evaluators of class `classIndex`'s stages (made on first use, for this thread; the
   * predictors must not change afterwards). Shared stages share their evaluator.
   */
  classEvaluators(classIndex: number): readonly StageEvaluator[] {
    if (!this.evaluators) this.evaluators = createEvaluators(this.classStages, this.info.precisionBits, this.evaluatorKind, this.arithmetic, this.adaptedStages());
    return this.evaluators[classIndex];
  }

  /** The stages the model's adaptive map corrects (the gray refinement's), or null without one. */
  private adaptedStages(): AdaptedStages | null {
    const spec = this.info.adaptiveMap;
    if (!spec) return null;
    const { height, width, pixelMode, refinementContext, globalContext } = this.info;
    const roles = stageShapes(height, width, pixelMode, refinementContext, globalContext).map((shape) => shape.role);
    return { spec, stages: roles.map((role) => role === 'refine' || role === 'refine-table') };
  }

  get arithmetic(): Arithmetic {
    return this.info.arithmetic ?? UNRECORDED_ARITHMETIC;
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
    return new ImageTraversal(this.info.height, this.info.width, this.info.pixelMode, this.info.refinementContext, this.info.globalContext);
  }

  /** A scorer for ideal code lengths under one class; reuse it across images. */
  createScorer(classIndex: number): IdealLengthSink {
    return new IdealLengthSink(this.classEvaluators(classIndex), this.info.precisionBits);
  }

  /** Ideal code length Σ −log2 q in bits of one image under class `classIndex`. */
  idealCodeLengthBits(pixels: Uint8Array, classIndex: number, traversal = this.createTraversal()): number {
    const scorer = this.createScorer(classIndex);
    traversal.run(pixels, scorer);
    return scorer.codeLengthBits;
  }
}
