/**
 * PngSuite (test/fixtures/pngsuite): every image whose pixels are gray and opaque is read, and
 * encodes and decodes exactly with a model of its size; every other one is refused in one line
 * saying why (colour, transparency, 16-bit detail); every damaged x*.png is refused, also through
 * the encoder's input reading (a damaged signature must not be taken for an IDX file). Images of
 * the suite re-encoded here in every gray-keeping encoding read back to the same pixels, and the
 * suite's odd-sized palette images (1×1 … 40×40), converted to gray, round-trip with models of
 * their sizes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import pngjs from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArchive, encodeArchive } from '../../src/codec/archive.js';
import { imageSourceFromInputs } from '../../src/codec/files.js';
import { pngSource } from '../../src/codec/source.js';
import { readGrayPng, writeGrayPng } from '../../src/data/png.js';
import { ArcError } from '../../src/errors.js';
import type { ArModel } from '../../src/model/ar-model.js';
import { grayVariants } from '../helpers/png-encoder.js';
import { randomModel } from '../helpers/random-model.js';

const SUITE = new URL('../fixtures/pngsuite/', import.meta.url);
const files = readdirSync(SUITE).filter((name) => name.endsWith('.png')).sort();
const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, SUITE)));

/**
 * The suite's gray, opaque images. By PngSuite's naming (colour type in characters 5–6: 0g gray,
 * 2c RGB, 3p palette, 4a gray+alpha, 6a RGBA): all 0g files of depth 1–8 except tbbn0g04 (a tRNS
 * gray that its pixels use), and of the 16-bit gray files the gamma series g*n0g16, whose samples
 * are 8-bit values × 257 (basn/basi/oi*0g16 use full 16-bit values). The suite's palette, RGB and
 * alpha images all hold colour or transparency.
 */
const GRAY = new Set([
  'basi0g01', 'basi0g02', 'basi0g04', 'basi0g08', 'basn0g01', 'basn0g02', 'basn0g04', 'basn0g08',
  'cm0n0g04', 'cm7n0g04', 'cm9n0g04', 'ct0n0g04', 'ct1n0g04', 'cten0g04', 'ctfn0g04', 'ctgn0g04', 'cthn0g04', 'ctjn0g04', 'ctzn0g04',
  'f00n0g08', 'f01n0g08', 'f02n0g08', 'f03n0g08', 'f04n0g08', 'f99n0g04',
  'g03n0g16', 'g04n0g16', 'g05n0g16', 'g07n0g16', 'g10n0g16', 'g25n0g16',
  'ps1n0g08', 'ps2n0g08', 'tp0n0g08',
].map((name) => `${name}.png`));

/** Why a non-gray, undamaged suite file is refused. */
function expectedRefusal(name: string): RegExp {
  if (/^x/.test(name)) return /damaged PNG file/;
  if (/0g16/.test(name) && !/^tb/.test(name)) return /16-bit PNG whose values are not 8-bit ones: pixel \(\d+, \d+\) is \d+, not a multiple of 257/;
  if (/4a|^tbbn0g|^tbwn0g/.test(name)) return /transparent at pixel \(\d+, \d+\) \(alpha \d+ of \d+\)/;
  return /a colour PNG \(\d+-bit (RGB|RGBA|palette)\): pixel \(\d+, \d+\) is \(\d+, \d+, \d+\), not gray/;
}

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    assert.instance(error, ArcError, String(error));
    assert.not.match((error as Error).message, /\n/);
    return error as Error;
  }
  throw new Error('expected a refusal');
}

const models = new Map<string, ArModel>();
function modelOf(height: number, width: number): ArModel {
  const key = `${height}×${width}`;
  if (!models.has(key)) models.set(key, randomModel(height, width, 'gray', 3, height * 100 + width));
  return models.get(key)!;
}

async function roundTrip(name: string, image: { height: number; width: number; pixels: Uint8Array }): Promise<void> {
  const model = modelOf(image.height, image.width);
  const { bytes } = await encodeArchive(pngSource([{ name, ...image }], name), { model, modelName: 'test' });
  const decoded = await decodeArchive(bytes, name, model);
  assert.equal(Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(image.pixels)), 0, `${name}: decoded pixels differ`);
  assert.equal([...readGrayPng(writeGrayPng(image), name).pixels], [...image.pixels], `${name}: the 8-bit gray PNG decode writes`);
}

test('the suite is all there: 176 files, 14 damaged ones', () => {
  assert.is(files.length, 176);
  assert.is(files.filter((name) => name.startsWith('x')).length, 14);
});

test('every gray suite image is read and round-trips exactly through an .arc file', async () => {
  for (const name of GRAY) {
    const image = readGrayPng(bytesOf(name), name);
    assert.is(image.pixels.length, image.height * image.width);
    await roundTrip(name, image);
  }
});

test('gray values are the stored samples scaled exactly (1/2/4-bit ×255/(2^d−1), 16-bit ÷257)', () => {
  const levels = (name: string) => [...new Set(readGrayPng(bytesOf(name), name).pixels)].sort((a, b) => a - b);
  assert.equal(levels('basn0g01.png'), [0, 255]);
  assert.equal(levels('basn0g02.png'), [0, 85, 170, 255]);
  const fourBit = levels('basn0g04.png');
  assert.ok(fourBit.length >= 15 && fourBit.every((v) => v % 17 === 0), `${fourBit}`);
  const sixteenBit = levels('g25n0g16.png');
  assert.ok(sixteenBit.length > 16, 'the 16-bit gray image keeps many 8-bit levels');
  const interlaced = readGrayPng(bytesOf('basi0g08.png'), 'i').pixels;
  assert.equal([...interlaced], [...readGrayPng(bytesOf('basn0g08.png'), 'n').pixels], 'Adam7 gives the same pixels');
});

test('every other suite image is refused in one line that says why', () => {
  for (const name of files.filter((file) => !GRAY.has(file))) {
    const error = refusal(() => readGrayPng(bytesOf(name), name));
    assert.match(error.message, expectedRefusal(name), `${name}: ${error.message}`);
    assert.ok(error.message.startsWith(`${name}: `), error.message);
  }
});

test('damaged x*.png files are refused as damaged PNGs by the encoder, never read as IDX or as zeros', async () => {
  for (const name of files.filter((file) => file.startsWith('x'))) {
    try {
      await imageSourceFromInputs([{ label: name, name, bytes: bytesOf(name) }]);
      assert.unreachable(`${name} accepted`);
    } catch (error) {
      assert.instance(error, ArcError, String(error));
      assert.match((error as Error).message, /damaged PNG file/, `${name}: ${(error as Error).message}`);
    }
  }
  assert.match(refusal(() => readGrayPng(bytesOf('xdtn0g01.png'), 'xdtn0g01.png')).message, /no IDAT/);
});

test('suite images in every gray-keeping encoding read back to the same pixels', () => {
  for (const name of ['basn0g01.png', 'basn0g02.png', 'basn0g04.png', 'basn0g08.png', 'g25n0g16.png']) {
    const image = readGrayPng(bytesOf(name), name);
    const variants = grayVariants(image.width, image.height, image.pixels);
    assert.ok(variants.size >= 8, `${name}: ${[...variants.keys()]}`);
    for (const [encoding, bytes] of variants) {
      const back = readGrayPng(bytes, `${name} as ${encoding}`);
      assert.is(back.encoding, encoding);
      assert.equal([...back.pixels], [...image.pixels], `${name} as ${encoding}`);
    }
  }
});

test('odd-sized suite palette images (1×1 … 40×40), converted to gray, round-trip with models of their sizes', async () => {
  const odd = files.filter((name) => /^s\d\dn3p/.test(name));
  assert.is(odd.length, 18);
  for (const name of odd) {
    const error = refusal(() => readGrayPng(bytesOf(name), name));
    assert.match(error.message, /colour PNG \(\d-bit palette\)/);
    const size = Number(name.slice(1, 3));
    // Gray from the image's palette indices: one level per entry, written as a gray palette PNG.
    const colour = readGrayPngLevels(bytesOf(name));
    const variants = grayVariants(size, size, colour);
    for (const [encoding, bytes] of variants) {
      const image = readGrayPng(bytes, `${name} as ${encoding}`);
      assert.is(image.height, size);
      await roundTrip(`${name} as ${encoding}`, image);
    }
  }
});

/** The red channel of a colour PNG as gray levels (pngjs, independent of readGrayPng). */
function readGrayPngLevels(bytes: Uint8Array): Uint8Array {
  const png = pngjsRead(bytes);
  return Uint8Array.from({ length: png.width * png.height }, (_, i) => png.data[4 * i]);
}

function pngjsRead(bytes: Uint8Array): { width: number; height: number; data: Buffer } {
  return pngjs.PNG.sync.read(Buffer.from(bytes));
}

test.run();
