/**
 * Training samples, collected by walking training images with the same traversal the coder uses.
 * Per network stage: one row of features per context (stored as bytes, value·255, so binary
 * features are 255 and gray ones v) and the decisions (head, bit) made in that context.
 * Per table stage: counts of ones per head.
 */
import { SparseFeatures } from './features.js';
import type { DecisionSink, StageShape } from './traversal.js';

class GrowableArray<T extends Uint8Array | Int32Array | Uint16Array> {
  length = 0;
  constructor(public data: T, private readonly make: (size: number) => T) {}
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = Math.max(1024, this.data.length);
    while (size < this.length + extra) size *= 2;
    const grown = this.make(size);
    grown.set(this.data.subarray(0, this.length) as never);
    this.data = grown;
  }
  push(value: number): void {
    this.reserve(1);
    this.data[this.length++] = value;
  }
}

export class StageSamples {
  readonly features = new GrowableArray(new Uint8Array(0), (n) => new Uint8Array(n));
  /** Index of each row's first decision; decisions of row r are [rowStart[r], rowStart[r+1]). */
  readonly rowStart = new GrowableArray(new Int32Array(0), (n) => new Int32Array(n));
  readonly heads = new GrowableArray(new Uint16Array(0), (n) => new Uint16Array(n));
  readonly bits = new GrowableArray(new Uint8Array(0), (n) => new Uint8Array(n));
  rowCount = 0;
  /** For table stages and for bias initialisation: ones and decisions per head. */
  readonly onesByHead: Float64Array;
  readonly countByHead: Float64Array;
  constructor(readonly shape: StageShape) {
    this.onesByHead = new Float64Array(shape.headCount);
    this.countByHead = new Float64Array(shape.headCount);
  }

  addRow(baseFeatures: SparseFeatures, features: SparseFeatures): void {
    const size = this.shape.inputSize;
    this.features.reserve(size);
    const base = this.features.length;
    this.features.data.fill(0, base, base + size);
    for (let k = 0; k < baseFeatures.count; k++) this.features.data[base + baseFeatures.indices[k]] = Math.round(baseFeatures.values[k] * 255);
    for (let k = 0; k < features.count; k++) this.features.data[base + features.indices[k]] = Math.round(features.values[k] * 255);
    this.features.length += size;
    this.rowStart.push(this.heads.length);
    this.rowCount++;
  }

  addDecision(head: number, bit: number, keepRow: boolean): void {
    this.onesByHead[head] += bit;
    this.countByHead[head] += 1;
    if (keepRow) {
      this.heads.push(head);
      this.bits.push(bit);
    }
  }

  decisionRange(row: number): [number, number] {
    const start = this.rowStart.data[row];
    const end = row + 1 < this.rowCount ? this.rowStart.data[row + 1] : this.heads.length;
    return [start, end];
  }
}

/** A sink that records every context and decision of the traversal (the true bits). */
export class SampleCollector implements DecisionSink {
  readonly stages: StageSamples[];
  private current: StageSamples;
  private keepRows = false;
  /** `keepRows[stage]` false: that stage only counts its decisions (for a count table), no rows. */
  constructor(shapes: StageShape[], private readonly keepRowsOf: readonly boolean[] = []) {
    this.stages = shapes.map((shape) => new StageSamples(shape));
    this.baseFeatures = shapes.map((shape) => new SparseFeatures(Math.max(1, shape.inputSize)));
    this.current = this.stages[0];
  }
  private readonly baseFeatures: SparseFeatures[];
  base(stage: number, features: SparseFeatures): void {
    const copy = this.baseFeatures[stage];
    copy.clear();
    for (let k = 0; k < features.count; k++) copy.push(features.indices[k], features.values[k]);
  }
  context(stage: number, features: SparseFeatures): void {
    this.current = this.stages[stage];
    this.keepRows = this.current.shape.role !== 'refine-table' && this.keepRowsOf[stage] !== false;
    if (this.keepRows) this.current.addRow(this.baseFeatures[stage], features);
  }
  decide(head: number, bit: number): number {
    this.current.addDecision(head, bit, this.keepRows);
    return bit;
  }
}

/**
 * A sink that passes on the stages `passes[stage]` marks and drops every call of the others (their
 * decisions still return the true bit): so an augmented image can train some stages and not
 * count at all in the others.
 */
export class StageFilter implements DecisionSink {
  private passing = false;
  constructor(private readonly inner: DecisionSink, private readonly passes: readonly boolean[]) {}
  base(stage: number, features: SparseFeatures): void {
    if (this.passes[stage]) this.inner.base(stage, features);
  }
  context(stage: number, features: SparseFeatures, row: number, column: number): void {
    this.passing = this.passes[stage];
    if (this.passing) this.inner.context(stage, features, row, column);
  }
  decide(head: number, bit: number): number {
    return this.passing ? this.inner.decide(head, bit) : bit;
  }
}
