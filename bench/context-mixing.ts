/**
 * Measures the lever "mix the network's logit with context statistics" before building it: for a
 * trained binary-pyramid model, adds per-class context count models (counts of ones and zeros in
 * causal contexts of several orders, from each class's training images) and a logistic mixer over
 * stretch(p) of the network and of every count model, its weights chosen by a small context and
 * fitted offline on training images (their own counts left out). Reports, on the recipe's
 * validation split (never the test set), pooled true-class bits per pixel and accuracy by shortest
 * ideal code, for the network alone and for the mix. Floats throughout: this is the
 * ideal code length of a predictor not yet made exact, not a file size.
 * Writes bench/results/context-mixing.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/context-mixing.ts [--model DIR] [--mixer-images N] [--validation-images N (0: all)]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { imagePixels, loadSplit, resolveDataset } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { splitByClass } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { PredictingSink } from '../src/model/predicting-sinks.js';
import { CHILD_POSITION_SIZE, LEVEL_WINDOW_SIZE, PARENT_WINDOW_SIZE, type SparseFeatures } from '../src/model/features.js';
import type { DecisionSink } from '../src/model/traversal.js';
import { SeededRandom } from '../src/random.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/mnist-binary' },
    dataset: { type: 'string', default: 'mnist' },
    'mixer-images': { type: 'string', default: '600' },
    'validation-images': { type: 'string', default: '0' },
  },
});
const started = Date.now();
const { model } = await loadModel(join(packageRoot(), values.model!));
if (model.info.pixelMode !== 'binary') throw new Error('this measurement is for binary models');
const recipe = recipeOptions('full');
const set = await loadSplit(resolveDataset(values.dataset!), 'train');
const split = splitByClass(set, recipe.validationFraction, recipe.seed);
const classCount = model.classCount;
const stageCount = model.classStages[0].length;
const MODELS = 5;

/** The context keys of one decision: per count model, a number < 2^53 (stage kept apart). */
function contextKeys(stage: number, features: SparseFeatures, row: number, column: number, out: number[]): void {
  let window = 0;
  let parent = 0;
  let child = 0;
  for (let k = 0; k < features.count; k++) {
    const index = features.indices[k];
    if (index < LEVEL_WINDOW_SIZE) window |= 1 << index;
    else if (stage > 0 && index < LEVEL_WINDOW_SIZE + PARENT_WINDOW_SIZE) parent |= 1 << (index - LEVEL_WINDOW_SIZE);
    else if (stage > 0 && index < LEVEL_WINDOW_SIZE + PARENT_WINDOW_SIZE + CHILD_POSITION_SIZE) child = index - LEVEL_WINDOW_SIZE - PARENT_WINDOW_SIZE;
  }
  const bit = (mask: number, i: number) => (mask >>> i) & 1;
  // window: rows r−3..r−1 at 0..20 (7 per row, column c−3 first), left c−3..c−1 at 21..23.
  const left1 = bit(window, 23), left2 = bit(window, 22), up = bit(window, 17), upLeft = bit(window, 16), upRight = bit(window, 18);
  // parent 5×5, row-major: centre 3×3 at rows 1..3, columns 1..3.
  let parentCentre = 0;
  for (let r = 1; r <= 3; r++) for (let c = 1; c <= 3; c++) parentCentre = (parentCentre << 1) | bit(parent, r * 5 + c);
  const near = (left1 | (left2 << 1) | (bit(window, 21) << 2)) | (((window >>> 15) & 31) << 3) | (((window >>> 9) & 7) << 8);
  out[0] = child | (bit(parent, 12) << 2) | (left1 << 3) | (left2 << 4) | (up << 5) | (upLeft << 6) | (upRight << 7);
  out[1] = child + 4 * (parentCentre + 512 * near);
  out[2] = child + 4 * (parentCentre + 512 * window);
  out[3] = child + 4 * (parent + 2 ** 25 * window);
  out[4] = column + 64 * (row + 64 * (child + 4 * (bit(parent, 12) + 2 * (left1 + 2 * up))));
}

/** Counts of zeros and ones per (class, stage, model, key), packed as n0 · 2^24 + n1. */
type Counts = Map<number, number>[][];
const counts: Counts[] = Array.from({ length: classCount }, () => Array.from({ length: stageCount }, () => Array.from({ length: MODELS }, () => new Map<number, number>())));

class KeySink implements DecisionSink {
  stage = 0;
  keys = [0, 0, 0, 0, 0];
  /** Per decision: stage, keys, bit. */
  readonly log: number[] = [];
  base(): void {}
  context(stage: number, features: SparseFeatures, row: number, column: number): void {
    this.stage = stage;
    contextKeys(stage, features, row, column, this.keys);
  }
  decide(_head: number, bit: number): number {
    this.log.push(this.stage, ...this.keys, bit);
    return bit;
  }
}
const RECORD = 2 + MODELS;

function addCounts(table: Counts, log: number[], sign: number): void {
  for (let i = 0; i < log.length; i += RECORD) {
    const stage = log[i];
    const bit = log[i + RECORD - 1];
    for (let m = 0; m < MODELS; m++) {
      const map = table[stage][m];
      const key = log[i + 1 + m];
      const value = (map.get(key) ?? 0) + sign * (bit ? 1 : 2 ** 24);
      map.set(key, value);
    }
  }
}

const traversal = model.createTraversal();
function keyLog(index: number): number[] {
  const sink = new KeySink();
  traversal.run(imagePixels(set, index), sink);
  return sink.log;
}

// 1. Counts from every training image of each class.
for (let c = 0; c < classCount; c++) for (const index of split.train[c]) addCounts(counts[c], keyLog(index), 1);
console.log(`counts: ${((Date.now() - started) / 1000).toFixed(1)} s`);

/** The network's p(1) per decision under one class (integers out of 2^P, as the coder uses). */
class NetworkSink extends PredictingSink {
  readonly probabilities: number[] = [];
  protected code(bit: number, scaledOne: number): number {
    this.probabilities.push(scaledOne / 2 ** this.precisionBits);
    return bit;
  }
}
function networkProbabilities(index: number, classIndex: number): number[] {
  const sink = new NetworkSink(model.classEvaluators(classIndex), model.info.precisionBits);
  traversal.run(imagePixels(set, index), sink);
  return sink.probabilities;
}

const clampStretch = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};
const N_BUCKETS = 6;
const nBucket = (n: number) => (n === 0 ? 0 : n < 3 ? 1 : n < 10 ? 2 : n < 40 ? 3 : n < 200 ? 4 : 5);
const NET_BUCKETS = 4;
const netBucket = (s: number) => Math.min(NET_BUCKETS - 1, Math.floor(Math.abs(s) / 2));
const INPUTS = MODELS + 2;

/** Mixer inputs and weight-set index of one decision. */
function mixerInputs(table: Counts, log: number[], i: number, pNet: number, x: Float64Array): number {
  const stage = log[i];
  x[0] = clampStretch(pNet);
  let nFull = 0;
  for (let m = 0; m < MODELS; m++) {
    const packed = table[stage][m].get(log[i + 1 + m]) ?? 0;
    const n1 = packed % 2 ** 24;
    const n0 = Math.floor(packed / 2 ** 24);
    x[1 + m] = clampStretch((n1 + 0.4) / (n0 + n1 + 0.8));
    if (m === 3) nFull = n0 + n1;
  }
  x[INPUTS - 1] = 1;
  return (stage * N_BUCKETS + nBucket(nFull)) * NET_BUCKETS + netBucket(x[0]);
}

const SETS = stageCount * N_BUCKETS * NET_BUCKETS;
const weights = new Float64Array(SETS * INPUTS);
for (let s = 0; s < SETS; s++) weights[s * INPUTS] = 1;
const mix = (set: number, x: Float64Array) => {
  let dot = 0;
  for (let k = 0; k < INPUTS; k++) dot += weights[set * INPUTS + k] * x[k];
  return 1 / (1 + Math.exp(-dot));
};

// 2. Mixer samples: the first mixer-images training images of each class, own counts left out.
const mixerImages = Number(values['mixer-images']);
const samples: { set: number; x: Float64Array; bit: number }[] = [];
for (let c = 0; c < classCount; c++) {
  for (const index of split.train[c].slice(0, mixerImages)) {
    const log = keyLog(index);
    const net = networkProbabilities(index, c);
    addCounts(counts[c], log, -1);
    for (let d = 0, i = 0; i < log.length; d++, i += RECORD) {
      const x = new Float64Array(INPUTS);
      samples.push({ set: mixerInputs(counts[c], log, i, net[d], x), x, bit: log[i + RECORD - 1] });
    }
    addCounts(counts[c], log, 1);
  }
}
let trainingNetworkBits = 0;
for (const { x, bit } of samples) trainingNetworkBits -= Math.log2(1 / (1 + Math.exp(bit ? -x[0] : x[0])));
console.log(`mixer samples: ${samples.length}, network alone ${(trainingNetworkBits / samples.length).toFixed(5)} bits/decision, ${((Date.now() - started) / 1000).toFixed(1)} s`);

// 3. Fit the mixer: SGD on log loss, shuffled, learning rate decaying.
const random = new SeededRandom(1);
const order = Array.from(samples.keys());
const EPOCHS = 6;
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  random.shuffle(order);
  const rate = 0.02 * 0.5 ** epoch;
  let loss = 0;
  for (const o of order) {
    const { set: s, x, bit } = samples[o];
    const p = mix(s, x);
    loss -= Math.log2(bit ? p : 1 - p);
    const error = bit - p;
    for (let k = 0; k < INPUTS; k++) weights[s * INPUTS + k] += rate * error * x[k];
  }
  console.log(`mixer epoch ${epoch + 1}: ${(loss / samples.length).toFixed(5)} bits/decision`);
}

// 4. Validation: every class, the network alone and the mix.
const validation = split.validation.flatMap((indices, c) => indices.map((index) => ({ index, label: c })));
const limit = Number(values['validation-images']);
const chosen = limit > 0 ? validation.filter((_, k) => k % Math.ceil(validation.length / limit) === 0) : validation;
const x = new Float64Array(INPUTS);
let trueNetBits = 0;
let trueMixBits = 0;
let netRight = 0;
let mixRight = 0;
for (const { index, label } of chosen) {
  const log = keyLog(index);
  let bestNet = Infinity, bestNetClass = -1, bestMix = Infinity, bestMixClass = -1;
  for (let c = 0; c < classCount; c++) {
    const net = networkProbabilities(index, c);
    let netBits = 0;
    let mixBits = 0;
    for (let d = 0, i = 0; i < log.length; d++, i += RECORD) {
      const bit = log[i + RECORD - 1];
      netBits -= Math.log2(bit ? net[d] : 1 - net[d]);
      const p = mix(mixerInputs(counts[c], log, i, net[d], x), x);
      mixBits -= Math.log2(bit ? p : 1 - p);
    }
    if (c === label) {
      trueNetBits += netBits;
      trueMixBits += mixBits;
    }
    if (netBits < bestNet) [bestNet, bestNetClass] = [netBits, c];
    if (mixBits < bestMix) [bestMix, bestMixClass] = [mixBits, c];
  }
  if (bestNetClass === label) netRight++;
  if (bestMixClass === label) mixRight++;
}
const pixels = chosen.length * set.height * set.width;
const result = {
  benchmark: 'context-mixing',
  model: values.model,
  fingerprint: model.info.fingerprint,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  mixerImagesPerClass: mixerImages,
  mixerWeightSets: SETS,
  /** Pixels in each count model's context (besides the child position; the last also has the position). */
  contextPixels: [6, 20, 33, 49, 3],
  mixerDecisions: samples.length,
  validationImages: chosen.length,
  network: { bitsPerPixel: trueNetBits / pixels, accuracy: netRight / chosen.length },
  mixed: { bitsPerPixel: trueMixBits / pixels, accuracy: mixRight / chosen.length },
  seconds: (Date.now() - started) / 1000,
};
console.log(JSON.stringify(result, null, 2));
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/context-mixing.json'), JSON.stringify(result, null, 2) + '\n');
