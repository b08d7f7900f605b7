/**
 * The TypeScript reference of float32 arithmetic (arithmetic.ts): what the WebAssembly kernel's
 * f32 functions compute, operation for operation, with `Math.fround` after every sum and product.
 * (A double sum or product of two singles rounded once to single is the correctly rounded single
 * result: a double holds more than 2·24 + 2 bits, so the double rounding is harmless.)
 *
 * The order, fixed here for every engine:
 * - features' values are rounded to single first; unit j's sum starts from the base (the hidden
 *   bias plus the constant features) and adds each feature in list order: w for a value of 1,
 *   else fround(value · w);
 * - ReLU as `if (h < 0) h = 0` (−0 and NaN stay, as in the float64 reference);
 * - the head: eight partial sums, s[j mod 8] += fround(w[j] · h[j]) for j below the largest
 *   multiple of 8, from +0; then c[l] = s[l] + s[l + 4], then (c[0] + c[2]) + (c[1] + c[3]); then
 *   the remaining units one at a time in unit order; then the bias + that sum. The logit, a
 *   single, is then quantized in double exactly as the float64 one is (scaled-probability.ts).
 */
import { logitToScaledProbability } from '../probability/scaled-probability.js';
import type { StageEvaluator } from './evaluator.js';
import type { SparseFeatures } from './features.js';
import type { Mlp } from './network.js';

const fround = Math.fround;

/** The number of interleaved partial sums of the head's dot product. */
export const HEAD_PARTIAL_SUMS = 8;

export class Float32MlpEvaluator implements StageEvaluator {
  private readonly inputWeights: Float32Array;
  private readonly hiddenBias: Float32Array;
  private readonly headWeights: Float32Array;
  private readonly headBias: Float32Array;
  private readonly base: Float32Array;
  private readonly hidden: Float32Array;
  private readonly partial = new Float32Array(HEAD_PARTIAL_SUMS);
  private readonly hiddenSize: number;

  /** The network's weights rounded to single (as weights.bin stores them, so a no-op for a loaded model). */
  constructor(mlp: Mlp, private readonly precisionBits: number) {
    this.hiddenSize = mlp.hiddenSize;
    this.inputWeights = Float32Array.from(mlp.inputWeights);
    this.hiddenBias = Float32Array.from(mlp.hiddenBias);
    this.headWeights = Float32Array.from(mlp.headWeights);
    this.headBias = Float32Array.from(mlp.headBias);
    this.base = Float32Array.from(this.hiddenBias);
    this.hidden = new Float32Array(this.hiddenSize);
  }

  private accumulate(target: Float32Array, features: SparseFeatures): void {
    const hiddenSize = this.hiddenSize;
    const weights = this.inputWeights;
    const { indices, values, count } = features;
    for (let k = 0; k < count; k++) {
      const value = fround(values[k]);
      const offset = indices[k] * hiddenSize;
      if (value === 1) {
        for (let j = 0; j < hiddenSize; j++) target[j] = fround(target[j] + weights[offset + j]);
      } else {
        for (let j = 0; j < hiddenSize; j++) target[j] = fround(target[j] + fround(value * weights[offset + j]));
      }
    }
  }

  setBase(features: SparseFeatures): void {
    this.base.set(this.hiddenBias);
    this.accumulate(this.base, features);
  }

  setInput(features: SparseFeatures): void {
    const hidden = this.hidden;
    hidden.set(this.base);
    this.accumulate(hidden, features);
    for (let j = 0; j < this.hiddenSize; j++) if (hidden[j] < 0) hidden[j] = 0;
  }

  /** The logit of head `head` for the last input, a single (see the order above). */
  logit(head: number): number {
    const hidden = this.hidden;
    const hiddenSize = this.hiddenSize;
    const weights = this.headWeights;
    const offset = head * hiddenSize;
    const s = this.partial;
    s.fill(0);
    const blocked = hiddenSize - (hiddenSize % HEAD_PARTIAL_SUMS);
    for (let j = 0; j < blocked; j++) s[j % HEAD_PARTIAL_SUMS] = fround(s[j % HEAD_PARTIAL_SUMS] + fround(weights[offset + j] * hidden[j]));
    const c0 = fround(s[0] + s[4]);
    const c1 = fround(s[1] + s[5]);
    const c2 = fround(s[2] + s[6]);
    const c3 = fround(s[3] + s[7]);
    let sum = fround(fround(c0 + c2) + fround(c1 + c3));
    for (let j = blocked; j < hiddenSize; j++) sum = fround(sum + fround(weights[offset + j] * hidden[j]));
    return fround(this.headBias[head] + sum);
  }

  scaledProbabilityOfOne(head: number): number {
    return logitToScaledProbability(this.logit(head), this.precisionBits);
  }
}
