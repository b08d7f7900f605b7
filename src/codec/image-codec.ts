/**
 * One image ↔ one arithmetic-coded payload under one class model. Pure: no files, no container.
 */
import { RangeDecoder, RangeEncoder } from '../coding/index.js';
import type { ArModel } from '../model/ar-model.js';
import type { ImageTraversal } from '../model/traversal.js';
import { DecodingSink, EncodingSink } from './sinks.js';

export interface EncodedImage {
  bytes: Uint8Array;
  /** Σ −log2 q over the decisions, q the quantized probabilities the coder used. */
  idealCodeLengthBits: number;
}

/** Encodes `pixels` (height·width bytes) with class `classIndex`. */
export function encodeImage(model: ArModel, classIndex: number, pixels: Uint8Array, traversal: ImageTraversal): EncodedImage {
  const encoder = new RangeEncoder(model.info.precisionBits);
  const sink = new EncodingSink(model.classEvaluators(classIndex), model.info.precisionBits, encoder);
  traversal.run(pixels, sink);
  return { bytes: encoder.finish(), idealCodeLengthBits: sink.idealCodeLengthBits };
}

/**
 * Decodes one image coded by `encodeImage` with the same model and class. Returns the pixels as
 * coded: 8-bit values in gray mode, 0/1 in binary mode (a fresh array). Throws ArcError when the
 * payload is shorter or longer than what the decoded image needs.
 */
export function decodeImage(model: ArModel, classIndex: number, payload: Uint8Array, traversal: ImageTraversal): Uint8Array {
  const decoder = new RangeDecoder(payload, model.info.precisionBits);
  const sink = new DecodingSink(model.classEvaluators(classIndex), model.info.precisionBits, decoder);
  const pixels = traversal.run(null, sink).slice();
  decoder.verifyEnd();
  return pixels;
}
