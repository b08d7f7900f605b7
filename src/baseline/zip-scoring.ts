/**
 * The work of "MNIST by zip", one compressor at a time, with no threads: which training images go
 * into which compressor, and the size increase Δ (bytes) that each test image costs it.
 *
 * Δ(image) = |deflate(P + image)| − |deflate(P)|, where P is the compressor's training bytes and
 * both streams are finished (Z_FINISH) after the same primed state. The reference copies a primed
 * zlib state per image; here `DeflateSimulator` is primed once, saved, and restored after each
 * image, which gives the same sizes (see docs/ZIP.md and test/baseline).
 */
import { invariant } from '../errors.js';
import { bilevelBits } from '../data/bilevel.js';
import type { ImageSet } from '../data/types.js';
import { DeflateBlockCoster } from './deflate-block-cost.js';
import { DeflateSimulator, type DeflateSettings } from './deflate-simulator.js';

/** Training images that feed one compressor, in training-set order. */
export interface CompressorPlan {
  classLabel: number;
  imageIndices: Int32Array;
}

/** One byte per pixel: 0/1 when `binarize`, else the pixels as they are (a view, no copy). */
export function compressorBytes(pixels: Uint8Array, binarize: boolean): Uint8Array {
  return binarize ? bilevelBits(pixels) : pixels;
}

/** Number of classes: one more than the largest training label. */
export function classCountOf(labels: Uint8Array): number {
  let max = -1;
  for (const label of labels) if (label > max) max = label;
  return max + 1;
}

/**
 * One compressor per class (chunkImages null), or per run of `chunkImages` consecutive training
 * images of a class (the last run of a class may be shorter). Ordered by class, then position.
 */
export function planCompressors(labels: Uint8Array, chunkImages: number | null): CompressorPlan[] {
  const classCount = classCountOf(labels);
  const plans: CompressorPlan[] = [];
  for (let classLabel = 0; classLabel < classCount; classLabel++) {
    const indices: number[] = [];
    labels.forEach((label, index) => { if (label === classLabel) indices.push(index); });
    if (indices.length === 0) continue;
    const size = chunkImages ?? indices.length;
    for (let start = 0; start < indices.length; start += size) {
      plans.push({ classLabel, imageIndices: Int32Array.from(indices.slice(start, start + size)) });
    }
  }
  return plans;
}

/** Concatenates the plan's images (already in compressor byte form), image after image. */
export function gatherImages(bytes: Uint8Array, imageBytes: number, indices: Int32Array): Uint8Array {
  const out = new Uint8Array(indices.length * imageBytes);
  indices.forEach((index, i) => out.set(bytes.subarray(index * imageBytes, (index + 1) * imageBytes), i * imageBytes));
  return out;
}

/**
 * Δ of every test image for one compressor primed with `primeBytes`. `testBytes` holds the test
 * images one after another, `imageBytes` each. `onImages(n)` reports n more images done.
 */
export function scoreCompressor(
  primeBytes: Uint8Array,
  testBytes: Uint8Array,
  imageBytes: number,
  settings: DeflateSettings,
  coster: DeflateBlockCoster = new DeflateBlockCoster(),
  onImages?: (count: number) => void,
): Int32Array {
  invariant(testBytes.length % imageBytes === 0, 'test bytes must hold whole images');
  const testCount = testBytes.length / imageBytes;
  const simulator = new DeflateSimulator(settings, coster);
  simulator.feed(primeBytes);
  simulator.compact();
  const primed = simulator.save();
  const bytesWithout = simulator.finish();
  simulator.restore(primed);
  const deltas = new Int32Array(testCount);
  const reportEvery = 250;
  for (let t = 0; t < testCount; t++) {
    simulator.feed(testBytes.subarray(t * imageBytes, (t + 1) * imageBytes));
    deltas[t] = simulator.finish() - bytesWithout;
    simulator.restore(primed);
    if (onImages !== undefined && ((t + 1) % reportEvery === 0 || t + 1 === testCount)) onImages((t + 1) % reportEvery || reportEvery);
  }
  return deltas;
}

/**
 * The straightforward (slow) Δ: compresses P and P + image from scratch, no state reuse. Used to
 * check `scoreCompressor` on samples.
 */
export function deltaFromScratch(primeBytes: Uint8Array, image: Uint8Array, settings: DeflateSettings): number {
  const without = new DeflateSimulator(settings);
  without.feed(primeBytes);
  const withImage = new DeflateSimulator(settings);
  withImage.feed(primeBytes);
  withImage.feed(image);
  return withImage.finish() - without.finish();
}

/** Test-set images as compressor bytes, and each image's size in bytes. */
export function testImageBytes(test: ImageSet, binarize: boolean): { bytes: Uint8Array; imageBytes: number } {
  return { bytes: compressorBytes(test.pixels, binarize), imageBytes: test.height * test.width };
}
