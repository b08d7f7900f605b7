/**
 * Matrix products for training whose backward passes are plain products of explicitly transposed
 * matrices.
 *
 * The gradient tfjs defines for `matMul(a, b)` is `matMul(dy, b, false, true)` for a and
 * `matMul(a, dy, true, false)` for b: products with a transposed operand. On the wasm backend
 * those are several times slower than transposing first and multiplying plainly, and they were
 * most of a training step (`bench/training-step.ts` times both). The products here compute the
 * same values forward (`matMul` itself) and the same gradients up to the order of the sums'
 * terms (test/model/train/products.test.ts).
 */
import type * as TensorFlow from '@tensorflow/tfjs';
import type { Tf } from '../tensorflow.js';

type Tensor = TensorFlow.Tensor;
type Tensor2D = TensorFlow.Tensor2D;
type Gradient = Parameters<Tf['customGrad']>[0];

/**
 * `x · w`, both 2-D, for a constant `x` (data: no gradient flows to it); w's gradient is
 * transpose(x) · dy.
 */
export function constantTimes(tf: Tf, x: Tensor, w: Tensor): Tensor {
  const f = tf.customGrad(((right: Tensor) => ({
    value: tf.matMul(x as Tensor2D, right as Tensor2D),
    gradFunc: (dy: Tensor) => tf.matMul(tf.transpose(x as Tensor2D), dy as Tensor2D),
  })) as unknown as Gradient);
  return f(w);
}

/** `a · b`, both 2-D, with gradients to both: dy · transpose(b) and transpose(a) · dy. */
export function product(tf: Tf, a: Tensor, b: Tensor): Tensor {
  const f = tf.customGrad(((left: Tensor, right: Tensor, save: TensorFlow.GradSaveFunc) => {
    save([left, right]);
    return {
      value: tf.matMul(left as Tensor2D, right as Tensor2D),
      gradFunc: (dy: Tensor, saved: Tensor[]) => [
        tf.matMul(dy as Tensor2D, tf.transpose(saved[1] as Tensor2D)),
        tf.matMul(tf.transpose(saved[0] as Tensor2D), dy as Tensor2D),
      ],
    };
  }) as unknown as Gradient);
  return f(a, b);
}
