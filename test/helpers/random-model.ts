/** Models with seeded random weights (no training): for exact round-trip and determinism tests. */
import { createHash } from 'node:crypto';
import { ArModel, MODEL_PRECISION_BITS } from '../../src/model/ar-model.js';
import { Mlp, ProbabilityTable, type StagePredictor } from '../../src/model/network.js';
import { stageShapes, type PixelMode } from '../../src/model/traversal.js';
import { DEFAULT_GLOBAL_CONTEXT, type GlobalContext } from '../../src/model/features.js';
import { SeededRandom } from '../../src/random.js';

export function randomModel(height: number, width: number, mode: PixelMode, classCount: number, seed: number, hiddenSize = 8, scale = 1.5, globalContext: GlobalContext = DEFAULT_GLOBAL_CONTEXT): ArModel {
  const random = new SeededRandom(seed);
  const gaussianish = () => (random.next() + random.next() + random.next() - 1.5) * scale;
  const classStages: StagePredictor[][] = [];
  for (let c = 0; c < classCount; c++) {
    classStages.push(stageShapes(height, width, mode, undefined, globalContext).map((shape) => {
      if (shape.role === 'refine-table') {
        const table = new Uint32Array(shape.headCount);
        for (let h = 0; h < table.length; h++) table[h] = 1 + random.nextInt(2 ** MODEL_PRECISION_BITS - 1);
        return new ProbabilityTable(table, MODEL_PRECISION_BITS);
      }
      const fill = (n: number) => Float64Array.from({ length: n }, gaussianish);
      return new Mlp(shape.inputSize, hiddenSize, shape.headCount, {
        inputWeights: fill(shape.inputSize * hiddenSize),
        hiddenBias: fill(hiddenSize),
        headWeights: fill(shape.headCount * hiddenSize),
        headBias: fill(shape.headCount),
      });
    }));
  }
  return new ArModel({ pixelMode: mode, height, width, classLabels: Array.from({ length: classCount }, (_, i) => i), precisionBits: MODEL_PRECISION_BITS, fingerprint: createHash('sha256').update(`random ${height}×${width} ${mode} ${classCount} ${seed} ${hiddenSize} ${scale}${globalContext === DEFAULT_GLOBAL_CONTEXT ? '' : ` ${globalContext}`}`).digest('hex'), ...(globalContext === DEFAULT_GLOBAL_CONTEXT ? {} : { globalContext }) }, classStages);
}

/** Random images with blobs: mostly 0, some 255 strokes, some mid-gray values. */
export function randomImages(count: number, height: number, width: number, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  const pixels = new Uint8Array(count * height * width);
  for (let i = 0; i < pixels.length; i++) {
    const u = random.next();
    pixels[i] = u < 0.6 ? 0 : u < 0.8 ? 255 : random.nextInt(256);
  }
  return pixels;
}
