/** One epoch of generative training of one stage's network: minibatch Adam on its collected rows. */
import type * as TensorFlow from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random.js';
import type { StageSamples } from '../samples.js';
import { constantTimes, product } from './products.js';
import { variableList, type MlpVariables } from './tfjs-mlp.js';

/** A stage's training rows and the network being fitted to them. */
export interface StageTraining {
  samples: StageSamples;
  variables: MlpVariables;
  /**
   * Class inputs: row r also sees a one-hot of its image's class, `classOfRow[r]`, as
   * `classCount` inputs after the stage's own (the network has inputSize + classCount inputs).
   */
  classInputs?: { classOfRow: Uint8Array; classCount: number };
}

/**
 * One pass of Adam over `rowsPerEpoch` rows of the stage (a fresh shuffle from `random` each call,
 * all rows if there are fewer). The loss is the mean cross-entropy, in nats, of the decisions the
 * rows hold; heads a row does not decide are masked out. Features go in scaled to [0, 1], then
 * the class one-hot when the stage has class inputs.
 */
export function trainStageEpoch(tf: typeof TensorFlow, stage: StageTraining, optimizer: TensorFlow.Optimizer, batchSize: number, rowsPerEpoch: number, random: SeededRandom): void {
  const { samples, variables, classInputs } = stage;
  const { headCount } = samples.shape;
  const featureSize = samples.shape.inputSize;
  const inputSize = featureSize + (classInputs?.classCount ?? 0);
  const rowCount = samples.rowCount;
  const order = random.shuffle(Int32Array.from({ length: rowCount }, (_, i) => i));
  const rows = Math.min(rowCount, rowsPerEpoch);
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
      const base = row * featureSize;
      for (let i = 0; i < featureSize; i++) x[b * inputSize + i] = features[base + i] / 255;
      if (classInputs) {
        for (let c = 0; c < classInputs.classCount; c++) x[b * inputSize + featureSize + c] = 0;
        x[b * inputSize + featureSize + classInputs.classOfRow[row]] = 1;
      }
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
        const hidden = tf.relu(tf.add(constantTimes(tf, xs, variables.inputKernel), variables.hiddenBias));
        const logits = tf.add(product(tf, hidden, variables.headKernel), variables.headBias);
        return tf.div(tf.losses.sigmoidCrossEntropy(ts, logits, ms, 0, tf.Reduction.SUM), decisions) as TensorFlow.Scalar;
      }, false, variableList(variables));
    });
  }
}
