/**
 * Training: one class model per class, each stage's network fitted with TensorFlow.js on samples
 * collected by the coder's own traversal, with early stopping on held-out validation bits/pixel
 * (measured by the exact TypeScript coding path, not by tfjs). This file puts the steps together:
 * checks, the class split, the generative groups (here or on worker threads), the optional
 * discriminative fine-tuning, and the architecture record.
 */
import { ErrorCode, fail } from '../../errors.js';
import type { ImageSet } from '../../data/types.js';
import { ArModel, MODEL_PRECISION_BITS, type ModelInfo } from '../ar-model.js';
import * as featureSpec from '../features.js';
import { checkRefinementContext, type RefinementContext } from '../features.js';
import type { Mlp, StagePredictor } from '../network.js';
import type { StageArchitecture } from '../store.js';
import { loadTensorflow } from '../tensorflow.js';
import { ImageTraversal, stageShapes, type PixelMode, type StageShape } from '../traversal.js';
import { splitByClass, type ClassSplit } from './class-split.js';
import { DEFAULT_DISCRIMINATIVE_OPTIONS, discriminativeFineTune } from './discriminative.js';
import { stagesWithDonorLevels, trainGroup, type GroupContext, type GroupResult, type TrainingGroup } from './group.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './options.js';
import { validationAccuracy, validationBitsPerPixel } from './validation.js';
import { backendPreferenceOf, trainGroupsInWorkers } from './workers.js';

export interface ClassTrainingResult {
  label: number;
  trainImages: number;
  validationImages: number;
  validationBitsPerPixel: number;
  epochs: number;
}

export interface ModelArchitecture {
  name: string;
  stages: StageArchitecture[];
  context: Record<string, unknown>;
}

export interface TrainResult {
  model: ArModel;
  /** The options the run used (defaults filled in; the refinement context the model has). */
  options: TrainOptions;
  /** Validation accuracy by shortest ideal code before and after each discriminative epoch. */
  discriminativeScores: number[];
  architecture: ModelArchitecture;
  classes: ClassTrainingResult[];
  backend: string;
  seconds: number;
}

/** Validation images per class that score each discriminative epoch (caps its cost). */
const DISCRIMINATIVE_VALIDATION_IMAGES_PER_CLASS = 150;

function checkDonorSize(donor: ArModel, set: ImageSet): void {
  if (donor.info.height !== set.height || donor.info.width !== set.width) fail(ErrorCode.ModelMismatch, `the model to take levels from codes ${donor.info.height}×${donor.info.width} images, the dataset has ${set.height}×${set.width}`);
}

function checkDonorClasses(donor: ArModel, split: ClassSplit): void {
  const missing = split.labels.filter((label) => !donor.info.classLabels.includes(label));
  if (missing.length) fail(ErrorCode.ModelMismatch, `the model to take levels from has no class for label(s) ${missing.join(', ')}`);
}

function checkInitialModel(initial: ArModel, set: ImageSet, split: ClassSplit, pixelMode: PixelMode): void {
  if (initial.info.pixelMode !== pixelMode || initial.info.height !== set.height || initial.info.width !== set.width || initial.info.classLabels.join() !== split.labels.join()) {
    fail(ErrorCode.ModelMismatch, `the model to start from is ${initial.info.pixelMode} ${initial.info.height}×${initial.info.width} with classes ${initial.info.classLabels.join(',')}; training needs ${pixelMode} ${set.height}×${set.width} with classes ${split.labels.join(',')}`);
  }
}

/** What the manifest says about the networks: their shapes and hidden sizes, and the context they read. */
function architectureOf(pixelMode: PixelMode, shapes: StageShape[], stages: StagePredictor[], refinementContext: RefinementContext): ModelArchitecture {
  return {
    name: pixelMode === 'binary' ? 'binary-pyramid-mlp' : 'binary-pyramid-mlp+gray-refinement-tree',
    stages: shapes.map((shape, stage) => ({ ...shape, hiddenSize: shape.role === 'refine-table' ? 0 : (stages[stage] as Mlp).hiddenSize })),
    context: {
      pyramidCoarsestMaxSide: 8,
      levelWindow: { rowsAbove: featureSpec.LEVEL_WINDOW_ROWS_ABOVE, halfWidth: featureSpec.LEVEL_WINDOW_HALF_WIDTH },
      parentRadius: featureSpec.PARENT_RADIUS,
      bilevelRadius: refinementContext.bilevelRadius,
      grayWindow: { rowsAbove: refinementContext.grayRowsAbove, halfWidth: refinementContext.grayHalfWidth },
      positionEncoding: 'one-hot row and column',
    },
  };
}

/** Trains one class model per label of `set`. */
export async function trainModel(set: ImageSet, partial: Partial<TrainOptions> & { pixelMode: PixelMode }): Promise<TrainResult> {
  const requested: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...partial };
  const startMs = Date.now();
  const { tf, backend } = await loadTensorflow(requested.backend);
  // Starting from a trained gray model, its refinement keeps the context it was trained with.
  const refinementContext: RefinementContext = (requested.initialModel?.info.pixelMode === 'gray' && requested.initialModel.info.refinementContext) || requested.refinementContext;
  const contextProblem = checkRefinementContext(refinementContext);
  if (contextProblem) fail(ErrorCode.BadArgument, contextProblem);
  const options: TrainOptions = { ...requested, refinementContext };
  const shapes = stageShapes(set.height, set.width, options.pixelMode, refinementContext);
  const donor = options.levelsFrom;
  if (donor) checkDonorSize(donor, set);
  const split = splitByClass(set, options.validationFraction, options.seed);
  if (donor) checkDonorClasses(donor, split);
  const traversal = new ImageTraversal(set.height, set.width, options.pixelMode, refinementContext);
  const classStages: StagePredictor[][] = [];
  const classes: ClassTrainingResult[] = [];
  const withDonorLevels = (stages: StagePredictor[], label: number) => stagesWithDonorLevels(stages, label, shapes, donor);
  const classRecord = (c: number, validationBitsPerPixelOfClass: number, epochs: number): ClassTrainingResult => ({
    label: split.labels[c],
    trainImages: split.train[c].length,
    validationImages: split.validation[c].length,
    validationBitsPerPixel: validationBitsPerPixelOfClass,
    epochs,
  });
  // With a donor, one refinement network is shared by all classes (trained on all of them), so a
  // gray model's class decision is its binary pyramid's; without one, every class trains alone.
  let groups: TrainingGroup[] = donor
    ? [{ name: 'all classes', labels: split.labels, classIndices: split.labels.map((_, c) => c) }]
    : split.labels.map((label, c) => ({ name: `class ${label}`, labels: [label], classIndices: [c] }));
  const totalWork = groups.length * options.maxEpochs;
  let workDone = 0;

  if (options.initialModel) {
    const initial = options.initialModel;
    checkInitialModel(initial, set, split, options.pixelMode);
    split.labels.forEach((label, c) => {
      // With `levelsFrom` as well, the pyramid comes from there and the rest from `initialModel`.
      classStages[c] = withDonorLevels(initial.classStages[c], label);
      classes[c] = classRecord(c, validationBitsPerPixel(set, split.validation[c], classStages[c], traversal), 0);
    });
    groups = [];
  }
  const finishGroup = (group: TrainingGroup, trained: GroupResult) => {
    group.classIndices.forEach((c, k) => {
      classStages[c] = withDonorLevels(trained.stages, split.labels[c]);
      classes[c] = classRecord(c, trained.validationBitsPerPixelByClass[k], trained.epochs);
    });
  };
  const onEpoch = (group: TrainingGroup, detail: string, steps: number) => {
    workDone += steps;
    options.onProgress?.({ done: workDone, total: totalWork, detail: `${group.name} ${detail}` });
  };
  const workers = Math.max(1, Math.min(options.workers, groups.length));
  if (workers > 1 && !donor) {
    // Per-class groups are independent and seeded by their index: worker threads on this thread's
    // backend give the same weights.
    const results = await trainGroupsInWorkers(set, groups, { ...options, workers, backend: backendPreferenceOf(backend) }, (groupIndex, detail, steps) => onEpoch(groups[groupIndex], detail, steps));
    groups.forEach((group, groupIndex) => finishGroup(group, results[groupIndex]));
  } else {
    const context: GroupContext = { tf, set, split, options, shapes, traversal, donor };
    groups.forEach((group, groupIndex) => finishGroup(group, trainGroup(context, group, groupIndex, (detail, steps) => onEpoch(group, detail, steps))));
  }

  const info: ModelInfo = { pixelMode: options.pixelMode, height: set.height, width: set.width, classLabels: split.labels, precisionBits: MODEL_PRECISION_BITS, fingerprint: '', ...(options.pixelMode === 'gray' ? { refinementContext } : {}) };
  let discriminativeScores: number[] = [];
  if (options.discriminativeEpochs > 0 && !donor && split.labels.length > 1) {
    const generative = new ArModel(info, classStages);
    const validationSample = split.validation.flatMap((indices) => indices.slice(0, DISCRIMINATIVE_VALIDATION_IMAGES_PER_CLASS));
    const tuned = await discriminativeFineTune(generative, set, split.train.flat(), {
      ...DEFAULT_DISCRIMINATIVE_OPTIONS,
      epochs: options.discriminativeEpochs,
      imagesPerEpoch: options.discriminativeImagesPerEpoch,
      learningRate: options.discriminativeLearningRate,
      classificationWeight: options.discriminativeWeight,
      seed: options.seed,
      backend: options.backend,
      onProgress: options.onProgress,
    }, (stages) => validationAccuracy(new ArModel(info, stages), set, validationSample));
    discriminativeScores = tuned.scores;
    tuned.classStages.forEach((stages, c) => {
      classStages[c] = stages;
      classes[c].validationBitsPerPixel = validationBitsPerPixel(set, split.validation[c], stages, traversal);
    });
  }

  const architecture = architectureOf(options.pixelMode, shapes, classStages[0], refinementContext);
  return { model: new ArModel(info, classStages), options, architecture, classes, backend, discriminativeScores, seconds: (Date.now() - startMs) / 1000 };
}
