/**
 * `arcompress decode --images LIST`: only the listed records are decoded, into an IDX file of just
 * those images or into PNGs, as -o says; bad lists are one line, a non-zero exit and no output.
 * Also: a compact file names its bundled model by fingerprint alone, and decode finds it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeImages, selectImages } from '../../src/cli/image-list.js';
import { encodeIdx, parseIdx } from '../../src/data/index.js';
import { readGrayPng, writeGrayPng } from '../../src/data/png.js';
import { ArcError } from '../../src/errors.js';
import { isOneLine, runCli } from '../helpers/cli.js';
import { syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';
import { CONTAINER_VERSION } from '../../src/codec/container.js';

const work = mkdtempSync(join(tmpdir(), 'arcompress-decode-images-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const path = (name: string) => join(work, name);
const SIZE = TINY_HEIGHT * TINY_WIDTH;
const set = syntheticImages(20, 61);
const imageOf = (i: number) => set.pixels.subarray(i * SIZE, (i + 1) * SIZE);

test('image lists: indices and ranges, in file order, each once; bad lists refused', () => {
  assert.equal(selectImages('3,5,10-12', 20, 'f'), [3, 5, 10, 11, 12]);
  assert.equal(selectImages(' 12 , 0-2,1 ', 20, 'f'), [0, 1, 2, 12]);
  assert.equal(selectImages('19', 20, 'f'), [19]);
  assert.is(describeImages([0, 1, 2, 5, 7, 8]), '0–2, 5, 7–8');
  for (const [list, pattern] of [['', /empty/], ['3,,5', /not an index/], ['a', /not an index/], ['5-3', /backwards/], ['20', /holds images 0\.\.19, not 20/], ['-1', /not an index/], ['1.5', /not an index/], ['0-99999999999', /not 99999999999/]] as const) {
    try {
      selectImages(list, 20, 'f.arc');
      assert.unreachable(`'${list}' accepted`);
    } catch (error) {
      assert.instance(error, ArcError, String(error));
      assert.match((error as Error).message, pattern);
      assert.not.match((error as Error).message, /\n/);
    }
  }
});

test('--images from an IDX file: an IDX of just those images, or PNGs into a directory', async () => {
  const { directory } = await tinyModel('gray');
  writeFileSync(path('in.idx'), encodeIdx([20, TINY_HEIGHT, TINY_WIDTH], set.pixels));
  const encoded = runCli(['encode', path('in.idx'), '-o', path('a.arc'), '--model', directory]);
  assert.is(encoded.status, 0, encoded.stderr);
  const sub = runCli(['decode', path('a.arc'), '--images', '3,5,10-12', '-o', path('sub.idx'), '--model', directory]);
  assert.is(sub.status, 0, sub.stderr);
  assert.match(sub.stdout, /decoded images 3, 5, 10–12 of 20 12×10/);
  const idx = parseIdx(new Uint8Array(readFileSync(path('sub.idx'))), 'sub.idx');
  assert.equal(idx.dims, [5, TINY_HEIGHT, TINY_WIDTH]);
  assert.equal([...idx.data], [3, 5, 10, 11, 12].flatMap((i) => [...imageOf(i)]));
  const pngs = runCli(['decode', path('a.arc'), '--images', '7-8', '-o', path('pngs') + '/', '--model', directory]);
  assert.is(pngs.status, 0, pngs.stderr);
  assert.equal(readdirSync(path('pngs')).sort(), ['image-7.png', 'image-8.png']);
  assert.equal([...readGrayPng(readFileSync(join(path('pngs'), 'image-8.png')), 'x').pixels], [...imageOf(8)]);
});

test('--images from PNG files: one PNG to -o, several under their names', async () => {
  const { directory } = await tinyModel('gray');
  const names = ['a.png', 'b.png', 'c.png'];
  names.forEach((name, i) => writeFileSync(path(name), writeGrayPng({ height: TINY_HEIGHT, width: TINY_WIDTH, pixels: imageOf(i) })));
  const encoded = runCli(['encode', ...names.map(path), '-o', path('p.arc'), '--model', directory]);
  assert.is(encoded.status, 0, encoded.stderr);
  const one = runCli(['decode', path('p.arc'), '--images', '1', '-o', path('one.png'), '--model', directory]);
  assert.is(one.status, 0, one.stderr);
  assert.equal([...readGrayPng(readFileSync(path('one.png')), 'one.png').pixels], [...imageOf(1)]);
  const two = runCli(['decode', path('p.arc'), '--images', '0,2', '-o', path('two'), '--model', directory]);
  assert.is(two.status, 0, two.stderr);
  assert.equal(readdirSync(path('two')).sort(), ['a.png', 'c.png']);
  const idx = runCli(['decode', path('p.arc'), '--images', '2,0', '-o', path('two.idx'), '--model', directory]);
  assert.is(idx.status, 0, idx.stderr);
  assert.equal([...parseIdx(new Uint8Array(readFileSync(path('two.idx'))), 'two.idx').data], [...imageOf(0), ...imageOf(2)]);
});

test('bad --images lists and outputs: one line, non-zero exit, no output (a.arc from the IDX test above)', async () => {
  const { directory } = await tinyModel('gray');
  for (const [list, out, pattern] of [
    ['', 'e.idx', /empty list/],
    ['3,,5', 'm.idx', /not an index/],
    ['20', 'r.idx', /holds images 0\.\.19, not 20/],
    ['4-2', 'b.idx', /backwards/],
    ['1,2', 'two.png', /2 images to write, but -o .*two\.png names one PNG file/],
  ] as const) {
    const result = runCli(['decode', path('a.arc'), '--images', list, '-o', path(out), '--model', directory]);
    assert.is.not(result.status, 0);
    assert.ok(isOneLine(result.stderr), result.stderr);
    assert.match(result.stderr, pattern);
    assert.not.ok(existsSync(path(out)), `${out} must not exist`);
  }
});

test('a compact file finds its bundled model by fingerprint (no --model on either side)', () => {
  const digit = new Uint8Array(784).map((_, i) => ((i * 7) % 29 === 0 ? 200 : 0));
  writeFileSync(path('digit.png'), writeGrayPng({ height: 28, width: 28, pixels: digit }));
  const encoded = runCli(['encode', path('digit.png'), '-o', path('digit.arc')]);
  assert.is(encoded.status, 0, encoded.stderr);
  assert.is(readFileSync(path('digit.arc'))[1], CONTAINER_VERSION, `version ${CONTAINER_VERSION}`);
  const decoded = runCli(['decode', path('digit.arc'), '-o', path('back.png')]);
  assert.is(decoded.status, 0, decoded.stderr);
  assert.equal([...readGrayPng(readFileSync(path('back.png')), 'back.png').pixels], [...digit]);
});

test.run();
