/**
 * The manifest of a trained model, minus what saving adds (format, fingerprint, weights list):
 * what the networks are, how well they validate, and a training record that says what was
 * trained. The record's hyperparameters are listed once, in options.ts. Nothing here reads the
 * process: the caller passes the command line, the date and the Node version.
 */
import type { ModelManifest } from '../store.js';
import { DISCRIMINATIVE_HYPERPARAMETERS, GENERATIVE_HYPERPARAMETERS, refinementEpochs, refinementRowsPerEpoch, type TrainOptions } from './options.js';
import type { ClassTrainingResult, ModelArchitecture, TrainResult } from './train-model.js';
import { bends } from './elastic.js';

/** One run of the trainer, as the caller saw it. */
export interface TrainingRun {
  /** The command line, e.g. 'arcompress train --dataset mnist …'. */
  command: string;
  /** ISO 8601 time the model was written. */
  date: string;
  /** Node's version string, e.g. 'v20.20.2'. */
  node: string;
}

export interface TrainedManifestInput {
  /** The dataset's name as the manifest records it. */
  dataset: string;
  /** Images given to training (training and validation together). */
  imageCount: number;
  result: TrainResult;
  run: TrainingRun;
  /** The manifest of `options.initialModel`, when the run started from a trained model. */
  startedFrom?: ModelManifest;
  /** With `options.levelsFrom`: its directory relative to the repository; absent (recorded as null) when it lies outside. Never a machine's absolute path. */
  levelsFromDirectory?: string;
}

export type TrainedManifest = Omit<ModelManifest, 'fingerprint' | 'weightsManifest' | 'format' | 'formatVersion'>;

/** Validation images and bits per pixel: per class, and pooled (weighted by image count). */
export function validationRecord(classes: ClassTrainingResult[]): ModelManifest['validation'] {
  const images = classes.reduce((sum, c) => sum + c.validationImages, 0);
  const bitsPerPixel = classes.reduce((sum, c) => sum + c.validationBitsPerPixel * c.validationImages, 0) / Math.max(1, images);
  return { images, bitsPerPixelByClass: classes.map((c) => c.validationBitsPerPixel), bitsPerPixel };
}

function roundToTenth(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

/**
 * Hidden units of the networks of role `role` as trained (null when the model has none); for
 * 'level', the coarsest level's (stages run coarsest first), for 'finest', level 0's.
 */
function hiddenSizeOfRole(architecture: ModelArchitecture, role: 'level' | 'finest' | 'refine'): number | null {
  if (role === 'finest') return architecture.stages.find((stage) => stage.role === 'level' && stage.level === 0)?.hiddenSize ?? null;
  return architecture.stages.find((stage) => stage.role === role)?.hiddenSize ?? null;
}

/** This run's value of each recorded hyperparameter. */
function hyperparametersOfRun(options: TrainOptions, architecture: ModelArchitecture): Record<string, unknown> {
  // A per-class refinement trains with its pyramid (maxEpochs, rowsPerEpoch); only one on its own has its own counts.
  const ownRefinement = options.pixelMode === 'gray' && (options.levelsFrom !== undefined || options.grayRefinement !== 'per-class');
  return {
    trainImagesPerClass: Number.isFinite(options.trainImagesPerClass) ? options.trainImagesPerClass : null,
    maxEpochs: options.maxEpochs,
    refineMaxEpochs: ownRefinement ? refinementEpochs(options) : null,
    patience: options.patience,
    hiddenSize: hiddenSizeOfRole(architecture, 'level'),
    finestHiddenSize: hiddenSizeOfRole(architecture, 'finest'),
    refineHiddenSize: hiddenSizeOfRole(architecture, 'refine'),
    grayRefinement: options.pixelMode === 'gray' ? options.grayRefinement : null,
    rowsPerEpoch: options.rowsPerEpoch,
    refineRowsPerEpoch: ownRefinement ? refinementRowsPerEpoch(options) : null,
    shiftAugmentation: options.shiftAugmentation,
    distortedCopies: options.distortedCopies,
    distortionRange: options.distortedCopies > 0 ? options.distortionRange : null,
    elasticRange: options.distortedCopies > 0 && bends(options.elasticRange) ? options.elasticRange : null,
    learningRate: options.learningRate,
    finalLearningRate: options.finalLearningRate ?? options.learningRate,
    sharedImagesPerClass: options.levelsFrom ? options.sharedImagesPerClass : null,
    discriminativeEpochs: options.discriminativeEpochs,
    discriminativePoolImages: options.discriminativePoolImages,
    discriminativeImagesPerEpoch: options.discriminativeImagesPerEpoch,
    discriminativeBatchImages: options.discriminativeBatchImages,
    discriminativeLearningRate: options.discriminativeLearningRate,
    discriminativeWeight: options.discriminativeWeight,
  };
}

/**
 * The training record. Starting from a trained model, the time and command lines before this run
 * are kept, and the generative hyperparameters are the starting model's (this run trained no
 * network generatively); hidden sizes are always the networks' own.
 */
function trainingRecord(input: TrainedManifestInput): Record<string, unknown> {
  const { result, run, startedFrom } = input;
  const { options } = result;
  const previous = startedFrom?.training;
  const current = hyperparametersOfRun(options, result.architecture);
  const generative: Record<string, unknown> = {};
  for (const key of GENERATIVE_HYPERPARAMETERS) {
    // Hidden sizes are the networks' own; the rest is the starting model's (unknown: null, for a
    // manifest written before the setting was recorded).
    generative[key] = key === 'hiddenSize' || key === 'finestHiddenSize' || key === 'refineHiddenSize' || !previous ? current[key] : (previous[key] ?? null);
  }
  // What fine-tuned the weights: this run, or else the starting model's own (a run from a trained
  // model that fine-tunes nothing: a change of arithmetic, say), unless a donor's pyramid replaced
  // the pyramids it tuned. Otherwise nothing was fine-tuned.
  const keepsTuning = previous !== undefined && !result.fineTuned && !options.levelsFrom;
  const discriminative = Object.fromEntries(DISCRIMINATIVE_HYPERPARAMETERS.map((key) => [key,
    result.fineTuned ? current[key] : keepsTuning ? (previous[key] ?? null) : key === 'discriminativeEpochs' ? 0 : null]));
  const discriminativeValidationAccuracy = result.fineTuned ? result.discriminativeScores : keepsTuning ? (previous.discriminativeValidationAccuracy ?? null) : [];
  // A run from a trained model keeps its refinement, so the class evidence it chose.
  const refinementClassEvidence = result.classEvidence ?? (previous ? (previous.refinementClassEvidence ?? null) : null);
  const validationImages = result.classes.reduce((sum, c) => sum + c.validationImages, 0);
  const earlierRuns = (previous?.runs as unknown[] | undefined) ?? (previous ? [{ seconds: previous.seconds, command: previous.command }] : []);
  return {
    seconds: roundToTenth(result.seconds + Number(previous?.seconds ?? 0)),
    command: [previous?.command, run.command].filter(Boolean).join(' && '),
    runs: [...earlierRuns, { seconds: roundToTenth(result.seconds), command: run.command }],
    backend: result.backend,
    seed: options.seed,
    ...generative,
    levelsFrom: options.levelsFrom ? { directory: input.levelsFromDirectory ?? null, fingerprint: options.levelsFrom.info.fingerprint } : null,
    ...discriminative,
    discriminativeValidationAccuracy,
    refinementClassEvidence,
    trainImages: result.classes.reduce((sum, c) => sum + c.trainImages, 0),
    validationImages,
    classes: result.classes,
    date: run.date,
    node: run.node,
  };
}

/** The manifest `saveModel` completes: the model, its architecture, its validation and its training record. */
export function trainedManifest(input: TrainedManifestInput): TrainedManifest {
  const { model, architecture, classes } = input.result;
  return {
    dataset: input.dataset,
    pixelMode: model.info.pixelMode,
    height: model.info.height,
    width: model.info.width,
    classLabels: classes.map((c) => c.label),
    precisionBits: model.info.precisionBits,
    architecture,
    validation: validationRecord(classes),
    training: trainingRecord(input),
  };
}
