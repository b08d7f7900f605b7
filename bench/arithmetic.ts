/**
 * The same weights evaluated in float64 and in float32 (src/model/arithmetic.ts), side by side in
 * one process on one thread: time to score the MNIST test set under every class (as `classify`
 * scores: the true class in full, the others until they cannot win), accuracy by shortest real
 * code, the true class's ideal bits per pixel, and how many images change their predicted class.
 * The two arithmetics are timed in alternation, `--rounds` times each, and the ratio of their
 * fastest rounds is recorded (the round least slowed by the machine's other work), so the
 * machine's load affects both alike.
 * Writes bench/results/arithmetic.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/arithmetic.ts [--limit N] [--rounds R] MODEL_DIR...
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { binarizePixels } from '../src/codec/source.js';
import { packageRoot } from '../src/paths.js';
import { loadModel } from '../src/model/store.js';
import { ArModel } from '../src/model/ar-model.js';
import { ARITHMETICS, type Arithmetic } from '../src/model/arithmetic.js';
import { scoreImages, shortestCodeClasses } from '../src/classify/score.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { limit: { type: 'string' }, rounds: { type: 'string', default: '3' } } });
if (positionals.length === 0) throw new Error('usage: bench/arithmetic.ts [--limit N] [--rounds R] MODEL_DIR...');
const rounds = Number(values.rounds);
const test = await loadSplit(resolveDataset('mnist'), 'test');
const count = Math.min(test.count, values.limit ? Number(values.limit) : test.count);
const labels = test.labels!;
const fastest = (xs: number[]) => Math.min(...xs);

const rows: Record<string, unknown>[] = [];
for (const directory of positionals) {
  const { model } = await loadModel(directory);
  const size = test.height * test.width;
  const first = test.pixels.subarray(0, count * size);
  const set = { ...test, count, pixels: model.info.pixelMode === 'binary' ? binarizePixels(first) : first, labels: labels.subarray(0, count) };
  const results = new Map<Arithmetic, { seconds: number[]; predictions: Int32Array; accuracy: number; trueClassBitsPerPixel: number }>();
  for (let round = 0; round < rounds; round++) {
    for (const arithmetic of ARITHMETICS) {
      const variant = new ArModel({ ...model.info, arithmetic }, model.classStages);
      variant.classEvaluators(0); // kernel set-up is not scoring time
      const start = performance.now();
      const lengths = scoreImages(variant, set, 0, count, { fullClass: (i) => set.labels[i] });
      const seconds = (performance.now() - start) / 1000;
      const predictions = shortestCodeClasses(lengths);
      let correct = 0;
      let bits = 0;
      for (let i = 0; i < count; i++) {
        if (predictions[i] === set.labels[i]) correct++;
        bits += lengths.idealBits[i * lengths.classCount + set.labels[i]];
      }
      const entry = results.get(arithmetic) ?? { seconds: [], predictions, accuracy: correct / count, trueClassBitsPerPixel: bits / (count * size) };
      entry.seconds.push(seconds);
      results.set(arithmetic, entry);
      console.error(`${directory} ${arithmetic} round ${round + 1}: ${seconds.toFixed(2)} s`);
    }
  }
  const f64 = results.get('float64')!;
  const f32 = results.get('float32')!;
  let changed = 0;
  for (let i = 0; i < count; i++) if (f64.predictions[i] !== f32.predictions[i]) changed++;
  const byArithmetic = Object.fromEntries(ARITHMETICS.map((arithmetic) => {
    const r = results.get(arithmetic)!;
    return [arithmetic, { seconds: r.seconds, fastestSeconds: fastest(r.seconds), accuracy: r.accuracy, trueClassBitsPerPixel: r.trueClassBitsPerPixel }];
  }));
  const row = {
    model: relative(packageRoot(), directory) || directory,
    fingerprint: model.info.fingerprint,
    recordedArithmetic: model.arithmetic,
    pixelMode: model.info.pixelMode,
    images: count,
    ...byArithmetic,
    float32OverFloat64Time: fastest(f32.seconds) / fastest(f64.seconds),
    imagesWithAnotherPrediction: changed,
    trueClassBitsPerPixelChange: f32.trueClassBitsPerPixel / f64.trueClassBitsPerPixel - 1,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const out = {
  benchmark: 'arithmetic',
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  method: 'one thread; scoreImages with the true class in full (as classify scores); the arithmetics in alternation, the fastest of the rounds',
  rounds,
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/arithmetic.json'), JSON.stringify(out, null, 2) + '\n');
