/**
 * Measures the lever "a mixture of models per class": each class coded by the Bayesian mixture of
 * two trained models' class models with equal prior weights, coded pixel by pixel with the
 * posterior-weighted probability, costs exactly −log2(½·2^−L1 + ½·2^−L2) bits for the image (the
 * product of the mixture's predictive probabilities telescopes), so between min(L1, L2) and
 * min(L1, L2) + 1. Scores the validation images the recipe's split holds out of the training set
 * (never the test set) under every class of every model given (ideal code lengths, exact coding
 * path), and reports each model alone and each pair mixed: accuracy by shortest code and
 * true-class bits per pixel. Every model must have been trained with the recipe's split.
 *
 * For each pair of binary models of the same stage shapes it also measures their logit average:
 * per class and level, one network whose hidden layer is both networks' hidden layers side by side
 * and whose head is half of each head (its logit is the mean of the two logits, up to float32
 * rounding), a single ordinary model of twice the width, scored on the exact coding path; with its
 * scoring seconds beside each model's alone, the same run.
 * With --test it scores the test set instead: for reporting a lever already judged on validation,
 * never for choosing one.
 * Writes bench/results/model-mixture.json (with --name NAME, model-mixture-NAME.json).
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/model-mixture.ts [--name NAME] [--test] MODEL_DIR MODEL_DIR...
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadSplit, resolveDataset, selectImages } from '../src/data/index.js';
import { binarizePixels } from '../src/codec/source.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { scoreImages } from '../src/classify/score.js';
import { ArModel } from '../src/model/ar-model.js';
import { Mlp, type StagePredictor } from '../src/model/network.js';
import { recipeSplit, requireRecipeSplit } from './recipe-split.js';

const args = process.argv.slice(2);
const nameAt = args.indexOf('--name');
const runName = nameAt >= 0 ? args.splice(nameAt, 2)[1] : null;
const testAt = args.indexOf('--test');
const onTestSet = testAt >= 0;
if (onTestSet) args.splice(testAt, 1);
const directories = args;
if (directories.length < 2) throw new Error('usage: bench/model-mixture.ts MODEL_DIR MODEL_DIR...');
const train = await loadSplit(resolveDataset('mnist'), 'train');
const validation = recipeSplit(train).validation.flat();
const gray = onTestSet ? await loadSplit(resolveDataset('mnist'), 'test') : selectImages(train, validation);
const labels = gray.labels!;
const count = gray.count;
const size = gray.height * gray.width;

interface Scored { model: string; fingerprint: string; lengths: Float64Array; classCount: number; arModel: ArModel; scoringSeconds: number }
const binary = { ...gray, pixels: binarizePixels(gray.pixels) };
function scored(model: ArModel): { lengths: Float64Array; scoringSeconds: number } {
  const startMs = Date.now();
  const lengths = scoreImages(model, model.info.pixelMode === 'binary' ? binary : gray, 0, count).idealBits;
  return { lengths, scoringSeconds: (Date.now() - startMs) / 1000 };
}
const models: Scored[] = [];
for (const directory of directories) {
  const { model, manifest } = await loadModel(directory);
  requireRecipeSplit(directory, manifest, validation.length);
  models.push({ model: relative(packageRoot(), directory) || directory, fingerprint: model.info.fingerprint, classCount: model.classCount, arModel: model, ...scored(model) });
  console.error(`${directory} scored`);
}

/** The two networks side by side, each head halved: one network whose logit is their mean. */
function sideBySide(a: Mlp, b: Mlp, float32: boolean): Mlp {
  const hidden = a.hiddenSize + b.hiddenSize;
  const inputWeights = new Float64Array(a.inputSize * hidden);
  for (let i = 0; i < a.inputSize; i++) {
    inputWeights.set(a.inputWeights.subarray(i * a.hiddenSize, (i + 1) * a.hiddenSize), i * hidden);
    inputWeights.set(b.inputWeights.subarray(i * b.hiddenSize, (i + 1) * b.hiddenSize), i * hidden + a.hiddenSize);
  }
  const hiddenBias = new Float64Array(hidden);
  hiddenBias.set(a.hiddenBias);
  hiddenBias.set(b.hiddenBias, a.hiddenSize);
  const headWeights = new Float64Array(hidden);
  headWeights.set(a.headWeights.map((w) => w / 2));
  headWeights.set(b.headWeights.map((w) => w / 2), a.hiddenSize);
  return new Mlp(a.inputSize, hidden, 1, { inputWeights, hiddenBias, headWeights, headBias: Float64Array.of((float32 ? Math.fround : Number)((a.headBias[0] + b.headBias[0]) / 2)) });
}
function logitAverage(a: ArModel, b: ArModel): ArModel | null {
  const averageable = (p: StagePredictor, q: StagePredictor) => p instanceof Mlp && q instanceof Mlp && p.headCount === 1 && q.headCount === 1 && p.inputSize === q.inputSize;
  const same = (key: 'pixelMode' | 'precisionBits' | 'arithmetic' | 'globalContext' | 'height' | 'width') => a.info[key] === b.info[key];
  if (a.info.pixelMode !== 'binary' || a.classCount !== b.classCount || !(['pixelMode', 'precisionBits', 'arithmetic', 'globalContext', 'height', 'width'] as const).every(same)) return null;
  if (!a.classStages.every((stages, c) => stages.length === b.classStages[c].length && stages.every((p, k) => averageable(p, b.classStages[c][k])))) return null;
  return new ArModel(a.info, a.classStages.map((stages, c) => stages.map((p, k) => sideBySide(p as Mlp, b.classStages[c][k] as Mlp, a.info.arithmetic === 'float32'))));
}

function summary(lengthOf: (image: number, c: number) => number, classCount: number) {
  let correct = 0;
  let bits = 0;
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) if (lengthOf(i, c) < lengthOf(i, best)) best = c;
    if (best === labels[i]) correct++;
    bits += lengthOf(i, labels[i]);
  }
  return { accuracy: correct / count, trueClassBitsPerPixel: bits / (count * size) };
}
/** −log2(½·2^−a + ½·2^−b), without underflow. */
const mixed = (a: number, b: number) => Math.min(a, b) + 1 - Math.log2(1 + 2 ** -Math.abs(a - b));

const alone = models.map((s) => ({ model: s.model, fingerprint: s.fingerprint, scoringSeconds: s.scoringSeconds, ...summary((i, c) => s.lengths[i * s.classCount + c], s.classCount) }));
const pairs: Record<string, unknown>[] = [];
for (let a = 0; a < models.length; a++) {
  for (let b = a + 1; b < models.length; b++) {
    const [x, y] = [models[a], models[b]];
    const averaged = logitAverage(x.arModel, y.arModel);
    const average = averaged ? scored(averaged) : null;
    pairs.push({
      models: [x.model, y.model],
      ...summary((i, c) => mixed(x.lengths[i * x.classCount + c], y.lengths[i * y.classCount + c]), x.classCount),
      ...(average ? { logitAverage: { scoringSeconds: average.scoringSeconds, ...summary((i, c) => average.lengths[i * x.classCount + c], x.classCount) } } : {}),
    });
    console.error(`${x.model} + ${y.model} done`);
  }
}
for (const row of [...alone, ...pairs]) console.log(JSON.stringify(row));
const out = {
  benchmark: 'model-mixture',
  split: onTestSet ? 'test' : 'validation',
  validationImages: count,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  alone,
  pairs,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), `bench/results/model-mixture${runName ? `-${runName}` : ''}.json`), JSON.stringify(out, null, 2) + '\n');
