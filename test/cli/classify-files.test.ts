/**
 * `arcompress classify FILE...` as a user runs it: per image the predicted class and the real and
 * ideal code length under every class (the library's full scoring), from PNGs, an IDX file or
 * stdin; `--labels` adds accuracy and the report; the bundled model is chosen as encode chooses it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/index.js';
import { writeGrayPng } from '../../src/data/png.js';
import { scoreImages, shortestCodeClasses } from '../../src/classify/score.js';
import { isOneLine, runCli } from '../helpers/cli.js';
import { bilevelImages, syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const work = mkdtempSync(join(tmpdir(), 'arcompress-classify-files-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const path = (name: string) => join(work, name);
const SIZE = TINY_HEIGHT * TINY_WIDTH;
const set = syntheticImages(12, 77);
writeFileSync(path('set.idx'), encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], set.pixels));
writeFileSync(path('labels.txt'), Array.from(set.labels!).join('\n'));
const pngNames = [0, 1, 2].map((i) => `image-${i}.png`);
pngNames.forEach((name, i) => writeFileSync(path(name), writeGrayPng({ height: TINY_HEIGHT, width: TINY_WIDTH, pixels: set.pixels.slice(i * SIZE, (i + 1) * SIZE) })));

interface ImageRow { index: number; name?: string; label?: number; predicted: number; realBits: number[]; idealBits: number[] }

function classifyJson(args: string[], input?: Buffer) {
  const result = runCli(['classify', ...args, '--json', '--workers', '1'], { input });
  assert.is(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { pixelMode: string; classLabels: number[]; images: ImageRow[]; accuracy?: number; report?: { accuracy: number; confusion: number[][] } };
}

test('an IDX file: per image the prediction and every class\'s real and ideal bits, exactly the library\'s full scoring', async () => {
  const { model, directory } = await tinyModel('gray');
  const output = classifyJson([path('set.idx'), '--model', directory]);
  assert.equal(output.classLabels, model.info.classLabels);
  assert.is(output.images.length, set.count);
  const lengths = scoreImages(model, set, 0, set.count);
  const predicted = shortestCodeClasses(lengths, 'real');
  output.images.forEach((row, i) => {
    assert.is(row.index, i);
    assert.is(row.realBits.length, model.classCount);
    assert.equal(row.realBits, Array.from(lengths.realBits.subarray(i * model.classCount, (i + 1) * model.classCount)));
    assert.equal(row.idealBits, Array.from(lengths.idealBits.subarray(i * model.classCount, (i + 1) * model.classCount)));
    assert.is(row.predicted, model.info.classLabels[predicted[i]]);
    row.realBits.forEach((real, c) => {
      // Real lengths are whole bytes of a record and sit within a few bytes above the ideal one.
      assert.ok(Number.isFinite(real) && real % 8 === 0, `image ${i} class ${c}: ${real}`);
      assert.ok(real >= row.idealBits[c] - 8 && real <= row.idealBits[c] + 40, `image ${i} class ${c}: real ${real}, ideal ${row.idealBits[c]}`);
    });
  });
  // Two worker threads give the same numbers as one.
  const parallel = runCli(['classify', path('set.idx'), '--model', directory, '--json', '--workers', '2']);
  assert.is(parallel.status, 0, parallel.stderr);
  assert.equal(JSON.parse(parallel.stdout).images, output.images);
});

test('PNG files and stdin give the same lengths as the IDX file, named by file; the text form is a table', async () => {
  const { directory } = await tinyModel('gray');
  const fromIdx = classifyJson([path('set.idx'), '--model', directory]).images;
  const fromPng = classifyJson([...pngNames.map(path), '--model', directory]).images;
  assert.equal(fromPng.map((row) => row.name), pngNames);
  fromPng.forEach((row, i) => {
    assert.equal(row.realBits, fromIdx[i].realBits);
    assert.equal(row.idealBits, fromIdx[i].idealBits);
  });
  const idxBytes = encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], set.pixels);
  assert.equal(classifyJson(['-', '--model', directory], Buffer.from(idxBytes)).images, fromIdx);

  const text = runCli(['classify', ...pngNames.map(path), '--model', directory]);
  assert.is(text.status, 0, text.stderr);
  const lines = text.stdout.split('\n');
  const header = lines.findIndex((line) => line.startsWith('image'));
  assert.match(lines[header], /^image\s+predicted\s+class 0\s+class 1\s+class 2$/);
  pngNames.forEach((name, i) => {
    const cells = lines[header + 1 + i].trim().split(/\s+/);
    assert.is(cells[0], name);
    assert.is(Number(cells[1]), fromPng[i].predicted);
    assert.equal(cells.slice(2).map((cell) => Number(cell.replace('*', ''))), fromPng[i].realBits);
    assert.is(cells.filter((cell) => cell.startsWith('*')).length, 1, 'the predicted class is marked');
  });
});

test('--labels adds accuracy and the dataset form\'s report', async () => {
  const { directory } = await tinyModel('gray');
  const output = classifyJson([path('set.idx'), '--model', directory, '--labels', path('labels.txt')]);
  const correct = output.images.filter((row, i) => row.label === set.labels![i] && row.predicted === row.label).length;
  assert.is(output.accuracy, correct / set.count);
  assert.is(output.report!.accuracy, output.accuracy);
  assert.is(output.report!.confusion.flat().reduce((a, b) => a + b, 0), set.count);
  const text = runCli(['classify', path('set.idx'), '--model', directory, '--labels', path('labels.txt')]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /image\s+label\s+predicted/);
  assert.match(text.stdout, /precision\s+recall\s+f1-score\s+support/);
  assert.match(text.stdout, /accuracy by shortest real code: [\d.]+%/);
});

test('a binary model scores 0/1 images as their 0/255 form', async () => {
  const { directory } = await tinyModel('binary');
  const bilevel = bilevelImages(set);
  const ones = bilevel.pixels.map((value) => (value ? 1 : 0));
  writeFileSync(path('bilevel.idx'), encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], bilevel.pixels));
  writeFileSync(path('ones.idx'), encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], ones));
  const a = classifyJson([path('bilevel.idx'), '--model', directory]);
  assert.is(a.pixelMode, 'binary');
  assert.equal(classifyJson([path('ones.idx'), '--model', directory]).images, a.images);
});

test('without --model, the bundled gray model for gray images and the binary one for bilevel images', () => {
  const gray = new Uint8Array(28 * 28).map((_, i) => (i * 37) % 256);
  const bilevel = gray.map((value) => (value >= 128 ? 255 : 0));
  writeFileSync(path('gray28.png'), writeGrayPng({ height: 28, width: 28, pixels: gray }));
  writeFileSync(path('bilevel28.png'), writeGrayPng({ height: 28, width: 28, pixels: bilevel }));
  const grayOut = classifyJson([path('gray28.png')]);
  assert.is(grayOut.pixelMode, 'gray');
  assert.is(grayOut.images[0].realBits.length, 10);
  assert.is(classifyJson([path('bilevel28.png')]).pixelMode, 'binary');
  assert.is(classifyJson([path('gray28.png'), '--pixels', 'binary']).pixelMode, 'binary');
});

test('bad input gives one line and a non-zero exit', async () => {
  const { directory } = await tinyModel('gray');
  writeFileSync(path('short-labels.txt'), '0 1');
  writeFileSync(path('junk.bin'), 'not an image');
  const cases: [string[], RegExp][] = [
    [[path('set.idx'), '--model', directory, '--dataset', 'mnist'], /either image files or --dataset/],
    [[path('set.idx'), '--model', directory, '--limit', '3'], /--limit only apply to a dataset/],
    [['--dataset', 'mnist', '--labels', path('labels.txt')], /--labels goes with image files/],
    [[path('set.idx'), '--model', directory, '--labels', path('short-labels.txt')], /one label per image \(12\), found 2/],
    [[path('set.idx'), '--model', directory, '--labels', path('no-such-labels')], /no-such-labels: no such file/],
    [[path('gray28.png'), '--model', directory], /28×28 images but the model codes 12×10/],
    [[path('junk.bin'), '--model', directory], /junk\.bin/],
    [[path('set.idx'), '-', '--model', directory], /'-' \(stdin\) must be the only input/],
  ];
  for (const [args, pattern] of cases) {
    const result = runCli(['classify', ...args]);
    assert.is.not(result.status, 0, `${args.join(' ')} should fail`);
    assert.ok(isOneLine(result.stderr), `${args.join(' ')}: expected one line, got ${JSON.stringify(result.stderr)}`);
    assert.match(result.stderr, pattern);
  }
});

test.run();
