/**
 * A recording of one traversal of an image: every `base`, `context` and `decide` call with its
 * features and bits, in order. When an image is coded under every class to find the best one, the
 * traversal (pyramid, feature extraction) runs once and is replayed into each class's encoder:
 * the calls, features and bits the encoder sees are exactly those of a direct traversal.
 */
import { SparseFeatures } from '../model/features.js';
import type { DecisionSink } from '../model/traversal.js';

const BASE = 0;
const CONTEXT = 1;
const DECIDE = 2;
/** Follows each CONTEXT: the coded pixel's row (argument) and column (value). */
const POSITION = 3;

export class DecisionLog implements DecisionSink {
  private kinds = new Uint8Array(4096);
  /** Stage for base/context, head for decide. */
  private arguments = new Int32Array(4096);
  /** The bit for decide; the end of the call's features for base/context. */
  private values = new Int32Array(4096);
  private operationCount = 0;
  private featureIndices = new Int32Array(16384);
  private featureValues = new Float64Array(16384);
  private featureCount = 0;
  private scratch = new SparseFeatures(1);

  /** Forgets the recording (keeps the memory). */
  clear(): void {
    this.operationCount = 0;
    this.featureCount = 0;
  }

  base(stage: number, features: SparseFeatures): void {
    this.recordFeatures(BASE, stage, features);
  }

  context(stage: number, features: SparseFeatures, row: number, column: number): void {
    this.recordFeatures(CONTEXT, stage, features);
    this.push(POSITION, row, column);
  }

  decide(head: number, bit: number): number {
    this.push(DECIDE, head, bit);
    return bit;
  }

  /**
   * Plays the recorded calls, in order, into `sink`; with `stageLimit`, only those before the
   * first `base` or `context` call of a stage ≥ stageLimit. The pyramid's levels are coded one
   * after the other, coarsest (stage 0) first, so `stageLimit` 1 plays the coarsest level alone.
   */
  replay(sink: DecisionSink, stageLimit = Infinity): void {
    const { kinds, arguments: args, values, featureIndices, featureValues } = this;
    const scratch = this.scratch;
    let featureStart = 0;
    for (let i = 0; i < this.operationCount; i++) {
      const kind = kinds[i];
      if (kind === DECIDE) {
        sink.decide(args[i], values[i]);
        continue;
      }
      if (args[i] >= stageLimit) return;
      const featureEnd = values[i];
      scratch.clear();
      for (let k = featureStart; k < featureEnd; k++) scratch.push(featureIndices[k], featureValues[k]);
      featureStart = featureEnd;
      if (kind === BASE) {
        sink.base(args[i], scratch);
      } else {
        i++; // the POSITION that follows every CONTEXT
        sink.context(args[i - 1], scratch, args[i], values[i]);
      }
    }
  }

  private recordFeatures(kind: number, stage: number, features: SparseFeatures): void {
    const count = features.count;
    if (this.featureCount + count > this.featureIndices.length) {
      const capacity = Math.max(2 * this.featureIndices.length, this.featureCount + count);
      const indices = new Int32Array(capacity);
      indices.set(this.featureIndices.subarray(0, this.featureCount));
      const values = new Float64Array(capacity);
      values.set(this.featureValues.subarray(0, this.featureCount));
      this.featureIndices = indices;
      this.featureValues = values;
    }
    for (let k = 0; k < count; k++) {
      this.featureIndices[this.featureCount + k] = features.indices[k];
      this.featureValues[this.featureCount + k] = features.values[k];
    }
    this.featureCount += count;
    if (count > this.scratch.indices.length) this.scratch = new SparseFeatures(count);
    this.push(kind, stage, this.featureCount);
  }

  private push(kind: number, argument: number, value: number): void {
    if (this.operationCount === this.kinds.length) {
      const capacity = 2 * this.kinds.length;
      const kinds = new Uint8Array(capacity);
      kinds.set(this.kinds);
      const args = new Int32Array(capacity);
      args.set(this.arguments);
      const values = new Int32Array(capacity);
      values.set(this.values);
      this.kinds = kinds;
      this.arguments = args;
      this.values = values;
    }
    this.kinds[this.operationCount] = kind;
    this.arguments[this.operationCount] = argument;
    this.values[this.operationCount] = value;
    this.operationCount++;
  }
}
