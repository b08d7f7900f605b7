/**
 * The external anchors: the split tiled into one picture, the Netpbm files the codecs read, and,
 * for each codec installed here, that its file decodes back (with the codec's own decoder) to
 * exactly the picture it was given, so the sizes in the report are of lossless codings of the
 * images. Missing programs give a note naming the Debian package, not an error.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGrayPng } from '../../src/data/png.js';
import { EXTERNAL_COMPRESSORS, externalOutput, runExternalCompressor } from '../../src/baseline/external.js';
import { codecInput, encodePbm, encodePgm, IMAGE_CODECS, pictureProblem, tileImages, type GrayPicture, type ImageCodec } from '../../src/baseline/image-codecs.js';
import { syntheticImages } from '../helpers/tiny-model.js';

const work = mkdtempSync(join(tmpdir(), 'arcompress-image-codecs-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const installed = (program: string) => !spawnSync(program, ['--version'], { stdio: 'ignore' }).error;

/** Reads a binary Netpbm file: P5 (gray), P6 (RGB, must be gray) or P4 (bits → 255 where black). */
function readPnm(bytes: Uint8Array): GrayPicture {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const match = /^(P[456])\s+(\d+)\s+(\d+)\s+(?:(\d+)\s)?/.exec(text);
  assert.ok(match, 'a binary Netpbm header');
  const [header, kind, w, h] = match!;
  const width = Number(w);
  const height = Number(h);
  const data = bytes.subarray(header.length);
  const pixels = new Uint8Array(width * height);
  if (kind === 'P5') pixels.set(data.subarray(0, width * height));
  if (kind === 'P6') {
    for (let i = 0; i < width * height; i++) {
      assert.ok(data[3 * i] === data[3 * i + 1] && data[3 * i] === data[3 * i + 2], 'gray RGB');
      pixels[i] = data[3 * i];
    }
  }
  if (kind === 'P4') {
    const rowBytes = Math.ceil(width / 8);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = data[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0;
  }
  return { height, width, pixels };
}

/** Decodes a codec's output with that codec's decoder. */
function decodeWith(codec: ImageCodec, bytes: Uint8Array): GrayPicture {
  const file = join(work, `coded-${codec.program}`);
  const out = join(work, `decoded-${codec.program}`);
  writeFileSync(file, bytes);
  if (codec.program === 'optipng') return readGrayPng(bytes, file);
  const command: Record<string, string[]> = {
    cjxl: ['djxl', file, `${out}.pgm`],
    cwebp: ['dwebp', file, '-ppm', '-o', `${out}.pgm`],
    pbmtojbg: ['jbgtopbm', file, `${out}.pgm`],
  };
  const [program, ...args] = command[codec.program];
  const result = spawnSync(program, args, { stdio: 'ignore' });
  assert.is(result.status, 0, `${program} decodes the ${codec.program} file`);
  return readPnm(readFileSync(`${out}.pgm`));
}

const set = syntheticImages(7, 21);

test('tiling: ⌈√n⌉ columns, image i at row ⌊i/columns⌋, column i mod columns; empty cells black', () => {
  const picture = tileImages(set.pixels, set.count, set.height, set.width);
  assert.is(picture.columns, 3);
  assert.is(picture.rows, 3);
  assert.is(picture.width, 3 * set.width);
  assert.is(picture.height, 3 * set.height);
  for (let i = 0; i < 9; i++) {
    for (let y = 0; y < set.height; y++) {
      for (let x = 0; x < set.width; x++) {
        const value = picture.pixels[(Math.floor(i / 3) * set.height + y) * picture.width + (i % 3) * set.width + x];
        assert.is(value, i < set.count ? set.pixels[(i * set.height + y) * set.width + x] : 0);
      }
    }
  }
  const one = tileImages(set.pixels.subarray(0, set.height * set.width), 1, set.height, set.width);
  assert.equal([one.columns, one.rows, one.width, one.height], [1, 1, set.width, set.height]);
});

test('the Netpbm files hold the picture (PBM: thresholded at 128, rows padded to bytes)', () => {
  const picture = tileImages(set.pixels, set.count, set.height, set.width);
  assert.equal(readPnm(encodePgm(picture)), { height: picture.height, width: picture.width, pixels: picture.pixels });
  assert.equal(readPnm(encodePbm(picture)).pixels, picture.pixels.map((value) => (value >= 128 ? 255 : 0)));
});

test('each installed image codec is lossless on the tiled picture (its own decoder gives it back)', () => {
  const picture = tileImages(set.pixels, set.count, set.height, set.width);
  const expected = (codec: ImageCodec) => (codec.pixels === '8-bit' ? picture.pixels : picture.pixels.map((value) => (value >= 128 ? 255 : 0)));
  for (const codec of IMAGE_CODECS) {
    if (!installed(codec.program)) {
      console.log(`  (${codec.program} is not installed: its check is skipped)`);
      continue;
    }
    const output = externalOutput(codec, codecInput(codec, picture));
    assert.ok(output && output.length > 0, `${codec.name} ran`);
    const decoded = decodeWith(codec, output!);
    assert.equal([decoded.width, decoded.height], [picture.width, picture.height], codec.name);
    assert.ok(Buffer.from(decoded.pixels).equals(Buffer.from(expected(codec))), `${codec.name}: decodes to the picture it was given`);
    const timed = runExternalCompressor(codec, codecInput(codec, picture));
    assert.is(timed.compressedBytes, output!.length);
    assert.ok(timed.seconds! > 0);
  }
});

test('zpaq archives a file (its size counts the archive) and missing programs give a note', () => {
  const zpaq = EXTERNAL_COMPRESSORS.find((compressor) => compressor.program === 'zpaq')!;
  if (installed('zpaq')) {
    const repeated = new Uint8Array(100 * set.pixels.length).map((_, i) => set.pixels[i % set.pixels.length]);
    const result = runExternalCompressor(zpaq, repeated);
    assert.ok(result.compressedBytes! > 0 && result.compressedBytes! < set.pixels.length + 2000, JSON.stringify(result));
  }
  const missing = runExternalCompressor({ ...IMAGE_CODECS[0], program: 'arcompress-no-such-program' }, encodePgm(tileImages(set.pixels, set.count, set.height, set.width)));
  assert.equal([missing.compressedBytes, missing.seconds], [null, null]);
  assert.match(missing.note ?? '', /arcompress-no-such-program not found \(Debian package libjxl-tools\)/);
  const webp = IMAGE_CODECS.find((codec) => codec.program === 'cwebp')!;
  assert.match(pictureProblem(webp, { height: 16384, width: 28, pixels: new Uint8Array(0) }) ?? '', /exceeds cwebp's 16383-pixel side/);
  assert.is(pictureProblem(webp, { height: 16383, width: 16383, pixels: new Uint8Array(0) }), null);
});

test.run();
