/**
 * How long each phase of a training run should take relative to the others, so that one
 * progress bar (and its ETA) spans the generative epochs and the discriminative fine-tuning.
 * The units are estimated milliseconds of wall time, from costs measured on one core of the
 * reference machine (docs/MODELS.md); only their proportions matter.
 */
import type { StageShape } from '../traversal.js';
import { groupEpochs, groupRowsPerEpoch, type TrainingGroup } from './group.js';
import { hiddenSizeOfStage, type TrainOptions } from './options.js';

/** Multiply-adds per millisecond of a generative epoch (forward, backward and row preparation). */
const GENERATIVE_MACS_PER_MS = 600_000;
/** One discriminative image: all classes' pyramids forward and backward, at 10 classes of 128 units on 28×28 images. */
const DISCRIMINATIVE_MS_PER_IMAGE = 35;
/** The pyramid width `DISCRIMINATIVE_MS_PER_IMAGE` was measured at. */
const DISCRIMINATIVE_REFERENCE_HIDDEN_UNITS = 128;
/** Scoring one pool image under 10 classes with the exact coding path. */
const POOL_SCORING_MS_PER_IMAGE = 4;

export interface TrainingPlan {
  /** Work of one generative epoch of `group`, as wall time (groups run side by side on the workers). */
  groupEpoch(group: TrainingGroup): number;
  generative: number;
  discriminative: number;
  total: number;
}

export function trainingPlan(options: TrainOptions, shapes: StageShape[], groups: TrainingGroup[], discriminativeClasses: number, pixelsPerImage: number): TrainingPlan {
  const parallel = Math.max(1, Math.min(options.workers, groups.length));
  const groupEpoch = (group: TrainingGroup) => {
    let macs = 0;
    const rows = groupRowsPerEpoch(options, group, options.levelsFrom !== undefined);
    for (const shape of shapes) {
      if (shape.role === 'refine-table') continue;
      if (shape.role === 'level' && (options.levelsFrom || group.trains === 'refinement')) continue;
      if (shape.role === 'refine' && group.trains === 'levels') continue;
      macs += rows * (shape.inputSize + shape.headCount) * hiddenSizeOfStage(options, shape);
    }
    return macs / GENERATIVE_MACS_PER_MS / parallel;
  };
  const generative = groups.reduce((sum, group) => sum + groupEpochs(options, group, options.levelsFrom !== undefined) * groupEpoch(group), 0);
  const scale = (discriminativeClasses / 10) * (pixelsPerImage / 784);
  const perEpoch = options.discriminativeImagesPerEpoch * DISCRIMINATIVE_MS_PER_IMAGE * scale * pyramidWidthScale(options, shapes)
    + (options.discriminativePoolImages > options.discriminativeImagesPerEpoch ? options.discriminativePoolImages * POOL_SCORING_MS_PER_IMAGE * scale : 0);
  const discriminative = discriminativeClasses > 0 ? options.discriminativeEpochs * perEpoch : 0;
  return { groupEpoch, generative, discriminative, total: generative + discriminative };
}

/**
 * How much more a fine-tuning image costs at this run's pyramid widths than at the reference
 * width: each level's multiply-adds weighted by its share of the decisions (a level has a quarter
 * of the pixels of the one below it), so a wider finest level counts for most of its width.
 * Every model has level stages (`stageShapes` always lists them).
 */
export function pyramidWidthScale(options: TrainOptions, shapes: StageShape[]): number {
  let atRunWidths = 0;
  let atReference = 0;
  for (const shape of shapes) {
    if (shape.role !== 'level') continue;
    const weight = (shape.inputSize + shape.headCount) / 4 ** (shape.level ?? 0);
    atRunWidths += weight * hiddenSizeOfStage(options, shape);
    atReference += weight * DISCRIMINATIVE_REFERENCE_HIDDEN_UNITS;
  }
  return atRunWidths / atReference;
}
