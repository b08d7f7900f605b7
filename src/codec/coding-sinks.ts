/**
 * Decision sinks that drive the arithmetic coder with a class model's probabilities. Encoder and
 * decoder see the same traversal (model/traversal.ts) and the same integer probabilities, so the
 * decoder restores every bit.
 */
import { RangeDecoder, RangeEncoder } from '../coding/index.js';
import { PredictingSink } from '../model/predicting-sinks.js';
import { bitCodeLengthBits } from '../probability/scaled-probability.js';
import type { StageEvaluator } from '../model/evaluator.js';

/** Codes each decision; also adds up the ideal code length Σ −log2 q for comparison. */
export class EncodingSink extends PredictingSink {
  idealCodeLengthBits = 0;
  constructor(stages: readonly StageEvaluator[], precisionBits: number, public encoder: RangeEncoder) {
    super(stages, precisionBits);
  }
  protected code(bit: number, scaledOne: number): number {
    this.encoder.encodeBit(bit, scaledOne);
    this.idealCodeLengthBits += bitCodeLengthBits(bit, scaledOne, this.precisionBits);
    return bit;
  }
}

/** Decodes each decision from the coder with the model's probability. */
export class DecodingSink extends PredictingSink {
  constructor(stages: readonly StageEvaluator[], precisionBits: number, public decoder: RangeDecoder) {
    super(stages, precisionBits);
  }
  protected code(_bit: number, scaledOne: number): number {
    return this.decoder.decodeBit(scaledOne);
  }
}
