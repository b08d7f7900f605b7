/**
 * What a training run can be told, with the defaults; the ones a manifest records about a run are
 * listed once, below (record.ts writes them).
 */
import { DEFAULT_DISTORTION_RANGE, type DistortionRange } from './distortions.js';
import { NO_ELASTIC, type ElasticRange } from './elastic.js';
import { NEW_MODEL_ARITHMETIC, type Arithmetic } from '../arithmetic.js';
import { NEW_MODEL_ADAPTIVE_MAP, type AdaptiveMapSpec } from '../adaptive-map.js';
import type { ProgressCallback } from '../../progress-callback.js';
import type { ArModel } from '../ar-model.js';
import { DEFAULT_GLOBAL_CONTEXT, DEFAULT_REFINEMENT_CONTEXT, type GlobalContext, type RefinementContext } from '../features.js';
import type { BackendPreference } from '../tensorflow.js';
import type { PixelMode, StageShape } from '../traversal.js';

export type GrayRefinement = 'class-input' | 'per-class' | 'shared';
export const GRAY_REFINEMENTS: readonly GrayRefinement[] = ['class-input', 'per-class', 'shared'];

export interface TrainOptions {
  pixelMode: PixelMode;
  /** Most epochs per class (early stopping may end sooner). */
  maxEpochs: number;
  /**
   * Most epochs of a gray refinement trained on its own (the class-input or shared refinement,
   * a group of all classes); absent: `maxEpochs`. A per-class refinement trains with its pyramid.
   */
  refineMaxEpochs?: number;
  seed: number;
  /** Most training images per class (after the validation split; Infinity: all). */
  trainImagesPerClass: number;
  /** Fraction of each class's training images held out for validation. */
  validationFraction: number;
  /**
   * Epochs without a better validation figure before a network stops early (the best epoch's
   * weights are kept either way); at least the network's epochs (`maxEpochs`, or `refineMaxEpochs`
   * for a refinement trained on its own): never early.
   */
  patience: number;
  /** Hidden units of the pyramid levels' networks (the finest level's: `finestHiddenSize`). */
  hiddenSize: number;
  /**
   * Hidden units of the finest pyramid level's network (level 0: it makes the most decisions and
   * codes most of the bits); absent: `hiddenSize`.
   */
  finestHiddenSize?: number;
  /** Hidden units of the gray refinement network (254 heads, so it costs more per unit). */
  refineHiddenSize: number;
  batchSize: number;
  learningRate: number;
  /**
   * Adam learning rate of the last epoch: epoch e of E uses learningRate·(final/learningRate)^((e−1)/(E−1))
   * (a geometric decay; equal to learningRate: constant).
   */
  finalLearningRate?: number;
  /** Gray mode: the refinement's context (with `initialModel`, that model's own is kept). */
  refinementContext: RefinementContext;
  /**
   * The coarser levels each pyramid level sees in full (features.ts); with `initialModel` or
   * `levelsFrom`, that model's own is kept.
   */
  globalContext: GlobalContext;
  /**
   * The arithmetic the model's networks are evaluated in on the coding path (arithmetic.ts),
   * recorded in the manifest; validation during training measures in it too.
   */
  arithmetic: Arithmetic;
  /**
   * Gray: the adaptive map over the refinement's probabilities (adaptive-map.ts), recorded in the
   * manifest; null: none. Binary models have no refinement, so none (the option is ignored). The
   * validation figures recorded are measured with it; epochs are chosen by the networks' own bits.
   */
  adaptiveMap: AdaptiveMapSpec | null;
  /**
   * Generative training also sees each training image's four one-pixel shifts (shifts.ts):
   * five times the rows (and the memory they take: a gray refinement on all of MNIST would need
   * tens of GB), drawn from by `rowsPerEpoch` as before.
   */
  shiftAugmentation: boolean;
  /**
   * Generative training also sees this many random small affine distortions of each training
   * image (distortions.ts: rotation, scale and slant about its centre of mass; never validation
   * images): 1 + this many times the rows and their memory, drawn from by `rowsPerEpoch` as before.
   */
  distortedCopies: number;
  /** How far those distortions go (absent from manifests written before it was recorded: the default). */
  distortionRange: DistortionRange;
  /**
   * Elastic displacement fields added to each of those distortions (elastic.ts; rmsPixels 0:
   * none; absent from manifests written before it was recorded: none).
   */
  elasticRange: ElasticRange;
  /** Rows drawn per stage per epoch (a fresh random subset each epoch); caps epoch time. */
  rowsPerEpoch: number;
  /**
   * Rows per class per epoch of a gray refinement trained on its own (as `refineMaxEpochs`; it
   * draws this many times the class count); absent: `rowsPerEpoch`.
   */
  refineRowsPerEpoch?: number;
  backend: BackendPreference;
  /**
   * Worker threads for the per-class generative phase (classes train independently, one
   * TensorFlow.js per thread); 1 trains in this thread. The weights do not depend on it.
   */
  workers: number;
  /**
   * Take the binary pyramid's stages from this trained model (same image size and classes) and
   * train only the gray refinement: a gray model then codes the bilevel image exactly as that
   * binary model does.
   */
  levelsFrom?: ArModel;
  /**
   * Gray mode: how the refinement (the 7 low bits) knows the class.
   * - 'class-input': one network trained on every class's images with the class as one-hot
   *   inputs, folded into one network per class (its own hidden bias): the gray bits carry class
   *   information and the network learns from all images. Without `levelsFrom`, the pyramid is
   *   trained first (as in binary mode) and the refinement on it.
   * - 'per-class': each class's refinement trained with its pyramid on that class's images alone.
   * - 'shared': one network for all classes, the same for each: the gray bits cost the same under
   *   every class, so the class decision is the pyramid's (scoring can stop early before it).
   */
  grayRefinement: GrayRefinement;
  /** With `levelsFrom`: training images per class for the shared refinement (caps memory). */
  sharedImagesPerClass: number;
  /**
   * Start from this trained model (same size, mode and classes) instead of training generatively:
   * with `discriminativeEpochs` this fine-tunes an existing model.
   */
  initialModel?: ArModel;
  /** Epochs of discriminative fine-tuning of the pyramid after generative training (0: none). */
  discriminativeEpochs: number;
  /** Training images per discriminative epoch. */
  discriminativeImagesPerEpoch: number;
  /** Training images scored per discriminative epoch to choose its hardest `discriminativeImagesPerEpoch`. */
  discriminativePoolImages: number;
  /** Images per discriminative step. */
  discriminativeBatchImages: number;
  discriminativeLearningRate: number;
  /** Weight of the classification term against the code length term. */
  discriminativeWeight: number;
  onProgress?: ProgressCallback;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'pixelMode'> = {
  maxEpochs: 10,
  seed: 1,
  trainImagesPerClass: Infinity,
  validationFraction: 1 / 12,
  patience: 2,
  hiddenSize: 64,
  refineHiddenSize: 32,
  batchSize: 512,
  learningRate: 3e-3,
  refinementContext: DEFAULT_REFINEMENT_CONTEXT,
  globalContext: DEFAULT_GLOBAL_CONTEXT,
  arithmetic: NEW_MODEL_ARITHMETIC,
  adaptiveMap: NEW_MODEL_ADAPTIVE_MAP,
  shiftAugmentation: false,
  distortedCopies: 0,
  distortionRange: DEFAULT_DISTORTION_RANGE,
  elasticRange: NO_ELASTIC,
  rowsPerEpoch: 300_000,
  backend: 'auto',
  workers: 1,
  discriminativeEpochs: 0,
  discriminativeImagesPerEpoch: 2000,
  discriminativeBatchImages: 16,
  discriminativePoolImages: 0,
  discriminativeLearningRate: 5e-4,
  discriminativeWeight: 1,
  sharedImagesPerClass: 1000,
  grayRefinement: 'class-input',
};

/**
 * The hyperparameters a manifest's training record holds (after `seed`, in the record's order).
 * The generative ones shape the networks' own training: a run that starts from a trained model
 * does none, so it records the starting model's values, and `hiddenSize`/`finestHiddenSize`/`refineHiddenSize` are
 * read from the networks themselves (record.ts). The discriminative ones are this run's.
 */
export const GENERATIVE_HYPERPARAMETERS = ['trainImagesPerClass', 'maxEpochs', 'refineMaxEpochs', 'patience', 'hiddenSize', 'finestHiddenSize', 'refineHiddenSize', 'grayRefinement', 'rowsPerEpoch', 'refineRowsPerEpoch', 'shiftAugmentation', 'distortedCopies', 'distortionRange', 'elasticRange', 'learningRate', 'finalLearningRate', 'sharedImagesPerClass'] as const;
export const DISCRIMINATIVE_HYPERPARAMETERS = ['discriminativeEpochs', 'discriminativePoolImages', 'discriminativeImagesPerEpoch', 'discriminativeBatchImages', 'discriminativeLearningRate', 'discriminativeWeight'] as const;

/** Hidden units a stage's network is trained with: the refinement's, the finest level's, or the other levels'. */
export function hiddenSizeOfStage(options: TrainOptions, shape: StageShape): number {
  if (shape.role === 'refine') return options.refineHiddenSize;
  return shape.level === 0 ? (options.finestHiddenSize ?? options.hiddenSize) : options.hiddenSize;
}

/** Most epochs of a refinement trained on its own (a group of all classes, or on a donor's pyramid). */
export function refinementEpochs(options: TrainOptions): number {
  return options.refineMaxEpochs ?? options.maxEpochs;
}

/** Rows per class per epoch of a refinement trained on its own (see `refinementEpochs`). */
export function refinementRowsPerEpoch(options: TrainOptions): number {
  return options.refineRowsPerEpoch ?? options.rowsPerEpoch;
}

/** Epoch `epoch` (1-based) of `epochs`: the geometric decay from learningRate to finalLearningRate. */
export function learningRateOfEpoch(options: TrainOptions, epoch: number, epochs = options.maxEpochs): number {
  const finalRate = options.finalLearningRate ?? options.learningRate;
  return epochs > 1 ? options.learningRate * (finalRate / options.learningRate) ** ((epoch - 1) / (epochs - 1)) : options.learningRate;
}
