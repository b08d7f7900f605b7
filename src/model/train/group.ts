/**
 * Generative training of one group's networks (one class, or with a donor the shared gray
 * refinement of all classes): the samples the coder's traversal yields, an Adam epoch per network,
 * the learning-rate schedule, and early stopping on validation bits per pixel.
 */
import type { ImageSet } from '../../data/types.js';
import { SeededRandom } from '../../random.js';
import type { ArModel } from '../ar-model.js';
import { MODEL_PRECISION_BITS } from '../ar-model.js';
import { ProbabilityTable, type StagePredictor } from '../network.js';
import { scaledProbabilityFromCounts } from '../../probability/scaled-probability.js';
import { SampleCollector, type StageSamples } from '../samples.js';
import type { Tf } from '../tensorflow.js';
import type { ImageTraversal, StageShape } from '../traversal.js';
import type { ClassSplit } from './class-split.js';
import { trainStageEpoch, type StageTraining } from './epoch.js';
import { learningRateOfEpoch, type TrainOptions } from './options.js';
import { disposeMlpVariables, initialMlpVariables, mlpFromVariables } from './tfjs-mlp.js';
import { pooledBitsPerPixel, validationBitsPerPixel } from './validation.js';

export interface TrainingGroup {
  name: string;
  labels: number[];
  /** Indices into the split's labels of the classes the group's networks are trained on. */
  classIndices: number[];
}

export interface GroupContext {
  tf: Tf;
  set: ImageSet;
  split: ClassSplit;
  options: TrainOptions;
  shapes: StageShape[];
  traversal: ImageTraversal;
  /** Gray refinement on a donor's pyramid: level stages come from here. */
  donor?: ArModel;
}

export interface GroupResult {
  /** The group's trained stages; level stages are count tables (placeholders) when a donor gives them. */
  stages: StagePredictor[];
  epochs: number;
  /** Validation bits per pixel of those stages, per class of the group (in `classIndices` order). */
  validationBitsPerPixelByClass: number[];
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function tableFromSamples(samples: StageSamples): ProbabilityTable {
  const table = new Uint32Array(samples.shape.headCount);
  for (let h = 0; h < table.length; h++) table[h] = scaledProbabilityFromCounts(samples.onesByHead[h], samples.countByHead[h], MODEL_PRECISION_BITS);
  return new ProbabilityTable(table, MODEL_PRECISION_BITS);
}

/** `stages` with the donor's pyramid levels for class `label` in place (unchanged without a donor). */
export function stagesWithDonorLevels(stages: StagePredictor[], label: number, shapes: StageShape[], donor: ArModel | undefined): StagePredictor[] {
  if (!donor) return stages;
  const donorStages = donor.classStages[donor.info.classLabels.indexOf(label)];
  return stages.map((predictor, stage) => (shapes[stage].role === 'level' ? donorStages[stage] : predictor));
}

/**
 * Trains one group. Depends only on the data, the options and `groupIndex` (which seeds it), so
 * any thread gives the same weights. `onEpoch(detail, steps)` reports progress in epochs.
 */
export function trainGroup(context: GroupContext, group: TrainingGroup, groupIndex: number, onEpoch: (detail: string, steps: number) => void): GroupResult {
  const { tf, set, split, options, shapes, traversal, donor } = context;
  const pixelsPerImage = set.height * set.width;
  const hiddenSizeOf = (shape: { role: string }) => (shape.role === 'refine' ? options.refineHiddenSize : options.hiddenSize);
  const random = new SeededRandom(options.seed * 1000 + groupIndex);
  const collector = new SampleCollector(shapes);
  const trainIndices = group.classIndices.flatMap((c) => (donor ? split.train[c].slice(0, options.sharedImagesPerClass) : split.train[c])).sort((a, b) => a - b);
  for (const index of trainIndices) traversal.run(set.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage), collector);

  // Count tables stay tables; a donor's levels are not trained here. Every network starts with
  // its heads' biases at the logit of their training frequency.
  const trained: (StageTraining | null)[] = collector.stages.map((samples, stage) => {
    if (samples.shape.role === 'refine-table') return null;
    if (donor && samples.shape.role === 'level') return null;
    const { inputSize, headCount } = samples.shape;
    const biases = new Float32Array(headCount);
    for (let h = 0; h < headCount; h++) biases[h] = logit((samples.onesByHead[h] + 0.5) / (samples.countByHead[h] + 1));
    return { samples, variables: initialMlpVariables(tf, inputSize, hiddenSizeOf(samples.shape), biases, options.seed * 7919 + groupIndex * 101 + stage) };
  });
  const optimizers = trained.map((stage) => (stage ? tf.train.adam(options.learningRate) : null));
  const snapshot = (): StagePredictor[] => collector.stages.map((samples, stage) => {
    const training = trained[stage];
    if (!training) return tableFromSamples(samples);
    return mlpFromVariables(training.variables, samples.shape.inputSize, hiddenSizeOf(samples.shape), samples.shape.headCount);
  });
  /** Per class of the group, then pooled over all its validation images. */
  const validate = (stages: StagePredictor[]) => {
    const byClass = group.classIndices.map((c) => validationBitsPerPixel(set, split.validation[c], stagesWithDonorLevels(stages, split.labels[c], shapes, donor), traversal));
    return { byClass, bitsPerPixel: pooledBitsPerPixel(byClass, group.classIndices.map((c) => split.validation[c].length)) };
  };

  let best = snapshot();
  let bestValidation = validate(best);
  let epochsRun = 0;
  let epochsSinceBest = 0;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    const rate = learningRateOfEpoch(options, epoch);
    // Adam reads its learning rate at every step.
    for (const optimizer of optimizers) if (optimizer) (optimizer as unknown as { learningRate: number }).learningRate = rate;
    trained.forEach((stage, index) => {
      if (stage) trainStageEpoch(tf, stage, optimizers[index]!, options.batchSize, options.rowsPerEpoch, random);
    });
    epochsRun = epoch;
    const current = snapshot();
    const validation = validate(current);
    onEpoch(`epoch ${epoch} val ${validation.bitsPerPixel.toFixed(4)} bpp`, 1);
    if (!(validation.bitsPerPixel >= bestValidation.bitsPerPixel - 1e-5) || Number.isNaN(bestValidation.bitsPerPixel)) {
      best = current;
      bestValidation = validation;
      epochsSinceBest = 0;
    } else if (++epochsSinceBest >= options.patience) {
      break;
    }
  }
  onEpoch(`done, val ${bestValidation.bitsPerPixel.toFixed(4)} bpp`, options.maxEpochs - epochsRun);
  for (const stage of trained) if (stage) disposeMlpVariables(stage.variables);
  for (const optimizer of optimizers) optimizer?.dispose();
  return { stages: best, epochs: epochsRun, validationBitsPerPixelByClass: bestValidation.byClass };
}
