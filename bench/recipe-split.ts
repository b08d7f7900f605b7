/**
 * The validation images the full recipe holds out of a training set, and the check that a model
 * was trained with that split (so its validation figures are on images it never saw).
 */
import type { ModelManifest } from '../src/model/store.js';
import type { ImageSet } from '../src/data/index.js';
import { splitByClass, type ClassSplit } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';

/** The recipe's split of `set`: validation indices per class, as training makes them. */
export function recipeSplit(set: ImageSet): ClassSplit {
  const recipe = recipeOptions('full');
  return splitByClass(set, recipe.validationFraction, recipe.seed);
}

/** Throws unless the model at `directory` was trained with the recipe's split of `validationImages` held out. */
export function requireRecipeSplit(directory: string, manifest: ModelManifest, validationImages: number): void {
  const training = manifest.training as { seed?: number; validationImages?: number } | undefined;
  if (!training) return;
  const { seed } = recipeOptions('full');
  if (training.seed !== seed || (training.validationImages !== undefined && training.validationImages !== validationImages)) {
    throw new Error(`${directory} was trained with another split (seed ${String(training.seed)}, ${String(training.validationImages)} validation images)`);
  }
}
