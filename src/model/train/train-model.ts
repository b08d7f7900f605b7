/**
 * Training: one class model per class, each stage's network fitted with TensorFlow.js on samples
 * collected by the coder's own traversal, with early stopping on held-out validation bits/pixel
 * (measured by the exact TypeScript coding path, not by tfjs).
 */
import { ErrorCode, fail } from '../../errors.js';
import type { ImageSet } from '../../data/types.js';
import type { ProgressCallback } from '../../progress-callback.js';
import { SeededRandom } from '../../random.js';
import { ArModel, MODEL_PRECISION_BITS } from '../ar-model.js';
import { Mlp, ProbabilityTable, predictorFromPlain, scaledProbabilityFromCounts, type PlainPredictor, type StagePredictor } from '../network.js';
import { SampleCollector, type StageSamples } from '../samples.js';
import { loadTensorflow, type BackendPreference, type Tf } from '../tensorflow.js';
import { ImageTraversal, stageShapes, type PixelMode, type StageShape } from '../traversal.js';
import { startWorker } from '../../worker-threads.js';
import type { StageArchitecture } from '../store.js';
import * as featureSpec from '../features.js';
import { checkRefinementContext, DEFAULT_REFINEMENT_CONTEXT, type RefinementContext } from '../features.js';
import { DEFAULT_DISCRIMINATIVE_OPTIONS, discriminativeFineTune } from './discriminative.js';

export interface TrainOptions {
  pixelMode: PixelMode;
  /** Most epochs per class (early stopping may end sooner). */
  maxEpochs: number;
  seed: number;
  /** Fraction of each class's training images held out for validation. */
  validationFraction: number;
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Hidden units of the pyramid levels' networks. */
  hiddenSize: number;
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
  /** Rows drawn per stage per epoch (a fresh random subset each epoch); caps epoch time. */
  rowsPerEpoch: number;
  backend: BackendPreference;
  /**
   * Worker threads for the per-class generative phase (classes train independently, one
   * TensorFlow.js per thread); 1 trains in this thread. The weights do not depend on it.
   */
  jobs: number;
  /**
   * Take the binary pyramid's stages from this trained model (same image size and classes) and
   * train only the gray refinement: a gray model then codes the bilevel image exactly as that
   * binary model does.
   */
  levelsFrom?: ArModel;
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
  discriminativeLearningRate: number;
  /** Weight of the classification term against the code length term. */
  discriminativeWeight: number;
  onProgress?: ProgressCallback;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'pixelMode'> = {
  maxEpochs: 10,
  seed: 1,
  validationFraction: 1 / 12,
  patience: 2,
  hiddenSize: 64,
  refineHiddenSize: 32,
  batchSize: 512,
  learningRate: 3e-3,
  refinementContext: DEFAULT_REFINEMENT_CONTEXT,
  rowsPerEpoch: 300_000,
  backend: 'auto',
  jobs: 1,
  discriminativeEpochs: 0,
  discriminativeImagesPerEpoch: 2000,
  discriminativeLearningRate: 5e-4,
  discriminativeWeight: 1,
  sharedImagesPerClass: 1000,
};

export interface ClassTrainingResult {
  label: number;
  trainImages: number;
  validationImages: number;
  validationBitsPerPixel: number;
  epochs: number;
}

export interface TrainResult {
  model: ArModel;
  /** Validation accuracy by shortest ideal code before and after each discriminative epoch. */
  discriminativeScores: number[];
  architecture: { name: string; stages: StageArchitecture[]; context: Record<string, unknown> };
  classes: ClassTrainingResult[];
  backend: string;
  seconds: number;
}

/** Images of each label, split into training and validation indices (seeded). */
export function splitByClass(set: ImageSet, validationFraction: number, seed: number): { labels: number[]; train: number[][]; validation: number[][] } {
  if (!set.labels) fail(ErrorCode.BadFormat, 'training needs labels');
  const byLabel = new Map<number, number[]>();
  set.labels.forEach((label, index) => {
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label)!.push(index);
  });
  const labels = [...byLabel.keys()].sort((a, b) => a - b);
  const random = new SeededRandom(seed);
  const train: number[][] = [];
  const validation: number[][] = [];
  for (const label of labels) {
    const indices = random.shuffle(byLabel.get(label)!.slice());
    const held = indices.length >= 2 ? Math.max(1, Math.round(indices.length * validationFraction)) : 0;
    validation.push(indices.slice(0, held).sort((a, b) => a - b));
    train.push(indices.slice(held).sort((a, b) => a - b));
  }
  return { labels, train, validation };
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

interface StageVariables {
  samples: StageSamples;
  inputKernel: import('@tensorflow/tfjs').Variable;
  hiddenBias: import('@tensorflow/tfjs').Variable;
  headKernel: import('@tensorflow/tfjs').Variable;
  headBias: import('@tensorflow/tfjs').Variable;
}

function toMlp(variables: StageVariables, hiddenSize: number): Mlp {
  const { inputSize, headCount } = variables.samples.shape;
  const headKernel = variables.headKernel.dataSync();
  const headWeights = new Float64Array(hiddenSize * headCount);
  for (let h = 0; h < headCount; h++) for (let j = 0; j < hiddenSize; j++) headWeights[h * hiddenSize + j] = headKernel[j * headCount + h];
  return new Mlp(inputSize, hiddenSize, headCount, {
    inputWeights: Float64Array.from(variables.inputKernel.dataSync()),
    hiddenBias: Float64Array.from(variables.hiddenBias.dataSync()),
    headWeights,
    headBias: Float64Array.from(variables.headBias.dataSync()),
  });
}

function validationBitsPerPixel(set: ImageSet, indices: number[], stages: StagePredictor[], traversal: ImageTraversal): number {
  if (indices.length === 0) return NaN;
  const model = new ArModel({ pixelMode: traversal.mode, height: set.height, width: set.width, classLabels: [0], precisionBits: MODEL_PRECISION_BITS, fingerprint: '', refinementContext: traversal.context }, [stages]);
  const scorer = model.createScorer(0);
  const size = set.height * set.width;
  for (const index of indices) traversal.run(set.pixels.subarray(index * size, (index + 1) * size), scorer);
  return scorer.codeLengthBits / (indices.length * size);
}

/** Fraction of `indices` whose shortest ideal code is under their own label's class. */
function validationAccuracy(model: ArModel, set: ImageSet, indices: number[], traversal: ImageTraversal): number {
  const size = set.height * set.width;
  const scorers = model.classStages.map((_, c) => model.createScorer(c));
  let correct = 0;
  for (const index of indices) {
    const pixels = set.pixels.subarray(index * size, (index + 1) * size);
    let best = 0;
    let bestBits = Infinity;
    scorers.forEach((scorer, c) => {
      scorer.reset();
      traversal.run(pixels, scorer);
      if (scorer.codeLengthBits < bestBits) {
        bestBits = scorer.codeLengthBits;
        best = c;
      }
    });
    if (model.info.classLabels[best] === set.labels![index]) correct++;
  }
  return correct / Math.max(1, indices.length);
}

/** One epoch of minibatch Adam over a random subset of a stage's rows. */
function trainStageEpoch(tf: Tf, variables: StageVariables, optimizer: import('@tensorflow/tfjs').Optimizer, options: TrainOptions, random: SeededRandom): void {
  const { samples } = variables;
  const { inputSize, headCount } = samples.shape;
  const rowCount = samples.rowCount;
  const order = random.shuffle(Int32Array.from({ length: rowCount }, (_, i) => i));
  const rows = Math.min(rowCount, options.rowsPerEpoch);
  const batchSize = options.batchSize;
  const x = new Float32Array(batchSize * inputSize);
  const mask = new Float32Array(batchSize * headCount);
  const target = new Float32Array(batchSize * headCount);
  const features = samples.features.data;
  for (let start = 0; start < rows; start += batchSize) {
    const count = Math.min(batchSize, rows - start);
    mask.fill(0);
    target.fill(0);
    let decisions = 0;
    for (let b = 0; b < count; b++) {
      const row = order[start + b];
      const base = row * inputSize;
      for (let i = 0; i < inputSize; i++) x[b * inputSize + i] = features[base + i] / 255;
      const [first, end] = samples.decisionRange(row);
      for (let d = first; d < end; d++) {
        const head = samples.heads.data[d];
        mask[b * headCount + head] = 1;
        target[b * headCount + head] = samples.bits.data[d];
        decisions++;
      }
    }
    if (decisions === 0) continue;
    tf.tidy(() => {
      const xs = tf.tensor2d(x.subarray(0, count * inputSize), [count, inputSize]);
      const ms = tf.tensor2d(mask.subarray(0, count * headCount), [count, headCount]);
      const ts = tf.tensor2d(target.subarray(0, count * headCount), [count, headCount]);
      optimizer.minimize(() => {
        const hidden = tf.relu(tf.add(tf.matMul(xs, variables.inputKernel), variables.hiddenBias));
        const logits = tf.add(tf.matMul(hidden, variables.headKernel), variables.headBias);
        return tf.div(tf.losses.sigmoidCrossEntropy(ts, logits, ms, 0, tf.Reduction.SUM), decisions) as import('@tensorflow/tfjs').Scalar;
      }, false, [variables.inputKernel, variables.hiddenBias, variables.headKernel, variables.headBias]);
    });
  }
}

function tableFromSamples(samples: StageSamples): ProbabilityTable {
  const table = new Uint32Array(samples.shape.headCount);
  for (let h = 0; h < table.length; h++) table[h] = scaledProbabilityFromCounts(samples.onesByHead[h], samples.countByHead[h], MODEL_PRECISION_BITS);
  return new ProbabilityTable(table);
}

/** `stages` with the donor's pyramid levels for class `label` in place (unchanged without a donor). */
function stagesWithDonorLevels(stages: StagePredictor[], label: number, shapes: StageShape[], donor: ArModel | undefined): StagePredictor[] {
  if (!donor) return stages;
  const donorStages = donor.classStages[donor.info.classLabels.indexOf(label)];
  return stages.map((predictor, stage) => (shapes[stage].role === 'level' ? donorStages[stage] : predictor));
}

export interface TrainingGroup {
  name: string;
  labels: number[];
  /** Indices into the split's labels of the classes the group's networks are trained on. */
  classIndices: number[];
}

interface GroupContext {
  tf: Tf;
  set: ImageSet;
  split: ReturnType<typeof splitByClass>;
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
  /** Validation bits/pixel of those stages, per class of the group (in `classIndices` order). */
  validationBitsByClass: number[];
}

/**
 * Generative training of one group's networks (one class, or with a donor the shared refinement):
 * Adam on the traversal's samples, early stopping on validation bits/pixel. Depends only on the
 * data, the options and `groupIndex` (which seeds it), so any thread gives the same weights.
 * `onEpoch(detail, steps)` reports progress in epochs.
 */
export function trainGroup(context: GroupContext, group: TrainingGroup, groupIndex: number, onEpoch: (detail: string, steps: number) => void): GroupResult {
  const { tf, set, split, options, shapes, traversal, donor } = context;
  const size = set.height * set.width;
  const hiddenSizeOf = (shape: { role: string }) => (shape.role === 'refine' ? options.refineHiddenSize : options.hiddenSize);
  const random = new SeededRandom(options.seed * 1000 + groupIndex);
  const collector = new SampleCollector(shapes);
  const trainIndices = group.classIndices.flatMap((c) => (donor ? split.train[c].slice(0, options.sharedImagesPerClass) : split.train[c])).sort((a, b) => a - b);
  for (const index of trainIndices) traversal.run(set.pixels.subarray(index * size, (index + 1) * size), collector);

  const stageVariables: (StageVariables | null)[] = collector.stages.map((samples, stage) => {
    if (samples.shape.role === 'refine-table') return null;
    if (donor && samples.shape.role === 'level') return null;
    const { inputSize, headCount } = samples.shape;
    const seed = options.seed * 7919 + groupIndex * 101 + stage;
    const biases = new Float32Array(headCount);
    for (let h = 0; h < headCount; h++) biases[h] = logit((samples.onesByHead[h] + 0.5) / (samples.countByHead[h] + 1));
    return {
      samples,
      inputKernel: tf.variable(tf.initializers.glorotUniform({ seed }).apply([inputSize, hiddenSizeOf(samples.shape)]) as import('@tensorflow/tfjs').Tensor),
      hiddenBias: tf.variable(tf.zeros([hiddenSizeOf(samples.shape)])),
      headKernel: tf.variable(tf.initializers.glorotUniform({ seed: seed + 1 }).apply([hiddenSizeOf(samples.shape), headCount]) as import('@tensorflow/tfjs').Tensor),
      headBias: tf.variable(tf.tensor1d(biases)),
    };
  });
  const optimizers = stageVariables.map((variables) => (variables ? tf.train.adam(options.learningRate) : null));
  const snapshot = (): StagePredictor[] => collector.stages.map((samples, stage) => {
    if (stageVariables[stage]) return toMlp(stageVariables[stage]!, hiddenSizeOf(samples.shape));
    return tableFromSamples(samples);
  });
  /** Per class of the group, then over all its validation images. */
  const validationBits = (groupTrained: StagePredictor[]) => {
    const byClass = group.classIndices.map((c) => validationBitsPerPixel(set, split.validation[c], stagesWithDonorLevels(groupTrained, split.labels[c], shapes, donor), traversal));
    let bits = 0;
    let images = 0;
    group.classIndices.forEach((c, k) => {
      const count = split.validation[c].length;
      if (!count) return;
      bits += byClass[k] * count;
      images += count;
    });
    return { byClass, bits: images ? bits / images : NaN };
  };

  let best = snapshot();
  let bestValidation = validationBits(best);
  let bestBits = bestValidation.bits;
  let epochsRun = 0;
  let sinceBest = 0;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    const finalRate = options.finalLearningRate ?? options.learningRate;
    const rate = options.maxEpochs > 1 ? options.learningRate * (finalRate / options.learningRate) ** ((epoch - 1) / (options.maxEpochs - 1)) : options.learningRate;
    // Adam reads its learning rate at every step.
    for (const optimizer of optimizers) if (optimizer) (optimizer as unknown as { learningRate: number }).learningRate = rate;
    stageVariables.forEach((variables, stage) => {
      if (variables) trainStageEpoch(tf, variables, optimizers[stage]!, options, random);
    });
    epochsRun = epoch;
    const current = snapshot();
    const validation = validationBits(current);
    const bits = validation.bits;
    onEpoch(`epoch ${epoch} val ${bits.toFixed(4)} bpp`, 1);
    if (!(bits >= bestBits - 1e-5) || Number.isNaN(bestBits)) {
      best = current;
      bestValidation = validation;
      bestBits = bits;
      sinceBest = 0;
    } else if (++sinceBest >= options.patience) {
      break;
    }
  }
  onEpoch(`done, val ${bestBits.toFixed(4)} bpp`, options.maxEpochs - epochsRun);
  for (const variables of stageVariables) {
    if (!variables) continue;
    variables.inputKernel.dispose();
    variables.hiddenBias.dispose();
    variables.headKernel.dispose();
    variables.headBias.dispose();
  }
  for (const optimizer of optimizers) optimizer?.dispose();
  return { stages: best, epochs: epochsRun, validationBitsByClass: bestValidation.byClass };
}

/** The preference that loads backend `name` (as loadTensorflow reports it): workers use this thread's. */
function backendPreferenceOf(name: string): BackendPreference {
  return name === 'wasm' || name === 'cpu' ? name : 'node';
}

/**
 * Trains `groups` (per-class, no donor) on `jobs` worker threads, each loading its own TensorFlow.js;
 * the images are shared, not copied. Results come back in group order.
 */
async function trainGroupsInWorkers(set: ImageSet, groups: TrainingGroup[], options: TrainOptions, jobs: number, onEpoch: (groupIndex: number, detail: string, steps: number) => void): Promise<GroupResult[]> {
  const pixels = new Uint8Array(new SharedArrayBuffer(set.pixels.length));
  pixels.set(set.pixels);
  const labels = new Uint8Array(new SharedArrayBuffer(set.labels!.length));
  labels.set(set.labels!);
  const { onProgress: _progress, levelsFrom: _levels, initialModel: _initial, ...plainOptions } = options;
  const results: GroupResult[] = new Array(groups.length);
  let next = 0;
  const runOne = (groupIndex: number) => new Promise<void>((resolvePromise, reject) => {
    const worker = startWorker(import.meta.url, 'train-worker', { count: set.count, height: set.height, width: set.width, pixels, labels, options: plainOptions, group: groups[groupIndex], groupIndex });
    let finished = false;
    worker.on('message', (message: { type: string; detail?: string; steps?: number; stages?: PlainPredictor[]; epochs?: number; validationBitsByClass?: number[] }) => {
      if (message.type === 'progress') onEpoch(groupIndex, message.detail!, message.steps!);
      else if (message.type === 'done') {
        finished = true;
        results[groupIndex] = { stages: message.stages!.map(predictorFromPlain), epochs: message.epochs!, validationBitsByClass: message.validationBitsByClass! };
        resolvePromise();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => { if (!finished) reject(new Error(`training worker for ${groups[groupIndex].name} stopped with exit code ${code}`)); });
  });
  const lane = async () => {
    while (next < groups.length) await runOne(next++);
  };
  await Promise.all(Array.from({ length: jobs }, lane));
  return results;
}

/** Trains one class model per label of `set`. */
export async function trainModel(set: ImageSet, partial: Partial<TrainOptions> & { pixelMode: PixelMode }): Promise<TrainResult> {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...partial };
  const startMs = Date.now();
  const { tf, backend } = await loadTensorflow(options.backend);
  // Starting from a trained gray model, its refinement keeps the context it was trained with.
  const refinementContext: RefinementContext = (options.initialModel?.info.pixelMode === 'gray' && options.initialModel.info.refinementContext) || options.refinementContext;
  const contextProblem = checkRefinementContext(refinementContext);
  if (contextProblem) fail(ErrorCode.BadArgument, contextProblem);
  const shapes = stageShapes(set.height, set.width, options.pixelMode, refinementContext);
  if (options.levelsFrom) {
    const donor = options.levelsFrom.info;
    if (donor.height !== set.height || donor.width !== set.width) fail(ErrorCode.ModelMismatch, `the model to take levels from codes ${donor.height}×${donor.width} images, the dataset has ${set.height}×${set.width}`);
  }
  const split = splitByClass(set, options.validationFraction, options.seed);
  if (options.levelsFrom) {
    const donorLabels = options.levelsFrom.info.classLabels;
    const missing = split.labels.filter((label) => !donorLabels.includes(label));
    if (missing.length) fail(ErrorCode.ModelMismatch, `the model to take levels from has no class for label(s) ${missing.join(', ')}`);
  }
  const traversal = new ImageTraversal(set.height, set.width, options.pixelMode, refinementContext);
  const classStages: StagePredictor[][] = [];
  const classes: ClassTrainingResult[] = [];
  const donor = options.levelsFrom;
  const withDonorLevels = (stages: StagePredictor[], label: number) => stagesWithDonorLevels(stages, label, shapes, donor);
  // With a donor, one refinement network is shared by all classes (trained on all of them), so a
  // gray model's class decision is its binary pyramid's; without one, every class trains alone.
  const groups = donor
    ? [{ name: 'all classes', labels: split.labels, classIndices: split.labels.map((_, c) => c) }]
    : split.labels.map((label, c) => ({ name: `class ${label}`, labels: [label], classIndices: [c] }));
  const totalWork = groups.length * options.maxEpochs;
  let workDone = 0;

  if (options.initialModel) {
    const initial = options.initialModel;
    if (initial.info.pixelMode !== options.pixelMode || initial.info.height !== set.height || initial.info.width !== set.width || initial.info.classLabels.join() !== split.labels.join()) {
      fail(ErrorCode.ModelMismatch, `the model to start from is ${initial.info.pixelMode} ${initial.info.height}×${initial.info.width} with classes ${initial.info.classLabels.join(',')}; training needs ${options.pixelMode} ${set.height}×${set.width} with classes ${split.labels.join(',')}`);
    }
    split.labels.forEach((label, c) => {
      // With `levelsFrom` as well, the pyramid comes from there and the rest from `initialModel`.
      classStages[c] = withDonorLevels(initial.classStages[c], label);
      classes[c] = { label, trainImages: split.train[c].length, validationImages: split.validation[c].length, validationBitsPerPixel: validationBitsPerPixel(set, split.validation[c], classStages[c], traversal), epochs: 0 };
    });
    groups.length = 0;
  }
  const finishGroup = (group: TrainingGroup, trained: GroupResult) => {
    group.classIndices.forEach((c, k) => {
      const label = split.labels[c];
      const stages = withDonorLevels(trained.stages, label);
      classStages[c] = stages;
      classes[c] = {
        label,
        trainImages: split.train[c].length,
        validationImages: split.validation[c].length,
        validationBitsPerPixel: trained.validationBitsByClass[k],
        epochs: trained.epochs,
      };
    });
  };
  const onEpoch = (group: TrainingGroup, detail: string, steps: number) => {
    workDone += steps;
    options.onProgress?.({ done: workDone, total: totalWork, detail: `${group.name} ${detail}` });
  };
  const jobs = Math.max(1, Math.min(options.jobs, groups.length));
  if (jobs > 1 && !donor) {
    // Per-class groups are independent and seeded by their index: worker threads on this thread's
    // backend give the same weights.
    const results = await trainGroupsInWorkers(set, groups, { ...options, refinementContext, backend: backendPreferenceOf(backend) }, jobs, (groupIndex, detail, steps) => onEpoch(groups[groupIndex], detail, steps));
    groups.forEach((group, groupIndex) => finishGroup(group, results[groupIndex]));
  } else {
    const context: GroupContext = { tf, set, split, options, shapes, traversal, donor };
    groups.forEach((group, groupIndex) => finishGroup(group, trainGroup(context, group, groupIndex, (detail, steps) => onEpoch(group, detail, steps))));
  }

  let discriminativeScores: number[] = [];
  if (options.discriminativeEpochs > 0 && !options.levelsFrom && split.labels.length > 1) {
    const generative = new ArModel({ pixelMode: options.pixelMode, height: set.height, width: set.width, classLabels: split.labels, precisionBits: MODEL_PRECISION_BITS, fingerprint: '', ...(options.pixelMode === 'gray' ? { refinementContext } : {}) }, classStages);
    const validationSample = split.validation.flatMap((indices) => indices.slice(0, 150));
    const validate = (stages: StagePredictor[][]) => validationAccuracy(new ArModel(generative.info, stages), set, validationSample, traversal);
    const tuned = await discriminativeFineTune(generative, set, split.train.flat(), {
      ...DEFAULT_DISCRIMINATIVE_OPTIONS,
      epochs: options.discriminativeEpochs,
      imagesPerEpoch: options.discriminativeImagesPerEpoch,
      learningRate: options.discriminativeLearningRate,
      classificationWeight: options.discriminativeWeight,
      seed: options.seed,
      backend: options.backend,
      onProgress: options.onProgress,
    }, validate);
    discriminativeScores = tuned.scores;
    tuned.classStages.forEach((stages, classIndex) => {
      classStages[classIndex] = stages;
      classes[classIndex].validationBitsPerPixel = validationBitsPerPixel(set, split.validation[classIndex], stages, traversal);
    });
  }

  const architecture = {
    name: options.pixelMode === 'binary' ? 'binary-pyramid-mlp' : 'binary-pyramid-mlp+gray-refinement-tree',
    stages: shapes.map((shape, stage) => ({ ...shape, hiddenSize: shape.role === 'refine-table' ? 0 : (classStages[0][stage] as Mlp).hiddenSize })),
    context: {
      pyramidCoarsestMaxSide: 8,
      levelWindow: { rowsAbove: featureSpec.LEVEL_WINDOW_ROWS_ABOVE, halfWidth: featureSpec.LEVEL_WINDOW_HALF_WIDTH },
      parentRadius: featureSpec.PARENT_RADIUS,
      bilevelRadius: refinementContext.bilevelRadius,
      grayWindow: { rowsAbove: refinementContext.grayRowsAbove, halfWidth: refinementContext.grayHalfWidth },
      positionEncoding: 'one-hot row and column',
    },
  };
  const model = new ArModel({ pixelMode: options.pixelMode, height: set.height, width: set.width, classLabels: split.labels, precisionBits: MODEL_PRECISION_BITS, fingerprint: '', ...(options.pixelMode === 'gray' ? { refinementContext } : {}) }, classStages);
  return { model, architecture, classes, backend, discriminativeScores, seconds: (Date.now() - startMs) / 1000 };
}
