/**
 * Bits per pixel of general-purpose compressors on a split: the rows that learned models are
 * compared against. All sizes come from node's zlib (its deflate is Chromium's zlib, its brotli is
 * Google's), whole streams as they would be stored:
 *
 * - gzip −9 of the whole IDX image file, 16-byte header and gzip wrapper included (overall only);
 * - raw deflate level 9 (32 KiB window) and brotli quality 11 of the split's pixels, image after
 *   image, as one stream;
 * - raw deflate level 9 of each image on its own, summed.
 *
 * each for 8-bit pixels, binarized pixels (≥ 128 → 1, one byte per pixel) and binarized pixels
 * packed 8 per byte (most significant bit first; per image, each image is padded to whole bytes).
 * Bits per pixel = 8 × compressed bytes / pixels, so for 8-bit pixels it is bits per byte.
 */
import { brotliCompressSync, constants as zlibConstants, deflateRawSync, gzipSync } from 'node:zlib';
import { encodeIdx } from '../data/idx.js';
import { selectImages, type ImageSet } from '../data/types.js';
import { bilevelBits } from '../data/bilevel.js';

export const PIXEL_FORMATS = ['8-bit', 'binarized', 'binarized-packed'] as const;
export type PixelFormat = (typeof PIXEL_FORMATS)[number];

export const BASELINE_METHODS = ['gzip-9-idx-file', 'deflate-9', 'brotli-11', 'deflate-9-per-image'] as const;
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

export interface BaselineRow {
  method: BaselineMethod;
  pixels: PixelFormat;
  compressedBytes: number;
  pixelCount: number;
  bitsPerPixel: number;
}

export interface ClassBaselines {
  label: number;
  imageCount: number;
  rows: BaselineRow[];
}

export interface DeflateBaselines {
  imageCount: number;
  height: number;
  width: number;
  pixelCount: number;
  rows: BaselineRow[];
  /** Per class, in label order; empty when the split has no labels. */
  perClass: ClassBaselines[];
}

export interface BaselineOptions {
  /** Include the brotli rows (quality 11 is slow: about a second per MB). Default true. */
  brotli?: boolean;
  /** Include the per-class rows. Default true. */
  perClass?: boolean;
}

/** Bits per pixel of gzip, deflate and brotli on `set`, overall and per class. */
export function measureDeflateBaselines(set: ImageSet, options: BaselineOptions = {}): DeflateBaselines {
  const brotli = options.brotli ?? true;
  const pixelCount = set.count * set.height * set.width;
  const idxFile = encodeIdx([set.count, set.height, set.width], set.pixels);
  const rows: BaselineRow[] = [row('gzip-9-idx-file', '8-bit', gzipSync(idxFile, { level: 9 }).length, pixelCount), ...streamRows(set, brotli)];
  const perClass: ClassBaselines[] = [];
  if (set.labels !== null && (options.perClass ?? true)) {
    const labels = set.labels;
    const classCount = labels.reduce((max, label) => Math.max(max, label + 1), 0);
    for (let label = 0; label < classCount; label++) {
      const subset = imagesOfClass(set, label);
      if (subset.count > 0) perClass.push({ label, imageCount: subset.count, rows: streamRows(subset, brotli) });
    }
  }
  return { imageCount: set.count, height: set.height, width: set.width, pixelCount, rows, perClass };
}

function row(method: BaselineMethod, pixels: PixelFormat, compressedBytes: number, pixelCount: number): BaselineRow {
  return { method, pixels, compressedBytes, pixelCount, bitsPerPixel: pixelCount === 0 ? 0 : (8 * compressedBytes) / pixelCount };
}

function streamRows(set: ImageSet, brotli: boolean): BaselineRow[] {
  const pixelsPerImage = set.height * set.width;
  const pixelCount = set.count * pixelsPerImage;
  const binarized = bilevelBits(set.pixels);
  const streams: Record<PixelFormat, { whole: Uint8Array; image: (index: number) => Uint8Array }> = {
    '8-bit': { whole: set.pixels, image: (i) => set.pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage) },
    binarized: { whole: binarized, image: (i) => binarized.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage) },
    'binarized-packed': { whole: packBits(binarized), image: (i) => packBits(binarized.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage)) },
  };
  const rows: BaselineRow[] = [];
  for (const format of PIXEL_FORMATS) {
    const { whole, image } = streams[format];
    rows.push(row('deflate-9', format, deflateRawSync(whole, { level: 9 }).length, pixelCount));
    if (brotli) {
      const brotliBytes = brotliCompressSync(whole, {
        params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: whole.length },
      }).length;
      rows.push(row('brotli-11', format, brotliBytes, pixelCount));
    }
    let perImageBytes = 0;
    for (let i = 0; i < set.count; i++) perImageBytes += deflateRawSync(image(i), { level: 9 }).length;
    rows.push(row('deflate-9-per-image', format, perImageBytes, pixelCount));
  }
  return rows;
}

/** Bits (0/1 bytes) packed 8 per byte, most significant first, the last byte zero-padded. */
export function packBits(bits: Uint8Array): Uint8Array {
  const packed = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) packed[i >> 3] |= 0x80 >> (i & 7);
  return packed;
}

function imagesOfClass(set: ImageSet, label: number): ImageSet {
  const indices: number[] = [];
  set.labels!.forEach((value, index) => { if (value === label) indices.push(index); });
  return selectImages(set, indices);
}
