/**
 * A stage network evaluated by the WebAssembly kernel: its weights copied into kernel memory, its
 * two hidden layers (constant features; current context) kept there, in the model's arithmetic
 * (f64 or f32 arrays). Computes exactly what the TypeScript reference computes (Mlp for float64,
 * Float32MlpEvaluator for float32); see mlp-kernel.wat for why.
 */
import type { Arithmetic } from '../arithmetic.js';
import type { SparseFeatures } from '../features.js';
import type { Mlp } from '../network.js';
import type { StageEvaluator } from '../evaluator.js';
import type { KernelExports, KernelRegion, WasmKernel } from './kernel.js';

/** The kernel's feature buffer (indices; values in the model's arithmetic), shared by all of its networks. */
interface FeatureBuffer {
  indices: KernelRegion;
  values: KernelRegion;
  /** Scratch for the kernel: the active weight rows' addresses. */
  rows: KernelRegion;
}

const featureBuffers = new WeakMap<WasmKernel, FeatureBuffer>();

/** Bytes of one value in `arithmetic`. */
function elementBytesOf(arithmetic: Arithmetic): 4 | 8 {
  return arithmetic === 'float32' ? 4 : 8;
}

/**
 * Reserves the feature buffer every network of `kernel` reads (one model, so one arithmetic);
 * `inputSize` its largest input.
 */
export function reserveFeatureBuffer(kernel: WasmKernel, inputSize: number, arithmetic: Arithmetic): void {
  featureBuffers.set(kernel, { indices: kernel.reserve(inputSize, 4), values: kernel.reserve(inputSize, elementBytesOf(arithmetic)), rows: kernel.reserve(inputSize, 4) });
}

export class WasmMlpEvaluator implements StageEvaluator {
  private readonly units: number;
  private readonly elementBytes: 4 | 8;
  private readonly inputWeights: KernelRegion;
  private readonly hiddenBias: KernelRegion;
  private readonly headWeights: KernelRegion;
  private readonly base: KernelRegion;
  private readonly hidden: KernelRegion;
  private readonly buffer: FeatureBuffer;
  private hiddenFunction!: KernelExports['hidden'];
  private probabilityFunction!: KernelExports['probability'];
  private featureIndices!: Int32Array;
  private featureValues!: Float64Array | Float32Array;
  private readonly headBias: Float64Array | Float32Array;

  /** Reserves this network's memory; `load` (after the kernel is sealed) fills it. */
  constructor(private readonly kernel: WasmKernel, private readonly mlp: Mlp, private readonly precisionBits: number, private readonly arithmetic: Arithmetic) {
    const buffer = featureBuffers.get(kernel);
    if (!buffer || buffer.indices.length < mlp.inputSize) throw new Error('kernel feature buffer missing or too small');
    this.buffer = buffer;
    this.units = mlp.hiddenSize;
    this.elementBytes = elementBytesOf(arithmetic);
    this.inputWeights = kernel.reserve(mlp.inputWeights.length, this.elementBytes);
    this.hiddenBias = kernel.reserve(mlp.hiddenSize, this.elementBytes);
    this.headWeights = kernel.reserve(mlp.headWeights.length, this.elementBytes);
    this.base = kernel.reserve(mlp.hiddenSize, this.elementBytes);
    this.hidden = kernel.reserve(mlp.hiddenSize, this.elementBytes);
    // Storing into a Float32Array rounds to single, as the reference's Float32Array.from does.
    this.headBias = arithmetic === 'float32' ? Float32Array.from(mlp.headBias) : mlp.headBias;
  }

  load(): void {
    const kernel = this.kernel;
    const view = (region: KernelRegion) => (this.arithmetic === 'float32' ? kernel.float32View(region) : kernel.float64View(region));
    view(this.inputWeights).set(this.mlp.inputWeights);
    view(this.hiddenBias).set(this.mlp.hiddenBias);
    view(this.headWeights).set(this.mlp.headWeights);
    view(this.base).set(this.mlp.hiddenBias);
    const exports = kernel.exports;
    this.hiddenFunction = this.arithmetic === 'float32' ? exports.hidden32 : exports.hidden;
    this.probabilityFunction = this.arithmetic === 'float32' ? exports.probability32 : exports.probability;
    this.featureIndices = kernel.int32View(this.buffer.indices);
    this.featureValues = view(this.buffer.values);
  }

  private copyFeatures(features: SparseFeatures): number {
    const count = features.count;
    const indices = this.featureIndices;
    const values = this.featureValues;
    const fromIndices = features.indices;
    const fromValues = features.values;
    for (let k = 0; k < count; k++) {
      indices[k] = fromIndices[k];
      values[k] = fromValues[k];
    }
    return count;
  }

  setBase(features: SparseFeatures): void {
    const count = this.copyFeatures(features);
    this.hiddenFunction(this.hiddenBias.byteOffset, this.base.byteOffset, this.inputWeights.byteOffset, this.units,
      this.buffer.indices.byteOffset, this.buffer.values.byteOffset, count, 0, this.buffer.rows.byteOffset);
  }

  setInput(features: SparseFeatures): void {
    const count = this.copyFeatures(features);
    this.hiddenFunction(this.base.byteOffset, this.hidden.byteOffset, this.inputWeights.byteOffset, this.units,
      this.buffer.indices.byteOffset, this.buffer.values.byteOffset, count, 1, this.buffer.rows.byteOffset);
  }

  scaledProbabilityOfOne(head: number): number {
    return this.probabilityFunction(this.headWeights.byteOffset + head * this.units * this.elementBytes, this.hidden.byteOffset, this.units, this.headBias[head], this.precisionBits);
  }
}
