/**
 * Stage evaluators: what the coding path asks for p(1) of each decision. A model's predictors
 * (network.ts) hold the weights; an evaluator computes with them, at a precision fixed when it is
 * built, and keeps the per-image state (the hidden layer of the constant features, the hidden layer
 * of the current context).
 *
 * Two evaluators of networks exist and compute the very same integers (tested on every stage of the
 * bundled models and on random networks): the TypeScript reference (`js`) and the WebAssembly SIMD
 * kernel (`wasm`, wasm/), several times faster. `auto` is wasm where the engine has WebAssembly
 * SIMD (Node ≥ 20 and current browsers), else js. Each computes in the model's arithmetic
 * (arithmetic.ts): the reference of float64 is Mlp's own evaluation, that of float32 is
 * float32-mlp.ts.
 */
import { ErrorCode, fail, invariant } from '../errors.js';
import type { Arithmetic } from './arithmetic.js';
import { AdaptiveMap, type AdaptiveMapSpec } from './adaptive-map.js';
import type { SparseFeatures } from './features.js';
import { Float32MlpEvaluator } from './float32-mlp.js';
import type { Mlp, ProbabilityTable, StagePredictor } from './network.js';
import { WasmKernel, wasmKernelSupported } from './wasm/kernel.js';
import { WasmMlpEvaluator, reserveFeatureBuffer } from './wasm/wasm-mlp.js';

export type EvaluatorKind = 'auto' | 'wasm' | 'js';
export const EVALUATOR_KINDS: readonly EvaluatorKind[] = ['auto', 'wasm', 'js'];

export interface StageEvaluator {
  /** Sets the features that stay constant for a while; `setInput` adds to them. */
  setBase(features: SparseFeatures): void;
  /** The context of the next decisions: the base features plus `features`, in list order. */
  setInput(features: SparseFeatures): void;
  /** p(1) of head `head` for the last input, as an integer in [1, 2^precisionBits − 1]. */
  scaledProbabilityOfOne(head: number): number;
  /**
   * Present on evaluators that adapt to the image (AdaptedEvaluator): the outcome of the decision
   * whose p(1) was asked last. Every sink that asks must tell it, in the same order.
   */
  learn?(bit: number): void;
}

/**
 * A stage evaluator whose p(1) goes through an adaptive map (adaptive-map.ts), restarted at every
 * image: `setBase` is called at the start of every stage of every image (traversal.ts).
 */
class AdaptedEvaluator implements StageEvaluator {
  private readonly map: AdaptiveMap;
  constructor(private readonly inner: StageEvaluator, headCount: number, precisionBits: number, spec: AdaptiveMapSpec) {
    this.map = new AdaptiveMap(headCount, precisionBits, spec);
  }
  setBase(features: SparseFeatures): void {
    this.map.restart();
    this.inner.setBase(features);
  }
  setInput(features: SparseFeatures): void {
    this.inner.setInput(features);
  }
  scaledProbabilityOfOne(head: number): number {
    return this.map.probabilityOfOne(head, this.inner.scaledProbabilityOfOne(head));
  }
  learn(bit: number): void {
    this.map.learn(bit);
  }
}

/** The TypeScript reference: the predictor's own evaluation (network.ts). */
class JsMlpEvaluator implements StageEvaluator {
  constructor(private readonly mlp: Mlp, private readonly precisionBits: number) {}
  setBase(features: SparseFeatures): void {
    this.mlp.setBase(features);
  }
  setInput(features: SparseFeatures): void {
    this.mlp.setInput(features);
  }
  scaledProbabilityOfOne(head: number): number {
    return this.mlp.scaledProbabilityOfOne(head, this.precisionBits);
  }
}

class TableEvaluator implements StageEvaluator {
  constructor(private readonly table: ProbabilityTable, precisionBits: number) {
    invariant(table.precisionBits === precisionBits, `a ${table.precisionBits}-bit probability table cannot be coded at ${precisionBits} bits`);
  }
  setBase(_features: SparseFeatures): void {}
  setInput(_features: SparseFeatures): void {}
  scaledProbabilityOfOne(head: number): number {
    return this.table.scaledProbabilities[head];
  }
}

/** The evaluator kind `auto` resolves to on this engine. */
export function resolveEvaluatorKind(kind: EvaluatorKind): 'wasm' | 'js' {
  if (kind === 'js') return 'js';
  const supported = wasmKernelSupported();
  if (!supported && kind === 'wasm') fail(ErrorCode.BadArgument, 'this JavaScript engine has no WebAssembly SIMD; use the js evaluator');
  return supported ? 'wasm' : 'js';
}

/** Which stages go through an adaptive map, and how it learns. */
export interface AdaptedStages {
  /** Per stage index: true where the map applies. */
  stages: readonly boolean[];
  spec: AdaptiveMapSpec;
}

/**
 * Evaluators for every class's stages. A predictor object that several classes share (a shared
 * refinement) gets one evaluator, shared the same way, so `ArModel.sharedStages` still holds.
 * One wasm kernel instance serves all of a model's networks. With `adapted`, the stages it marks
 * go through an adaptive map (AdaptedEvaluator), one per predictor, so a shared stage shares it.
 */
export function createEvaluators(classStages: readonly (readonly StagePredictor[])[], precisionBits: number, kind: EvaluatorKind, arithmetic: Arithmetic, adapted: AdaptedStages | null = null): StageEvaluator[][] {
  const resolved = resolveEvaluatorKind(kind);
  const made = new Map<StagePredictor, StageEvaluator>();
  const kernel = resolved === 'wasm' ? new WasmKernel() : null;
  const pending: WasmMlpEvaluator[] = [];
  if (kernel) {
    let largestInput = 1;
    for (const stages of classStages) for (const predictor of stages) if (predictor.kind === 'mlp') largestInput = Math.max(largestInput, predictor.inputSize);
    reserveFeatureBuffer(kernel, largestInput, arithmetic);
  }
  const evaluatorOf = (predictor: StagePredictor, stage: number): StageEvaluator => {
    let evaluator = made.get(predictor);
    if (!evaluator) {
      if (predictor.kind === 'table') evaluator = new TableEvaluator(predictor, precisionBits);
      else if (kernel) {
        const wasm = new WasmMlpEvaluator(kernel, predictor, precisionBits, arithmetic);
        pending.push(wasm);
        evaluator = wasm;
      } else evaluator = arithmetic === 'float32' ? new Float32MlpEvaluator(predictor, precisionBits) : new JsMlpEvaluator(predictor, precisionBits);
      if (adapted?.stages[stage]) evaluator = new AdaptedEvaluator(evaluator, predictor.headCount, precisionBits, adapted.spec);
      made.set(predictor, evaluator);
    }
    return evaluator;
  };
  const evaluators = classStages.map((stages) => stages.map((predictor, stage) => evaluatorOf(predictor, stage)));
  if (kernel) {
    kernel.seal();
    for (const evaluator of pending) evaluator.load();
  }
  return evaluators;
}
