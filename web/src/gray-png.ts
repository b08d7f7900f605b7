/**
 * PNG in the page. Writing: 8-bit grayscale (colour type 0), as `arcompress decode` writes them,
 * deflated by the browser's CompressionStream (zlib format, which is what IDAT holds). Reading: the
 * chunk structure is checked first (every length inside the file, every CRC right, IHDR first, IEND
 * last, the size the model codes), so a damaged or huge file is refused in one line before the
 * browser decodes anything; then the browser's decoder gives the pixels.
 */
import { ArcError, ErrorCode, concatBytes, crc32, fail, PNG_SIGNATURE, pngChunk } from './engine.js';

const SIGNATURE = PNG_SIGNATURE;

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= SIGNATURE.length && SIGNATURE.every((value, i) => bytes[i] === value);
}

async function streamThrough(bytes: Uint8Array, stream: CompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** gzip of `bytes` by the browser (CompressionStream 'gzip'). */
export function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  return streamThrough(bytes, new CompressionStream('gzip'));
}

/** An 8-bit grayscale PNG of `pixels` (height·width bytes), every row with filter 0. */
export async function encodeGrayPng(pixels: Uint8Array, height: number, width: number): Promise<Uint8Array> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (width + 1));
  for (let row = 0; row < height; row++) raw.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
  return concatBytes([SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', await streamThrough(raw, new CompressionStream('deflate'))), pngChunk('IEND', new Uint8Array(0))]);
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  /** The IDAT chunks' contents (views of the file). */
  data: Uint8Array[];
}

/**
 * Checks a PNG's structure and returns its header. Refuses (one line) anything `arcompress encode`
 * refuses (colour, palette, alpha, 16-bit) and images that are not `height`×`width`.
 */
export function checkGrayPng(bytes: Uint8Array, label: string, height: number, width: number): PngHeader {
  if (!isPng(bytes)) fail(ErrorCode.BadMagic, `${label}: not a PNG file (expected signature 89 50 4e 47 0d 0a 1a 0a)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SIGNATURE.length;
  let header: PngHeader | null = null;
  let sawData = false;
  const dataChunks: Uint8Array[] = [];
  for (let index = 0; ; index++) {
    if (offset + 12 > bytes.length) fail(ErrorCode.Truncated, `${label}: truncated PNG file (it ends inside chunk ${index}, before IEND)`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (length > bytes.length - offset - 12) fail(ErrorCode.Truncated, `${label}: truncated PNG file (chunk ${type} needs ${length} bytes, the file ends first)`);
    const stored = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) fail(ErrorCode.Checksum, `${label}: damaged PNG file (chunk ${type} fails its CRC)`);
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) fail(ErrorCode.BadFormat, `${label}: damaged PNG file (it does not start with IHDR)`);
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), bitDepth: bytes[offset + 16], colourType: bytes[offset + 17], interlaced: bytes[offset + 20] === 1, data: [] };
    }
    if (type === 'IDAT') {
      sawData = true;
      dataChunks.push(bytes.subarray(offset + 8, offset + 8 + length));
    }
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  const found = header!;
  if (!sawData) fail(ErrorCode.BadFormat, `${label}: damaged PNG file (no image data)`);
  if (found.colourType !== 0 || ![1, 2, 4, 8].includes(found.bitDepth)) {
    fail(ErrorCode.BadFormat, `${label}: expected a grayscale PNG of bit depth 1, 2, 4 or 8 (colour type 0), found colour type ${found.colourType}, bit depth ${found.bitDepth}`);
  }
  if (found.width !== width || found.height !== height) fail(ErrorCode.ModelMismatch, `${label} is ${found.height}×${found.width}; the models code ${height}×${width} images`);
  return { ...found, data: dataChunks };
}

/**
 * Inflates the image data, refusing a stream that ends early (a truncated file) or that holds more
 * than a non-interlaced image of this size needs (stops reading there: no inflation bomb).
 */
async function checkImageData(header: PngHeader, label: string): Promise<void> {
  const rowBytes = Math.ceil((header.width * header.bitDepth) / 8) + 1;
  const expected = header.height * rowBytes;
  const limit = header.interlaced ? 2 * expected + 7 * header.height + 64 : expected;
  const reader = new Blob(header.data as BlobPart[]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        void reader.cancel();
        fail(ErrorCode.BadFormat, `${label}: damaged PNG file (its image data inflates past the ${header.height}×${header.width} image)`);
      }
    }
  } catch (error) {
    if (error instanceof ArcError) throw error;
    fail(ErrorCode.Truncated, `${label}: damaged or truncated PNG file (its image data is not a complete zlib stream)`);
  }
  if (!header.interlaced && total !== expected) fail(ErrorCode.Truncated, `${label}: truncated PNG file (image data holds ${total} of ${expected} bytes)`);
}

/** The gray values of a PNG that `checkGrayPng` accepted, decoded by the browser (no colour conversion). */
export async function decodeCheckedPng(bytes: Uint8Array, header: PngHeader, label: string): Promise<Uint8Array> {
  await checkImageData(header, label);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/png' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    fail(ErrorCode.BadFormat, `${label}: damaged PNG file (the browser cannot decode its image data)`);
  }
  const canvas = new OffscreenCanvas(header.width, header.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, header.width, header.height).data;
  const pixels = new Uint8Array(header.width * header.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[4 * i];
  return pixels;
}
