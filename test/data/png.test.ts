import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pngjs from 'pngjs';
import { isPng, readGrayPng, writeGrayPng } from '../../src/data/png.js';
import { ArcError, ErrorCode } from '../../src/errors.js';

const { PNG } = pngjs;

/** A PNG of colour type `colorType` and depth `bitDepth`, every channel = `value`. */
function pngBytes(width: number, height: number, colorType: 0 | 2 | 4 | 6, bitDepth: 8 | 16 = 8, alpha = 255): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([100, 100, 100, alpha], 4 * i);
  return PNG.sync.write(png, { colorType, bitDepth, inputColorType: 6, inputHasAlpha: true });
}

function failsWith(bytes: Uint8Array, pattern: RegExp): void {
  try {
    readGrayPng(bytes, 'in.png');
  } catch (error) {
    assert.instance(error, ArcError);
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
  assert.equal([...image.pixels], [...pixels]);
});

test('colour, gray+alpha, transparent and 16-bit PNGs are refused with one line', () => {
  failsWith(pngBytes(3, 2, 2), /expected a grayscale PNG.*colour PNG \(colour type 2\)/);
  failsWith(pngBytes(3, 2, 6), /colour type 6/);
  failsWith(pngBytes(3, 2, 4), /gray\+alpha/);
  failsWith(pngBytes(3, 2, 0, 16), /16-bit/);
});

test('damaged and non-PNG bytes are refused', () => {
  const bytes = writeGrayPng({ height: 4, width: 4, pixels: new Uint8Array(16) });
  failsWith(bytes.subarray(0, 30), /damaged PNG/);
  try {
    readGrayPng(Uint8Array.of(1, 2, 3), 'n.png');
    assert.unreachable();
  } catch (error) {
    assert.is((error as ArcError).code, ErrorCode.BadMagic);
  }
});

test.run();
