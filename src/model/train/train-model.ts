/**
 * Training: one class model per class, each stage's network fitted with TensorFlow.js on samples
 * collected by the coder's own traversal, with early stopping on held-out validation bits/pixel
 * (measured by the exact TypeScript coding path, not by tfjs). This file puts the steps together:
 * checks, the class split, the generative groups (here or on worker threads), the optional
 * discriminative fine-tuning, and the architecture record.
 */
import { UNRECORDED_ARITHMETIC, type Arithmetic } from '../arithmetic.js';
import type { AdaptiveMapSpec } from '../adaptive-map.js';
import { ErrorCode, fail, InvariantError } from '../../errors.js';
import type { ImageSet } from '../../data/types.js';
import { ArModel, MODEL_PRECISION_BITS, type ModelInfo } from '../ar-model.js';
import * as featureSpec from '../features.js';
import { checkRefinementContext, DEFAULT_GLOBAL_CONTEXT, type GlobalContext, type RefinementContext } from '../features.js';
import { shareIdenticalStages, type Mlp, type StagePredictor } from '../network.js';
import type { StageArchitecture } from '../store.js';
import { loadTensorflow } from '../tensorflow.js';
import { ImageTraversal, stageShapes, type PixelMode, type StageShape } from '../traversal.js';
import { trainingSplit, type ClassSplit } from './class-split.js';
import { discriminativeFineTune } from './discriminative.js';
import { stagesWithDonorLevels, trainGroup, type GroupContext, type GroupResult, type TrainingGroup } from './group.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './options.js';
import { trainingPlan } from './plan.js';
import { scaledClassEvidence } from './refinement-biases.js';
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
  /** What the coding path evaluates the networks in (arithmetic.ts); absent: float64 (older models, and float64 ones). */
  arithmetic?: Arithmetic;
  /** The gray refinement's adaptive map (adaptive-map.ts); absent: none. */
  adaptiveMap?: AdaptiveMapSpec;
}

export interface TrainResult {
  model: ArModel;
  /** The options the run used (defaults filled in; the refinement context the model has). */
  options: TrainOptions;
  /** Whether discriminative fine-tuning ran (it needs more than one class, and no --levels-from donor). */
  fineTuned: boolean;
  /** Validation accuracy by shortest ideal code before and after each discriminative epoch. */
  discriminativeScores: number[];
  /** A class-input gray refinement: the scale of its class evidence chosen on validation images. */
  classEvidence: ClassEvidenceChoice | null;
  architecture: ModelArchitecture;
  classes: ClassTrainingResult[];
  backend: string;
  seconds: number;
}

/** Scales of a class-input refinement's class evidence tried (the trained network first). */
const CLASS_EVIDENCE_SCALES = [1, 0.75, 0.5, 0.25, 0];

/** The scale of a class-input refinement's class evidence the run chose, and what each scale gave. */
export interface ClassEvidenceChoice {
  scale: number;
  validationAccuracyByScale: { scale: number; accuracy: number }[];
}

/** Validation images per class that score each discriminative epoch (caps its cost). */
const DISCRIMINATIVE_VALIDATION_IMAGES_PER_CLASS = 300;

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
function architectureOf(pixelMode: PixelMode, shapes: StageShape[], stages: StagePredictor[], refinementContext: RefinementContext, globalContext: GlobalContext, arithmetic: Arithmetic, adaptiveMap: AdaptiveMapSpec | null): ModelArchitecture {
  return {
    // float64 is what no record means: writing it would make another fingerprint for the same model.
    ...(arithmetic !== UNRECORDED_ARITHMETIC ? { arithmetic } : {}),
    ...(adaptiveMap ? { adaptiveMap } : {}),
    name: pixelMode === 'binary' ? 'binary-pyramid-mlp' : 'binary-pyramid-mlp+gray-refinement-tree',
    stages: shapes.map((shape, stage) => ({ ...shape, hiddenSize: shape.role === 'refine-table' ? 0 : (stages[stage] as Mlp).hiddenSize })),
    context: {
      pyramidCoarsestMaxSide: 8,
      levelWindow: { rowsAbove: featureSpec.LEVEL_WINDOW_ROWS_ABOVE, halfWidth: featureSpec.LEVEL_WINDOW_HALF_WIDTH },
      parentRadius: featureSpec.PARENT_RADIUS,
      globalContext,
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
  // A pyramid taken from a trained model (`levelsFrom`, else `initialModel`) keeps the global
  // context it was trained with.
  const pyramidFrom = requested.levelsFrom ?? requested.initialModel;
  const globalContext: GlobalContext = pyramidFrom ? (pyramidFrom.info.globalContext ?? DEFAULT_GLOBAL_CONTEXT) : requested.globalContext;
  const options: TrainOptions = { ...requested, refinementContext, globalContext };
  // Only a gray model has a refinement for the map to correct.
  const adaptiveMap = options.pixelMode === 'gray' ? options.adaptiveMap : null;
  if (options.pixelMode === 'gray' && options.levelsFrom && options.grayRefinement === 'per-class') {
    fail(ErrorCode.BadArgument, 'a per-class gray refinement trains with its own class\'s pyramid, not on another model\'s levels: use the class-input or shared refinement with --levels-from');
  }
  const shapes = stageShapes(set.height, set.width, options.pixelMode, refinementContext, globalContext);
  const donor = options.levelsFrom;
  if (donor) checkDonorSize(donor, set);
  const split = trainingSplit(set, options);
  if (donor) checkDonorClasses(donor, split);
  const traversal = new ImageTraversal(set.height, set.width, options.pixelMode, refinementContext, globalContext);
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
  // With a donor, one refinement network is trained on all classes' images (shared by all, or
  // with class inputs folded into one network per class). Without one, every class's pyramid
  // trains alone, and so does its refinement ('per-class'); or one refinement group trains on all
  // classes beside them (it does not depend on the pyramids' weights), on its own thread.
  const allClasses = split.labels.map((_, c) => c);
  // (Starting from a trained model, nothing trains generatively: its refinement is kept.)
  const jointRefinement = options.pixelMode === 'gray' && !donor && !options.initialModel && options.grayRefinement !== 'per-class';
  let groups: TrainingGroup[] = donor
    ? [{ name: 'all classes', labels: split.labels, classIndices: allClasses, trains: 'refinement' }]
    : [
        ...(jointRefinement ? [{ name: 'gray refinement', labels: split.labels, classIndices: allClasses, trains: 'refinement' as const, seedIndex: split.labels.length }] : []),
        ...split.labels.map((label, c): TrainingGroup => ({ name: `class ${label}`, labels: [label], classIndices: [c], seedIndex: c, ...(jointRefinement ? { trains: 'levels' as const } : {}) })),
      ];
  const discriminative = options.discriminativeEpochs > 0 && !donor && split.labels.length > 1;
  const plan = trainingPlan(options, shapes, groups, discriminative ? split.labels.length : 0, set.height * set.width);
  let workDone = 0;

  if (options.initialModel) {
    const initial = options.initialModel;
    checkInitialModel(initial, set, split, options.pixelMode);
    split.labels.forEach((label, c) => {
      // With `levelsFrom` as well, the pyramid comes from there and the rest from `initialModel`.
      classStages[c] = withDonorLevels(initial.classStages[c], label);
      classes[c] = classRecord(c, validationBitsPerPixel(set, split.validation[c], classStages[c], traversal, options.arithmetic, adaptiveMap), 0);
    });
    groups = [];
    plan.total -= plan.generative;
  }
  let refinement: GroupResult | null = null;
  const finishGroup = (group: TrainingGroup, trained: GroupResult) => {
    if (jointRefinement && group.trains === 'refinement') {
      refinement = trained;
      return;
    }
    group.classIndices.forEach((c, k) => {
      classStages[c] = withDonorLevels(trained.stagesByClass[k], split.labels[c]);
      classes[c] = classRecord(c, trained.validationBitsPerPixelByClass[k], trained.epochs);
    });
  };
  const report = (done: number, detail: string) => options.onProgress?.({ done: Math.min(Math.round(done), Math.round(plan.total)), total: Math.round(plan.total), detail });
  const onEpoch = (group: TrainingGroup, detail: string, steps: number) => {
    workDone += steps * plan.groupEpoch(group);
    report(workDone, `${group.name} ${detail}`);
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

  if (jointRefinement) {
    // Each class: its own pyramid, and the refinement group's networks for that class.
    const trained = refinement as GroupResult | null;
    if (!trained) throw new InvariantError('the refinement group did not finish');
    split.labels.forEach((_, c) => {
      classStages[c] = classStages[c].map((predictor, stage) => (shapes[stage].role === 'level' ? predictor : trained.stagesByClass[c][stage]));
      classes[c] = classRecord(c, validationBitsPerPixel(set, split.validation[c], classStages[c], traversal, options.arithmetic, adaptiveMap), Math.max(classes[c].epochs, trained.epochs));
    });
  }

  const info: ModelInfo = { pixelMode: options.pixelMode, height: set.height, width: set.width, classLabels: split.labels, precisionBits: MODEL_PRECISION_BITS, fingerprint: '', ...(options.pixelMode === 'gray' ? { refinementContext } : {}), ...(globalContext !== DEFAULT_GLOBAL_CONTEXT ? { globalContext } : {}), ...(options.arithmetic !== UNRECORDED_ARITHMETIC ? { arithmetic: options.arithmetic } : {}), ...(adaptiveMap ? { adaptiveMap } : {}) };
  let discriminativeScores: number[] = [];
  const validationSample = split.validation.flatMap((indices) => indices.slice(0, DISCRIMINATIVE_VALIDATION_IMAGES_PER_CLASS));
  let classEvidence: ClassEvidenceChoice | null = null;
  if (jointRefinement && options.grayRefinement === 'class-input' && split.labels.length > 1) {
    // How much of the gray bits' class evidence to keep: chosen by validation accuracy.
    const refineStage = shapes.findIndex((shape) => shape.role === 'refine');
    const trials = CLASS_EVIDENCE_SCALES.map((scale) => {
      report(workDone, `gray class evidence: validation accuracy at scale ${scale}`);
      const stages = scaledClassEvidence(classStages, refineStage, scale);
      return { scale, stages, accuracy: validationAccuracy(new ArModel(info, stages), set, validationSample) };
    });
    const chosen = trials.reduce((best, trial) => (trial.accuracy > best.accuracy ? trial : best));
    chosen.stages.forEach((stages, c) => {
      classStages[c] = stages;
      classes[c].validationBitsPerPixel = validationBitsPerPixel(set, split.validation[c], stages, traversal, options.arithmetic, adaptiveMap);
    });
    classEvidence = { scale: chosen.scale, validationAccuracyByScale: trials.map(({ scale, accuracy }) => ({ scale, accuracy })) };
  }
  if (discriminative) {
    const generative = new ArModel(info, classStages);
    const tuned = await discriminativeFineTune(generative, set, split.train.flat(), {
      epochs: options.discriminativeEpochs,
      imagesPerEpoch: options.discriminativeImagesPerEpoch,
      batchImages: options.discriminativeBatchImages,
      poolImages: options.discriminativePoolImages,
      learningRate: options.discriminativeLearningRate,
      classificationWeight: options.discriminativeWeight,
      seed: options.seed,
      backend: options.backend,
      onProgress: (event) => report(workDone + (event.done / Math.max(1, event.total)) * plan.discriminative, event.detail ?? ''),
    }, (stages) => validationAccuracy(new ArModel(info, stages), set, validationSample));
    discriminativeScores = tuned.scores;
    tuned.classStages.forEach((stages, c) => {
      classStages[c] = stages;
      classes[c].validationBitsPerPixel = validationBitsPerPixel(set, split.validation[c], stages, traversal, options.arithmetic, adaptiveMap);
    });
  }

  // Epochs are chosen by the networks' own validation bits (the map trains nothing); the figures
  // recorded are the model's, map included.
  if (adaptiveMap) classStages.forEach((stages, c) => { classes[c].validationBitsPerPixel = validationBitsPerPixel(set, split.validation[c], stages, traversal, options.arithmetic, adaptiveMap); });
  // Stages equal in every class become one object, as loading the saved model makes them.
  shareIdenticalStages(classStages);
  const architecture = architectureOf(options.pixelMode, shapes, classStages[0], refinementContext, globalContext, options.arithmetic, adaptiveMap);
  return { model: new ArModel(info, classStages), options, architecture, classes, backend, fineTuned: discriminative, discriminativeScores, classEvidence, seconds: (Date.now() - startMs) / 1000 };
}
