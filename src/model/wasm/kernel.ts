/**
 * One instance of the WebAssembly stage-network kernel (mlp-kernel.wat) with its own memory: the
 * weights of the networks placed in it, their hidden layers and one shared feature buffer. An
 * instance is single-threaded state; each thread (each loaded model) makes its own.
 *
 * Memory is laid out once, before any view is taken (`reserve`, then `seal`), and never grows
 * afterwards, so the typed-array views stay valid.
 */
import { invariant } from '../../errors.js';
import { MLP_KERNEL_WASM_BASE64 } from './mlp-kernel-bytes.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  hidden(from: number, to: number, weights: number, units: number, indices: number, values: number, count: number, relu: number, rows: number): void;
  probability(weights: number, hidden: number, units: number, bias: number, precisionBits: number): number;
  /** `hidden` and `probability` in float32 (arithmetic.ts): f32 arrays where those take f64 ones. */
  hidden32(from: number, to: number, weights: number, units: number, indices: number, values: number, count: number, relu: number, rows: number): void;
  probability32(weights: number, hidden: number, units: number, bias: number, precisionBits: number): number;
  scaledProbability(logit: number, precisionBits: number): number;
  exactSigmoid(x: number): number;
  exactExp(x: number): number;
}

const PAGE_BYTES = 65536;
const ALIGN_BYTES = 16;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where this engine lacks WebAssembly SIMD. Compiled once per thread. */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = decodeBase64(MLP_KERNEL_WASM_BASE64);
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

export function wasmKernelSupported(): boolean {
  return kernelModule() !== null;
}

/** A region of kernel memory, in f64, f32 or i32 elements, at `byteOffset`. */
export interface KernelRegion {
  byteOffset: number;
  length: number;
}

export class WasmKernel {
  private reservedBytes = 0;
  private sealedExports: KernelExports | null = null;
  private float64: Float64Array | null = null;
  private float32: Float32Array | null = null;
  private int32: Int32Array | null = null;

  /** Reserves `length` elements of 8 bytes (f64) or 4 bytes (f32, i32), 16-byte aligned. */
  reserve(length: number, elementBytes: 4 | 8): KernelRegion {
    invariant(this.sealedExports === null, 'kernel memory is already laid out');
    const byteOffset = this.reservedBytes;
    this.reservedBytes += Math.ceil((length * elementBytes) / ALIGN_BYTES) * ALIGN_BYTES;
    return { byteOffset, length };
  }

  /** Instantiates the kernel with room for everything reserved. */
  seal(): KernelExports {
    invariant(this.sealedExports === null, 'kernel memory is already laid out');
    const module = kernelModule();
    invariant(module !== null, 'this engine has no WebAssembly SIMD');
    const instance = new WebAssembly.Instance(module, {});
    const exports = instance.exports as unknown as KernelExports;
    const pages = Math.ceil(Math.max(this.reservedBytes, 1) / PAGE_BYTES);
    const have = exports.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > have) exports.memory.grow(pages - have);
    this.float64 = new Float64Array(exports.memory.buffer);
    this.float32 = new Float32Array(exports.memory.buffer);
    this.int32 = new Int32Array(exports.memory.buffer);
    this.sealedExports = exports;
    return exports;
  }

  get exports(): KernelExports {
    invariant(this.sealedExports !== null, 'kernel memory is not laid out yet');
    return this.sealedExports;
  }

  /** A view of an f64 region (valid for the kernel's life: memory never grows after `seal`). */
  float64View(region: KernelRegion): Float64Array {
    invariant(this.float64 !== null, 'kernel memory is not laid out yet');
    return this.float64.subarray(region.byteOffset / 8, region.byteOffset / 8 + region.length);
  }

  float32View(region: KernelRegion): Float32Array {
    invariant(this.float32 !== null, 'kernel memory is not laid out yet');
    return this.float32.subarray(region.byteOffset / 4, region.byteOffset / 4 + region.length);
  }

  int32View(region: KernelRegion): Int32Array {
    invariant(this.int32 !== null, 'kernel memory is not laid out yet');
    return this.int32.subarray(region.byteOffset / 4, region.byteOffset / 4 + region.length);
  }
}
