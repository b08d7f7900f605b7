/**
 * The two layouts of an MLP's head kernel, and the one transpose between them.
 *
 * - TensorFlow.js's Dense layers, and weights.bin (which keeps tfjs's layout so `tf.io` reads it),
 *   hold the kernel hidden-major: kernel[j · headCount + h], shape [hiddenSize, headCount].
 * - `Mlp` holds it head-major: headWeights[h · hiddenSize + j], so each head's weights are
 *   contiguous for the dot product the coding path evaluates.
 *
 * The transpose only moves values; converting to the output array's type is the only rounding
 * (float32 → float64 is exact; float64 → float32 rounds as `Float32Array.from` would).
 */

/** Writes the transpose of the row-major `rows`×`columns` matrix `values` into `out` and returns it. */
function transposeInto<T extends Float32Array | Float64Array>(values: ArrayLike<number>, rows: number, columns: number, out: T): T {
  for (let column = 0; column < columns; column++) {
    for (let row = 0; row < rows; row++) out[column * rows + row] = values[row * columns + column];
  }
  return out;
}

/** tfjs's hidden-major head kernel → `Mlp`'s head-major head weights. */
export function headMajorFromTfjs(kernel: ArrayLike<number>, hiddenSize: number, headCount: number): Float64Array {
  return transposeInto(kernel, hiddenSize, headCount, new Float64Array(hiddenSize * headCount));
}

/** `Mlp`'s head-major head weights → tfjs's hidden-major head kernel (float32, as tfjs and weights.bin hold it). */
export function tfjsFromHeadMajor(headWeights: ArrayLike<number>, hiddenSize: number, headCount: number): Float32Array {
  return transposeInto(headWeights, headCount, hiddenSize, new Float32Array(hiddenSize * headCount));
}
