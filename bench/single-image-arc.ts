/**
 * Single-image files: each of the first N MNIST test digits encoded alone (as one PNG would be,
 * `arcompress encode digit.png`) with the bundled models, in the compact container (version 3)
 * and, for comparison, in version 2; each decoded back and checked. Records the average bytes per
 * file and its parts (header, record, checksums). The codec comparison (gzip, WebP, JPEG XL …) on
 * the same images lives in another benchmark; this one measures the container alone.
 *
 *   node --import tsx bench/single-image-arc.ts [--count 50]
 *
 * Writes bench/results/single-image-arc.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeArchive, encodeArchive } from '../src/codec/archive.js';
import { pngSource } from '../src/codec/source.js';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { loadModel } from '../src/model/store.js';
import { bundledModelDirectory } from '../src/paths.js';

const GOALS = { grayBytesPerFile: { limit: 125, goal: 112 } };

const { values } = parseArgs({ options: { count: { type: 'string', default: '50' } } });
const count = Number(values.count);
const split = await loadSplit(resolveDataset('mnist'), 'test');
const size = split.height * split.width;

const results: Record<string, unknown> = {};
for (const mode of ['gray', 'binarized'] as const) {
  const directory = bundledModelDirectory('mnist', mode === 'gray' ? 'gray' : 'binary');
  const { model } = await loadModel(directory);
  for (const containerVersion of [3, 2] as const) {
    const totals = { totalBytes: 0, headerBytes: 0, payloadBytes: 0, checksumBytes: 0 };
    for (let i = 0; i < count; i++) {
      const pixels = split.pixels.slice(i * size, (i + 1) * size);
      const source = pngSource([{ name: `digit-${i}.png`, height: split.height, width: split.width, pixels }], `digit ${i}`);
      const { bytes, summary } = await encodeArchive(source, { model, modelName: 'mnist', binarize: mode === 'binarized', containerVersion });
      const decoded = await decodeArchive(bytes, `digit ${i}`, model);
      const expected = mode === 'binarized' ? pixels.map((v) => (v >= 128 ? 255 : 0)) : pixels;
      if (Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(expected)) !== 0) throw new Error(`digit ${i}: round trip failed`);
      totals.totalBytes += bytes.length;
      totals.headerBytes += summary.headerBytes + summary.lengthTableBytes;
      totals.payloadBytes += summary.payloadBytes;
      totals.checksumBytes += summary.checksumBytes;
    }
    const average = Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, value / count]));
    results[`${mode}-v${containerVersion}`] = { images: count, model: directory.split(/[/\\]/).slice(-2).join('/'), averageBytesPerFile: average };
    console.log(`${mode}, container version ${containerVersion}: ${average.totalBytes.toFixed(2)} bytes per file (record ${average.payloadBytes.toFixed(2)}, header ${average.headerBytes.toFixed(2)}, checksums ${average.checksumBytes.toFixed(2)})`);
  }
}

const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'single-image-arc.json');
mkdirSync(dirname(resultsPath), { recursive: true });
writeFileSync(resultsPath, JSON.stringify({ goals: GOALS, dataset: 'mnist test, first images', node: process.version, runs: results }, null, 2) + '\n');
console.log(`wrote ${resultsPath}`);
