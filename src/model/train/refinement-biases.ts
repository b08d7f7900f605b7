/**
 * Discriminative tuning of a class-input gray refinement (see group.ts, `foldClassInputs`): its
 * classes' networks share every weight but the hidden bias, so the class evidence in the gray
 * bits lives in one [classes, hidden] matrix of biases. Fine-tuning moves those biases with the
 * rest of the classification objective, so the gray bits' class evidence is weighed against the
 * pyramid's instead of being taken as the generative fit left it. The shared weights stay fixed:
 * a batch costs one product with the input kernel and, per decision, one dot product per class
 * with its head's (fixed) weights.
 */
import type * as TensorFlow from '@tensorflow/tfjs';
import { Mlp, sameValues, type StagePredictor } from '../network.js';
import type { StageSamples } from '../samples.js';
import type { Tf } from '../tensorflow.js';
import { REFINEMENT_BITS, type StageShape } from '../traversal.js';
import { constantTimes } from './products.js';

export interface RefinementBiases {
  stage: number;
  /** Class 0's network: the shared weights. */
  shared: Mlp;
  /** [classes, hidden] */
  biases: TensorFlow.Variable;
  hiddenSize: number;
  /** The shared input kernel [inputs, hidden], fixed. */
  inputKernel: TensorFlow.Tensor;
  /** The shared head weights, head-major, as float32 (what each batch gathers from). */
  headWeights: Float32Array;
}

/**
 * The refinement stage's class biases as a variable, when the model's classes have refinement
 * networks of their own that differ in their hidden bias at most (a class-input refinement); null
 * otherwise (binary models, a shared refinement, per-class refinements).
 */
export function refinementBiases(tf: Tf, classStages: StagePredictor[][], shapes: StageShape[]): RefinementBiases | null {
  const stage = shapes.findIndex((shape) => shape.role === 'refine');
  if (stage < 0 || classStages.length < 2) return null;
  const mlps = classStages.map((stages) => stages[stage]);
  if (!mlps.every((mlp) => mlp instanceof Mlp)) return null;
  const [shared, ...others] = mlps as Mlp[];
  const sameWeights = others.every((mlp) => mlp.hiddenSize === shared.hiddenSize && sameValues(mlp.inputWeights, shared.inputWeights) && sameValues(mlp.headWeights, shared.headWeights) && sameValues(mlp.headBias, shared.headBias));
  // One network object for every class is a shared refinement: nothing per class to tune.
  if (!sameWeights || others.some((mlp) => mlp === shared)) return null;
  const biases = new Float32Array(mlps.length * shared.hiddenSize);
  (mlps as Mlp[]).forEach((mlp, c) => biases.set(Float32Array.from(mlp.hiddenBias), c * shared.hiddenSize));
  return {
    stage,
    shared,
    biases: tf.variable(tf.tensor2d(biases, [mlps.length, shared.hiddenSize])),
    hiddenSize: shared.hiddenSize,
    inputKernel: tf.tensor2d(Float32Array.from(shared.inputWeights), [shared.inputSize, shared.hiddenSize]),
    headWeights: Float32Array.from(shared.headWeights),
  };
}

/** Frees the tensors `refinementBiases` made. */
export function disposeRefinementBiases(tuned: RefinementBiases): void {
  tuned.biases.dispose();
  tuned.inputKernel.dispose();
}

/** Class `c`'s refinement network with the current biases (float32, as weights are stored). */
export function refinementOfClass(tuned: RefinementBiases, c: number): Mlp {
  const { shared, hiddenSize } = tuned;
  const biases = tuned.biases.dataSync().subarray(c * hiddenSize, (c + 1) * hiddenSize);
  return new Mlp(shared.inputSize, hiddenSize, shared.headCount, { inputWeights: shared.inputWeights, hiddenBias: Float64Array.from(biases), headWeights: shared.headWeights, headBias: shared.headBias });
}

/** A batch's refinement rows as constant tensors: pre-activations without bias, the decided heads' weights, biases and bits. */
export interface RefinementBatch {
  rows: number;
  /** [rows, hidden]: x · inputKernel */
  preActivation: TensorFlow.Tensor;
  /** [rows, bits, hidden] */
  headWeights: TensorFlow.Tensor;
  /** [rows, 1, bits] */
  headBias: TensorFlow.Tensor;
  /** [rows, 1, bits] */
  bits: TensorFlow.Tensor;
  /** [images, rows]: 1 where a row belongs to an image */
  assign: TensorFlow.Tensor;
}

export function refinementBatch(tf: Tf, tuned: RefinementBiases, samples: StageSamples, imageOfRow: number[], images: number): RefinementBatch | null {
  const rows = samples.rowCount;
  if (rows === 0) return null;
  const { shared, hiddenSize } = tuned;
  const inputSize = samples.shape.inputSize;
  const x = new Float32Array(rows * inputSize);
  for (let i = 0; i < rows * inputSize; i++) x[i] = samples.features.data[i] / 255;
  const heads = new Float32Array(rows * REFINEMENT_BITS * hiddenSize);
  const headBias = new Float32Array(rows * REFINEMENT_BITS);
  const bits = new Float32Array(rows * REFINEMENT_BITS);
  for (let r = 0; r < rows; r++) {
    const [first, end] = samples.decisionRange(r);
    for (let d = first; d < end; d++) {
      const slot = r * REFINEMENT_BITS + (d - first);
      const head = samples.heads.data[d];
      heads.set(tuned.headWeights.subarray(head * hiddenSize, (head + 1) * hiddenSize), slot * hiddenSize);
      headBias[slot] = shared.headBias[head];
      bits[slot] = samples.bits.data[d];
    }
  }
  const assign = new Float32Array(images * rows);
  imageOfRow.forEach((b, r) => (assign[b * rows + r] = 1));
  return {
    rows,
    preActivation: tf.matMul(tf.tensor2d(x, [rows, inputSize]), tuned.inputKernel),
    headWeights: tf.tensor3d(heads, [rows, REFINEMENT_BITS, hiddenSize]),
    headBias: tf.tensor3d(headBias, [rows, 1, REFINEMENT_BITS]),
    bits: tf.tensor3d(bits, [rows, 1, REFINEMENT_BITS]),
    assign: tf.tensor2d(assign, [images, rows]),
  };
}

/** [images, classes]: each image's refinement code length in nats under every class. */
export function refinementCodeLengths(tf: Tf, tuned: RefinementBiases, batch: RefinementBatch, classCount: number): TensorFlow.Tensor {
  const hidden = tf.relu(tf.add(batch.preActivation.reshape([batch.rows, 1, tuned.hiddenSize]), tuned.biases.reshape([1, classCount, tuned.hiddenSize]))); // [rows, classes, hidden]
  const logits = tf.add(tf.matMul(hidden, batch.headWeights, false, true), batch.headBias); // [rows, classes, bits]
  const nats = tf.sum(tf.sub(tf.softplus(logits), tf.mul(batch.bits, logits)), 2); // [rows, classes]
  return constantTimes(tf, batch.assign, nats);
}

/**
 * Class `c`'s refinement with its class evidence scaled by `scale`: hidden bias
 * mean + scale · (bias_c − mean), the mean over classes (float32, as weights are stored). Scale 1
 * is the network as trained, 0 one network object for every class (the gray bits then carry no
 * class evidence), values between weigh the gray bits' evidence against the pyramid's.
 */
export function scaledClassEvidence(classStages: StagePredictor[][], stage: number, scale: number): StagePredictor[][] {
  const mlps = classStages.map((stages) => stages[stage] as Mlp);
  const hiddenSize = mlps[0].hiddenSize;
  const mean = new Float64Array(hiddenSize);
  for (const mlp of mlps) for (let j = 0; j < hiddenSize; j++) mean[j] += mlp.hiddenBias[j] / mlps.length;
  const scaled = (mlp: Mlp) => {
    const hiddenBias = Float64Array.from(mlp.hiddenBias, (bias, j) => Math.fround(mean[j] + scale * (bias - mean[j])));
    return new Mlp(mlp.inputSize, hiddenSize, mlp.headCount, { inputWeights: mlp.inputWeights, hiddenBias, headWeights: mlp.headWeights, headBias: mlp.headBias });
  };
  // Scale 0 is one network for every class, and stays one object: a shared refinement, which
  // fine-tuning leaves alone (nothing in it tells the classes apart) and scoring can stop before.
  const shared = scale === 0 ? scaled(mlps[0]) : null;
  return classStages.map((stages, c) => stages.map((predictor, s) => (s !== stage ? predictor : (shared ?? scaled(mlps[c])))));
}
