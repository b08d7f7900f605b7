/**
 * Where a model's class evidence lives: the validation images the recipe's split holds out of the
 * training set (never the test set) scored under every class stage by stage (ideal code lengths,
 * exact coding path), then, per stage, its share of the true class's bits, the accuracy of the
 * shortest code counting that stage alone, and counting the stages up to it (coarse to fine); and,
 * over the images the whole code gets wrong, how many bits each stage gives the winning class
 * (true class's bits minus the winner's). It says which networks a stronger model should spend on
 * for classification, not only for bits. Writes bench/results/level-evidence.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/level-evidence.ts [MODEL_DIR]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadSplit, resolveDataset, selectImages } from '../src/data/index.js';
import { binarizePixels } from '../src/codec/source.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { PredictingSink } from '../src/model/predicting-sinks.js';
import type { StageEvaluator } from '../src/model/evaluator.js';
import type { SparseFeatures } from '../src/model/features.js';
import { bitCodeLengthBits } from '../src/probability/scaled-probability.js';
import { recipeSplit, requireRecipeSplit } from './recipe-split.js';

/** Adds each decision's −log2 q to the bits of the stage it belongs to. */
class StageLengthSink extends PredictingSink {
  private stage = 0;
  readonly bitsByStage: Float64Array;
  readonly decisionsByStage: Float64Array;
  constructor(stages: readonly StageEvaluator[], precisionBits: number) {
    super(stages, precisionBits);
    this.bitsByStage = new Float64Array(stages.length);
    this.decisionsByStage = new Float64Array(stages.length);
  }
  override context(stage: number, features: SparseFeatures): void {
    this.stage = stage;
    super.context(stage, features);
  }
  protected code(bit: number, scaledOne: number): number {
    this.bitsByStage[this.stage] += bitCodeLengthBits(bit, scaledOne, this.precisionBits);
    this.decisionsByStage[this.stage]++;
    return bit;
  }
}

const directory = process.argv[2] ?? join(packageRoot(), 'models', 'mnist-binary');
const { model, manifest } = await loadModel(directory);
const train = await loadSplit(resolveDataset(manifest.dataset), 'train');
const validation = recipeSplit(train).validation.flat();
requireRecipeSplit(directory, manifest, validation.length);
const gray = selectImages(train, validation);
const set = model.info.pixelMode === 'binary' ? { ...gray, pixels: binarizePixels(gray.pixels) } : gray;
const labels = set.labels!;
const count = set.count;
const size = set.height * set.width;
const classCount = model.classCount;
const traversal = model.createTraversal();
const stageCount = model.classStages[0].length;
const levelCount = traversal.sizes.length;
const stageName = (stage: number) => {
  if (stage >= levelCount) return stage === levelCount ? 'gray refinement' : 'gray refinement table';
  const level = levelCount - 1 - stage;
  return `level ${level} (${traversal.sizes[level].height}×${traversal.sizes[level].width})`;
};

// bits[(image · classCount + class) · stageCount + stage]
const bits = new Float64Array(count * classCount * stageCount);
const trueDecisions = new Float64Array(stageCount);
const sinks = Array.from({ length: classCount }, (_, c) => new StageLengthSink(model.classEvaluators(c), model.info.precisionBits));
const started = Date.now();
for (let i = 0; i < count; i++) {
  const image = set.pixels.subarray(i * size, (i + 1) * size);
  for (let c = 0; c < classCount; c++) {
    const sink = sinks[c];
    sink.bitsByStage.fill(0);
    sink.decisionsByStage.fill(0);
    traversal.run(image, sink);
    bits.set(sink.bitsByStage, (i * classCount + c) * stageCount);
    if (c === labels[i]) for (let s = 0; s < stageCount; s++) trueDecisions[s] += sink.decisionsByStage[s];
  }
}
const seconds = (Date.now() - started) / 1000;

const lengthOf = (i: number, c: number, from: number, to: number) => {
  let sum = 0;
  for (let s = from; s < to; s++) sum += bits[(i * classCount + c) * stageCount + s];
  return sum;
};
const predicted = (i: number, from: number, to: number) => {
  let best = 0;
  for (let c = 1; c < classCount; c++) if (lengthOf(i, c, from, to) < lengthOf(i, best, from, to)) best = c;
  return best;
};
const accuracy = (from: number, to: number) => {
  let correct = 0;
  for (let i = 0; i < count; i++) if (predicted(i, from, to) === labels[i]) correct++;
  return correct / count;
};
const wrong: { image: number; winner: number }[] = [];
for (let i = 0; i < count; i++) {
  const winner = predicted(i, 0, stageCount);
  if (winner !== labels[i]) wrong.push({ image: i, winner });
}
const stages = Array.from({ length: stageCount }, (_, s) => {
  let trueBits = 0;
  for (let i = 0; i < count; i++) trueBits += bits[(i * classCount + labels[i]) * stageCount + s];
  let margin = 0;
  for (const { image, winner } of wrong) margin += lengthOf(image, labels[image], s, s + 1) - lengthOf(image, winner, s, s + 1);
  return {
    stage: stageName(s),
    trueClassBitsPerImage: trueBits / count,
    trueClassDecisionsPerImage: trueDecisions[s] / count,
    accuracyThisStageAlone: accuracy(s, s + 1),
    accuracyUpToThisStage: accuracy(0, s + 1),
    bitsToWinnerOnErrors: wrong.length > 0 ? margin / wrong.length : 0,
  };
});
for (const row of stages) console.log(JSON.stringify(row));
const out = {
  benchmark: 'level-evidence',
  model: relative(packageRoot(), directory) || directory,
  fingerprint: model.info.fingerprint,
  pixelMode: model.info.pixelMode,
  validationImages: count,
  accuracy: accuracy(0, stageCount),
  errors: wrong.length,
  bitsPerPixel: stages.reduce((sum, row) => sum + row.trueClassBitsPerImage, 0) / size,
  scoringSeconds: seconds,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  stages,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/level-evidence.json'), JSON.stringify(out, null, 2) + '\n');
