/**
 * PNG files whose pixels are gray, read and written with `pngjs` (after png-chunks.ts has checked
 * the file's structure, so damage is refused rather than decoded as zeros).
 *
 * Read: every PNG whose pixels are gray, whatever its encoding: gray of bit depth 1, 2, 4 or 8
 * (1/2/4-bit values v scaled exactly to v·255/(2^depth − 1)); 16-bit gray whose samples are all
 * exact 8-bit values (v·257); palette images whose pixels' entries are gray; RGB with R = G = B;
 * gray+alpha or RGBA with an opaque alpha channel; a tRNS colour that no pixel uses. Each gives
 * one byte per pixel and says what it was (`encoding`), so the caller can tell the user that
 * decode writes an 8-bit gray PNG. Colour, real transparency and 16-bit detail are refused with a
 * one-line message naming the first pixel that cannot be kept: a silent conversion would not
 * round-trip.
 * Write: 8-bit grayscale (colour type 0), so the pixels read back identical.
 */
import pngjs from 'pngjs';
import { ErrorCode, fail } from '../errors.js';
import { checkPngStructure, type PngHeader } from './png-chunks.js';
import { isPng } from './png-structure.js';

export { PNG_SIGNATURE } from './png-chunks.js';

const { PNG } = pngjs;

const COLOUR_TYPE_NAMES: Record<number, string> = { 0: 'gray', 2: 'RGB', 3: 'palette', 4: 'gray+alpha', 6: 'RGBA' };
export { NATIVE_PNG_ENCODING } from './png-encoding.js';

export interface GrayImage {
  height: number;
  width: number;
  /** height·width bytes, row-major, 0..255. */
  pixels: Uint8Array;
}

export interface ReadGrayImage extends GrayImage {
  /** What the file was, e.g. '8-bit gray', '4-bit palette', '16-bit gray', '8-bit RGBA'. */
  encoding: string;
}

export { isPng } from './png-structure.js';

/**
 * True for bytes that look like a PNG whose signature was damaged: an IHDR chunk near the start
 * (damage may shift it by a byte or two). Never for an IDX file, which starts with two zero bytes
 * (its pixels could spell IHDR).
 */
export function looksLikeDamagedPng(bytes: Uint8Array): boolean {
  if (isPng(bytes) || (bytes[0] === 0 && bytes[1] === 0)) return false;
  return String.fromCharCode(...bytes.subarray(0, 24)).includes('IHDR');
}

function pngEncoding(header: PngHeader): string {
  return `${header.bitDepth}-bit ${COLOUR_TYPE_NAMES[header.colorType]}`;
}

/** Decodes a PNG whose pixels are gray (see the file comment); `label` (a path, usually) starts every message. */
export function readGrayPng(bytes: Uint8Array, label: string): ReadGrayImage {
  if (!isPng(bytes)) {
    if (looksLikeDamagedPng(bytes)) fail(ErrorCode.BadMagic, `${label}: damaged PNG file (its signature is not 89 50 4e 47 0d 0a 1a 0a: changed, or damaged by a text-mode transfer)`);
    fail(ErrorCode.BadMagic, `${label}: not a PNG file (expected signature 89 50 4e 47 0d 0a 1a 0a)`);
  }
  const header = checkPngStructure(bytes, label);
  const encoding = pngEncoding(header);
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    // skipRescale: the samples as stored (0 … 2^depth − 1; palette entries 0 … 255), so this
    // function decides exactly how each becomes an 8-bit value.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true } as never);
  } catch (error) {
    fail(ErrorCode.BadFormat, `${label}: damaged PNG file (${String((error as Error)?.message ?? error).split('\n')[0]})`);
  }
  const { width, height } = header;
  const data = png.data as unknown as ArrayLike<number>;
  const maxSample = header.colorType === 3 ? 255 : 2 ** header.bitDepth - 1;
  const count = width * height;
  const at = (i: number) => `pixel (${i % width}, ${Math.floor(i / width)})`;
  for (let i = 0; i < count; i++) {
    const r = data[4 * i];
    if (data[4 * i + 1] !== r || data[4 * i + 2] !== r) {
      fail(ErrorCode.BadFormat, `${label}: a colour PNG (${encoding}): ${at(i)} is (${data[4 * i]}, ${data[4 * i + 1]}, ${data[4 * i + 2]}), not gray; arcompress codes gray images only`);
    }
  }
  for (let i = 0; i < count; i++) {
    if (data[4 * i + 3] !== maxSample) {
      fail(ErrorCode.BadFormat, `${label}: the PNG (${encoding}) is transparent at ${at(i)} (alpha ${data[4 * i + 3]} of ${maxSample}); arcompress codes opaque gray images and cannot keep transparency`);
    }
  }
  const pixels = new Uint8Array(count);
  if (header.bitDepth === 16) {
    for (let i = 0; i < count; i++) {
      const value = data[4 * i];
      if (value % 257 !== 0) fail(ErrorCode.BadFormat, `${label}: a 16-bit PNG whose values are not 8-bit ones: ${at(i)} is ${value}, not a multiple of 257; arcompress codes 8-bit pixels and would lose the detail`);
      pixels[i] = value / 257;
    }
  } else {
    // 255 / maxSample is an integer for maxSample = 1, 3, 15, 255: every value maps exactly.
    const scale = 255 / maxSample;
    for (let i = 0; i < count; i++) pixels[i] = data[4 * i] * scale;
  }
  return { height, width, pixels, encoding };
}

/** Encodes an 8-bit grayscale PNG. */
export function writeGrayPng(image: GrayImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
  const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
