/**
 * The flags of `arcompress train` and the training options they mean: the recipe's value for every
 * flag not given. A pure function, so the rules between flags are tested without training:
 * - `--epochs`, `--rows-per-epoch` and `--lr` given alone carry over to what they imply
 *   (the refinement's epochs and rows, a constant learning rate), as they always have, so an
 *   earlier command in a manifest means what it meant;
 * - with `--levels-from`, nothing is fine-tuned unless `--discriminative-epochs` says so;
 * - with `--from-model`, the seed (so the validation split) and the arithmetic are the starting
 *   model's unless given, as its contexts always are: its validation figures stay measured on
 *   images it never trained on, and fine-tuning it keeps how its files are coded;
 * - `--distortion-range` and `--elastic` (other than none) shape the distorted copies, so they are
 *   refused where there are none (`--distortions 0`, or the quick recipe without `--distortions`).
 */
import { ErrorCode, fail } from '../../errors.js';
import type { ArModel } from '../../model/ar-model.js';
import type { Arithmetic } from '../../model/arithmetic.js';
import { NEW_MODEL_ADAPTIVE_MAP } from '../../model/adaptive-map.js';
import type { GlobalContext } from '../../model/features.js';
import type { BackendPreference } from '../../model/tensorflow.js';
import type { DistortionRange } from '../../model/train/distortions.js';
import { bends, type ElasticRange } from '../../model/train/elastic.js';
import type { GrayRefinement, TrainOptions } from '../../model/train/options.js';
import type { recipeOptions } from '../../model/train/recipe.js';
import type { PixelMode } from '../../model/traversal.js';

export interface TrainFlags {
  dataset: string;
  pixels: PixelMode;
  out: string;
  epochs?: number;
  refineEpochs?: number;
  limitTrain?: number;
  seed?: number;
  hidden?: number;
  finestHidden?: number;
  refineHidden?: number;
  rowsPerEpoch?: number;
  refineRowsPerEpoch?: number;
  patience?: number;
  distortions?: number;
  distortionRange?: DistortionRange;
  elastic?: ElasticRange;
  lr?: number;
  lrFinal?: number;
  bilevelRadius?: number;
  grayRowsAbove?: number;
  grayHalfWidth?: number;
  globalContext?: GlobalContext;
  arithmetic?: Arithmetic;
  adaptiveMap?: 'on' | 'off';
  levelsFrom?: string;
  fromModel?: string;
  sharedImages?: number;
  discriminativeEpochs?: number;
  discriminativeImages?: number;
  discriminativeLr?: number;
  discriminativeWeight?: number;
  backend: BackendPreference;
  workers: number;
  discriminativePool?: number;
  imagesPerClass?: number;
  quick?: boolean;
  refinement?: GrayRefinement;
  json?: boolean;
  log?: boolean;
}

/** The models the flags name (--levels-from, --from-model), loaded. */
export interface FlagModels {
  levelsFrom?: ArModel;
  initialModel?: ArModel;
  /** The seed the --from-model model was trained with (its training record), when it has one. */
  initialSeed?: number;
}

export function trainOptionsFromFlags(flags: TrainFlags, recipe: ReturnType<typeof recipeOptions>, { levelsFrom, initialModel, initialSeed }: FlagModels): TrainOptions {
  const distortedCopies = flags.distortions ?? recipe.distortedCopies;
  if (distortedCopies === 0) {
    const shaping = flags.elastic && bends(flags.elastic) ? '--elastic' : flags.distortionRange ? '--distortion-range' : undefined;
    if (shaping) fail(ErrorCode.BadArgument, `${shaping} shapes the distorted copies, and this run makes none: give --distortions N (N ≥ 1)`);
  }
  return {
    ...recipe,
    pixelMode: flags.pixels,
    trainImagesPerClass: flags.imagesPerClass ?? recipe.trainImagesPerClass,
    maxEpochs: flags.epochs ?? recipe.maxEpochs,
    refineMaxEpochs: flags.refineEpochs ?? (flags.epochs !== undefined ? undefined : recipe.refineMaxEpochs),
    seed: flags.seed ?? initialSeed ?? recipe.seed,
    hiddenSize: flags.hidden ?? recipe.hiddenSize,
    // --hidden alone sets every level's width, as it always has.
    finestHiddenSize: flags.finestHidden ?? (flags.hidden !== undefined ? undefined : recipe.finestHiddenSize),
    refineHiddenSize: flags.refineHidden ?? recipe.refineHiddenSize,
    rowsPerEpoch: flags.rowsPerEpoch ?? recipe.rowsPerEpoch,
    refineRowsPerEpoch: flags.refineRowsPerEpoch ?? (flags.rowsPerEpoch !== undefined ? undefined : recipe.refineRowsPerEpoch),
    patience: flags.patience ?? recipe.patience,
    distortedCopies,
    distortionRange: flags.distortionRange ?? recipe.distortionRange,
    elasticRange: flags.elastic ?? recipe.elasticRange,
    learningRate: flags.lr ?? recipe.learningRate,
    finalLearningRate: flags.lrFinal ?? (flags.lr !== undefined ? undefined : recipe.finalLearningRate),
    refinementContext: {
      bilevelRadius: flags.bilevelRadius ?? recipe.refinementContext.bilevelRadius,
      grayRowsAbove: flags.grayRowsAbove ?? recipe.refinementContext.grayRowsAbove,
      grayHalfWidth: flags.grayHalfWidth ?? recipe.refinementContext.grayHalfWidth,
    },
    globalContext: flags.globalContext ?? recipe.globalContext,
    arithmetic: flags.arithmetic ?? initialModel?.arithmetic ?? recipe.arithmetic,
    adaptiveMap: flags.adaptiveMap === 'on' ? NEW_MODEL_ADAPTIVE_MAP : flags.adaptiveMap === 'off' ? null : initialModel ? (initialModel.info.adaptiveMap ?? null) : recipe.adaptiveMap,
    backend: flags.backend,
    workers: flags.workers,
    levelsFrom,
    initialModel,
    sharedImagesPerClass: flags.sharedImages ?? recipe.sharedImagesPerClass,
    grayRefinement: flags.refinement ?? recipe.grayRefinement,
    // Fine-tuning applies to a model trained here, or one given by --from-model; not with --levels-from.
    discriminativeEpochs: flags.discriminativeEpochs ?? (levelsFrom ? 0 : recipe.discriminativeEpochs),
    discriminativePoolImages: flags.discriminativePool ?? recipe.discriminativePoolImages,
    discriminativeImagesPerEpoch: flags.discriminativeImages ?? recipe.discriminativeImagesPerEpoch,
    discriminativeLearningRate: flags.discriminativeLr ?? recipe.discriminativeLearningRate,
    discriminativeWeight: flags.discriminativeWeight ?? recipe.discriminativeWeight,
  };
}
