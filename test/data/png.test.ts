/**
 * PNG reading (src/data/png.ts): every encoding whose pixels are gray reads back to the same 8-bit
 * values, made here from MNIST digits; colour, transparency and 16-bit detail are refused in one
 * line; damaged files are refused before any pixel is decoded. (PngSuite: test/data/png-suite.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pngjs from 'pngjs';
import { embeddedMnistDirectory, parseIdx } from '../../src/data/index.js';
import { isPng, readGrayPng, writeGrayPng } from '../../src/data/png.js';
import { ArcError, ErrorCode } from '../../src/errors.js';
import { chunk, concat, encodePng, grayVariants, SIGNATURE } from '../helpers/png-encoder.js';

const { PNG } = pngjs;
const mnist = parseIdx(new Uint8Array(readFileSync(`${embeddedMnistDirectory()}/t10k-images-idx3-ubyte`)), 'mnist');
const digit = (i: number) => mnist.data.slice(i * 784, (i + 1) * 784);

function failsWith(bytes: Uint8Array, pattern: RegExp, code: string = ErrorCode.BadFormat): void {
  try {
    readGrayPng(bytes, 'in.png');
  } catch (error) {
    assert.instance(error, ArcError);
    assert.is((error as ArcError).code, code, (error as Error).message);
    assert.match((error as Error).message, pattern);
    assert.not.match((error as Error).message, /\n/);
    return;
  }
  assert.unreachable('expected an error');
}

test('8-bit gray PNGs round-trip every pixel value', () => {
  const pixels = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) % 256);
  const bytes = writeGrayPng({ height: 16, width: 16, pixels });
  assert.ok(isPng(bytes));
  const image = readGrayPng(bytes, 'x.png');
  assert.is(image.height, 16);
  assert.is(image.width, 16);
  assert.is(image.encoding, '8-bit gray');
  assert.equal([...image.pixels], [...pixels]);
});

test('an MNIST digit in every gray-keeping encoding (16-bit gray, RGB, RGBA, gray+alpha, 8-bit palette) reads back exactly', () => {
  const pixels = digit(0);
  const variants = grayVariants(28, 28, pixels);
  for (const encoding of ['8-bit gray', '16-bit gray', '8-bit RGB', '16-bit RGB', '8-bit RGBA', '16-bit RGBA', '8-bit gray+alpha', '8-bit palette']) {
    const bytes = variants.get(encoding);
    assert.ok(bytes, encoding);
    const image = readGrayPng(bytes!, encoding);
    assert.is(image.encoding, encoding);
    assert.equal([...image.pixels], [...pixels], encoding);
  }
});

test('MNIST digits with at most 16 gray levels as 4-bit palettes (as pnmtopng writes them), and 1/2/4-bit gray', () => {
  const few = Array.from({ length: 200 }, (_, i) => i).filter((i) => new Set(digit(i)).size <= 16);
  assert.ok(few.length >= 1, 'some of the first 200 test digits have at most 16 levels');
  for (const i of few) {
    const bytes = grayVariants(28, 28, digit(i)).get('4-bit palette')!;
    const image = readGrayPng(bytes, `digit ${i}`);
    assert.is(image.encoding, '4-bit palette');
    assert.equal([...image.pixels], [...digit(i)]);
  }
  for (const depth of [1, 2, 4]) {
    const maxSample = 2 ** depth - 1;
    const quantized = digit(1).map((v) => Math.round((v * maxSample) / 255) * (255 / maxSample));
    const bytes = grayVariants(28, 28, quantized).get(`${depth}-bit gray`)!;
    const image = readGrayPng(bytes, `${depth}-bit`);
    assert.is(image.encoding, `${depth}-bit gray`);
    assert.equal([...image.pixels], [...quantized]);
  }
});

test('pngjs-written RGB and RGBA with R = G = B and opaque alpha are gray', () => {
  const png = new PNG({ width: 28, height: 28 });
  const pixels = digit(2);
  pixels.forEach((v, i) => png.data.set([v, v, v, 255], 4 * i));
  for (const colorType of [2, 6] as const) {
    const image = readGrayPng(PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true }), 'p.png');
    assert.equal([...image.pixels], [...pixels]);
  }
});

test('colour, transparency and 16-bit detail are refused with one line naming the pixel', () => {
  const pixels = digit(3);
  const rgb = Array.from(pixels).flatMap((v) => [v, v, v]);
  rgb[3 * 100 + 1] ^= 1;
  failsWith(encodePng({ width: 28, height: 28, colorType: 2, bitDepth: 8, samples: rgb }), /a colour PNG \(8-bit RGB\): pixel \(16, 3\) is/);
  failsWith(encodePng({ width: 2, height: 1, colorType: 3, bitDepth: 1, samples: [0, 1], palette: [[0, 0, 0], [255, 0, 0]] }), /colour PNG \(1-bit palette\): pixel \(1, 0\) is \(255, 0, 0\)/);
  const rgba = Array.from(pixels).flatMap((v) => [v, v, v, 255]);
  rgba[4 * 5 + 3] = 254;
  failsWith(encodePng({ width: 28, height: 28, colorType: 6, bitDepth: 8, samples: rgba }), /transparent at pixel \(5, 0\) \(alpha 254 of 255\)/);
  failsWith(encodePng({ width: 2, height: 1, colorType: 4, bitDepth: 16, samples: [0, 65535, 0, 65534] }), /transparent at pixel \(1, 0\)/);
  failsWith(encodePng({ width: 2, height: 1, colorType: 3, bitDepth: 8, samples: [0, 1], palette: [[0, 0, 0], [9, 9, 9]], transparency: Uint8Array.of(255, 0) }), /transparent at pixel \(1, 0\)/);
  failsWith(encodePng({ width: 2, height: 1, colorType: 0, bitDepth: 8, samples: [7, 9], transparency: Uint8Array.of(0, 9) }), /transparent at pixel \(1, 0\)/);
  const unusedTransparent = readGrayPng(encodePng({ width: 2, height: 1, colorType: 0, bitDepth: 8, samples: [7, 9], transparency: Uint8Array.of(0, 8) }), 't.png');
  assert.equal([...unusedTransparent.pixels], [7, 9], 'a tRNS colour no pixel uses is opaque');
  const deep = Array.from(pixels, (v) => v * 257);
  deep[30] += 1;
  failsWith(encodePng({ width: 28, height: 28, colorType: 0, bitDepth: 16, samples: deep }), /16-bit PNG whose values are not 8-bit ones: pixel \(2, 1\) is \d+, not a multiple of 257/);
});

test('damaged PNGs are refused before any pixel is decoded: truncation, CRC, missing IDAT or IEND, trailing bytes', () => {
  const good = encodePng({ width: 28, height: 28, colorType: 0, bitDepth: 8, samples: digit(4), idatParts: 3 });
  assert.equal([...readGrayPng(good, 'good.png').pixels], [...digit(4)], 'IDAT split over three chunks');
  for (let length = 8; length < good.length; length += 7) failsWith(good.subarray(0, length), /damaged PNG file .*truncated|damaged PNG file/);
  for (let position = 8; position < good.length; position += 11) {
    const flipped = good.slice();
    flipped[position] ^= 0x08;
    try {
      readGrayPng(flipped, 'f.png');
      assert.unreachable(`flip at ${position} accepted`);
    } catch (error) {
      assert.instance(error, ArcError, String(error));
    }
  }
  const header = chunk('IHDR', good.subarray(16, 29));
  const end = chunk('IEND', new Uint8Array(0));
  const image = good.subarray(33, good.length - 12);
  failsWith(concat([SIGNATURE, header, end]), /no IDAT/);
  failsWith(concat([SIGNATURE, header, image]), /before its IEND chunk: truncated/);
  failsWith(concat([SIGNATURE, header, image, end, Uint8Array.of(0)]), /1 bytes after its IEND chunk/);
  failsWith(concat([SIGNATURE, image, header, end]), /first chunk is IDAT/);
  const parts = encodePng({ width: 28, height: 28, colorType: 0, bitDepth: 8, samples: digit(4), idatParts: 2 });
  const firstIdatEnd = 33 + 12 + new DataView(parts.buffer).getUint32(33);
  failsWith(concat([parts.subarray(0, firstIdatEnd), chunk('tEXt', new TextEncoder().encode('a\u0000b')), parts.subarray(firstIdatEnd)]), /not adjacent/);
  failsWith(concat([SIGNATURE, header, chunk('ABCD', new Uint8Array(2)), image, end]), /unknown critical chunk ABCD/);
  failsWith(encodePng({ width: 2, height: 1, colorType: 3, bitDepth: 8, samples: [0, 0] }), /without a PLTE/);
  const short = encodePng({ width: 28, height: 27, colorType: 0, bitDepth: 8, samples: digit(4) });
  failsWith(concat([SIGNATURE, header, short.subarray(33, short.length - 12), end]), /inflate to 783 bytes, its rows need 812: truncated/);
  failsWith(Uint8Array.of(1, 2, 3), /not a PNG file/, ErrorCode.BadMagic);
});

test.run();
