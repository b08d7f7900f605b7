/**
 * Drawing images from a class model. The models are generative: walking the coding traversal and
 * drawing every decision from the model's own p(1), instead of reading it from an image or a
 * bitstream, gives a sample of p(x | class). The probabilities are the coder's integers
 * (p · 2^−precisionBits) and the generator is seeded, so a seed gives the same images everywhere.
 */
import { ErrorCode, fail } from '../errors.js';
import { SeededRandom } from '../random.js';
import type { ArModel } from './ar-model.js';
import { PredictingSink } from './predicting-sinks.js';

/** A sink that draws each decision: 1 with probability scaledOne / 2^precisionBits. */
class SamplingSink extends PredictingSink {
  constructor(stages: ReturnType<ArModel['classEvaluators']>, precisionBits: number, private readonly random: SeededRandom) {
    super(stages, precisionBits);
  }
  protected code(_bit: number, scaledOne: number): number {
    // nextUint32 has 32 random bits; its top precisionBits bits are uniform on 0 … 2^precisionBits − 1.
    const draw = Math.floor(this.random.nextUint32() / 2 ** (32 - this.precisionBits));
    return draw < scaledOne ? 1 : 0;
  }
}

/**
 * `count` images drawn from the model of class index `classIndex`, one after another
 * (count·height·width bytes). Gray models give 8-bit values; binary models 0 or 255.
 */
export function sampleImages(model: ArModel, classIndex: number, count: number, seed: number): Uint8Array {
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < model.classCount)) {
    fail(ErrorCode.BadArgument, `class index ${classIndex} is not one of the model's ${model.classCount} classes`);
  }
  const traversal = model.createTraversal();
  const size = model.info.height * model.info.width;
  const out = new Uint8Array(count * size);
  const sink = new SamplingSink(model.classEvaluators(classIndex), model.info.precisionBits, new SeededRandom(seed));
  for (let i = 0; i < count; i++) {
    const image = traversal.run(null, sink);
    if (model.info.pixelMode === 'gray') out.set(image, i * size);
    else for (let p = 0; p < size; p++) out[i * size + p] = image[p] ? 255 : 0;
  }
  return out;
}
