/**
 * `arcompress encode` / `decode` as a user runs them: round trips (IDX, gzipped IDX, stdin/stdout,
 * PNGs), summaries, and bad input: one line naming the problem, a non-zero exit, no output left.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pngjs from 'pngjs';
import { encodeIdx } from '../../src/data/index.js';
import { readGrayPng, writeGrayPng } from '../../src/data/png.js';
import { isOneLine, runCli } from '../helpers/cli.js';
import { encodePng, grayVariants } from '../helpers/png-encoder.js';
import { syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const work = mkdtempSync(join(tmpdir(), 'arcompress-cli-codec-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const path = (name: string) => join(work, name);
const SIZE = TINY_HEIGHT * TINY_WIDTH;
const set = syntheticImages(20, 51);
const idx = encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], set.pixels);
writeFileSync(path('in.idx'), idx);
writeFileSync(path('in.idx.gz'), gzipSync(idx));

/** Asserts a failure: exit ≠ 0, one line on stderr matching `pattern`, and no file at `out`. */
function assertFails(result: ReturnType<typeof runCli>, pattern: RegExp, out: string): void {
  assert.is.not(result.status, 0);
  assert.ok(isOneLine(result.stderr), `one line expected: ${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.not.ok(existsSync(out), `${out} must not exist`);
  assert.equal(readdirSync(work).filter((name) => name.endsWith('.tmp')), [], 'no temporary files left');
}

test('IDX round-trips byte for byte (gzipped input too); summaries name images, bits/pixel, gzip ratio, time', async () => {
  const { directory } = await tinyModel('gray');
  const encoded = runCli(['encode', path('in.idx.gz'), '-o', path('a.arc'), '--model', directory, '--verify']);
  assert.is(encoded.status, 0, encoded.stderr);
  assert.ok(isOneLine(encoded.stdout), encoded.stdout);
  assert.match(encoded.stdout, /encoded 20 images 12×10 .* bits\/pixel .* gzip -9 .*verified; [\d.]+ s/);
  const decoded = runCli(['decode', path('a.arc'), '-o', path('a.idx'), '--model', directory, '--json']);
  assert.is(decoded.status, 0, decoded.stderr);
  const report = JSON.parse(decoded.stdout);
  assert.is(report.images, 20);
  assert.ok(report.inputWasGzipped);
  assert.ok(report.bitsPerPixel > 0 && report.ratioVsGzip > 0);
  assert.ok(Buffer.from(readFileSync(path('a.idx'))).equals(Buffer.from(idx)));
});

test("'-' reads stdin and writes stdout; messages go to stderr", async () => {
  const { directory } = await tinyModel('gray');
  const encoded = runCli(['encode', '-', '-o', '-', '--model', directory, '--json'], { input: Buffer.from(idx) });
  assert.is(encoded.status, 0, encoded.stderr);
  assert.is(JSON.parse(encoded.stderr).images, 20);
  const decoded = runCli(['decode', '-', '-o', '-', '--model', directory], { input: encoded.stdoutBytes });
  assert.is(decoded.status, 0, decoded.stderr);
  assert.ok(decoded.stdoutBytes.equals(Buffer.from(idx)));
  assert.match(decoded.stderr, /checksum verified \(CRC-32\)/);
});

test('PNGs come back as PNGs with identical pixels, under their names', async () => {
  const { directory } = await tinyModel('gray');
  const names = ['one.png', 'two.png', 'three.png'];
  names.forEach((name, i) => writeFileSync(path(name), writeGrayPng({ height: TINY_HEIGHT, width: TINY_WIDTH, pixels: set.pixels.subarray(i * SIZE, (i + 1) * SIZE) })));
  const encoded = runCli(['encode', ...names.map(path), '-o', path('p.arc'), '--model', directory]);
  assert.is(encoded.status, 0, encoded.stderr);
  const decoded = runCli(['decode', path('p.arc'), '-o', path('pngs'), '--model', directory]);
  assert.is(decoded.status, 0, decoded.stderr);
  names.forEach((name, i) => {
    const image = readGrayPng(readFileSync(join(path('pngs'), name)), name);
    assert.equal([...image.pixels], [...set.pixels.subarray(i * SIZE, (i + 1) * SIZE)]);
  });
});

test('palette, 16-bit and RGBA PNGs of gray pixels are encoded, the note says so, decode writes 8-bit gray PNGs', async () => {
  const { directory } = await tinyModel('gray');
  const pixels = set.pixels.subarray(0, SIZE).map((v) => (v >> 4) * 17);
  const variants = grayVariants(TINY_WIDTH, TINY_HEIGHT, pixels);
  writeFileSync(path('pal.png'), variants.get('4-bit palette')!);
  const one = runCli(['encode', path('pal.png'), '-o', path('pal.arc'), '--model', directory]);
  assert.is(one.status, 0, one.stderr);
  assert.ok(isOneLine(one.stdout), one.stdout);
  assert.match(one.stdout, /note: the input is a 4-bit palette PNG; its pixels are gray and are stored exactly; decode writes 8-bit gray PNGs/);
  const back = runCli(['decode', path('pal.arc'), '-o', path('pal-back.png'), '--model', directory]);
  assert.is(back.status, 0, back.stderr);
  assert.match(back.stdout, /\(8-bit gray PNG, /);
  const image = readGrayPng(readFileSync(path('pal-back.png')), 'pal-back.png');
  assert.is(image.encoding, '8-bit gray');
  assert.equal([...image.pixels], [...pixels]);
  writeFileSync(path('g16.png'), variants.get('16-bit gray')!);
  writeFileSync(path('rgba.png'), variants.get('8-bit RGBA')!);
  writeFileSync(path('g8.png'), variants.get('8-bit gray')!);
  const several = runCli(['encode', path('g16.png'), path('rgba.png'), path('g8.png'), '-o', path('mixed.arc'), '--model', directory]);
  assert.is(several.status, 0, several.stderr);
  assert.match(several.stdout, /note: 2 of 3 inputs are not 8-bit gray PNGs \(1 × 16-bit gray, 1 × 8-bit RGBA\)/);
});

test('--binarize is lossy and says so; without it the binary model refuses gray input', async () => {
  const { directory } = await tinyModel('binary');
  const refused = runCli(['encode', path('in.idx'), '-o', path('b.arc'), '--model', directory]);
  assertFails(refused, /bilevel.*distinct pixel values/, path('b.arc'));
  const lossy = runCli(['encode', path('in.idx'), '-o', path('b.arc'), '--model', directory, '--binarize', '--verify']);
  assert.is(lossy.status, 0, lossy.stderr);
  assert.match(lossy.stdout, /LOSSY/);
  const help = runCli(['encode', '--help']);
  assert.match(help.stdout, /LOSSY/);
});

test('bad input: one line, non-zero exit, no output file', async () => {
  const gray = await tinyModel('gray');
  const binary = await tinyModel('binary');
  const encoded = runCli(['encode', path('in.idx'), '-o', path('good.arc'), '--model', gray.directory]);
  assert.is(encoded.status, 0, encoded.stderr);
  const good = readFileSync(path('good.arc'));
  const out = path('out.idx');
  const decodeOf = (name: string, bytes: Uint8Array, model = gray.directory) => {
    writeFileSync(path(name), bytes);
    return runCli(['decode', path(name), '-o', out, '--model', model]);
  };
  assertFails(decodeOf('t.arc', good.subarray(0, good.length - 10)), /truncated/, out);
  const flipped = Buffer.from(good);
  flipped[good.length >> 1] ^= 4;
  assertFails(decodeOf('f.arc', flipped), /damaged.*checksum/, out);
  assertFails(decodeOf('m.arc', Buffer.from('PK\u0003\u0004 not an arc file')), /not an arcompress \.arc file/, out);
  const version = Buffer.from(good);
  version[1] = 9;
  assertFails(decodeOf('v.arc', version), /version 9/, out);
  assertFails(decodeOf('g.arc', good, binary.directory), /was made with model/, out);
  assertFails(decodeOf('e.arc', new Uint8Array(0)), /empty/, out);

  const arc = path('x.arc');
  writeFileSync(path('empty.idx'), new Uint8Array(0));
  assertFails(runCli(['encode', path('empty.idx'), '-o', arc, '--model', gray.directory]), /empty input/, arc);
  writeFileSync(path('wide.idx'), encodeIdx([1, TINY_HEIGHT, TINY_WIDTH + 2], new Uint8Array(SIZE + 2 * TINY_HEIGHT)));
  assertFails(runCli(['encode', path('wide.idx'), '-o', arc, '--model', gray.directory]), /12×12 images but the model codes 12×10/, arc);
  const colour = new pngjs.PNG({ width: TINY_WIDTH, height: TINY_HEIGHT });
  colour.data.fill(255);
  colour.data[4 * 7] = 200;
  writeFileSync(path('colour.png'), pngjs.PNG.sync.write(colour, { colorType: 2 }));
  assertFails(runCli(['encode', path('colour.png'), '-o', arc, '--model', gray.directory]), /colour PNG \(8-bit RGB\): pixel \(7, 0\) is \(200, 255, 255\), not gray/, arc);
  const detail = Array.from({ length: SIZE }, (_, i) => (i === 3 ? 1000 : 0));
  writeFileSync(path('deep.png'), encodePng({ width: TINY_WIDTH, height: TINY_HEIGHT, colorType: 0, bitDepth: 16, samples: detail }));
  assertFails(runCli(['encode', path('deep.png'), '-o', arc, '--model', gray.directory]), /16-bit PNG whose values are not 8-bit ones/, arc);
  writeFileSync(path('no-idat.png'), readFileSync(new URL('../fixtures/pngsuite/xdtn0g01.png', import.meta.url)));
  assertFails(runCli(['encode', path('no-idat.png'), '-o', arc, '--model', gray.directory]), /damaged PNG file \(no image data: it has no IDAT chunk\)/, arc);
  assertFails(runCli(['encode', path('missing.idx'), '-o', arc, '--model', gray.directory]), /no such file/, arc);
});

test.run();
