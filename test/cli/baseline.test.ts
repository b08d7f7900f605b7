/** `arcompress baseline` run as a user would, on a small dataset. */
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isOneLine, runCli } from '../helpers/cli.js';
import { textureDataset, writeIdxDataset } from '../baseline/synthetic-images.js';

const { train, test: testSet } = textureDataset(12, 9);
const directory = writeIdxDataset(train, testSet);

test.after(() => rmSync(directory, { recursive: true, force: true }));

test('--json: every method and pixel format, overall and per class, bits per pixel = 8 × bytes / pixels', () => {
  const result = runCli(['baseline', '--dataset', directory, '--json']);
  assert.is(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout);
  assert.is(output.split, 'test');
  assert.is(output.pixelCount, 9 * 256);
  assert.is(output.rows.length, 1 + 3 * 3);
  assert.ok(output.rows.some((row: { method: string }) => row.method === 'gzip-9-idx-file'));
  for (const row of output.rows) assert.ok(Math.abs(row.bitsPerPixel - (8 * row.compressedBytes) / row.pixelCount) < 1e-12);
  assert.equal(output.perClass.map((entry: { label: number; imageCount: number }) => [entry.label, entry.imageCount]), [[0, 3], [1, 3], [2, 3]]);
  assert.is(output.perClass[0].rows.length, 3 * 3);
});

test('text: a table of methods by pixel format, then per class; --split train, --no-brotli, --no-per-class', () => {
  const result = runCli(['baseline', '--dataset', directory, '--split', 'train', '--no-brotli', '--no-per-class']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /gzip -9, IDX file \(header included\)\s+\d+\.\d{4}\s+—\s+—/);
  assert.match(result.stdout, /deflate -9, each image alone(\s+\d+\.\d{4}){3}/);
  assert.not.match(result.stdout, /brotli|per class/);
  assert.match(result.stderr, /12 images of 16×16/);
});

test('a missing dataset or a bad split: one line, exit code 1', () => {
  for (const args of [['--dataset', `${directory}/missing`], ['--dataset', directory, '--split', 'validation']]) {
    const result = runCli(['baseline', ...args]);
    assert.is(result.status, 1);
    assert.ok(isOneLine(result.stderr), result.stderr);
  }
});

test.run();
