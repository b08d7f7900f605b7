/**
 * Lossless image codecs run as external programs: JPEG XL (cjxl), WebP (cwebp), optimised PNG
 * (optipng) on the 8-bit images, JBIG1 (pbmtojbg) on the binarized ones. They read Netpbm files
 * (PGM for 8-bit, PBM for bilevel), which are written here, so netpbm's own tools are not needed.
 *
 * A whole split is coded as ONE image: the images tiled row by row into a near-square grid of
 * ceil(√n) columns, the cells past the last image left black (0). Why a grid: these codecs are
 * made for one picture, and one picture per split is how they see the most data at once (each
 * image alone pays a container header per image; bench/small-files.ts measures that case). Why not
 * the IDX layout (a 28-pixel-wide strip 28·n high): WebP allows at most 16383 pixels a side, and a
 * square grid keeps every codec on the same input. Bits per pixel are over the images' own pixels
 * (the black cells are the cost of the grid). A grid side stays ≤ 16383 pixels up to
 * ⌊16383/width⌋² images (342,225 MNIST digits).
 */
import { invariant } from '../errors.js';
import type { ExternalCompressor } from './external.js';

/** WebP's largest side in pixels. */
const WEBP_MAX_SIDE = 16383;

export interface GrayPicture {
  height: number;
  width: number;
  /** height·width bytes, row by row. */
  pixels: Uint8Array;
}

/** The images tiled into one picture: ceil(√count) columns, images row by row, empty cells 0. */
export function tileImages(pixels: Uint8Array, count: number, height: number, width: number): GrayPicture & { columns: number; rows: number } {
  invariant(pixels.length === count * height * width && count >= 1, 'tileImages: count·height·width pixels');
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const pictureWidth = columns * width;
  const out = new Uint8Array(rows * height * pictureWidth);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(i / columns) * height;
    const left = (i % columns) * width;
    for (let y = 0; y < height; y++) {
      out.set(pixels.subarray((i * height + y) * width, (i * height + y + 1) * width), (top + y) * pictureWidth + left);
    }
  }
  return { height: rows * height, width: pictureWidth, pixels: out, columns, rows };
}

/** A binary PGM (P5, maxval 255). */
export function encodePgm(picture: GrayPicture): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${picture.width} ${picture.height}\n255\n`);
  const out = new Uint8Array(header.length + picture.pixels.length);
  out.set(header);
  out.set(picture.pixels, header.length);
  return out;
}

/** A binary PBM (P4) of the picture thresholded at 128: 1 (black in PBM) where the pixel is ≥ 128, rows padded to whole bytes. */
export function encodePbm(picture: GrayPicture): Uint8Array {
  const header = new TextEncoder().encode(`P4\n${picture.width} ${picture.height}\n`);
  const rowBytes = Math.ceil(picture.width / 8);
  const out = new Uint8Array(header.length + rowBytes * picture.height);
  out.set(header);
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      if (picture.pixels[y * picture.width + x] >= 128) out[header.length + y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return out;
}

/** An image codec: which pixels it codes (8-bit PGM or binarized PBM) and how it is run. */
export interface ImageCodec extends ExternalCompressor {
  pixels: '8-bit' | 'binarized';
  /** The largest picture side the format allows, in pixels. */
  maxSidePixels?: number;
}

/** Each at its strongest setting, on one thread. */
export const IMAGE_CODECS: readonly ImageCodec[] = [
  { name: 'JPEG XL lossless (cjxl -d 0 -e 9)', program: 'cjxl', debianPackage: 'libjxl-tools', pixels: '8-bit', inputSuffix: '.pgm', args: (input, output) => [input, output, '-d', '0', '-e', '9', '--num_threads=0'] },
  { name: 'WebP lossless (cwebp -lossless -z 9)', program: 'cwebp', debianPackage: 'webp', pixels: '8-bit', maxSidePixels: WEBP_MAX_SIDE, inputSuffix: '.pgm', args: (input, output) => ['-lossless', '-z', '9', '-quiet', input, '-o', output] },
  { name: 'PNG (optipng -o7)', program: 'optipng', debianPackage: 'optipng', pixels: '8-bit', inputSuffix: '.pgm', args: (input, output) => ['-o7', '-quiet', '-out', output, input] },
  { name: 'JBIG1 (pbmtojbg -q)', program: 'pbmtojbg', debianPackage: 'jbigkit-bin', pixels: 'binarized', inputSuffix: '.pbm', args: (input, output) => ['-q', input, output] },
];

/** Why the codec cannot code the picture (too large for its format), or null. */
export function pictureProblem(codec: ImageCodec, picture: GrayPicture): string | null {
  const side = Math.max(picture.height, picture.width);
  return codec.maxSidePixels !== undefined && side > codec.maxSidePixels ? `a ${picture.width}×${picture.height} picture exceeds ${codec.program}'s ${codec.maxSidePixels}-pixel side` : null;
}

/** The file a codec reads for a picture: PGM for 8-bit codecs, PBM (thresholded at 128) for bilevel ones. */
export function codecInput(codec: ImageCodec, picture: GrayPicture): Uint8Array {
  return codec.pixels === '8-bit' ? encodePgm(picture) : encodePbm(picture);
}
