/**
 * A stage network evaluated by the WebAssembly kernel: its weights copied into kernel memory, its
 * two hidden layers (constant features; current context) kept there. Computes exactly what the
 * TypeScript reference (Mlp) computes; see mlp-kernel.wat for why.
 */
import type { SparseFeatures } from '../features.js';
import type { Mlp } from '../network.js';
import type { StageEvaluator } from '../evaluator.js';
import type { KernelExports, KernelRegion, WasmKernel } from './kernel.js';

/** The kernel's feature buffer (indices, values), shared by all of its networks. */
interface FeatureBuffer {
  indices: KernelRegion;
  values: KernelRegion;
}

const featureBuffers = new WeakMap<WasmKernel, FeatureBuffer>();

/** Reserves the feature buffer every network of `kernel` reads; `inputSize` its largest input. */
export function reserveFeatureBuffer(kernel: WasmKernel, inputSize: number): void {
  featureBuffers.set(kernel, { indices: kernel.reserve(inputSize, 4), values: kernel.reserve(inputSize, 8) });
}

export class WasmMlpEvaluator implements StageEvaluator {
  private readonly units: number;
  private readonly inputWeights: KernelRegion;
  private readonly hiddenBias: KernelRegion;
  private readonly headWeights: KernelRegion;
  private readonly base: KernelRegion;
  private readonly hidden: KernelRegion;
  private readonly buffer: FeatureBuffer;
  private exports!: KernelExports;
  private featureIndices!: Int32Array;
  private featureValues!: Float64Array;
  private readonly headBias: Float64Array;

  /** Reserves this network's memory; `load` (after the kernel is sealed) fills it. */
  constructor(private readonly kernel: WasmKernel, private readonly mlp: Mlp, private readonly precisionBits: number) {
    const buffer = featureBuffers.get(kernel);
    if (!buffer || buffer.indices.length < mlp.inputSize) throw new Error('kernel feature buffer missing or too small');
    this.buffer = buffer;
    this.units = mlp.hiddenSize;
    this.inputWeights = kernel.reserve(mlp.inputWeights.length, 8);
    this.hiddenBias = kernel.reserve(mlp.hiddenSize, 8);
    this.headWeights = kernel.reserve(mlp.headWeights.length, 8);
    this.base = kernel.reserve(mlp.hiddenSize, 8);
    this.hidden = kernel.reserve(mlp.hiddenSize, 8);
    this.headBias = mlp.headBias;
  }

  load(): void {
    const kernel = this.kernel;
    kernel.float64View(this.inputWeights).set(this.mlp.inputWeights);
    kernel.float64View(this.hiddenBias).set(this.mlp.hiddenBias);
    kernel.float64View(this.headWeights).set(this.mlp.headWeights);
    kernel.float64View(this.base).set(this.mlp.hiddenBias);
    this.exports = kernel.exports;
    this.featureIndices = kernel.int32View(this.buffer.indices);
    this.featureValues = kernel.float64View(this.buffer.values);
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
    this.exports.hidden(this.hiddenBias.byteOffset, this.base.byteOffset, this.inputWeights.byteOffset, this.units,
      this.buffer.indices.byteOffset, this.buffer.values.byteOffset, count, 0);
  }

  setInput(features: SparseFeatures): void {
    const count = this.copyFeatures(features);
    this.exports.hidden(this.base.byteOffset, this.hidden.byteOffset, this.inputWeights.byteOffset, this.units,
      this.buffer.indices.byteOffset, this.buffer.values.byteOffset, count, 1);
  }

  scaledProbabilityOfOne(head: number): number {
    return this.exports.probability(this.headWeights.byteOffset + head * this.units * 8, this.hidden.byteOffset, this.units, this.headBias[head], this.precisionBits);
  }
}
