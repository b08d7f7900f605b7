/**
 * What gets encoded and what decode gives back: the images of one IDX file or of several PNG
 * files, plus what is needed to restore the input exactly (the IDX header, the PNG names).
 *
 * The restored data (whose SHA-256 the container stores, see docs/FORMAT.md):
 * - IDX input: the IDX file, header and images, decompressed (a gzipped input comes back raw);
 * - PNG input: the pixels of every image, image after image (the PNG encoding itself is not kept).
 */
// The IDX modules themselves, not data/index.js: this module is also bundled for the browser page.
import { parseIdx, parseIdxHeader, type IdxHeader } from '../data/idx.js';
import { checkImageIdx } from '../data/imageSet.js';
import { ErrorCode, fail } from '../errors.js';
import type { InputDescription } from './container.js';

export interface ImageSource {
  input: InputDescription;
  /** True when the IDX input was gzipped. */
  inputGzipped: boolean;
  count: number;
  height: number;
  width: number;
  /** count·height·width bytes, 0..255: the images as given. */
  pixels: Uint8Array;
  /** Names the input in messages. */
  label: string;
}

/** An IDX image file (already decompressed): 3-D ubyte with at least one image. */
export function idxSource(bytes: Uint8Array, gzipped: boolean, label: string): ImageSource {
  if (bytes.length === 0) fail(ErrorCode.Truncated, `${label}: empty input, expected an IDX image file or a PNG`);
  const file = parseIdx(bytes, label);
  checkImageIdx(file, label);
  const [count, height, width] = file.dims;
  if (count === 0) fail(ErrorCode.BadFormat, `${label}: the IDX file holds no images (count 0); nothing to encode`);
  return {
    input: { kind: 'idx', idxHeader: bytes.slice(0, file.headerBytes) },
    inputGzipped: gzipped,
    count,
    height,
    width,
    pixels: file.data,
    label,
  };
}

/** Several grayscale images of one size, each with the base name it is restored under. */
export function pngSource(images: readonly { name: string; height: number; width: number; pixels: Uint8Array }[], label: string): ImageSource {
  if (images.length === 0) fail(ErrorCode.BadArgument, 'no input images given');
  const { height, width } = images[0];
  const names = new Set<string>();
  const pixels = new Uint8Array(images.length * height * width);
  images.forEach((image, i) => {
    if (image.height !== height || image.width !== width) {
      fail(ErrorCode.BadFormat, `${image.name}: is ${image.height}×${image.width} but ${images[0].name} is ${height}×${width}; all images in one .arc file share one size`);
    }
    if (names.has(image.name)) fail(ErrorCode.BadArgument, `two inputs share the file name '${image.name}'; decode restores PNGs by name, so names must differ`);
    names.add(image.name);
    pixels.set(image.pixels, i * height * width);
  });
  return { input: { kind: 'png', names: images.map((image) => image.name) }, inputGzipped: false, count: images.length, height, width, pixels, label };
}

/** The two byte values of a bilevel image set, or null when it has more than two. */
export function bilevelLevels(pixels: Uint8Array): { low: number; high: number } | null {
  const seen = new Uint8Array(256);
  for (let i = 0; i < pixels.length; i++) seen[pixels[i]] = 1;
  const values: number[] = [];
  for (let value = 0; value < 256; value++) if (seen[value]) values.push(value);
  if (values.length > 2) return null;
  return { low: values[0] ?? 0, high: values[values.length - 1] ?? 0 };
}

/** How many distinct byte values `pixels` holds (for messages). */
export function distinctValueCount(pixels: Uint8Array): number {
  const seen = new Uint8Array(256);
  for (let i = 0; i < pixels.length; i++) seen[pixels[i]] = 1;
  return seen.reduce((sum, value) => sum + value, 0);
}

/** Thresholds at 128 (≥ 128 → 255, else 0): what --binarize codes and restores. */
export function binarizePixels(pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] >= 128 ? 255 : 0;
  return out;
}

/** The restored data of a source with these pixels (see the file comment). */
export function restoredData(input: InputDescription, pixels: Uint8Array): Uint8Array {
  if (input.kind === 'png') return pixels;
  const out = new Uint8Array(input.idxHeader.length + pixels.length);
  out.set(input.idxHeader);
  out.set(pixels, input.idxHeader.length);
  return out;
}

/** Checks that a stored IDX header describes `count` images of height×width ubyte, and nothing more. */
export function checkStoredIdxHeader(idxHeader: Uint8Array, count: number, height: number, width: number, label: string): void {
  let header: IdxHeader | null = null;
  try {
    header = parseIdxHeader(idxHeader, label);
  } catch {
    header = null;
  }
  const dims = header?.dims ?? [];
  const fits = header !== null && header.headerBytes === idxHeader.length && header.dataTypeName === 'ubyte' &&
    dims.length === 3 && dims[0] === count && dims[1] === height && dims[2] === width;
  if (!fits) fail(ErrorCode.BadFormat, `${label}: the stored IDX header does not describe the ${count} images of ${height}×${width} the .arc header promises`);
}
