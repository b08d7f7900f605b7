/**
 * Discriminative fine-tuning of the class models (optional second phase of training).
 *
 * Each class model stays a proper autoregressive model, so code lengths stay real; only its
 * weights move. The objective for a batch of labelled images adds to the true class's code
 * length (the generative term) a classification term: the cross-entropy of the posterior
 * softmax(−L(x, c)) over classes, L the code length in nats. This pushes the wrong classes' code
 * lengths up on the images they would otherwise win, which is what classification by shortest
 * code needs. Only the binary pyramid's networks are tuned; gray refinement stays as trained.
 */
import type { ImageSet } from '../../data/types.js';
import type { ProgressCallback } from '../../progress-callback.js';
import { SeededRandom } from '../../random.js';
import type { ArModel } from '../ar-model.js';
import type { Mlp, StagePredictor } from '../network.js';
import { SampleCollector } from '../samples.js';
import { loadTensorflow, type BackendPreference } from '../tensorflow.js';
import { stageShapes } from '../traversal.js';
import type * as TensorFlow from '@tensorflow/tfjs';
import { disposeMlpVariables, mlpFromVariables, variableList, variablesFromMlp, type MlpVariables } from './tfjs-mlp.js';

export interface DiscriminativeOptions {
  epochs: number;
  /** Images per epoch, drawn from the training indices (hard ones first, see below). */
  imagesPerEpoch: number;
  batchImages: number;
  learningRate: number;
  /** Weight of the classification term against the generative term (both in nats per image). */
  classificationWeight: number;
  seed: number;
  backend: BackendPreference;
  onProgress?: ProgressCallback;
}

export const DEFAULT_DISCRIMINATIVE_OPTIONS: Omit<DiscriminativeOptions, 'epochs'> = {
  imagesPerEpoch: 4000,
  batchImages: 16,
  learningRate: 3e-4,
  classificationWeight: 1,
  seed: 1,
  backend: 'auto',
};

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
  const shapes = stageShapes(set.height, set.width, model.info.pixelMode, model.info.refinementContext);
  const levelStages = shapes.map((shape, stage) => (shape.role === 'level' ? stage : -1)).filter((stage) => stage >= 0);
  const classCount = model.classCount;
  const classIndexOf = new Map(model.info.classLabels.map((label, index) => [label, index]));
  const vars: MlpVariables[][] = model.classStages.map((stages) => levelStages.map((stage) => variablesFromMlp(tf, stages[stage] as Mlp)));
  const optimizer = tf.train.adam(options.learningRate);
  const random = new SeededRandom(options.seed);
  const traversal = model.createTraversal();
  const pixelsPerImage = set.height * set.width;
  const snapshot = (): StagePredictor[][] =>
    model.classStages.map((stages, c) => stages.map((predictor, stage) => {
      const k = levelStages.indexOf(stage);
      if (k < 0) return predictor;
      const mlp = predictor as Mlp;
      return mlpFromVariables(vars[c][k], mlp.inputSize, mlp.hiddenSize, mlp.headCount);
    }));

  let bestScore = validate(model.classStages);
  let best = model.classStages;
  const scores = [bestScore];
  const total = options.epochs * Math.ceil(options.imagesPerEpoch / options.batchImages);
  let done = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = random.shuffle(trainIndices.slice()).slice(0, options.imagesPerEpoch);
    for (let start = 0; start < order.length; start += options.batchImages) {
      const batch = order.slice(start, start + options.batchImages);
      const collector = new SampleCollector(shapes);
      const rowStarts: number[][] = levelStages.map(() => []);
      for (const index of batch) {
        levelStages.forEach((stage, k) => rowStarts[k].push(collector.stages[stage].rowCount));
        traversal.run(set.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage), collector);
      }
      const labels = batch.map((index) => classIndexOf.get(set.labels![index])!);
      const batchSize = batch.length;
      tf.tidy(() => {
        const inputs = levelStages.map((stage, k) => {
          const samples = collector.stages[stage];
          const rows = samples.rowCount;
          const inputSize = samples.shape.inputSize;
          const x = new Float32Array(rows * inputSize);
          const raw = samples.features.data;
          for (let i = 0; i < rows * inputSize; i++) x[i] = raw[i] / 255;
          const y = new Float32Array(rows);
          for (let r = 0; r < rows; r++) y[r] = samples.bits.data[samples.rowStart.data[r]];
          const assign = new Float32Array(batchSize * rows);
          for (let b = 0; b < batchSize; b++) {
            const end = b + 1 < batchSize ? rowStarts[k][b + 1] : rows;
            for (let r = rowStarts[k][b]; r < end; r++) assign[b * rows + r] = 1;
          }
          return { rows, x: tf.tensor2d(x, [Math.max(rows, 0), inputSize]), y: tf.tensor2d(y, [rows, 1]), assign: tf.tensor2d(assign, [batchSize, rows]) };
        });
        const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat();
        const varList = vars.flat().flatMap(variableList);
        optimizer.minimize(() => {
          const perClass: TensorFlow.Tensor[] = [];
          for (let c = 0; c < classCount; c++) {
            let lengths: TensorFlow.Tensor = tf.zeros([batchSize, 1]);
            inputs.forEach((input, k) => {
              if (input.rows === 0) return;
              const v = vars[c][k];
              const hidden = tf.relu(tf.add(tf.matMul(input.x, v.inputKernel), v.hiddenBias));
              const logits = tf.add(tf.matMul(hidden, v.headKernel), v.headBias);
              // −log p(bit) in nats, elementwise: softplus(logit) − y·logit.
              const nats = tf.sub(tf.softplus(logits), tf.mul(input.y, logits));
              lengths = tf.add(lengths, tf.matMul(input.assign, nats));
            });
            perClass.push(lengths);
          }
          const codeLengths = tf.concat(perClass, 1); // [batch, classes], nats
          const generative = tf.mean(tf.sum(tf.mul(codeLengths, oneHot), 1));
          const classification = tf.losses.softmaxCrossEntropy(oneHot, tf.neg(codeLengths));
          return tf.add(generative, tf.mul(classification, options.classificationWeight)) as TensorFlow.Scalar;
        }, false, varList);
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
  for (const v of vars.flat()) disposeMlpVariables(v);
  optimizer.dispose();
  return { classStages: best, scores };
}
