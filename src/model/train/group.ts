/**
 * Generative training of one group's networks (one class, or with a donor the shared gray
 * refinement of all classes): the samples the coder's traversal yields, an Adam epoch per network,
 * the learning-rate schedule, and early stopping on validation bits per pixel.
 */
import type { ImageSet } from '../../data/types.js';
import { SeededRandom } from '../../random.js';
import type { ArModel } from '../ar-model.js';
import { MODEL_PRECISION_BITS } from '../ar-model.js';
import { Mlp, ProbabilityTable, type StagePredictor } from '../network.js';
import { scaledProbabilityFromCounts } from '../../probability/scaled-probability.js';
import { SampleCollector, StageFilter, type StageSamples } from '../samples.js';
import type { Tf } from '../tensorflow.js';
import type { ImageTraversal, StageShape } from '../traversal.js';
import type { ClassSplit } from './class-split.js';
import { trainStageEpoch, type StageTraining } from './epoch.js';
import { hiddenSizeOfStage, learningRateOfEpoch, refinementEpochs, refinementRowsPerEpoch, type TrainOptions } from './options.js';
import { disposeMlpVariables, frequencyHeadBiases, initialMlpVariables, mlpFromVariables } from './tfjs-mlp.js';
import { distortImage, randomDistortion } from './distortions.js';
import { bends, randomDisplacementField } from './elastic.js';
import { ONE_PIXEL_SHIFTS, shiftImage } from './shifts.js';
import { pooledBitsPerPixel, validationBitsPerPixel } from './validation.js';

export interface TrainingGroup {
  name: string;
  labels: number[];
  /** Indices into the split's labels of the classes the group's networks are trained on. */
  classIndices: number[];
  /**
   * Which networks the group trains (default: all). 'levels': the pyramid only; 'refinement':
   * the gray refinement only, on all the group's classes, with the pyramid as count tables
   * (placeholders: the refinement does not depend on the pyramid's weights). The stages not
   * trained are count tables.
   */
  trains?: 'levels' | 'refinement';
  /** Seeds the group (default: its position in the run). */
  seedIndex?: number;
  /**
   * A group of several classes whose pyramid levels see the class as one-hot inputs (folded into
   * one network per class after training, as a class-input refinement is).
   */
  classInputLevels?: boolean;
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
  /**
   * The trained stages of each class of the group (in `classIndices` order; the same objects for
   * every class except a refinement with class inputs); level stages are count tables
   * (placeholders) when a donor gives them.
   */
  stagesByClass: StagePredictor[][];
  epochs: number;
  /** Validation bits per pixel of those stages, per class of the group (in `classIndices` order). */
  validationBitsPerPixelByClass: number[];
}

function tableFromSamples(samples: StageSamples): ProbabilityTable {
  const table = new Uint32Array(samples.shape.headCount);
  for (let h = 0; h < table.length; h++) table[h] = scaledProbabilityFromCounts(samples.onesByHead[h], samples.countByHead[h], MODEL_PRECISION_BITS);
  return new ProbabilityTable(table, MODEL_PRECISION_BITS);
}

/**
 * A network trained with `classCount` class inputs after its `inputSize` own, as one `Mlp` per
 * class: the class's input row folded into the hidden bias (rounded to float32, as weights are
 * stored), the other weights shared. Coding then needs no class input: each class has its own
 * network, exactly the one that is saved.
 */
export function foldClassInputs(trained: Mlp, inputSize: number, classCount: number): Mlp[] {
  const hiddenSize = trained.hiddenSize;
  const inputWeights = trained.inputWeights.slice(0, inputSize * hiddenSize);
  return Array.from({ length: classCount }, (_, c) => {
    const hiddenBias = new Float64Array(hiddenSize);
    const row = (inputSize + c) * hiddenSize;
    for (let j = 0; j < hiddenSize; j++) hiddenBias[j] = Math.fround(trained.hiddenBias[j] + trained.inputWeights[row + j]);
    return new Mlp(inputSize, hiddenSize, trained.headCount, { inputWeights, hiddenBias, headWeights: trained.headWeights, headBias: trained.headBias });
  });
}

/** `stages` with the donor's pyramid levels for class `label` in place (unchanged without a donor). */
export function stagesWithDonorLevels(stages: StagePredictor[], label: number, shapes: StageShape[], donor: ArModel | undefined): StagePredictor[] {
  if (!donor) return stages;
  const donorStages = donor.classStages[donor.info.classLabels.indexOf(label)];
  return stages.map((predictor, stage) => (shapes[stage].role === 'level' ? donorStages[stage] : predictor));
}

/** Whether a group trains only a gray refinement: on a donor's pyramid, or beside the pyramids. */
function trainsRefinementAlone(group: TrainingGroup, hasDonor: boolean): boolean {
  return hasDonor || group.trains === 'refinement';
}

/** Most epochs of a group: a refinement trained on its own has its own count (refineMaxEpochs). */
export function groupEpochs(options: TrainOptions, group: TrainingGroup, hasDonor: boolean): number {
  return trainsRefinementAlone(group, hasDonor) ? refinementEpochs(options) : options.maxEpochs;
}

/**
 * Rows a group's networks draw per epoch: a refinement trained on its own has its own count per
 * class (refineRowsPerEpoch), and one on all classes draws it once per class.
 */
export function groupRowsPerEpoch(options: TrainOptions, group: TrainingGroup, hasDonor: boolean): number {
  const perClass = trainsRefinementAlone(group, hasDonor) ? refinementRowsPerEpoch(options) : options.rowsPerEpoch;
  return perClass * (group.trains === 'refinement' || group.classInputLevels ? group.classIndices.length : 1);
}

/**
 * Trains one group. Depends only on the data, the options and its seed index (`group.seedIndex`,
 * else its position in the run), so
 * any thread gives the same weights. `onEpoch(detail, steps)` reports progress in epochs.
 */
export function trainGroup(context: GroupContext, group: TrainingGroup, position: number, onEpoch: (detail: string, steps: number) => void): GroupResult {
  const groupIndex = group.seedIndex ?? position;
  const { tf, set, split, options, shapes, traversal, donor } = context;
  const pixelsPerImage = set.height * set.width;
  const random = new SeededRandom(options.seed * 1000 + groupIndex);
  const refinementOnly = trainsRefinementAlone(group, donor !== undefined);
  // Count tables stay tables; a donor's levels, and the stages the group does not train, are not
  // trained here (they keep count tables as placeholders and collect no rows).
  const trainsStage = (shape: StageShape) => shape.role !== 'refine-table' && !(refinementOnly && shape.role === 'level') && !(group.trains === 'levels' && shape.role === 'refine');
  const collector = new SampleCollector(shapes, shapes.map(trainsStage));
  const trainIndices = group.classIndices.flatMap((c) => (donor ? split.train[c].slice(0, options.sharedImagesPerClass) : split.train[c])).sort((a, b) => a - b);
  const rowsPerEpoch = groupRowsPerEpoch(options, group, donor !== undefined);
  // Networks with class inputs (a refinement on its own with grayRefinement 'class-input', or
  // the levels of a classInputLevels group): each row also sees its image's class, numbered
  // within the group.
  const several = group.classIndices.length > 1;
  const withClassInputs = (shape: StageShape) => several && trainsStage(shape) && (shape.role === 'refine' ? refinementOnly && options.grayRefinement === 'class-input' : group.classInputLevels === true);
  const groupClassOf = new Map(group.classIndices.map((c, k) => [split.labels[c], k]));
  const classOfRow: (number[] | null)[] = shapes.map((shape) => (withClassInputs(shape) ? [] : null));
  const augmented = new Uint8Array(pixelsPerImage);
  const levelStages = shapes.map((shape) => shape.role === 'level' && trainsStage(shape));
  const levelsOnly = levelStages.some(Boolean) ? new StageFilter(collector, levelStages) : null;
  for (const index of trainIndices) {
    const pixels = set.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage);
    traversal.run(pixels, collector);
    // Augmentation: the image's one-pixel shifts as further training images (never validation).
    if (options.shiftAugmentation) for (const [rows, columns] of ONE_PIXEL_SHIFTS) traversal.run(shiftImage(pixels, set.height, set.width, rows, columns, augmented), collector);
    // Random distortions, drawn per image (not per group, so every group that trains on an image
    // sees the same copies of it), train the pyramid's levels only: resampling blurs the gray
    // values, which the refinement codes.
    if (options.distortedCopies > 0 && levelsOnly) {
      const draws = new SeededRandom((options.seed * 1_000_003 + index) >>> 0);
      for (let copy = 0; copy < options.distortedCopies; copy++) {
        const affine = randomDistortion(draws, options.distortionRange);
        // Drawn after the affine map, and only when asked for: models trained without them keep their draws.
        const field = bends(options.elasticRange) ? randomDisplacementField(draws, set.height, set.width, options.elasticRange) : undefined;
        traversal.run(distortImage(pixels, set.height, set.width, affine, augmented, field), levelsOnly);
      }
    }
    classOfRow.forEach((classes, stage) => {
      if (classes) while (classes.length < collector.stages[stage].rowCount) classes.push(groupClassOf.get(set.labels![index])!);
    });
  }
  const classCount = group.classIndices.length;

  // Every network starts with its heads' biases at the logit of their training frequency.
  const trained: (StageTraining | null)[] = collector.stages.map((samples, stage) => {
    if (!trainsStage(samples.shape)) return null;
    const { inputSize } = samples.shape;
    const classes = classOfRow[stage];
    return {
      samples,
      variables: initialMlpVariables(tf, inputSize + (classes ? classCount : 0), hiddenSizeOfStage(options, samples.shape), frequencyHeadBiases(samples), options.seed * 7919 + groupIndex * 101 + stage),
      ...(classes ? { classInputs: { classOfRow: Uint8Array.from(classes), classCount } } : {}),
    };
  });
  const optimizers = trained.map((stage) => (stage ? tf.train.adam(options.learningRate) : null));
  /** The current networks, per class of the group. */
  const snapshot = (): StagePredictor[][] => {
    const byStage = collector.stages.map((samples, stage): StagePredictor[] => {
      const training = trained[stage];
      if (!training) return new Array<StagePredictor>(classCount).fill(tableFromSamples(samples));
      const { inputSize, headCount } = samples.shape;
      const extra = training.classInputs?.classCount ?? 0;
      const mlp = mlpFromVariables(training.variables, inputSize + extra, hiddenSizeOfStage(options, samples.shape), headCount);
      return extra ? foldClassInputs(mlp, inputSize, extra) : new Array<StagePredictor>(classCount).fill(mlp);
    });
    return group.classIndices.map((_, k) => byStage.map((predictors) => predictors[k]));
  };
  /** Per class of the group, then pooled over all its validation images. */
  const validate = (stagesByClass: StagePredictor[][]) => {
    const byClass = group.classIndices.map((c, k) => validationBitsPerPixel(set, split.validation[c], stagesWithDonorLevels(stagesByClass[k], split.labels[c], shapes, donor), traversal, options.arithmetic));
    return { byClass, bitsPerPixel: pooledBitsPerPixel(byClass, group.classIndices.map((c) => split.validation[c].length)) };
  };

  const epochs = groupEpochs(options, group, donor !== undefined);
  let best = snapshot();
  let bestValidation = validate(best);
  let epochsRun = 0;
  let epochsSinceBest = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const rate = learningRateOfEpoch(options, epoch, epochs);
    // Adam reads its learning rate at every step.
    for (const optimizer of optimizers) if (optimizer) (optimizer as unknown as { learningRate: number }).learningRate = rate;
    trained.forEach((stage, index) => {
      if (stage) trainStageEpoch(tf, stage, optimizers[index]!, options.batchSize, rowsPerEpoch, random);
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
  onEpoch(`done, val ${bestValidation.bitsPerPixel.toFixed(4)} bpp`, epochs - epochsRun);
  for (const stage of trained) if (stage) disposeMlpVariables(stage.variables);
  for (const optimizer of optimizers) optimizer?.dispose();
  return { stagesByClass: best, epochs: epochsRun, validationBitsPerPixelByClass: bestValidation.byClass };
}
