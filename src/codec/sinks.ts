/**
 * Decision sinks that drive the arithmetic coder with a class model's probabilities. Encoder and
 * decoder see the same traversal (model/traversal.ts) and the same integer probabilities, so the
 * decoder restores every bit.
 */
import { RangeDecoder, RangeEncoder } from '../coding/index.js';
import { PredictingSink } from '../model/sinks.js';
import type { StageEvaluator } from '../model/evaluator.js';

/** Codes each decision; also adds up the ideal code length Σ −log2 q for comparison. */
export class EncodingSink extends PredictingSink {
  idealCodeLengthBits = 0;
  constructor(stages: readonly StageEvaluator[], precisionBits: number, public encoder: RangeEncoder) {
    super(stages, precisionBits);
  }
  decide(head: number, bit: number): number {
    const scaledOne = this.scaledProbabilityOfOne(head);
    this.encoder.encodeBit(bit, scaledOne);
    this.idealCodeLengthBits -= Math.log2((bit ? scaledOne : this.totalScaled - scaledOne) / this.totalScaled);
    return bit;
  }
}

/** Decodes each decision from the coder with the model's probability. */
export class DecodingSink extends PredictingSink {
  constructor(stages: readonly StageEvaluator[], precisionBits: number, public decoder: RangeDecoder) {
    super(stages, precisionBits);
  }
  decide(head: number, _bit: number): number {
    return this.decoder.decodeBit(this.scaledProbabilityOfOne(head));
  }
}
