/**
 * Small files: each of the first N MNIST test digits (default 50) coded ALONE, one file per image,
 * by arcompress and by the classical codecs, as a user would store single digits:
 *
 * - arcompress: the library's normal encode of one image (`encodeImages` from arcompress/node,
 *   what `arcompress encode digit.png` runs) with the bundled gray model, lossless; every file is
 *   decoded back and compared. The image is named like a PNG input (`<index>.png`), so the file
 *   holds the name decode restores it under; the same image as a one-image IDX file is recorded too.
 * - gzip −9 of the raw 784 pixel bytes: GNU gzip (`gzip -9 -n`, no file name) and node's zlib;
 * - WebP lossless (cwebp -lossless -z 9), PNG (optipng -o7), JPEG XL lossless (cjxl -d 0 -e 9),
 *   each from a PGM of the image, where installed (src/baseline/image-codecs.ts).
 *
 *   node --import tsx bench/small-files.ts [--count N]
 *
 * Writes bench/results/small-files.json: per method the average, smallest and largest file in
 * bytes and the wall time of all its files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { runExternalCompressor, type ExternalCompressor } from '../src/baseline/external.js';
import { codecInput, IMAGE_CODECS, type ImageCodec } from '../src/baseline/image-codecs.js';
import { loadSplit, resolveDataset } from '../src/data/index.js';
import { bundledModel, decodeArchive, encodeImages, type ArchiveSummary, type NamedImages } from '../src/node.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '50' } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count: expected an integer ≥ 1, found ${values.count}`);

const set = await loadSplit(resolveDataset('mnist'), 'test');
const { height, width } = set;
const size = height * width;
const model = await bundledModel('gray');

interface MethodResult {
  method: string;
  files: number;
  averageBytes: number | null;
  minBytes: number | null;
  maxBytes: number | null;
  seconds: number;
  note?: string;
}

function summarize(method: string, sizes: number[], seconds: number, note?: string): MethodResult {
  const total = sizes.reduce((a, b) => a + b, 0);
  const ok = sizes.length === count;
  return {
    method,
    files: sizes.length,
    averageBytes: ok ? Number((total / count).toFixed(2)) : null,
    minBytes: ok ? Math.min(...sizes) : null,
    maxBytes: ok ? Math.max(...sizes) : null,
    seconds: Number(seconds.toFixed(3)),
    ...(note ? { note } : {}),
  };
}

const image = (i: number) => set.pixels.slice(i * size, (i + 1) * size);
const results: MethodResult[] = [];
const arcParts = { header: 0, lengthTable: 0, records: 0, checksum: 0 };

for (const named of [true, false]) {
  const sizes: number[] = [];
  const startMs = performance.now();
  for (let i = 0; i < count; i++) {
    const one: NamedImages = { count: 1, height, width, pixels: image(i), ...(named ? { names: [`${i}.png`] } : {}) };
    const { bytes, summary } = await encodeImages(one, model);
    const decoded = await decodeArchive(bytes, model);
    if (!decoded.pixels.every((value, p) => value === one.pixels[p])) throw new Error(`image ${i}: the .arc file does not decode to the image`);
    sizes.push(bytes.length);
    if (named) addParts(summary);
  }
  results.push(summarize(named ? 'arcompress .arc (gray model, named like a PNG input)' : 'arcompress .arc (gray model, one-image IDX input)', sizes, (performance.now() - startMs) / 1000));
}

function addParts(summary: ArchiveSummary): void {
  arcParts.header += summary.headerBytes / count;
  arcParts.lengthTable += summary.lengthTableBytes / count;
  arcParts.records += summary.payloadBytes / count;
  arcParts.checksum += summary.checksumBytes / count;
}

{
  const startMs = performance.now();
  const sizes = Array.from({ length: count }, (_, i) => gzipSync(image(i), { level: 9 }).length);
  results.push(summarize('gzip -9 of the raw pixels (node zlib, no name)', sizes, (performance.now() - startMs) / 1000));
}

const GZIP_PROGRAM: ExternalCompressor = { name: 'gzip -9 -n of the raw pixels (GNU gzip)', program: 'gzip', debianPackage: 'gzip', args: ['-9', '-n', '-c'] };
for (const codec of [GZIP_PROGRAM, ...IMAGE_CODECS.filter((c) => c.pixels === '8-bit')]) {
  const sizes: number[] = [];
  let note: string | undefined;
  let seconds = 0;
  for (let i = 0; i < count && note === undefined; i++) {
    const input = codec === GZIP_PROGRAM ? image(i) : codecInput(codec as ImageCodec, { height, width, pixels: image(i) });
    const result = runExternalCompressor(codec, input);
    if (result.compressedBytes === null) note = result.note;
    else {
      sizes.push(result.compressedBytes);
      seconds += result.seconds!;
    }
  }
  results.push(summarize(codec.name, sizes, seconds, note));
}

const output = {
  benchmark: 'small-files',
  description: `each of the first ${count} MNIST test digits coded alone, one file per image`,
  images: count,
  height,
  width,
  model: { name: 'bundled models/mnist-gray', fingerprint: model.model.info.fingerprint },
  arcAverageParts: Object.fromEntries(Object.entries(arcParts).map(([part, bytes]) => [part, Number(bytes.toFixed(2))])),
  results,
  environment: { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model.trim() ?? 'unknown' },
};
const path = join(dirname(fileURLToPath(import.meta.url)), 'results', 'small-files.json');
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
for (const row of results) console.log(`${row.method.padEnd(56)} ${row.averageBytes === null ? `– (${row.note})` : `${row.averageBytes.toFixed(1)} bytes on average (${row.minBytes}–${row.maxBytes})`}, ${row.seconds.toFixed(2)} s`);
console.log(`.arc parts on average: ${JSON.stringify(output.arcAverageParts)}`);
console.log(`wrote ${path}`);
