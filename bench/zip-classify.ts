/**
 * Benchmark of "MNIST by zip" on the full MNIST test set (10,000 images, 60,000 training images):
 * the five published configurations, their accuracies against the published figures (±2 points),
 * their wall times, and the equivalence check of our Δs on samples:
 *
 * - against the reference method itself, Python's zlib with compressobj.copy() per image (when
 *   python3 is installed), which also gives the reference's cost per pair;
 * - against re-compressing from scratch with our simulator (no state reuse);
 * - against re-compressing from scratch with node's zlib, which is Chromium's fork and hashes
 *   differently, so agreement there is only partial (reported, not required).
 *
 * Side by side with the reference: when python3 is installed, bench/zip-reference.py (zlib with
 * compressobj.copy() per test image and compressor, one core) and our classifier (all threads)
 * score the headline configuration (binarized, level 9, chunks of 64) on the same first test
 * images in the same run; their wall times, their ratio and the agreement of every Δ are recorded.
 *
 * Heavy: run as `flock /tmp/arcompress-heavy.lock node --import tsx bench/zip-classify.ts`.
 * Options: `--limit N` scores only the first N test images in the five configurations (0 skips
 * them) and adds a projection to the full test set, `--side-by-side N` sets the images of the
 * side-by-side run (default 100, 0 skips it). Writes bench/results/zip-classify.json, or
 * zip-classify-limit-N.json with --limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { loadSplit, resolveDataset } from '../src/data/resolve.js';
import { classifyFromDeltas, computeZipDeltas, type ZipClassifierSettings } from '../src/baseline/zip-classifier.js';
import { compressorBytes, deltaFromScratch, gatherImages, planCompressors, scoreCompressor } from '../src/baseline/zip-scoring.js';
import { classificationReport } from '../src/report/classification.js';
import { defaultWorkerCount } from '../src/worker-threads.js';
import type { ImageSet } from '../src/data/types.js';

interface Configuration {
  name: string;
  flags: string;
  settings: ZipClassifierSettings;
  publishedAccuracy: number;
  /** Another configuration whose Δs this one reuses (same compressors, other combination). */
  sameDeltasAs?: string;
}

const base: ZipClassifierSettings = { level: 6, windowBits: 15, binarize: false, chunkImages: null, combine: 'logsumexp' };
const CONFIGURATIONS: Configuration[] = [
  { name: 'default zlib', flags: '', settings: base, publishedAccuracy: 0.27 },
  { name: 'level 9, 1 KiB raw window', flags: '--level 9 --window-bits -10', settings: { ...base, level: 9, windowBits: 10 }, publishedAccuracy: 0.35 },
  { name: 'binarized, level 9', flags: '--binarize --level 9', settings: { ...base, level: 9, binarize: true }, publishedAccuracy: 0.45 },
  { name: 'binarized, level 9, chunks of 64, logsumexp', flags: '--binarize --level 9 --chunk 64', settings: { ...base, level: 9, binarize: true, chunkImages: 64 }, publishedAccuracy: 0.74 },
  { name: 'binarized, level 9, chunks of 64, mean', flags: '--binarize --level 9 --chunk 64 --combine mean', settings: { ...base, level: 9, binarize: true, chunkImages: 64, combine: 'mean' }, publishedAccuracy: 0.71, sameDeltasAs: 'binarized, level 9, chunks of 64, logsumexp' },
];

/**
 * Readings of the binarized rows that we measured and rejected (1 KiB raw window, as in the row
 * before them): far from the published figures, whereas the default window reproduces them (the
 * binarized per-class recalls even match the published report digit for digit).
 */
const REJECTED_READINGS = [
  { flags: '--binarize --level 9 --window-bits -10', accuracy: 0.2903, publishedAccuracy: 0.45, wallSeconds: 10.5 },
  { flags: '--binarize --level 9 --window-bits -10 --chunk 64', accuracy: 0.5383, publishedAccuracy: 0.74, wallSeconds: 455.6 },
  { flags: '--binarize --level 9 --window-bits -10 --chunk 64 --combine mean', accuracy: 0.5431, publishedAccuracy: 0.71, wallSeconds: 455.6 },
];

const SAMPLE_IMAGES = 20;
const PYTHON_REFERENCE = `
import sys, time, zlib
level, wbits, image_bytes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
prime = open(sys.argv[4], 'rb').read()
images = open(sys.argv[5], 'rb').read()
c = zlib.compressobj(level, zlib.DEFLATED, wbits)
c.compress(prime)
base = len(c.copy().flush())
deltas = []
start = time.perf_counter()
for i in range(len(images) // image_bytes):
    d = c.copy()
    deltas.append(len(d.compress(images[i * image_bytes:(i + 1) * image_bytes]) + d.flush()) - base)
seconds = time.perf_counter() - start
print(zlib.ZLIB_RUNTIME_VERSION, seconds / len(deltas), *deltas)
`;

function pythonReference(prime: Uint8Array, images: Uint8Array, imageBytes: number, settings: ZipClassifierSettings): { zlibVersion: string; secondsPerPair: number; deltas: number[] } | null {
  const directory = mkdtempSync(join(tmpdir(), 'zip-bench-'));
  try {
    writeFileSync(join(directory, 'prime'), prime);
    writeFileSync(join(directory, 'images'), images);
    const result = spawnSync('python3', ['-c', PYTHON_REFERENCE, String(settings.level), String(-settings.windowBits), String(imageBytes), join(directory, 'prime'), join(directory, 'images')], { encoding: 'utf8' });
    if (result.status !== 0 || result.error) return null;
    const [zlibVersion, secondsPerPair, ...deltas] = result.stdout.trim().split(/\s+/);
    return { zlibVersion, secondsPerPair: Number(secondsPerPair), deltas: deltas.map(Number) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The value of `--name N` on the command line, or `fallback`. */
function numberOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number ≥ 0, got ${process.argv[at + 1]}`);
  return value;
}

function firstImages(set: ImageSet, count: number): ImageSet {
  const n = Math.min(count, set.count);
  const imageBytes = set.height * set.width;
  return { ...set, count: n, pixels: set.pixels.subarray(0, n * imageBytes), labels: set.labels === null ? null : set.labels.subarray(0, n) };
}

/**
 * The headline configuration on the first `count` test images, ours and the Python reference
 * (bench/zip-reference.py) one after the other: wall times, ratio, accuracies, Δs compared.
 */
async function sideBySide(train: ImageSet, fullTest: ImageSet, count: number, workers: number): Promise<Record<string, unknown>> {
  const settings: ZipClassifierSettings = { level: 9, windowBits: 15, binarize: true, chunkImages: 64, combine: 'logsumexp' };
  const test = firstImages(fullTest, count);
  const imageBytes = train.height * train.width;
  const oursStart = performance.now();
  const ours = await computeZipDeltas(train, test, settings, { workers });
  const oursSeconds = (performance.now() - oursStart) / 1000;
  const oursAccuracy = classificationReport(test.labels!, classifyFromDeltas(ours, settings).predictions).accuracy;
  const result: Record<string, unknown> = {
    configuration: 'binarized, level 9, chunks of 64, logsumexp',
    testImages: test.count,
    compressors: ours.deltas.length,
    pairs: ours.deltas.length * test.count,
    ours: { command: `arcompress zip-classify --dataset mnist --binarize --level 9 --chunk 64 --limit ${test.count} --workers ${workers}`, workers, wallSeconds: oursSeconds, accuracy: oursAccuracy },
  };
  const directory = mkdtempSync(join(tmpdir(), 'zip-side-by-side-'));
  try {
    const plans = planCompressors(train.labels!, settings.chunkImages);
    const trainBytes = compressorBytes(train.pixels, true);
    const allIndices = Int32Array.from(plans.flatMap((plan) => Array.from(plan.imageIndices)));
    writeFileSync(join(directory, 'train'), gatherImages(trainBytes, imageBytes, allIndices));
    writeFileSync(join(directory, 'chunks'), plans.map((plan) => plan.imageIndices.length).join('\n') + '\n');
    writeFileSync(join(directory, 'test'), compressorBytes(test.pixels, true));
    const script = new URL('./zip-reference.py', import.meta.url).pathname;
    const args = [script, String(settings.level), String(-settings.windowBits), String(imageBytes), join(directory, 'train'), join(directory, 'chunks'), join(directory, 'test'), join(directory, 'deltas')];
    process.stderr.write(`side by side: python3 bench/zip-reference.py on ${test.count} images…\n`);
    const pythonStart = performance.now();
    const run = spawnSync('python3', args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    const pythonProcessSeconds = (performance.now() - pythonStart) / 1000;
    if (run.status !== 0 || run.error) {
      result.python = { skipped: run.error ? String(run.error.message) : `python3 exited with ${run.status}: ${run.stderr.trim().split('\n').pop()}` };
      return result;
    }
    const reported = JSON.parse(run.stdout) as { zlibVersion: string; seconds: number; compressors: number; pairs: number };
    const raw = readFileSync(join(directory, 'deltas'));
    const pythonDeltas = new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const perCompressor = ours.deltas.map((_, c) => pythonDeltas.slice(c * test.count, (c + 1) * test.count));
    let equal = 0;
    ours.deltas.forEach((array, c) => array.forEach((delta, t) => { if (perCompressor[c][t] === delta) equal++; }));
    const pythonAccuracy = classificationReport(test.labels!, classifyFromDeltas({ ...ours, deltas: perCompressor }, settings).predictions).accuracy;
    result.python = {
      command: 'python3 bench/zip-reference.py (zlib compressobj.copy() per test image and compressor)',
      zlibVersion: reported.zlibVersion,
      cores: 1,
      wallSeconds: reported.seconds,
      processWallSeconds: pythonProcessSeconds,
      accuracy: pythonAccuracy,
    };
    result.deltasEqual = `${equal}/${pythonDeltas.length}`;
    result.wallTimeRatio = oursSeconds / reported.seconds;
    result.wallTimeRatioNote = 'ours (all threads) / python (one core), same images, same run';
    return result;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

const source = resolveDataset('mnist');
const [train, fullTest] = await Promise.all([loadSplit(source, 'train'), loadSplit(source, 'test')]);
const limit = numberOption('limit', fullTest.count);
const sideBySideImages = numberOption('side-by-side', 100);
const test = firstImages(fullTest, limit);
const imageBytes = train.height * train.width;
const workers = defaultWorkerCount();
const results: Record<string, unknown>[] = [];
const sideBySideResult = sideBySideImages === 0 ? null : await sideBySide(train, fullTest, sideBySideImages, workers);
if (sideBySideResult !== null) process.stderr.write(`side by side: ${JSON.stringify(sideBySideResult)}\n`);
const deltasByName = new Map<string, { deltas: Awaited<ReturnType<typeof computeZipDeltas>>; seconds: number; fixedSeconds?: number }>();

for (const configuration of test.count === 0 ? [] : CONFIGURATIONS) {
  const { settings } = configuration;
  let computed = configuration.sameDeltasAs === undefined ? undefined : deltasByName.get(configuration.sameDeltasAs);
  if (computed === undefined) {
    process.stderr.write(`${configuration.name}: scoring…\n`);
    const startMs = performance.now();
    const deltas = await computeZipDeltas(train, test, settings, { workers });
    const seconds = (performance.now() - startMs) / 1000;
    // With --limit, the cost that does not grow with the test images (priming, threads) is
    // measured on one image, for the projection to the whole test set.
    let fixedSeconds: number | undefined;
    if (test.count > 1 && test.count < fullTest.count) {
      const fixedStartMs = performance.now();
      await computeZipDeltas(train, firstImages(test, 1), settings, { workers });
      fixedSeconds = (performance.now() - fixedStartMs) / 1000;
    }
    computed = { deltas, seconds, fixedSeconds };
    deltasByName.set(configuration.name, computed);
  }
  const classification = classifyFromDeltas(computed.deltas, settings);
  const accuracy = classificationReport(test.labels!, classification.predictions).accuracy;

  // Equivalence on a sample: two compressors of different classes, the first test images.
  const plans = planCompressors(train.labels!, settings.chunkImages);
  const trainBytes = compressorBytes(train.pixels, settings.binarize);
  const sampleImages = compressorBytes(test.pixels.subarray(0, SAMPLE_IMAGES * imageBytes), settings.binarize);
  const sampled = [plans[0], plans[Math.floor(plans.length / 2)]];
  const sample = sampled.map((plan) => {
    const prime = gatherImages(trainBytes, imageBytes, plan.imageIndices);
    const ours = Array.from(scoreCompressor(prime, sampleImages, imageBytes, settings));
    const scratchCount = prime.length > 1_000_000 ? 3 : SAMPLE_IMAGES;
    const scratch = Array.from({ length: scratchCount }, (_, i) => deltaFromScratch(prime, sampleImages.subarray(i * imageBytes, (i + 1) * imageBytes), settings));
    const nodeWithout = deflateRawSync(prime, { level: settings.level, windowBits: settings.windowBits }).length;
    const nodeZlib = Array.from({ length: SAMPLE_IMAGES }, (_, i) => {
      const joined = new Uint8Array(prime.length + imageBytes);
      joined.set(prime);
      joined.set(sampleImages.subarray(i * imageBytes, (i + 1) * imageBytes), prime.length);
      return deflateRawSync(joined, { level: settings.level, windowBits: settings.windowBits }).length - nodeWithout;
    });
    const python = pythonReference(prime, sampleImages, imageBytes, settings);
    return {
      classLabel: plan.classLabel,
      primeBytes: prime.length,
      ours,
      equalToOurScratchRecompression: `${scratch.filter((delta, i) => delta === ours[i]).length}/${scratch.length}`,
      pythonZlibCopy: python === null ? null : { zlibVersion: python.zlibVersion, deltas: python.deltas, equal: `${python.deltas.filter((delta, i) => delta === ours[i]).length}/${python.deltas.length}`, secondsPerPair: python.secondsPerPair },
      nodeZlibScratch: { deltas: nodeZlib, agreement: agreement(nodeZlib, ours) },
    };
  });
  const referencePairSeconds = sample.map((entry) => entry.pythonZlibCopy?.secondsPerPair).filter((value): value is number => value !== undefined);
  const referenceSecondsPerPair = referencePairSeconds.length === 0 ? null : referencePairSeconds.reduce((a, b) => a + b, 0) / referencePairSeconds.length;
  const entry = {
    name: configuration.name,
    command: `arcompress zip-classify --dataset mnist ${configuration.flags}`.trim(),
    settings,
    accuracy,
    publishedAccuracy: configuration.publishedAccuracy,
    withinTwoPoints: Math.abs(accuracy - configuration.publishedAccuracy) <= 0.02,
    compressors: classification.compressorCount,
    pairs: classification.pairCount,
    wallSeconds: computed.seconds,
    ...(computed.fixedSeconds !== undefined ? {
      oneImageWallSeconds: computed.fixedSeconds,
      projectedFullTestSetWallSeconds: computed.fixedSeconds + ((computed.seconds - computed.fixedSeconds) * (fullTest.count - 1)) / (test.count - 1),
      projectionNote: `projected, not measured: the one-image wall time (priming, threads) plus the rest of the ${test.count}-image wall time scaled to ${fullTest.count} images`,
    } : {}),
    wallSecondsNote: configuration.sameDeltasAs === undefined ? undefined : `same Δs as '${configuration.sameDeltasAs}' (only the combination differs); the CLI run takes that time`,
    microsecondsPerPair: (computed.seconds * 1e6) / classification.pairCount,
    referenceSecondsPerPairOnSample: referenceSecondsPerPair,
    referenceEstimatedWallSeconds: referenceSecondsPerPair === null ? null : referenceSecondsPerPair * classification.pairCount,
    speedupOverReference: referenceSecondsPerPair === null ? null : (referenceSecondsPerPair * classification.pairCount) / computed.seconds,
    equivalenceSample: sample,
  };
  results.push(entry);
  process.stderr.write(`${configuration.name}: accuracy ${(accuracy * 100).toFixed(2)}% (published ${configuration.publishedAccuracy * 100}%), ${computed.seconds.toFixed(1)} s\n`);
}

const output = {
  benchmark: 'zip-classify',
  date: new Date().toISOString(),
  command: `flock /tmp/arcompress-heavy.lock node --import tsx bench/zip-classify.ts ${process.argv.slice(2).join(' ')}`.trim(),
  node: process.version,
  nodeZlib: process.versions.zlib,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  threads: workers,
  dataset: { name: 'mnist', trainImages: train.count, testImages: test.count, testImagesInSet: fullTest.count },
  sideBySide: sideBySideResult,
  configurations: results,
  rejectedReadings: REJECTED_READINGS,
};
const resultName = test.count === fullTest.count ? 'zip-classify.json' : `zip-classify-limit-${test.count}.json`;
writeFileSync(new URL(`./results/${resultName}`, import.meta.url), JSON.stringify(output, null, 2) + '\n');
process.stderr.write(`wrote bench/results/${resultName}\n`);
