/**
 * The arithmetic a model's networks are evaluated in on the coding path. It is part of what a
 * model is (architecture.arithmetic in the manifest, inside its fingerprint): the same weights
 * evaluated in another arithmetic give other probabilities, so another code.
 *
 * - 'float64': every sum and product a correctly rounded double, units' sums in input order, the
 *   head's dot product in unit order (network.ts). Every model made before the manifest recorded
 *   an arithmetic is float64.
 * - 'float32': every sum and product a correctly rounded single (Math.fround in the reference,
 *   f32 in WebAssembly), in the order float32-mlp.ts fixes. The kernel's hidden layer holds four
 *   units per SIMD lane group instead of two, and the head's dot product is defined as eight
 *   interleaved partial sums, which two f32x4 accumulators compute.
 *
 * Models record float32 in their manifest (architecture.arithmetic, format version 2, store.ts);
 * float64 ones record nothing, so they keep the fingerprint and format version they always had.
 *
 * Both are exact on every engine: IEEE-754 fixes every result, and neither fuses a multiply-add.
 */
export type Arithmetic = 'float64' | 'float32';
export const ARITHMETICS: readonly Arithmetic[] = ['float64', 'float32'];
/** The arithmetic of every model whose manifest records none. */
export const UNRECORDED_ARITHMETIC: Arithmetic = 'float64';
/** The arithmetic new models are trained for. */
export const NEW_MODEL_ARITHMETIC: Arithmetic = 'float32';
