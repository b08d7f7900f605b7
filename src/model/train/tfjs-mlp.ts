/**
 * An MLP stage as TensorFlow.js variables, and back: the only place training code meets the
 * `Mlp` the coding path evaluates. The head kernel's layout change is head-kernel.ts's.
 */
import type * as TensorFlow from '@tensorflow/tfjs';
import { headMajorFromTfjs, tfjsFromHeadMajor } from '../head-kernel.js';
import { Mlp } from '../network.js';
import type { StageSamples } from '../samples.js';

type Tf = typeof TensorFlow;

/** One stage's weights as tfjs variables: relu(x · inputKernel + hiddenBias) · headKernel + headBias. */
export interface MlpVariables {
  inputKernel: TensorFlow.Variable;
  hiddenBias: TensorFlow.Variable;
  headKernel: TensorFlow.Variable;
  headBias: TensorFlow.Variable;
}

/** Each head's bias at the logit of its frequency of ones in `samples` (add-one-half smoothed): where every network starts. */
export function frequencyHeadBiases(samples: StageSamples): Float32Array {
  const biases = new Float32Array(samples.shape.headCount);
  for (let h = 0; h < biases.length; h++) {
    const p = (samples.onesByHead[h] + 0.5) / (samples.countByHead[h] + 1);
    biases[h] = Math.log(p / (1 - p));
  }
  return biases;
}

/** Glorot-uniform kernels (seeded `seed`, `seed + 1`), zero hidden biases, the given head biases. */
export function initialMlpVariables(tf: Tf, inputSize: number, hiddenSize: number, headBiases: Float32Array, seed: number): MlpVariables {
  const headCount = headBiases.length;
  return {
    inputKernel: tf.variable(tf.initializers.glorotUniform({ seed }).apply([inputSize, hiddenSize]) as TensorFlow.Tensor),
    hiddenBias: tf.variable(tf.zeros([hiddenSize])),
    headKernel: tf.variable(tf.initializers.glorotUniform({ seed: seed + 1 }).apply([hiddenSize, headCount]) as TensorFlow.Tensor),
    headBias: tf.variable(tf.tensor1d(headBiases)),
  };
}

/** A trained `Mlp`'s weights as variables (float32, as tfjs holds them). */
export function variablesFromMlp(tf: Tf, mlp: Mlp): MlpVariables {
  return {
    inputKernel: tf.variable(tf.tensor2d(Float32Array.from(mlp.inputWeights), [mlp.inputSize, mlp.hiddenSize])),
    hiddenBias: tf.variable(tf.tensor1d(Float32Array.from(mlp.hiddenBias))),
    headKernel: tf.variable(tf.tensor2d(tfjsFromHeadMajor(mlp.headWeights, mlp.hiddenSize, mlp.headCount), [mlp.hiddenSize, mlp.headCount])),
    headBias: tf.variable(tf.tensor1d(Float32Array.from(mlp.headBias))),
  };
}

/** The variables' current values as an `Mlp` (a snapshot: later training steps do not change it). */
export function mlpFromVariables(variables: MlpVariables, inputSize: number, hiddenSize: number, headCount: number): Mlp {
  return new Mlp(inputSize, hiddenSize, headCount, {
    inputWeights: Float64Array.from(variables.inputKernel.dataSync()),
    hiddenBias: Float64Array.from(variables.hiddenBias.dataSync()),
    headWeights: headMajorFromTfjs(variables.headKernel.dataSync(), hiddenSize, headCount),
    headBias: Float64Array.from(variables.headBias.dataSync()),
  });
}

/** The variables in the order optimizers take them. */
export function variableList(variables: MlpVariables): TensorFlow.Variable[] {
  return [variables.inputKernel, variables.hiddenBias, variables.headKernel, variables.headBias];
}

export function disposeMlpVariables(variables: MlpVariables): void {
  for (const variable of variableList(variables)) variable.dispose();
}
