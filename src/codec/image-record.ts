/**
 * One record of a .arc container: a self-contained range-coded stream holding one or more
 * consecutive images, each as its class index (uniform over the model's classes) followed by its
 * decisions under that class model. The record ends on its own byte boundary, so any record
 * decodes alone. Version 3 files hold one image per record; version 4 files several (the
 * encoder writes 64), so that an image costs its information and not also a stream's end and a
 * length-table entry.
 *
 * Choosing the class ("best"), image by image: for the record's last image, the class whose
 * record ends shortest in bytes; for any other image, the class after which the stream holds the
 * least information (RangeEncoder: bytes out plus the window in use, compared exactly). Ties are
 * broken by the smaller ideal code length, then by the lower class index. Every class is coded
 * from the same point of the stream (a checkpoint) and the best coding restored. The search is
 * exact but stops coding a class once its stream already holds more bytes than the best one's
 * (bounded-sink.ts gives the proof for both criteria). Which class is coded first changes only
 * how early the others stop, never the choice: it is the class whose first stage, the coarsest
 * pyramid level, costs the image least (about a fifth of a binary MNIST image's decisions; the
 * bundled binary model's coarsest level alone classifies 86% of its validation images), so that
 * the others tend to stop early.
 */
import { RangeDecoder, RangeEncoder } from '../coding/index.js';
import { compareInformation, type EncoderCheckpoint } from '../coding/range-encoder.js';
import { invariant } from '../errors.js';
import { classIndexCdf, codeLengthBits } from '../probability/scaled-probability.js';
import type { ArModel } from '../model/ar-model.js';
import type { DecisionSink, ImageTraversal } from '../model/traversal.js';
import { DecisionLog } from './decision-log.js';
import { ABANDON, BoundedEncodingSink, type SharedSuffixCost } from './bounded-sink.js';
import { DecodingSink } from './coding-sinks.js';
import { IdealLengthSink, SharedProbabilityMemo } from '../model/predicting-sinks.js';

/** One image as coded in a record. */
export interface CodedImage {
  classIndex: number;
  /** Σ −log2 q of the image's decisions (the class index not included). */
  imageIdealBits: number;
  /** −log2 of the class index's probability (log2 of the class count, up to quantization). */
  classIndexBits: number;
  /**
   * The coder's information the image added (RangeEncoder codeLengthBits: bytes out plus the
   * interval in use), before the record is ended on a whole byte.
   */
  streamBits: number;
}

/** A record of one or more images. */
export interface CodedImages {
  bytes: Uint8Array;
  images: CodedImage[];
}

/** One class's coding of an image, from the image's start in the record's stream. */
interface ClassTrial {
  image: CodedImage;
  /** The stream after the image (with the bytes the image wrote). */
  point: EncoderCheckpoint;
  /**
   * The record's length once ended (a record's last image: what the choice compares first), or
   * the stream's bytes after the image (other images: only the limit for pruning the others).
   */
  bytes: number;
  suffixCost: SharedSuffixCost | null;
}

/** Codes and decodes the records of one model. Holds scratch state: one per thread. */
export class RecordCoder {
  private readonly traversal: ImageTraversal;
  private readonly classCdf: Uint32Array;
  private readonly precisionBits: number;
  private readonly log = new DecisionLog();
  /** Shared stages' probabilities of the current image, evaluated once for all classes. */
  private readonly memo = new SharedProbabilityMemo();
  /** Per class, a scorer of the first stage (likelyClass). */
  private probes: IdealLengthSink[] | null = null;

  constructor(readonly model: ArModel) {
    this.traversal = model.createTraversal();
    this.precisionBits = model.info.precisionBits;
    this.classCdf = classIndexCdf(model.classCount, this.precisionBits);
  }

  classIndexBits(classIndex: number): number {
    return codeLengthBits(this.classCdf[classIndex + 1] - this.classCdf[classIndex], this.precisionBits);
  }

  /**
   * Codes `count` images (`pixels`: height·width coded values each, 8-bit in gray mode, 0/255 in
   * binary mode) into one record. `classIndices` fixes each image's class; null chooses the best
   * (see the file comment).
   */
  encodeRecord(pixels: Uint8Array, count: number, classIndices: ArrayLike<number> | null): CodedImages {
    const size = this.model.info.height * this.model.info.width;
    invariant(pixels.length === count * size && count >= 1, 'a record holds whole images, at least one');
    const encoder = new RangeEncoder(this.precisionBits);
    const images: CodedImage[] = [];
    for (let i = 0; i < count; i++) {
      const image = pixels.subarray(i * size, (i + 1) * size);
      const before = encoder.codeLengthBits;
      const coded = classIndices ? this.encodeImage(encoder, (sink) => this.traversal.run(image, sink), classIndices[i], Infinity, null, null)!.image : this.codeBestClass(encoder, image, i === count - 1);
      coded.streamBits = encoder.codeLengthBits - before;
      images.push(coded);
    }
    return { bytes: encoder.finish(), images };
  }

  /**
   * Codes `pixels` into `encoder` under the best class (see the file comment): the image is
   * traversed once, and its recorded decisions replayed into each class's coding from the same
   * checkpoint; the encoder is left after the best one.
   */
  private codeBestClass(encoder: RangeEncoder, pixels: Uint8Array, endsRecord: boolean): CodedImage {
    const classCount = this.model.classCount;
    const log = this.log;
    log.clear();
    this.traversal.run(pixels, log);
    const replay = (sink: DecisionSink) => log.replay(sink);
    const start = encoder.checkpoint();
    const trial = (classIndex: number, limitBytes: number, suffixCost: SharedSuffixCost | null): ClassTrial | null => {
      encoder.restore(start);
      const coded = this.encodeImage(encoder, replay, classIndex, limitBytes, this.memo, suffixCost);
      this.memo.endClass();
      if (coded === null) return null;
      const bytes = endsRecord ? encoder.finishedByteLength : encoder.byteLength;
      return bytes > limitBytes ? null : { ...coded, point: encoder.checkpoint(start), bytes };
    };
    this.memo.startImage();
    const first = this.likelyClass();
    let best = trial(first, Infinity, null);
    invariant(best !== null, 'an unbounded trial always finishes');
    const suffixCost = best.suffixCost;
    for (let c = 0; c < classCount; c++) {
      if (c === first) continue;
      const candidate = trial(c, best.bytes, suffixCost);
      if (candidate !== null && this.better(candidate, best, endsRecord)) best = candidate;
    }
    encoder.restore(start);
    encoder.restore(best.point);
    return best.image;
  }

  /**
   * The class whose first stage codes the logged image in the fewest ideal bits (ties: the lower
   * index): the class to try first. A guess only; the choice does not depend on it.
   */
  private likelyClass(): number {
    const classCount = this.model.classCount;
    // One class, or a first stage every class shares: every probe would cost the same.
    if (classCount === 1 || this.model.sharedStages[0]) return 0;
    this.probes ??= Array.from({ length: classCount }, (_, c) => this.model.createScorer(c));
    let likely = 0;
    let least = Infinity;
    for (let c = 0; c < classCount; c++) {
      const probe = this.probes[c];
      probe.reset();
      this.log.replay(probe, 1);
      if (probe.codeLengthBits < least) {
        least = probe.codeLengthBits;
        likely = c;
      }
    }
    return likely;
  }

  /** Whether `a` is the better choice than `b` (see the file comment). */
  private better(a: ClassTrial, b: ClassTrial, endsRecord: boolean): boolean {
    const order = endsRecord ? a.bytes - b.bytes : compareInformation(a.point, b.point);
    if (order !== 0) return order < 0;
    if (a.image.imageIdealBits !== b.image.imageIdealBits) return a.image.imageIdealBits < b.image.imageIdealBits;
    return a.image.classIndex < b.image.classIndex;
  }

  /**
   * Codes the class index, then the decisions `drive` feeds the sink; null once the stream
   * provably holds more than `limitBytes` bytes (see bounded-sink.ts). Also gives the shared
   * suffix's cost.
   */
  private encodeImage(encoder: RangeEncoder, drive: (sink: DecisionSink) => void, classIndex: number, limitBytes: number, memo: SharedProbabilityMemo | null, suffixCost: SharedSuffixCost | null): { image: CodedImage; suffixCost: SharedSuffixCost | null } | null {
    const model = this.model;
    invariant(classIndex >= 0 && classIndex < model.classCount, `class index ${classIndex} out of range`);
    encoder.encodeWithCdf(this.classCdf, classIndex);
    const sink = new BoundedEncodingSink(model.classEvaluators(classIndex), this.precisionBits, encoder, memo ? model.sharedSuffixStage : -1);
    sink.restart(encoder, limitBytes, -Infinity, suffixCost);
    sink.useSharedMemo(memo, model.sharedStages);
    try {
      drive(sink);
    } catch (error) {
      if (error === ABANDON) return null;
      throw error;
    }
    const image = { classIndex, imageIdealBits: sink.idealCodeLengthBits, classIndexBits: this.classIndexBits(classIndex), streamBits: NaN };
    return { image, suffixCost: memo ? sink.measuredSuffixCost() : null };
  }

  /**
   * Decodes a record of `count` images: their class indices and coded pixel values (fresh
   * arrays). Throws ArcError when the stream does not end exactly where the last image's
   * decisions do.
   */
  decodeRecord(bytes: Uint8Array, count: number): { classIndices: Int32Array; pixels: Uint8Array } {
    const { height, width } = this.model.info;
    const size = height * width;
    const decoder = new RangeDecoder(bytes, this.precisionBits);
    const classIndices = new Int32Array(count);
    const pixels = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) {
      const classIndex = decoder.decodeWithCdf(this.classCdf);
      classIndices[i] = classIndex;
      const sink = new DecodingSink(this.model.classEvaluators(classIndex), this.precisionBits, decoder);
      pixels.set(this.traversal.run(null, sink), i * size);
    }
    decoder.verifyEnd();
    return { classIndices, pixels };
  }
}
