/**
 * One image record of a .arc container: a self-contained range-coded stream holding the class
 * index (uniform over the model's classes) followed by the image's decisions under that class
 * model. Each record ends on its own byte boundary, so any record decodes alone.
 *
 * Choosing the class ("best"): the class whose record is shortest in bytes, ties broken by the
 * smaller ideal code length, then by the lower class index. The search is exact but stops coding a
 * class as soon as its stream is already longer than the best record so far: bytes the encoder has
 * shifted out (or holds back for a carry) are never taken back, so such a class cannot win or tie.
 */
import { RangeDecoder, RangeEncoder } from '../coding/index.js';
import { invariant } from '../errors.js';
import type { ArModel } from '../model/ar-model.js';
import type { DecisionSink, ImageTraversal } from '../model/traversal.js';
import { DecisionLog } from './decision-log.js';
import { DecodingSink, EncodingSink } from './sinks.js';
import { SharedProbabilityMemo } from '../model/sinks.js';

export interface CodedRecord {
  bytes: Uint8Array;
  classIndex: number;
  /** Σ −log2 q of the image's decisions (the class index not included). */
  imageIdealBits: number;
  /** −log2 of the class index's probability (log2 of the class count, up to quantization). */
  classIndexBits: number;
  /**
   * The coder's information before its end (bytes out plus the interval in use, RangeEncoder
   * codeLengthBits): what the record costs before it is ended on a whole byte.
   */
  streamBits: number;
}

/** Thrown out of a traversal to stop coding a class that can no longer win. */
const ABANDON = Symbol('abandon class');

/** An EncodingSink that gives up once the stream is longer than `limitBytes`. */
class BoundedEncodingSink extends EncodingSink {
  limitBytes = Infinity;
  override decide(head: number, bit: number): number {
    const result = super.decide(head, bit);
    if (this.encoder.byteLength > this.limitBytes) throw ABANDON;
    return result;
  }
}

/**
 * The cumulative table of the uniform class distribution: class c holds
 * [floor(c·2^P / C), floor((c + 1)·2^P / C)). Each width is ≥ floor(2^P / C) ≥ 1 since C ≤ 2^P.
 */
export function classIndexCdf(classCount: number, precisionBits: number): Uint32Array {
  const total = 2 ** precisionBits;
  invariant(Number.isInteger(classCount) && classCount >= 1 && classCount <= total, `class count ${classCount} does not fit ${precisionBits}-bit probabilities`);
  const cdf = new Uint32Array(classCount + 1);
  for (let c = 0; c <= classCount; c++) cdf[c] = Math.floor((c * total) / classCount); // c·total < 2^53: exact
  return cdf;
}

/** Codes and decodes the records of one model. Holds scratch state: one per thread. */
export class RecordCoder {
  private readonly traversal: ImageTraversal;
  private readonly classCdf: Uint32Array;
  private readonly precisionBits: number;
  /** The class that won the previous image: tried first, so that pruning starts early. */
  private lastWinner = 0;
  private readonly log = new DecisionLog();
  /** Shared stages' probabilities of the current image, evaluated once for all classes. */
  private readonly memo = new SharedProbabilityMemo();

  constructor(readonly model: ArModel) {
    this.traversal = model.createTraversal();
    this.precisionBits = model.info.precisionBits;
    this.classCdf = classIndexCdf(model.classCount, this.precisionBits);
  }

  classIndexBits(classIndex: number): number {
    const total = 2 ** this.precisionBits;
    return -Math.log2((this.classCdf[classIndex + 1] - this.classCdf[classIndex]) / total);
  }

  /**
   * Codes `pixels` (height·width coded values: 8-bit in gray mode, 0/255 in binary mode) under
   * class `classIndex`. Returns null when the stream grows past `limitBytes`.
   */
  encode(pixels: Uint8Array, classIndex: number, limitBytes = Infinity): CodedRecord | null {
    return this.encodeDecisions((sink) => this.traversal.run(pixels, sink), classIndex, limitBytes);
  }

  /**
   * Codes `pixels` under the class that gives the shortest record (see the file comment). The
   * image is traversed once; its recorded decisions are replayed into each class's encoder.
   */
  encodeBestClass(pixels: Uint8Array): CodedRecord {
    const classCount = this.model.classCount;
    const log = this.log;
    log.clear();
    this.traversal.run(pixels, log);
    const replay = (sink: DecisionSink) => log.replay(sink);
    this.memo.startImage();
    let best = this.encodeDecisions(replay, this.lastWinner, Infinity, this.memo);
    invariant(best !== null, 'an unbounded encode always finishes');
    this.memo.endClass();
    for (let c = 0; c < classCount; c++) {
      if (c === this.lastWinner) continue;
      const candidate = this.encodeDecisions(replay, c, best.bytes.length, this.memo);
      this.memo.endClass();
      if (candidate === null) continue;
      const shorter = candidate.bytes.length < best.bytes.length;
      const tieWins = candidate.bytes.length === best.bytes.length &&
        (candidate.imageIdealBits < best.imageIdealBits || (candidate.imageIdealBits === best.imageIdealBits && c < best.classIndex));
      if (shorter || tieWins) best = candidate;
    }
    this.lastWinner = best.classIndex;
    return best;
  }

  /** Codes the class index, then the decisions `drive` feeds the sink; null past `limitBytes`. */
  private encodeDecisions(drive: (sink: DecisionSink) => void, classIndex: number, limitBytes: number, memo: SharedProbabilityMemo | null = null): CodedRecord | null {
    const model = this.model;
    invariant(classIndex >= 0 && classIndex < model.classCount, `class index ${classIndex} out of range`);
    const encoder = new RangeEncoder(this.precisionBits);
    encoder.encodeWithCdf(this.classCdf, classIndex);
    const sink = new BoundedEncodingSink(model.classEvaluators(classIndex), this.precisionBits, encoder);
    sink.limitBytes = limitBytes;
    sink.useSharedMemo(memo, model.sharedStages);
    try {
      drive(sink);
    } catch (error) {
      if (error === ABANDON) return null;
      throw error;
    }
    const streamBits = encoder.codeLengthBits;
    const bytes = encoder.finish();
    if (bytes.length > limitBytes) return null;
    return { bytes, classIndex, imageIdealBits: sink.idealCodeLengthBits, classIndexBits: this.classIndexBits(classIndex), streamBits };
  }

  /**
   * Decodes one record: its class index and the coded pixel values (a fresh array). Throws
   * ArcError when the stream does not end exactly where its decisions do.
   */
  decode(bytes: Uint8Array): { classIndex: number; pixels: Uint8Array } {
    const decoder = new RangeDecoder(bytes, this.precisionBits);
    const classIndex = decoder.decodeWithCdf(this.classCdf);
    const sink = new DecodingSink(this.model.classEvaluators(classIndex), this.precisionBits, decoder);
    const pixels = this.traversal.run(null, sink).slice();
    decoder.verifyEnd();
    return { classIndex, pixels };
  }
}
