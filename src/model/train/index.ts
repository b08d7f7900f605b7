/** Training's public face: train a model, and describe it in a manifest. */
export { splitByClass, type ClassSplit } from './class-split.js';
export { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './options.js';
export { trainedManifest, validationRecord, type TrainedManifestInput, type TrainingRun } from './record.js';
export { trainModel, type ClassTrainingResult, type ModelArchitecture, type TrainResult } from './train-model.js';
