/**
 * The chunk structure of a PNG file (PNG specification, 2nd ed., sections 5 and 11), checked with
 * no Node module (the browser page uses it too): the signature; every chunk's length, type and
 * CRC-32; IHDR first with a valid size, colour type and bit depth; PLTE before the image data of a
 * palette image; at least one IDAT, all adjacent; IEND last with nothing after it; no unknown
 * critical chunk. Whether the image data inflate to exactly the bytes the rows need is checked by
 * the caller (png-chunks.ts with zlib, the page with DecompressionStream), against `inflatedBytes`.
 */
import { crc32 } from '../crc32.js';
import { ErrorCode, fail } from '../errors.js';
import { PNG_SIGNATURE } from './png-chunk-writer.js';

export { PNG_SIGNATURE };

/** Whether `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((value, i) => bytes[i] === value);
}

/** Largest image this reader decodes (pixels): far above any dataset image, far below memory limits. */
export const MAX_PNG_PIXELS = 2 ** 26;

/** Bit depths allowed for each colour type. */
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

export function damaged(label: string, what: string): never {
  fail(ErrorCode.BadFormat, `${label}: damaged PNG file (${what})`);
}

/** Bytes of the inflated image data: per row (of each pass) one filter byte and the packed samples. */
export function inflatedBytes(header: PngHeader): number {
  const bitsPerPixel = CHANNELS[header.colorType] * header.bitDepth;
  const passBytes = (width: number, height: number) => (width === 0 || height === 0 ? 0 : height * (1 + Math.ceil((width * bitsPerPixel) / 8)));
  if (!header.interlaced) return passBytes(header.width, header.height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) total += passBytes(Math.ceil(Math.max(0, header.width - x0) / dx), Math.ceil(Math.max(0, header.height - y0) / dy));
  return total;
}

/** Checks the chunk structure of a PNG (see the file comment); returns its header and image data. */
export function walkPngChunks(bytes: Uint8Array, label: string): { header: PngHeader; imageData: Uint8Array[] } {
  if (!PNG_SIGNATURE.every((value, i) => bytes[i] === value)) fail(ErrorCode.BadMagic, `${label}: not a PNG file (expected signature 89 50 4e 47 0d 0a 1a 0a)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE.length;
  let header: PngHeader | null = null;
  let sawPalette = false;
  let idatState: 'none' | 'open' | 'closed' = 'none';
  const imageData: Uint8Array[] = [];
  for (;;) {
    if (offset + 12 > bytes.length) damaged(label, `it ends at byte ${bytes.length} before its IEND chunk: truncated`);
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) damaged(label, `chunk at byte ${offset} has the invalid type ${JSON.stringify(type)}`);
    if (length > 2 ** 31 - 1 || offset + 12 + length > bytes.length) damaged(label, `chunk ${type} at byte ${offset} runs past the end of the file: truncated`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(typeBytes, data) !== view.getUint32(offset + 8 + length)) damaged(label, `chunk ${type} at byte ${offset} fails its CRC`);
    if (header === null && type !== 'IHDR') damaged(label, `the first chunk is ${type}, not IHDR`);
    if (type === 'IHDR') {
      if (header !== null) damaged(label, 'a second IHDR chunk');
      if (length !== 13) damaged(label, `IHDR holds ${length} bytes, not 13`);
      const chunk = new DataView(data.buffer, data.byteOffset, 13);
      header = { width: chunk.getUint32(0), height: chunk.getUint32(4), bitDepth: data[8], colorType: data[9], interlaced: data[12] === 1 };
      if (header.width === 0 || header.height === 0 || header.width > 2 ** 31 - 1 || header.height > 2 ** 31 - 1) damaged(label, `image size ${header.width}×${header.height}`);
      if (!(header.colorType in DEPTHS)) damaged(label, `colour type ${header.colorType} does not exist`);
      if (!DEPTHS[header.colorType].includes(header.bitDepth)) damaged(label, `bit depth ${header.bitDepth} is not allowed for colour type ${header.colorType}`);
      if (data[10] !== 0 || data[11] !== 0 || data[12] > 1) damaged(label, `unknown compression, filter or interlace method (${data[10]}, ${data[11]}, ${data[12]})`);
      if (header.width * header.height > MAX_PNG_PIXELS) fail(ErrorCode.BadFormat, `${label}: PNG of ${header.width}×${header.height} pixels, more than this arcompress reads (${MAX_PNG_PIXELS})`);
    } else if (type === 'PLTE') {
      if (idatState !== 'none') damaged(label, 'PLTE after the image data');
      sawPalette = true;
    } else if (type === 'IDAT') {
      if (idatState === 'closed') damaged(label, 'IDAT chunks that are not adjacent');
      idatState = 'open';
      imageData.push(data);
    } else if (type === 'IEND') {
      if (length !== 0) damaged(label, `IEND holds ${length} bytes`);
      const after = bytes.length - (offset + 12);
      if (after > 0) damaged(label, `${after} bytes after its IEND chunk`);
      break;
    } else if (type[0] === type[0].toUpperCase()) {
      damaged(label, `unknown critical chunk ${type}`);
    }
    if (type !== 'IDAT' && idatState === 'open') idatState = 'closed';
    offset += 12 + length;
  }
  header = header as PngHeader | null;
  if (header === null) damaged(label, 'no IHDR chunk');
  if (imageData.length === 0) damaged(label, 'no image data: it has no IDAT chunk');
  if (header.colorType === 3 && !sawPalette) damaged(label, 'a palette image without a PLTE chunk');
  return { header, imageData };
}
