/**
 * Grayscale PNG files, read and written with `pngjs`.
 *
 * Read: any opaque grayscale PNG of bit depth 1, 2, 4 or 8 (colour type 0), giving one byte per
 * pixel (pngjs scales 1/2/4-bit values to 0..255). Colour, palette, alpha and 16-bit PNGs are
 * refused with a one-line message: arcompress codes 8-bit gray values only, and a silent
 * conversion would not round-trip.
 * Write: 8-bit grayscale (colour type 0), so the pixels read back identical.
 */
import pngjs from 'pngjs';
import { ErrorCode, fail } from '../errors.js';

const { PNG } = pngjs;

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export interface GrayImage {
  height: number;
  width: number;
  /** height·width bytes, row-major, 0..255. */
  pixels: Uint8Array;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((value, i) => bytes[i] === value);
}

/** Decodes a grayscale PNG; `label` (a path, usually) starts every message. */
export function readGrayPng(bytes: Uint8Array, label: string): GrayImage {
  if (!isPng(bytes)) fail(ErrorCode.BadMagic, `${label}: not a PNG file (expected signature 89 50 4e 47 0d 0a 1a 0a)`);
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    fail(ErrorCode.BadFormat, `${label}: damaged PNG file (${String((error as Error)?.message ?? error).split('\n')[0]})`);
  }
  if (png.colorType !== 0 || png.palette) {
    const kind = png.palette ? 'a palette' : png.colorType === 4 ? 'a gray+alpha' : 'a colour';
    fail(ErrorCode.BadFormat, `${label}: expected a grayscale PNG (colour type 0), found ${kind} PNG (colour type ${png.colorType}); convert it to 8-bit grayscale first`);
  }
  if (png.depth === 16) fail(ErrorCode.BadFormat, `${label}: expected an 8-bit grayscale PNG, found a 16-bit one; arcompress codes 8-bit pixels only`);
  const { width, height, data } = png;
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    if (data[4 * i + 3] !== 255) fail(ErrorCode.BadFormat, `${label}: expected an opaque grayscale PNG, found transparency (a tRNS chunk)`);
    pixels[i] = data[4 * i];
  }
  return { height, width, pixels };
}

/** Encodes an 8-bit grayscale PNG. */
export function writeGrayPng(image: GrayImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
  const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
