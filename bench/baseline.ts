/**
 * Bits per pixel of gzip, deflate and brotli on the MNIST test images (measureDeflateBaselines,
 * what `arcompress baseline --dataset mnist` prints), with the check that gzip −9 of the IDX file
 * is within 0.01 of the published 1.63 bits per pixel.
 *
 * Run as `flock /tmp/arcompress-heavy.lock node --import tsx bench/baseline.ts` (brotli quality 11
 * takes a while). Writes bench/results/baseline.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadSplit, resolveDataset } from '../src/data/resolve.js';
import { measureDeflateBaselines } from '../src/baseline/deflate-baselines.js';

const PUBLISHED_GZIP_BITS_PER_PIXEL = 1.63;

const source = resolveDataset('mnist');
const test = await loadSplit(source, 'test');
const startMs = performance.now();
const baselines = measureDeflateBaselines(test);
const seconds = (performance.now() - startMs) / 1000;
const gzip = baselines.rows.find((row) => row.method === 'gzip-9-idx-file')!;

const output = {
  benchmark: 'baseline',
  date: new Date().toISOString(),
  command: 'flock /tmp/arcompress-heavy.lock node --import tsx bench/baseline.ts',
  cliEquivalent: 'arcompress baseline --dataset mnist --split test --json',
  node: process.version,
  nodeZlib: process.versions.zlib,
  nodeBrotli: process.versions.brotli,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  dataset: { name: 'mnist', split: 'test', images: test.count },
  wallSeconds: seconds,
  gzipCheck: {
    bitsPerPixel: gzip.bitsPerPixel,
    published: PUBLISHED_GZIP_BITS_PER_PIXEL,
    withinHundredth: Math.abs(gzip.bitsPerPixel - PUBLISHED_GZIP_BITS_PER_PIXEL) <= 0.01,
  },
  ...baselines,
};
writeFileSync(new URL('./results/baseline.json', import.meta.url), JSON.stringify(output, null, 2) + '\n');
process.stderr.write(`gzip -9 IDX file: ${gzip.bitsPerPixel.toFixed(4)} bits/pixel; ${seconds.toFixed(1)} s; wrote bench/results/baseline.json\n`);
