/** The images of each label, split into training and validation indices (seeded, so reproducible). */
import { ErrorCode, fail } from '../../errors.js';
import type { ImageSet } from '../../data/types.js';
import { SeededRandom } from '../../random.js';

export interface ClassSplit {
  /** The labels present, ascending: class index c is labels[c]. */
  labels: number[];
  /** Per class index: the training images' indices into the set, ascending. */
  train: number[][];
  /** Per class index: the held-out validation images' indices, ascending. */
  validation: number[][];
}

/**
 * Holds out round(n · validationFraction) images of each class (at least one when the class has
 * two or more), chosen by a shuffle seeded with `seed`.
 */
export function splitByClass(set: ImageSet, validationFraction: number, seed: number): ClassSplit {
  if (!set.labels) fail(ErrorCode.BadFormat, 'training needs labels');
  const byLabel = new Map<number, number[]>();
  set.labels.forEach((label, index) => {
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label)!.push(index);
  });
  const labels = [...byLabel.keys()].sort((a, b) => a - b);
  const random = new SeededRandom(seed);
  const train: number[][] = [];
  const validation: number[][] = [];
  for (const label of labels) {
    const indices = random.shuffle(byLabel.get(label)!.slice());
    const held = indices.length >= 2 ? Math.max(1, Math.round(indices.length * validationFraction)) : 0;
    validation.push(indices.slice(0, held).sort((a, b) => a - b));
    train.push(indices.slice(held).sort((a, b) => a - b));
  }
  return { labels, train, validation };
}

/**
 * The split training uses: `splitByClass` with at most `trainImagesPerClass` training images per
 * class (the first ones; validation unchanged). Every thread of a run computes this same split.
 */
export function trainingSplit(set: ImageSet, options: { validationFraction: number; seed: number; trainImagesPerClass: number }): ClassSplit {
  const split = splitByClass(set, options.validationFraction, options.seed);
  const perClass = options.trainImagesPerClass;
  return Number.isFinite(perClass) ? { ...split, train: split.train.map((indices) => indices.slice(0, perClass)) } : split;
}
