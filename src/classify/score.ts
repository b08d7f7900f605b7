/**
 * Code lengths of images under every class model, and classification by the shortest code
 * (Bayes with a uniform prior over classes: argmax p(x | c) = argmin −log2 p(x | c)).
 */
import type { ImageSet } from '../data/types.js';
import type { ProgressCallback } from '../progress-callback.js';
import { RangeEncoder } from '../coding/index.js';
import { ABANDON, BoundedEncodingSink, type SharedSuffixCost } from '../codec/bounded-sink.js';
import { SharedProbabilityMemo } from '../model/predicting-sinks.js';
import { DecisionLog } from '../codec/decision-log.js';
import type { ArModel } from '../model/ar-model.js';

export interface CodeLengths {
  imageCount: number;
  classCount: number;
  /** Ideal Σ −log2 q in bits; image i, class c at i·classCount + c. */
  idealBits: Float64Array;
  /** Real coded size in bits (whole bytes of the image's own arithmetic-coded payload); same layout. */
  realBits: Float64Array;
}

export interface ScoreOptions {
  onProgress?: ProgressCallback;
  /**
   * Class indices to score in full first for each image (e.g. the true class, for its code
   * length); the other classes stop early once they cannot be the shortest, and get +Infinity.
   * Without it every class is scored in full.
   */
  fullClass?: (imageIndex: number) => number;
}

/**
 * Scores images `first` … `first + count − 1` of `set` under every class. With
 * `options.fullClass`, lengths of classes that cannot win are +Infinity (see ScoreOptions); the
 * shortest class by real and by ideal length is the same as with full scoring.
 */
export function scoreImages(model: ArModel, set: ImageSet, first: number, count: number, options: ScoreOptions = {}): CodeLengths {
  model.checkImageSize(set.height, set.width, 'the dataset');
  const classCount = model.classCount;
  const traversal = model.createTraversal();
  const size = set.height * set.width;
  const idealBits = new Float64Array(count * classCount);
  const realBits = new Float64Array(count * classCount);
  const memo = new SharedProbabilityMemo();
  const sinks = model.classStages.map((_, c) => {
    const sink = new BoundedEncodingSink(model.classEvaluators(c), model.info.precisionBits, new RangeEncoder(model.info.precisionBits), model.sharedSuffixStage);
    sink.useSharedMemo(memo, model.sharedStages);
    return sink;
  });
  const order = new Int32Array(classCount);
  // The image is traversed once (pyramid, features) and its decisions replayed into each class.
  const log = new DecisionLog();
  for (let i = 0; i < count; i++) {
    const pixels = set.pixels.subarray((first + i) * size, (first + i + 1) * size);
    log.clear();
    traversal.run(pixels, log);
    const prune = options.fullClass !== undefined;
    const lead = prune ? options.fullClass!(first + i) : 0;
    order[0] = lead;
    for (let c = 0, k = 1; c < classCount; c++) if (c !== lead) order[k++] = c;
    memo.startImage();
    let bestBytes = Infinity;
    let bestIdeal = Infinity;
    let suffixCost: SharedSuffixCost | null = null;
    for (let k = 0; k < classCount; k++) {
      const c = order[k];
      const sink = sinks[c];
      sink.restart(new RangeEncoder(model.info.precisionBits), prune ? bestBytes : Infinity, prune ? bestIdeal : Infinity, prune ? suffixCost : null);
      let bytes = Infinity;
      let ideal = Infinity;
      try {
        log.replay(sink);
        ideal = sink.idealCodeLengthBits;
        bytes = sink.encoder.finish().length;
        suffixCost ??= sink.measuredSuffixCost();
      } catch (error) {
        if (error !== ABANDON) throw error;
      }
      memo.endClass();
      idealBits[i * classCount + c] = ideal;
      realBits[i * classCount + c] = bytes * 8;
      bestBytes = Math.min(bestBytes, bytes);
      bestIdeal = Math.min(bestIdeal, ideal);
    }
    if (options.onProgress && ((i + 1) % 16 === 0 || i + 1 === count)) options.onProgress({ done: i + 1, total: count });
  }
  return { imageCount: count, classCount, idealBits, realBits };
}

/**
 * The class with the shortest code for each image: by real coded length, ties broken by the
 * ideal length, then by the lower class index. With `by: 'ideal'`, by the ideal length alone.
 */
export function shortestCodeClasses(lengths: CodeLengths, by: 'real' | 'ideal' = 'real'): Int32Array {
  const { imageCount, classCount, idealBits, realBits } = lengths;
  const predictions = new Int32Array(imageCount);
  for (let i = 0; i < imageCount; i++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      const k = i * classCount + c;
      const b = i * classCount + best;
      const better = by === 'ideal'
        ? idealBits[k] < idealBits[b]
        : realBits[k] < realBits[b] || (realBits[k] === realBits[b] && idealBits[k] < idealBits[b]);
      if (better) best = c;
    }
    predictions[i] = best;
  }
  return predictions;
}

/** Concatenates code lengths of consecutive image ranges. */
export function concatCodeLengths(parts: CodeLengths[]): CodeLengths {
  const classCount = parts[0]?.classCount ?? 0;
  const imageCount = parts.reduce((sum, part) => sum + part.imageCount, 0);
  const idealBits = new Float64Array(imageCount * classCount);
  const realBits = new Float64Array(imageCount * classCount);
  let offset = 0;
  for (const part of parts) {
    idealBits.set(part.idealBits, offset);
    realBits.set(part.realBits, offset);
    offset += part.idealBits.length;
  }
  return { imageCount, classCount, idealBits, realBits };
}
