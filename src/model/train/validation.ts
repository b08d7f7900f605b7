/**
 * Validation during training, measured by the exact coding path (not by tfjs): held-out bits per
 * pixel under one class's stages, and the accuracy of classification by the shortest ideal code
 * (src/classify's, so training selects epochs by the very decision the product makes).
 */
import type { AdaptiveMapSpec } from '../adaptive-map.js';
import { selectImages, type ImageSet } from '../../data/types.js';
import { scoreImages, shortestCodeClasses } from '../../classify/score.js';
import { ArModel, MODEL_PRECISION_BITS } from '../ar-model.js';
import type { StagePredictor } from '../network.js';
import type { Arithmetic } from '../arithmetic.js';
import type { ImageTraversal } from '../traversal.js';

/**
 * Ideal code length per pixel of images `indices` of `set` under one class's `stages`, evaluated in
 * `arithmetic` (NaN without images).
 */
export function validationBitsPerPixel(set: ImageSet, indices: number[], stages: StagePredictor[], traversal: ImageTraversal, arithmetic: Arithmetic, adaptiveMap: AdaptiveMapSpec | null = null): number {
  if (indices.length === 0) return NaN;
  const model = new ArModel({ pixelMode: traversal.mode, height: set.height, width: set.width, classLabels: [0], precisionBits: MODEL_PRECISION_BITS, fingerprint: '', refinementContext: traversal.context, globalContext: traversal.globalContext, arithmetic, ...(adaptiveMap ? { adaptiveMap } : {}) }, [stages]);
  const scorer = model.createScorer(0);
  const pixelsPerImage = set.height * set.width;
  for (const index of indices) traversal.run(set.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage), scorer);
  return scorer.codeLengthBits / (indices.length * pixelsPerImage);
}

/**
 * Bits per pixel over several classes' validation images: the mean of `bitsPerPixelByClass`
 * weighted by each class's image count (classes without images count for nothing; NaN if none has any).
 */
export function pooledBitsPerPixel(bitsPerPixelByClass: number[], imageCounts: number[]): number {
  let bits = 0;
  let images = 0;
  bitsPerPixelByClass.forEach((bitsPerPixel, k) => {
    if (!imageCounts[k]) return;
    bits += bitsPerPixel * imageCounts[k];
    images += imageCounts[k];
  });
  return images ? bits / images : NaN;
}

/**
 * Fraction of `indices` whose shortest ideal code is under their own label's class (ties go to
 * the lower class index). Each image's own class is scored in full and the others only until
 * they cannot win, which leaves every decision as full scoring makes it.
 */
export function validationAccuracy(model: ArModel, set: ImageSet, indices: number[]): number {
  const images = selectImages(set, indices);
  const classIndexOf = new Map(model.info.classLabels.map((label, index) => [label, index]));
  const lengths = scoreImages(model, images, 0, images.count, { fullClass: (index) => classIndexOf.get(images.labels![index]) ?? 0 });
  const predicted = shortestCodeClasses(lengths, 'ideal');
  let correct = 0;
  predicted.forEach((classIndex, k) => {
    if (model.info.classLabels[classIndex] === images.labels![k]) correct++;
  });
  return correct / Math.max(1, indices.length);
}
