/**
 * Decision sinks that price decisions with a model: the ideal code length Σ −log2 p. (The sinks
 * that drive the arithmetic coder live in src/codec.)
 */
import type { SparseFeatures } from './features.js';
import type { StageEvaluator } from './evaluator.js';
import { bitCodeLengthBits } from '../probability/scaled-probability.js';
import type { DecisionSink } from './traversal.js';

/**
 * The probabilities of one image's decisions in stages that every class shares (the same
 * predictor object for all classes, e.g. a shared gray refinement). Scoring an image under every
 * class then evaluates those stages once: the first class records, the others replay. The values
 * are the very integers the predictor gave, so replaying changes nothing but the time taken.
 */
export class SharedProbabilityMemo {
  values = new Int32Array(4096);
  length = 0;
  cursor = 0;
  /** True once one class has recorded this image's shared decisions. */
  filled = false;
  /** Call before the first class of a new image. */
  startImage(): void {
    this.length = 0;
    this.cursor = 0;
    this.filled = false;
  }
  /** Call after each class of the image. */
  endClass(): void {
    this.filled = true;
    this.cursor = 0;
  }
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(2 * this.values.length);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

/**
 * Base for sinks that ask a class model's stages for p(1) of each decision. `decide` asks for
 * p(1), lets the subclass code, price or draw the decision (`code`), and tells an adaptive stage
 * the outcome, so no sink can forget to.
 */
export abstract class PredictingSink implements DecisionSink {
  protected current: StageEvaluator;
  private currentShared = false;
  /** Whether the current stage adapts (and its p(1) is computed here, not replayed from the memo). */
  private currentLearns = false;
  private memo: SharedProbabilityMemo | null = null;
  private sharedStages: readonly boolean[] = [];
  constructor(protected readonly stages: readonly StageEvaluator[], protected readonly precisionBits: number) {
    this.current = stages[0];
  }
  /** Replay shared stages' probabilities from `memo` (see SharedProbabilityMemo); null: never. */
  useSharedMemo(memo: SharedProbabilityMemo | null, sharedStages: readonly boolean[]): void {
    this.memo = memo;
    this.sharedStages = sharedStages;
  }
  base(stage: number, features: SparseFeatures): void {
    if (this.memo?.filled && this.sharedStages[stage]) return;
    this.stages[stage].setBase(features);
  }
  context(stage: number, features: SparseFeatures, _row?: number, _column?: number): void {
    this.current = this.stages[stage];
    this.currentShared = this.memo !== null && this.sharedStages[stage] === true;
    const replayed = this.currentShared && this.memo!.filled;
    this.currentLearns = !replayed && this.current.learn !== undefined;
    if (replayed) return;
    this.current.setInput(features);
  }
  /** p(1) of the current stage's head `head`, as an integer out of 2^precisionBits. */
  protected scaledProbabilityOfOne(head: number): number {
    if (!this.currentShared) return this.current.scaledProbabilityOfOne(head);
    const memo = this.memo!;
    if (memo.filled) return memo.values[memo.cursor++];
    const scaled = this.current.scaledProbabilityOfOne(head);
    memo.push(scaled);
    return scaled;
  }
  decide(head: number, bit: number): number {
    const outcome = this.code(bit, this.scaledProbabilityOfOne(head));
    if (this.currentLearns) this.current.learn!(outcome);
    return outcome;
  }
  /**
   * What the sink does with one decision of p(1) = `scaledOne` / 2^P: returns the decision's bit
   * (`bit` when the image is known, else decoded or drawn).
   */
  protected abstract code(bit: number, scaledOne: number): number;
}

/** Adds up −log2 q(bit) over the decisions, q being the quantized probability the coder would use. */
export class IdealLengthSink extends PredictingSink {
  codeLengthBits = 0;
  decisions = 0;
  reset(): void {
    this.codeLengthBits = 0;
    this.decisions = 0;
  }
  protected code(bit: number, scaledOne: number): number {
    this.codeLengthBits += bitCodeLengthBits(bit, scaledOne, this.precisionBits);
    this.decisions++;
    return bit;
  }
}
