/**
 * Discriminative fine-tuning of the class models (optional second phase of training).
 *
 * Each class model stays a proper autoregressive model, so code lengths stay real; only its
 * weights move. The objective for a batch of labelled images adds to the true class's code
 * length (the generative term) a classification term: the cross-entropy of the posterior
 * softmax(−L(x, c)) over classes, L the code length in nats. This pushes the wrong classes' code
 * lengths up on the images they would otherwise win, which is what classification by shortest
 * code needs. The binary pyramid's networks are tuned, and a class-input gray refinement's class
 * biases (refinement-biases.ts); other gray refinements stay as trained.
 *
 * All classes are evaluated together: per pyramid stage the classes' networks sit side by side in
 * one input kernel [inputs, classes·hidden], so a batch costs one large matrix product per stage
 * instead of one small one per class.
 */
import type { ImageSet } from '../../data/types.js';
import type { ProgressCallback } from '../../progress-callback.js';
import { SeededRandom } from '../../random.js';
import { ArModel } from '../ar-model.js';
import { selectImages } from '../../data/types.js';
import { scoreImages } from '../../classify/score.js';
import { Mlp, type StagePredictor } from '../network.js';
import { SampleCollector } from '../samples.js';
import { loadTensorflow, type BackendPreference, type Tf } from '../tensorflow.js';
import { stageShapes, type ImageTraversal, type StageShape } from '../traversal.js';
import { constantTimes } from './products.js';
import { disposeRefinementBiases, refinementBatch, refinementBiases, refinementCodeLengths, refinementOfClass, type RefinementBatch, type RefinementBiases } from './refinement-biases.js';
import type * as TensorFlow from '@tensorflow/tfjs';

export interface DiscriminativeOptions {
  epochs: number;
  /**
   * Images per epoch. Each epoch scores a fresh random pool of `poolImages` training images under
   * every class (the exact coding path's ideal lengths) and trains on the `imagesPerEpoch` whose
   * true class is closest to losing (largest L(true) − min L(other)): the images that carry the
   * classification term's gradient. A pool no larger than `imagesPerEpoch` is taken as it is.
   */
  imagesPerEpoch: number;
  poolImages: number;
  batchImages: number;
  learningRate: number;
  /** Weight of the classification term against the generative term (both in nats per image). */
  classificationWeight: number;
  seed: number;
  backend: BackendPreference;
  onProgress?: ProgressCallback;
}

/** One pyramid stage of every class, stacked: class c's hidden units are columns c·H … c·H + H − 1. */
interface StackedStage {
  inputSize: number;
  hiddenSize: number;
  /** [inputs, classes·hidden] */
  inputKernel: TensorFlow.Variable;
  /** [classes·hidden] */
  hiddenBias: TensorFlow.Variable;
  /** [classes, hidden]: each class's single head. */
  headKernel: TensorFlow.Variable;
  /** [classes] */
  headBias: TensorFlow.Variable;
}

function stackStage(tf: Tf, mlps: Mlp[]): StackedStage {
  const { inputSize, hiddenSize } = mlps[0];
  const classCount = mlps.length;
  const width = classCount * hiddenSize;
  const inputKernel = new Float32Array(inputSize * width);
  const hiddenBias = new Float32Array(width);
  const headKernel = new Float32Array(width);
  const headBias = new Float32Array(classCount);
  mlps.forEach((mlp, c) => {
    // Mlp.inputWeights is input-major ([inputs, hidden]); headWeights is head-major ([heads, hidden]).
    for (let i = 0; i < inputSize; i++) for (let j = 0; j < hiddenSize; j++) inputKernel[i * width + c * hiddenSize + j] = mlp.inputWeights[i * hiddenSize + j];
    for (let j = 0; j < hiddenSize; j++) {
      hiddenBias[c * hiddenSize + j] = mlp.hiddenBias[j];
      headKernel[c * hiddenSize + j] = mlp.headWeights[j];
    }
    headBias[c] = mlp.headBias[0];
  });
  return {
    inputSize,
    hiddenSize,
    inputKernel: tf.variable(tf.tensor2d(inputKernel, [inputSize, width])),
    hiddenBias: tf.variable(tf.tensor1d(hiddenBias)),
    headKernel: tf.variable(tf.tensor2d(headKernel, [classCount, hiddenSize])),
    headBias: tf.variable(tf.tensor1d(headBias)),
  };
}

/** Class `c`'s network of a stacked stage, as an `Mlp` (a snapshot). */
function unstackStage(stage: StackedStage, c: number, classCount: number): Mlp {
  const { inputSize, hiddenSize } = stage;
  const width = classCount * hiddenSize;
  const kernel = stage.inputKernel.dataSync();
  const hiddenBias = stage.hiddenBias.dataSync();
  const headKernel = stage.headKernel.dataSync();
  const inputWeights = new Float64Array(inputSize * hiddenSize);
  for (let i = 0; i < inputSize; i++) for (let j = 0; j < hiddenSize; j++) inputWeights[i * hiddenSize + j] = kernel[i * width + c * hiddenSize + j];
  return new Mlp(inputSize, hiddenSize, 1, {
    inputWeights,
    hiddenBias: Float64Array.from(hiddenBias.subarray(c * hiddenSize, (c + 1) * hiddenSize)),
    headWeights: Float64Array.from(headKernel.subarray(c * hiddenSize, (c + 1) * hiddenSize)),
    headBias: Float64Array.of(stage.headBias.dataSync()[c]),
  });
}

function stageVariables(stage: StackedStage): TensorFlow.Variable[] {
  return [stage.inputKernel, stage.hiddenBias, stage.headKernel, stage.headBias];
}

/**
 * The `count` images of `pool` whose true class is closest to losing by ideal code length under
 * the pyramid of `classStages` (with `wholeModel`, under all its stages; ties by pool order), in
 * pool order.
 */
export function hardestImages(classStages: StagePredictor[][], model: ArModel, set: ImageSet, pool: number[], count: number, classIndexOf: Map<number, number>, wholeModel = false): number[] {
  const levelCount = stageShapes(set.height, set.width, 'binary').length;
  const pyramid = wholeModel ? new ArModel({ ...model.info, fingerprint: '' }, classStages) : new ArModel({ ...model.info, pixelMode: 'binary', fingerprint: '' }, classStages.map((stages) => stages.slice(0, levelCount)));
  const images = selectImages(set, pool);
  const lengths = scoreImages(pyramid, images, 0, images.count);
  const classCount = model.classCount;
  const margin = pool.map((index, k) => {
    const own = classIndexOf.get(set.labels![index])!;
    let other = Infinity;
    for (let c = 0; c < classCount; c++) if (c !== own) other = Math.min(other, lengths.idealBits[k * classCount + c]);
    return lengths.idealBits[k * classCount + own] - other;
  });
  const ranked = pool.map((_, k) => k).sort((a, b) => margin[b] - margin[a] || a - b).slice(0, count);
  return ranked.sort((a, b) => a - b).map((k) => pool[k]);
}

interface LevelInput {
  rows: number;
  x: TensorFlow.Tensor;
  y: TensorFlow.Tensor;
  assign: TensorFlow.Tensor;
}

interface BatchInputs {
  levels: (LevelInput | null)[];
  refinement: RefinementBatch | null;
}

/** The rows of images `batch` of `set` as tensors: per pyramid stage, and the refinement's when it is tuned. */
function batchInputs(tf: Tf, shapes: StageShape[], levelStages: number[], refinement: RefinementBiases | null, traversal: ImageTraversal, set: ImageSet, batch: number[]): BatchInputs {
  const pixelsPerImage = set.height * set.width;
  const rowStages = refinement ? [...levelStages, refinement.stage] : levelStages;
  const collector = new SampleCollector(shapes, shapes.map((_, stage) => rowStages.includes(stage)));
  const imageOfRow: number[][] = rowStages.map(() => []);
  batch.forEach((index, b) => {
    const before = rowStages.map((stage) => collector.stages[stage].rowCount);
    traversal.run(set.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage), collector);
    rowStages.forEach((stage, k) => {
      for (let r = before[k]; r < collector.stages[stage].rowCount; r++) imageOfRow[k].push(b);
    });
  });
  const images = batch.length;
  const levels = levelStages.map((stage, k): LevelInput | null => {
    const samples = collector.stages[stage];
    const rows = samples.rowCount;
    if (rows === 0) return null;
    const inputSize = samples.shape.inputSize;
    const x = new Float32Array(rows * inputSize);
    const raw = samples.features.data;
    for (let i = 0; i < rows * inputSize; i++) x[i] = raw[i] / 255;
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) y[r] = samples.bits.data[samples.rowStart.data[r]];
    const assign = new Float32Array(images * rows);
    imageOfRow[k].forEach((b, r) => (assign[b * rows + r] = 1));
    return { rows, x: tf.tensor2d(x, [rows, inputSize]), y: tf.tensor2d(y, [rows, 1]), assign: tf.tensor2d(assign, [images, rows]) };
  });
  return { levels, refinement: refinement ? refinementBatch(tf, refinement, collector.stages[refinement.stage], imageOfRow[levelStages.length], images) : null };
}

/** [images, classes]: each image's code length in nats under every class, as the variables stand. */
function batchCodeLengths(tf: Tf, stacked: StackedStage[], refinement: RefinementBiases | null, inputs: BatchInputs, images: number, classCount: number): TensorFlow.Tensor {
  let codeLengths: TensorFlow.Tensor = tf.zeros([images, classCount]);
  inputs.levels.forEach((input, k) => {
    if (!input) return;
    const stage = stacked[k];
    const hidden = tf.relu(tf.add(constantTimes(tf, input.x, stage.inputKernel), stage.hiddenBias)).reshape([input.rows, classCount, stage.hiddenSize]);
    const logits = tf.add(tf.sum(tf.mul(hidden, stage.headKernel), 2), stage.headBias); // [rows, classes]
    // −log p(bit) in nats, elementwise: softplus(logit) − y·logit.
    const nats = tf.sub(tf.softplus(logits), tf.mul(input.y, logits));
    codeLengths = tf.add(codeLengths, constantTimes(tf, input.assign, nats));
  });
  if (refinement && inputs.refinement) codeLengths = tf.add(codeLengths, refinementCodeLengths(tf, refinement, inputs.refinement, classCount));
  return codeLengths;
}

/**
 * The code lengths in nats (images × classes, row-major) that fine-tuning computes for images
 * `indices` of `set` under `model`: the pyramid's, plus a class-input refinement's (the parts
 * fine-tuning sees). For checking against the exact coding path.
 */
export async function fineTuningCodeLengths(model: ArModel, set: ImageSet, indices: number[], backend: BackendPreference = 'auto'): Promise<Float32Array> {
  const { tf } = await loadTensorflow(backend);
  const shapes = stageShapes(set.height, set.width, model.info.pixelMode, model.info.refinementContext, model.info.globalContext);
  const levelStages = shapes.map((shape, stage) => (shape.role === 'level' ? stage : -1)).filter((stage) => stage >= 0);
  const stacked = levelStages.map((stage) => stackStage(tf, model.classStages.map((stages) => stages[stage] as Mlp)));
  const refinement = refinementBiases(tf, model.classStages, shapes);
  const lengths = tf.tidy(() => batchCodeLengths(tf, stacked, refinement, batchInputs(tf, shapes, levelStages, refinement, model.createTraversal(), set, indices), indices.length, model.classCount));
  const values = Float32Array.from(lengths.dataSync());
  lengths.dispose();
  for (const variable of stacked.flatMap(stageVariables)) variable.dispose();
  if (refinement) disposeRefinementBiases(refinement);
  return values;
}

/**
 * Fine-tunes `model` on images `trainIndices` of `set` (labels must map to the model's classes).
 * `validate` is called after each epoch with the tuned class stages and returns a score to
 * maximise (e.g. validation accuracy); the best epoch's stages are returned (the input model's
 * if no epoch beats it).
 */
export async function discriminativeFineTune(
  model: ArModel,
  set: ImageSet,
  trainIndices: number[],
  options: DiscriminativeOptions,
  validate: (classStages: StagePredictor[][]) => number,
): Promise<{ classStages: StagePredictor[][]; scores: number[] }> {
  const { tf } = await loadTensorflow(options.backend);
  const shapes = stageShapes(set.height, set.width, model.info.pixelMode, model.info.refinementContext, model.info.globalContext);
  const levelStages = shapes.map((shape, stage) => (shape.role === 'level' ? stage : -1)).filter((stage) => stage >= 0);
  const classCount = model.classCount;
  const classIndexOf = new Map(model.info.classLabels.map((label, index) => [label, index]));
  const stacked = levelStages.map((stage) => stackStage(tf, model.classStages.map((stages) => stages[stage] as Mlp)));
  // A class-input gray refinement's class biases are tuned with the pyramids.
  const refinement = refinementBiases(tf, model.classStages, shapes);
  const variables = [...stacked.flatMap(stageVariables), ...(refinement ? [refinement.biases] : [])];
  const optimizer = tf.train.adam(options.learningRate);
  const random = new SeededRandom(options.seed);
  const traversal = model.createTraversal();
  const snapshot = (): StagePredictor[][] =>
    model.classStages.map((stages, c) => stages.map((predictor, stage) => {
      if (refinement && stage === refinement.stage) return refinementOfClass(refinement, c);
      const k = levelStages.indexOf(stage);
      return k < 0 ? predictor : unstackStage(stacked[k], c, classCount);
    }));

  let bestScore = validate(model.classStages);
  let best = model.classStages;
  const scores = [bestScore];
  const batchesPerEpoch = Math.ceil(Math.min(options.imagesPerEpoch, trainIndices.length) / options.batchImages);
  const total = options.epochs * batchesPerEpoch;
  let done = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const pool = random.shuffle(trainIndices.slice()).slice(0, Math.max(options.poolImages, options.imagesPerEpoch));
    const order = pool.length > options.imagesPerEpoch ? hardestImages(snapshot(), model, set, pool, options.imagesPerEpoch, classIndexOf, refinement !== null) : pool;
    for (let start = 0; start < order.length; start += options.batchImages) {
      const batch = order.slice(start, start + options.batchImages);
      const labels = batch.map((index) => classIndexOf.get(set.labels![index])!);
      tf.tidy(() => {
        const inputs = batchInputs(tf, shapes, levelStages, refinement, traversal, set, batch);
        const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat();
        optimizer.minimize(() => {
          const codeLengths = batchCodeLengths(tf, stacked, refinement, inputs, batch.length, classCount); // nats
          const generative = tf.mean(tf.sum(tf.mul(codeLengths, oneHot), 1));
          const classification = tf.losses.softmaxCrossEntropy(oneHot, tf.neg(codeLengths));
          return tf.add(generative, tf.mul(classification, options.classificationWeight)) as TensorFlow.Scalar;
        }, false, variables);
      });
      done++;
      options.onProgress?.({ done, total, detail: `discriminative epoch ${epoch + 1}` });
    }
    const current = snapshot();
    const score = validate(current);
    scores.push(score);
    options.onProgress?.({ done, total, detail: `discriminative epoch ${epoch + 1} val ${score.toFixed(4)}` });
    if (score > bestScore) {
      bestScore = score;
      best = current;
    }
  }
  for (const variable of stacked.flatMap(stageVariables)) variable.dispose();
  if (refinement) disposeRefinementBiases(refinement);
  optimizer.dispose();
  return { classStages: best, scores };
}
