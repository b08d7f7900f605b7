/**
 * Code lengths of images under every class model, and classification by the shortest code
 * (Bayes with a uniform prior over classes: argmax p(x | c) = argmin −log2 p(x | c)).
 */
import type { ImageSet } from '../data/types.js';
import type { ProgressCallback } from '../progress.js';
import { RangeEncoder } from '../coding/index.js';
import { EncodingSink } from '../codec/sinks.js';
import { SharedProbabilityMemo } from '../model/sinks.js';
import type { ArModel } from '../model/ar-model.js';

export interface CodeLengths {
  imageCount: number;
  classCount: number;
  /** Ideal Σ −log2 q in bits; image i, class c at i·classCount + c. */
  idealBits: Float64Array;
  /** Real coded size in bits (whole bytes of the image's own arithmetic-coded payload); same layout. */
  realBits: Float64Array;
}

/** Scores images `first` … `first + count − 1` of `set` under every class. */
export function scoreImages(model: ArModel, set: ImageSet, first: number, count: number, onProgress?: ProgressCallback): CodeLengths {
  model.checkImageSize(set.height, set.width, 'the dataset');
  const classCount = model.classCount;
  const traversal = model.createTraversal();
  const size = set.height * set.width;
  const idealBits = new Float64Array(count * classCount);
  const realBits = new Float64Array(count * classCount);
  const memo = new SharedProbabilityMemo();
  const sinks = model.classStages.map((stages) => {
    const sink = new EncodingSink(stages, model.info.precisionBits, new RangeEncoder(model.info.precisionBits));
    sink.useSharedMemo(memo, model.sharedStages);
    return sink;
  });
  for (let i = 0; i < count; i++) {
    const pixels = set.pixels.subarray((first + i) * size, (first + i + 1) * size);
    memo.startImage();
    for (let c = 0; c < classCount; c++) {
      const sink = sinks[c];
      sink.encoder = new RangeEncoder(model.info.precisionBits);
      sink.idealCodeLengthBits = 0;
      traversal.run(pixels, sink);
      memo.endClass();
      idealBits[i * classCount + c] = sink.idealCodeLengthBits;
      realBits[i * classCount + c] = sink.encoder.finish().length * 8;
    }
    if (onProgress && ((i + 1) % 16 === 0 || i + 1 === count)) onProgress({ done: i + 1, total: count });
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
