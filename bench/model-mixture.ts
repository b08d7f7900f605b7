/**
 * Measures the lever "a mixture of models per class": each class coded by the Bayesian mixture of
 * two trained models' class models with equal prior weights, coded pixel by pixel with the
 * posterior-weighted probability, costs exactly −log2(½·2^−L1 + ½·2^−L2) bits for the image (the
 * product of the mixture's predictive probabilities telescopes), so between min(L1, L2) and
 * min(L1, L2) + 1. Scores the validation images the recipe's split holds out of the training set
 * (never the test set) under every class of every model given (ideal code lengths, exact coding
 * path), and reports each model alone and each pair mixed: accuracy by shortest code and
 * true-class bits per pixel. Every model must have been trained with the recipe's split.
 * Writes bench/results/model-mixture.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/model-mixture.ts MODEL_DIR MODEL_DIR...
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadSplit, resolveDataset, selectImages } from '../src/data/index.js';
import { binarizePixels } from '../src/codec/source.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { scoreImages } from '../src/classify/score.js';
import { recipeSplit, requireRecipeSplit } from './recipe-split.js';

const directories = process.argv.slice(2);
if (directories.length < 2) throw new Error('usage: bench/model-mixture.ts MODEL_DIR MODEL_DIR...');
const train = await loadSplit(resolveDataset('mnist'), 'train');
const validation = recipeSplit(train).validation.flat();
const gray = selectImages(train, validation);
const labels = gray.labels!;
const count = gray.count;
const size = gray.height * gray.width;

interface Scored { model: string; fingerprint: string; lengths: Float64Array; classCount: number }
const scored: Scored[] = [];
for (const directory of directories) {
  const { model, manifest } = await loadModel(directory);
  requireRecipeSplit(directory, manifest, count);
  const set = model.info.pixelMode === 'binary' ? { ...gray, pixels: binarizePixels(gray.pixels) } : gray;
  const lengths = scoreImages(model, set, 0, count).idealBits;
  scored.push({ model: relative(packageRoot(), directory) || directory, fingerprint: model.info.fingerprint, lengths, classCount: model.classCount });
  console.error(`${directory} scored`);
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

const alone = scored.map((s) => ({ model: s.model, fingerprint: s.fingerprint, ...summary((i, c) => s.lengths[i * s.classCount + c], s.classCount) }));
const pairs: Record<string, unknown>[] = [];
for (let a = 0; a < scored.length; a++) {
  for (let b = a + 1; b < scored.length; b++) {
    const [x, y] = [scored[a], scored[b]];
    pairs.push({ models: [x.model, y.model], ...summary((i, c) => mixed(x.lengths[i * x.classCount + c], y.lengths[i * y.classCount + c]), x.classCount) });
  }
}
for (const row of [...alone, ...pairs]) console.log(JSON.stringify(row));
const out = {
  benchmark: 'model-mixture',
  validationImages: count,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  alone,
  pairs,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/model-mixture.json'), JSON.stringify(out, null, 2) + '\n');
