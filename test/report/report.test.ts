/**
 * `arcompress report` and `arcompress sample` run as a user would, on a small dataset that is not
 * MNIST, with tiny models: the JSON figures are checked against the same figures computed another
 * way (the model's own code lengths, `classify`, `encode`, node's zlib, the zip classifier), and
 * every picture decodes as a PNG.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import pngjs from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeIdx } from '../../src/data/index.js';
import type { ImageSet } from '../../src/data/types.js';
import { classifyByZip } from '../../src/baseline/zip-classifier.js';
import { REPORT_ZIP_CONFIGURATIONS } from '../../src/report/report.js';
import type { ReportData } from '../../src/report/report-schema.js';
import { EXTERNAL_COMPRESSORS } from '../../src/baseline/external.js';
import { IMAGE_CODECS } from '../../src/baseline/image-codecs.js';
import { isOneLine, runCli } from '../helpers/cli.js';
import { syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const root = mkdtempSync(join(tmpdir(), 'arcompress-report-'));
const datasetDirectory = join(root, 'shapes');
const outDirectory = join(root, 'out');
const train = syntheticImages(48, 7);
const testSet = syntheticImages(30, 9);
const pixelsPerImage = TINY_HEIGHT * TINY_WIDTH;

function writeSplit(prefix: string, set: ImageSet): void {
  writeFileSync(join(datasetDirectory, `${prefix}-images-idx3-ubyte`), encodeIdx([set.count, set.height, set.width], set.pixels));
  writeFileSync(join(datasetDirectory, `${prefix}-labels-idx1-ubyte`), encodeIdx([set.count], set.labels!));
}

mkdirSync(datasetDirectory, { recursive: true });
writeSplit('train', train);
writeSplit('t10k', testSet);
test.after(() => rmSync(root, { recursive: true, force: true }));

const close = (actual: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

test('report --json: figures agree with the same figures computed another way; pictures decode', async () => {
  const binary = await tinyModel('binary');
  const gray = await tinyModel('gray');
  const zipLimit = 12;
  const result = runCli(['report', '--dataset', datasetDirectory, '--model', binary.directory, '--model', gray.directory, '--out', outDirectory,
    '--zip-limit', String(zipLimit), '--examples', '3', '--samples', '4', '--workers', '1', '--json'], { timeoutMs: 300_000 });
  assert.is(result.status, 0, result.stderr);
  const data: ReportData = JSON.parse(result.stdout);
  assert.equal(JSON.parse(readFileSync(join(outDirectory, 'report.json'), 'utf8')).models, data.models);
  assert.is(data.images, 30);
  assert.is(data.height, TINY_HEIGHT);
  assert.equal(data.models.map((m) => m.pixelMode), ['binary', 'gray']);

  for (const [model, summary] of [[binary.model, data.models[0]], [gray.model, data.models[1]]] as const) {
    // Ideal bits per pixel: the model's own Σ −log2 q under the true class, image by image.
    let idealBits = 0;
    const perClass = [0, 0, 0];
    const countOf = [0, 0, 0];
    for (let i = 0; i < testSet.count; i++) {
      const c = model.info.classLabels.indexOf(testSet.labels![i]);
      const bits = model.idealCodeLengthBits(testSet.pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage), c);
      idealBits += bits;
      perClass[c] += bits;
      countOf[c]++;
    }
    close(summary.bitsPerPixel.ideal, idealBits / testSet.count / pixelsPerImage, 1e-12, `${summary.pixelMode} ideal`);
    summary.perClass.forEach((row, c) => {
      close(row.idealBitsPerPixel, perClass[c] / countOf[c] / pixelsPerImage, 1e-12, `${summary.pixelMode} class ${c} ideal`);
      // The per-position map adds up to the class's mean code length (stored to 5 decimals).
      const mapSum = summary.pixelBitsByClass[c].reduce((a, b) => a + b, 0);
      close(mapSum, perClass[c] / countOf[c], 1e-3, `${summary.pixelMode} class ${c} map sum`);
      assert.ok(row.realBitsPerPixel >= row.idealBitsPerPixel - 1e-9, 'real coded length is not below the ideal one');
    });

    // Accuracy: the same as `classify`.
    const classified = runCli(['classify', '--dataset', datasetDirectory, '--model', summary.directory, '--workers', '1', '--json']);
    assert.is(classified.status, 0, classified.stderr);
    const classify = JSON.parse(classified.stdout);
    assert.is(summary.accuracy, classify.accuracy);
    assert.equal(summary.classification, classify.report);

    // The .arc size: the same file `encode` writes.
    const arcPath = join(root, `${summary.pixelMode}.arc`);
    const encodeArgs = ['encode', join(datasetDirectory, 't10k-images-idx3-ubyte'), '-o', arcPath, '--model', summary.directory, '--json', ...(summary.pixelMode === 'binary' ? ['--binarize'] : [])];
    const encoded = runCli(encodeArgs);
    assert.is(encoded.status, 0, encoded.stderr);
    assert.is(summary.arc.totalBytes, readFileSync(arcPath).length);
    close(summary.bitsPerPixel.arcFile, (8 * summary.arc.totalBytes) / (30 * pixelsPerImage), 1e-12, 'arc bits per pixel');
  }

  // Deflate: node's zlib on the same bytes.
  const deflate = data.baselines.overall.find((row) => row.method === 'deflate-9' && row.pixels === '8-bit')!;
  close(deflate.bitsPerPixel!, (8 * deflateRawSync(testSet.pixels, { level: 9 }).length) / (30 * pixelsPerImage), 1e-12, 'deflate');
  // External programs: every one has a row with a size and a time, or a note saying why not.
  const external = data.baselines.overall.filter((row) => row.seconds !== undefined);
  assert.equal(external.map((row) => row.method).sort(), [...EXTERNAL_COMPRESSORS.flatMap((c) => [c.name, c.name]), ...IMAGE_CODECS.map((c) => c.name)].sort());
  for (const row of external) {
    if (row.bitsPerPixel === null) assert.ok(typeof row.note === 'string' && row.seconds === null, `${row.method}: a note`);
    else assert.ok(row.bitsPerPixel > 0 && row.seconds! > 0 && row.compressedBytes! > 0, `${row.method}: a size and a time`);
  }
  const tiled = external.find((row) => row.method.startsWith('JPEG XL'))!;
  assert.is(tiled.input, 'split tiled as one 60×60 picture (6×5 images)');

  // The zip classifiers: the library on the same first images.
  assert.is(data.zip.length, REPORT_ZIP_CONFIGURATIONS.length);
  const zipTest = { ...testSet, count: zipLimit, pixels: testSet.pixels.subarray(0, zipLimit * pixelsPerImage), labels: testSet.labels!.subarray(0, zipLimit) };
  for (const [k, configuration] of REPORT_ZIP_CONFIGURATIONS.entries()) {
    const direct = await classifyByZip(train, zipTest, configuration.settings, { workers: 1 });
    const correct = direct.predictions.reduce((sum, p, i) => sum + (p === zipTest.labels[i] ? 1 : 0), 0);
    assert.is(data.zip[k].accuracy, correct / zipLimit);
    assert.is(data.zip[k].images, zipLimit);
  }

  // Pictures: every one decodes; the sample grid has the size its layout gives.
  const files = readdirSync(outDirectory);
  for (const name of ['report.md', 'report.json', 'confusion.png', 'bits-per-class-8-bit.png', 'bits-per-class-binarized.png', 'where-bits-go-gray.png', 'examples-binary.png', 'samples-gray.png']) {
    assert.ok(files.includes(name), `${name} written`);
  }
  for (const name of files.filter((file) => file.endsWith('.png'))) {
    const png = pngjs.PNG.sync.read(readFileSync(join(outDirectory, name)));
    assert.ok(png.width >= 100 && png.height >= 100, `${name}: ${png.width}×${png.height}`);
  }
  const samples = pngjs.PNG.sync.read(readFileSync(join(outDirectory, 'samples-gray.png')));
  const scale = Math.floor(56 / Math.max(TINY_HEIGHT, TINY_WIDTH));
  assert.is(samples.width, 60 + 4 * (TINY_WIDTH * scale + 2) + 10);
  assert.is(samples.height, 40 + 3 * (TINY_HEIGHT * scale + 2) + 10);
  const markdown = readFileSync(join(outDirectory, 'report.md'), 'utf8');
  assert.match(markdown, /\| method \| 8-bit pixels \|/);
  assert.match(markdown, /## External programs\n\n\| program \| pixels \| input \| bytes \| bits\/pixel \| time \|/);
  for (const name of files.filter((file) => file.endsWith('.png'))) assert.ok(markdown.includes(`](${name})`), `report.md shows ${name}`);
});

test('report on the training split: the zip classifier is skipped, and says why', async () => {
  const gray = await tinyModel('gray');
  const result = runCli(['report', '--dataset', datasetDirectory, '--split', 'train', '--model', gray.directory, '--out', join(root, 'train-report'),
    '--no-external', '--examples', '0', '--samples', '0', '--workers', '1', '--json']);
  assert.is(result.status, 0, result.stderr);
  const data: ReportData = JSON.parse(result.stdout);
  assert.is(data.images, train.count);
  assert.equal(data.zip, []);
  assert.match(data.zipSkipped ?? '', /training split/);
  assert.ok(data.baselines.overall.every((row) => row.seconds === undefined), '--no-external runs no external program');
  assert.match(readFileSync(join(root, 'train-report', 'report.md'), 'utf8'), /zip classifier was skipped/);
});

test('report: bad input gives one line, a non-zero exit and no output folder', async () => {
  const binary = await tinyModel('binary');
  const out = join(root, 'never-written');
  const cases: [string[], RegExp][] = [
    [['report', '--dataset', datasetDirectory, '--out', out], /no bundled model.*--model/],
    [['report', '--dataset', datasetDirectory, '--model', join(root, 'no-such-model'), '--out', out], /no-such-model/],
    [['report', '--dataset', 'mnist', '--model', binary.directory, '--limit', '3', '--zip-limit', '0', '--out', out], /28×28.*12×10|12×10.*28×28/],
    [['report', '--dataset', datasetDirectory, '--model', binary.directory, '--zip-limit', '-1', '--out', out], /--zip-limit/],
    [['report', '--dataset', join(root, 'no-such-dataset'), '--out', out], /no-such-dataset/],
  ];
  for (const [args, pattern] of cases) {
    const result = runCli(args);
    assert.is.not(result.status, 0, `${args.join(' ')} should fail`);
    assert.ok(isOneLine(result.stderr), `${args.join(' ')}: ${JSON.stringify(result.stderr)}`);
    assert.match(result.stderr, pattern);
    assert.not.ok(existsSync(out), `${args.join(' ')} left ${out}`);
  }
});

test('sample: a PNG grid of the expected size, the same for the same seed; bad flags', async () => {
  const gray = await tinyModel('gray');
  const first = join(root, 'a.png');
  const second = join(root, 'b.png');
  for (const path of [first, second]) {
    const result = runCli(['sample', '--model', gray.directory, '--class', '2', '-n', '10', '--seed', '5', '-o', path]);
    assert.is(result.status, 0, result.stderr);
  }
  assert.ok(readFileSync(first).equals(readFileSync(second)), 'same seed, same picture');
  const png = pngjs.PNG.sync.read(readFileSync(first));
  const scale = Math.floor(56 / Math.max(TINY_HEIGHT, TINY_WIDTH));
  assert.is(png.width, 60 + 8 * (TINY_WIDTH * scale + 2) + 10);
  assert.is(png.height, 40 + 2 * (TINY_HEIGHT * scale + 2) + 10);
  for (const [args, pattern] of [
    [['--class', '7', '-o', join(root, 'c.png')], /classes 0, 1, 2, not 7/],
    [['--class', '1', '-o', join(root, 'c.txt')], /\.png/],
    [['--class', '1', '-n', '0', '-o', join(root, 'c.png')], /--count|-n/],
  ] as const) {
    const result = runCli(['sample', '--model', gray.directory, ...args]);
    assert.is.not(result.status, 0);
    assert.ok(isOneLine(result.stderr), result.stderr);
    assert.match(result.stderr, pattern);
  }
  assert.not.ok(existsSync(join(root, 'c.png')) || existsSync(join(root, 'c.txt')));
});

test.run();
