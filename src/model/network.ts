/**
 * The per-stage predictors, evaluated in plain TypeScript on the coding path.
 *
 * An `Mlp` is Dense(inputSize → hiddenSize, ReLU) then one logit per head (Dense hiddenSize →
 * headCount), trained with TensorFlow.js but evaluated here in float64 with one fixed order of
 * operations: inputs in increasing index order, then hidden units in increasing order. Every step
 * is a correctly rounded IEEE-754 operation, so the result is bit-identical on every machine and
 * for every batch size: nothing here depends on a tfjs backend.
 */
import { invariant } from '../errors.js';
import { logitToScaledProbability } from '../probability/scaled-probability.js';
import type { SparseFeatures } from './features.js';

export class Mlp {
  readonly kind = 'mlp' as const;
  /** Input-major: weight from input i to hidden unit j is at i·hiddenSize + j. */
  readonly inputWeights: Float64Array;
  readonly hiddenBias: Float64Array;
  /** Head-major: weight from hidden unit j to head h is at h·hiddenSize + j. */
  readonly headWeights: Float64Array;
  readonly headBias: Float64Array;
  private readonly hidden: Float64Array;
  /** Hidden pre-activations of the per-image constant features (`setBase`), bias included. */
  private readonly base: Float64Array;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly headCount: number,
    weights?: { inputWeights: Float64Array; hiddenBias: Float64Array; headWeights: Float64Array; headBias: Float64Array },
  ) {
    this.inputWeights = weights?.inputWeights ?? new Float64Array(inputSize * hiddenSize);
    this.hiddenBias = weights?.hiddenBias ?? new Float64Array(hiddenSize);
    this.headWeights = weights?.headWeights ?? new Float64Array(headCount * hiddenSize);
    this.headBias = weights?.headBias ?? new Float64Array(headCount);
    invariant(this.inputWeights.length === inputSize * hiddenSize, 'Mlp input weights have the wrong size');
    invariant(this.headWeights.length === headCount * hiddenSize, 'Mlp head weights have the wrong size');
    this.hidden = new Float64Array(hiddenSize);
    this.base = Float64Array.from(this.hiddenBias);
  }

  /** Sets the features that stay constant for a while; `setInput` adds to them. */
  setBase(features: SparseFeatures): void {
    this.base.set(this.hiddenBias);
    this.accumulate(this.base, features);
  }

  private accumulate(target: Float64Array, features: SparseFeatures): void {
    const hiddenSize = this.hiddenSize;
    const weights = this.inputWeights;
    const { indices, values, count } = features;
    for (let k = 0; k < count; k++) {
      const value = values[k];
      const offset = indices[k] * hiddenSize;
      if (value === 1) {
        for (let j = 0; j < hiddenSize; j++) target[j] += weights[offset + j];
      } else {
        for (let j = 0; j < hiddenSize; j++) target[j] += value * weights[offset + j];
      }
    }
  }

  /**
   * Computes the hidden layer for the base features plus `features` (added in list order, after
   * the base); later `logit()` calls use it.
   */
  setInput(features: SparseFeatures): void {
    const hidden = this.hidden;
    hidden.set(this.base);
    this.accumulate(hidden, features);
    for (let j = 0; j < this.hiddenSize; j++) if (hidden[j] < 0) hidden[j] = 0;
  }

  /** The logit of head `head` for the input last given to `setInput`. */
  logit(head: number): number {
    const hidden = this.hidden;
    const hiddenSize = this.hiddenSize;
    const weights = this.headWeights;
    const offset = head * hiddenSize;
    let sum = this.headBias[head];
    for (let j = 0; j < hiddenSize; j++) sum += weights[offset + j] * hidden[j];
    return sum;
  }

  scaledProbabilityOfOne(head: number, precisionBits: number): number {
    return logitToScaledProbability(this.logit(head), precisionBits);
  }
}

/**
 * A context-free stage: one fixed probability per head, stored as integers
 * (p · 2^−precisionBits, at the precision it was made for), so it is exact by construction. Used
 * where the context is all zero.
 */
export class ProbabilityTable {
  readonly kind = 'table' as const;
  constructor(readonly scaledProbabilities: Uint32Array, readonly precisionBits: number) {
    const total = 2 ** precisionBits;
    invariant(scaledProbabilities.every((scaled) => scaled >= 1 && scaled < total), `a probability table holds integers in [1, 2^${precisionBits} − 1]`);
  }
  get headCount(): number {
    return this.scaledProbabilities.length;
  }
}

export type StagePredictor = Mlp | ProbabilityTable;

/** Whether two arrays hold the same numbers, element by element. */
export function sameValues(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether two predictors compute exactly the same probabilities (same kind, sizes and weights). */
export function samePredictor(a: StagePredictor, b: StagePredictor): boolean {
  const equal = sameValues;
  if (a.kind === 'table' || b.kind === 'table') return a.kind === 'table' && b.kind === 'table' && a.precisionBits === b.precisionBits && equal(a.scaledProbabilities, b.scaledProbabilities);
  return a.inputSize === b.inputSize && a.hiddenSize === b.hiddenSize && a.headCount === b.headCount
    && equal(a.hiddenBias, b.hiddenBias) && equal(a.headBias, b.headBias) && equal(a.inputWeights, b.inputWeights) && equal(a.headWeights, b.headWeights);
}

/** A predictor as plain data (for structured cloning to and from worker threads). */
export type PlainPredictor =
  | { kind: 'mlp'; inputSize: number; hiddenSize: number; headCount: number; inputWeights: Float64Array; hiddenBias: Float64Array; headWeights: Float64Array; headBias: Float64Array }
  | { kind: 'table'; scaledProbabilities: Uint32Array; precisionBits: number };

export function predictorToPlain(predictor: StagePredictor): PlainPredictor {
  if (predictor.kind === 'table') return { kind: 'table', scaledProbabilities: predictor.scaledProbabilities, precisionBits: predictor.precisionBits };
  const { inputSize, hiddenSize, headCount, inputWeights, hiddenBias, headWeights, headBias } = predictor;
  return { kind: 'mlp', inputSize, hiddenSize, headCount, inputWeights, hiddenBias, headWeights, headBias };
}

export function predictorFromPlain(plain: PlainPredictor): StagePredictor {
  if (plain.kind === 'table') return new ProbabilityTable(plain.scaledProbabilities, plain.precisionBits);
  return new Mlp(plain.inputSize, plain.hiddenSize, plain.headCount, plain);
}

/**
 * Makes every stage whose predictors are equal in all classes one object (in place), so scoring
 * evaluates it once per image (ArModel.sharedStages). Loading a model does this, and so does
 * training before it returns, so a model is the same whether trained or loaded.
 */
export function shareIdenticalStages(classStages: StagePredictor[][]): void {
  const first = classStages[0] ?? [];
  for (let stage = 0; stage < first.length; stage++) {
    if (classStages.every((stages) => samePredictor(stages[stage], first[stage]))) {
      for (const stages of classStages) stages[stage] = first[stage];
    }
  }
}
