/**
 * Best-class encoding time of this build against another build of arcompress, in one process,
 * alternating (the machine is noisy: a ratio taken round by round is what holds): each round
 * encodes the first N MNIST test images (records of 64, the class chosen per image) with the other
 * build's RecordCoder and then with this one's, and checks that both wrote the same bytes.
 *
 * The other build is a `dist` directory compiled from another commit, e.g.
 *   git worktree add /tmp/other COMMIT && ln -s "$PWD/node_modules" /tmp/other/node_modules && (cd /tmp/other && npx tsc -p tsconfig.json)
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/encode-against-build.ts OTHER_DIST [--model DIR] [--images N] [--rounds R]
 *
 * Writes (merges into) bench/results/encode-against-build.json, one entry per model.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { binarizePixels } from '../src/codec/source.js';
import { loadModel } from '../src/model/store.js';
import { RecordCoder } from '../src/codec/image-record.js';
import { packageRoot } from '../src/paths.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { model: { type: 'string', default: join(packageRoot(), 'models/mnist-binary') }, images: { type: 'string', default: '2560' }, rounds: { type: 'string', default: '5' } },
});
const otherDist = positionals[0];
if (!otherDist) throw new Error('usage: bench/encode-against-build.ts OTHER_DIST [--model DIR] [--images N] [--rounds R]');
const images = Number(values.images);
const rounds = Number(values.rounds);
const RECORD_IMAGES = 64;
const other = {
  codec: await import(pathToFileURL(resolve(otherDist, 'codec/image-record.js')).href),
  store: await import(pathToFileURL(resolve(otherDist, 'model/store.js')).href),
};
const { model } = await loadModel(values.model);
const otherModel = (await other.store.loadModel(values.model)).model;
const test = await loadSplit(resolveDataset('mnist'), 'test');
const size = test.height * test.width;
const slice = test.pixels.subarray(0, images * size);
const pixels = model.info.pixelMode === 'binary' ? binarizePixels(slice) : slice;

type Coder = { encodeRecord(pixels: Uint8Array, count: number, classIndices: null): { bytes: Uint8Array } };
function encodeAll(coder: Coder): { seconds: number; digest: string } {
  const hash = createHash('sha256');
  const startMs = performance.now();
  for (let first = 0; first < images; first += RECORD_IMAGES) {
    const count = Math.min(RECORD_IMAGES, images - first);
    hash.update(coder.encodeRecord(pixels.subarray(first * size, (first + count) * size), count, null).bytes);
  }
  return { seconds: (performance.now() - startMs) / 1000, digest: hash.digest('hex') };
}
const rows: { otherSeconds: number; thisSeconds: number; ratio: number }[] = [];
for (let round = 0; round < rounds; round++) {
  const before = encodeAll(new other.codec.RecordCoder(otherModel));
  const now = encodeAll(new RecordCoder(model));
  if (before.digest !== now.digest) throw new Error(`round ${round}: the two builds wrote different bytes`);
  rows.push({ otherSeconds: before.seconds, thisSeconds: now.seconds, ratio: now.seconds / before.seconds });
  console.error(`round ${round + 1}: other ${before.seconds.toFixed(2)} s, this ${now.seconds.toFixed(2)} s, ratio ${(now.seconds / before.seconds).toFixed(3)}`);
}
const ratios = rows.map((row) => row.ratio).sort((a, b) => a - b);
const entry = {
  model: relative(packageRoot(), resolve(values.model)),
  fingerprint: model.info.fingerprint,
  pixelMode: model.info.pixelMode,
  otherBuild: otherDist,
  images,
  sameBytes: true,
  rounds: rows,
  medianRatio: ratios[Math.floor(ratios.length / 2)],
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
};
const file = join(packageRoot(), 'bench/results/encode-against-build.json');
const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { benchmark: 'encode-against-build', runs: {} };
results.runs[model.info.pixelMode] = entry;
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify({ model: entry.model, medianRatio: entry.medianRatio }));
