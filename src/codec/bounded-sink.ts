/**
 * Exact early stopping when an image is coded under every class to find the shortest code: a
 * class is abandoned as soon as it provably can neither win nor tie.
 *
 * The limit is in bytes of the stream, counted from its start (in a record of several images the
 * images before this one included, the same for every class): the best class's record length once
 * ended (scoring, and a record's last image), or its stream's bytes after the image (any other
 * image of a record, whose class is the one leaving the least information I = 8·bytes −
 * log2(range / 2^48)). A class whose stream holds more bytes than the limit loses either way: its
 * record can only end at least as long (`finish` never drops a byte already out), and its
 * information is more than 8·(limit + 1) ≥ the best's: after any decision 2^40 ≤ range < 2^48,
 * so I lies in [8·bytes, 8·bytes + 8], strictly above 8·bytes.
 *
 * Two proofs are used, and both only ever stop classes that lose by bytes *and* by ideal length
 * (or by bytes alone, when the limit on the ideal length is −∞), so the shortest class by real
 * length (ties by ideal) and by ideal length alone are exactly those of coding every class in full:
 *
 * 1. While coding: the stream already holds more bytes than the limit
 *    (`RangeEncoder.byteLength` never shrinks) and the ideal length already exceeds the best one
 *    (it only grows).
 * 2. Anywhere before the shared suffix: when the last stages of a model are the very same
 *    predictors for every class (a shared gray refinement), their decisions and probabilities are
 *    the same under every class, and so is their ideal cost R (measured on the first class coded in
 *    full). From the coder's information I (bits out plus the window in use) the stream cannot hold
 *    fewer than ⌈(I + R − 8 − margin) / 8⌉ bytes after the image, nor the record end shorter: each
 *    decision of probability q adds −log2 q ± 2^−23 bits to I at precisions P ≤ 16 (range·q ≥ 2^24, see
 *    coding/range-state.ts), so the decisions still to come before the suffix add at least
 *    −2^−23 each and the suffix's at least R minus 2^−23 each; and finish() ends on at least the
 *    bytes already out, which are ≥ (I − 8) / 8. Likewise the ideal length can end no lower than
 *    now plus R (every decision's −log2 q is positive). The margin (marginBitsPerDecision for
 *    each decision of the whole image, 2^−20 up to 16 bits and growing with the coder's error
 *    above, plus 10^−3 bits) covers the coder's part and float rounding many times over. A
 *    class whose bound already exceeds the best record, and whose ideal length plus R exceeds the
 *    best, stops there: checked after every decision before the suffix, so a class that is
 *    losing stops part-way through the pyramid instead of at its end — on MNIST's gray models,
 *    most of the work.
 */
import type { RangeEncoder } from '../coding/index.js';
import type { StageEvaluator } from '../model/evaluator.js';
import type { SparseFeatures } from '../model/features.js';
import { EncodingSink } from './coding-sinks.js';

/** Thrown out of a traversal to stop coding a class that can no longer be the shortest. */
export const ABANDON = Symbol('abandon class');

/** The shared suffix's cost for the current image, from a class coded in full. */
export interface SharedSuffixCost {
  /** Σ −log2 q over the suffix's decisions. */
  idealBits: number;
  /** Decisions of the whole image (the same under every class): what the margin is sized for. */
  decisions: number;
}

/**
 * The margin per decision: 2^−20 bits covers the coder's ±2^−23 at precisions up to 16 bits; above,
 * the coder's error per decision grows as about 1.45 · 2^(P − 40) bits, so the margin does too.
 */
function marginBitsPerDecision(precisionBits: number): number {
  return Math.max(2 ** -20, 2 ** (precisionBits - 36));
}
const MARGIN_BITS = 1e-3;

export class BoundedEncodingSink extends EncodingSink {
  /** Stop once the stream is longer than this many bytes (and the ideal length past the next). */
  limitBytes = Infinity;
  /** Stop only once the ideal length exceeds this; −Infinity: bytes alone decide. */
  limitIdealBits = -Infinity;
  /** The ideal length when the shared suffix began, in the last traversal (NaN: not reached). */
  private idealBitsAtSuffix = NaN;
  /** Decisions coded since `restart`. */
  private decisions = 0;
  /**
   * Before the shared suffix, with its cost known (proof 2): stop once the coder's information
   * exceeds this and the ideal length exceeds `suffixIdealBound`; +Infinity when not known.
   */
  private suffixInformationBound = Infinity;
  private suffixIdealBound = Infinity;

  /** `suffixStage`: the first stage of the model's shared suffix, or −1 when there is none. */
  constructor(stages: readonly StageEvaluator[], precisionBits: number, encoder: RangeEncoder, private readonly suffixStage: number) {
    super(stages, precisionBits, encoder);
  }

  /**
   * Starts a new class: fresh stream and lengths, limits for this class. `suffixCost`: this
   * image's shared suffix cost, once known (null: not known, or no shared suffix).
   */
  restart(encoder: RangeEncoder, limitBytes: number, limitIdealBits: number, suffixCost: SharedSuffixCost | null): void {
    this.encoder = encoder;
    this.idealCodeLengthBits = 0;
    this.limitBytes = limitBytes;
    this.limitIdealBits = limitIdealBits;
    this.idealBitsAtSuffix = NaN;
    this.decisions = 0;
    // ⌈(I + R − 8 − margin) / 8⌉ > limitBytes ⟺ I > 8·limitBytes + 8 + margin − R.
    const cost = this.suffixStage >= 0 ? suffixCost : null;
    const margin = cost ? cost.decisions * marginBitsPerDecision(this.precisionBits) + MARGIN_BITS : 0;
    this.suffixInformationBound = cost ? 8 * limitBytes + 8 + margin - cost.idealBits : Infinity;
    this.suffixIdealBound = cost ? limitIdealBits + margin - cost.idealBits : Infinity;
  }

  override base(stage: number, features: SparseFeatures): void {
    if (stage === this.suffixStage && Number.isNaN(this.idealBitsAtSuffix)) {
      this.stopIfSuffixCannotWin();
      this.idealBitsAtSuffix = this.idealCodeLengthBits;
      this.suffixInformationBound = Infinity;
    }
    super.base(stage, features);
  }

  override decide(head: number, bit: number): number {
    const result = super.decide(head, bit);
    this.decisions++;
    if (this.encoder.byteLength > this.limitBytes && this.idealCodeLengthBits > this.limitIdealBits) throw ABANDON;
    this.stopIfSuffixCannotWin();
    return result;
  }

  /** After a complete traversal: the shared suffix's cost, or null when there was none. */
  measuredSuffixCost(): SharedSuffixCost | null {
    if (Number.isNaN(this.idealBitsAtSuffix)) return null;
    return { idealBits: this.idealCodeLengthBits - this.idealBitsAtSuffix, decisions: this.decisions };
  }

  /** Proof 2: throws ABANDON when even the cheapest way through the shared suffix loses. */
  private stopIfSuffixCannotWin(): void {
    const bound = this.suffixInformationBound;
    // I ≤ 8·bytes + 8, so the logarithm is taken only in the last byte before the bound.
    if (8 * this.encoder.byteLength + 8 > bound && this.idealCodeLengthBits > this.suffixIdealBound && this.encoder.codeLengthBits > bound) throw ABANDON;
  }
}
