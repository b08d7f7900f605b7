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
 * Heavy: run as `flock /tmp/arcompress-heavy.lock node --import tsx bench/zip-classify.ts`.
 * Writes bench/results/zip-classify.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { loadSplit, resolveDataset } from '../src/data/resolve.js';
import { classifyFromDeltas, computeZipDeltas, type ZipClassifierSettings } from '../src/baseline/zip-classifier.js';
import { compressorBytes, deltaFromScratch, gatherImages, planCompressors, scoreCompressor } from '../src/baseline/zip-scoring.js';
import { classificationReport } from '../src/report/classification.js';
import { defaultWorkerCount } from '../src/worker-threads.js';

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

function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

const source = resolveDataset('mnist');
const [train, test] = await Promise.all([loadSplit(source, 'train'), loadSplit(source, 'test')]);
const imageBytes = train.height * train.width;
const workers = defaultWorkerCount();
const results: Record<string, unknown>[] = [];
const deltasByName = new Map<string, { deltas: Awaited<ReturnType<typeof computeZipDeltas>>; seconds: number }>();

for (const configuration of CONFIGURATIONS) {
  const { settings } = configuration;
  let computed = configuration.sameDeltasAs === undefined ? undefined : deltasByName.get(configuration.sameDeltasAs);
  if (computed === undefined) {
    process.stderr.write(`${configuration.name}: scoring…\n`);
    const startMs = performance.now();
    const deltas = await computeZipDeltas(train, test, settings, { workers });
    computed = { deltas, seconds: (performance.now() - startMs) / 1000 };
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
  command: 'flock /tmp/arcompress-heavy.lock node --import tsx bench/zip-classify.ts',
  node: process.version,
  nodeZlib: process.versions.zlib,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  threads: workers,
  dataset: { name: 'mnist', trainImages: train.count, testImages: test.count },
  configurations: results,
  rejectedReadings: REJECTED_READINGS,
};
writeFileSync(new URL('./results/zip-classify.json', import.meta.url), JSON.stringify(output, null, 2) + '\n');
process.stderr.write('wrote bench/results/zip-classify.json\n');
