/**
 * The training recipes: what `arcompress train` runs with no other flag (`full`, the recipe the
 * bundled models were made with) and with `--quick` (a usable model in minutes, for trying
 * things). Every flag given on the command line overrides its recipe value. The recipes are the
 * same for every dataset: nothing here knows MNIST.
 */
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './options.js';

export type RecipeName = 'full' | 'quick';

const RECIPES: Record<RecipeName, Partial<TrainOptions>> = {
  full: {
    hiddenSize: 256,
    refineHiddenSize: 128,
    maxEpochs: 16,
    refineMaxEpochs: 8,
    patience: 16,
    rowsPerEpoch: 600_000,
    refineRowsPerEpoch: 300_000,
    distortedCopies: 4,
    learningRate: 3e-3,
    finalLearningRate: 5e-4,
    discriminativeEpochs: 3,
    discriminativePoolImages: 9000,
    discriminativeImagesPerEpoch: 3000,
    discriminativeBatchImages: 16,
    discriminativeLearningRate: 1e-4,
    discriminativeWeight: 1,
  },
  quick: {
    trainImagesPerClass: 600,
    hiddenSize: 64,
    refineHiddenSize: 32,
    maxEpochs: 4,
    rowsPerEpoch: 60_000,
    learningRate: 3e-3,
    finalLearningRate: 1e-3,
    discriminativeEpochs: 1,
    discriminativePoolImages: 3000,
    discriminativeImagesPerEpoch: 1000,
    discriminativeBatchImages: 16,
    discriminativeLearningRate: 3e-4,
    discriminativeWeight: 1,
  },
};

/** The options of recipe `name` (the library defaults with the recipe's values over them). */
export function recipeOptions(name: RecipeName): Omit<TrainOptions, 'pixelMode'> {
  return { ...DEFAULT_TRAIN_OPTIONS, ...RECIPES[name] };
}
