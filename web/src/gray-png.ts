/**
 * PNG in the page. Writing: 8-bit grayscale (colour type 0), as `arcompress decode` writes them,
 * deflated by the browser's CompressionStream (zlib format, which is what IDAT holds). Reading: the
 * chunk structure is checked first (every length inside the file, every CRC right, IHDR first, IEND
 * last, the size the model codes), so a damaged or huge file is refused in one line before the
 * browser decodes anything; then the browser's decoder gives the pixels.
 */
import { ArcError, ErrorCode, concatBytes, fail, inflatedBytes, PNG_SIGNATURE, pngChunk, walkPngChunks, type LibraryPngHeader } from './engine.js';

export { isPng } from './engine.js';

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
  return concatBytes([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', await streamThrough(raw, new CompressionStream('deflate'))), pngChunk('IEND', new Uint8Array(0))]);
}

/** A PNG's header as the library reads it, and its image data (the IDAT chunks' contents). */
export interface PngHeader extends LibraryPngHeader {
  data: Uint8Array[];
}

/**
 * Checks a PNG's chunk structure with the library's own checks (src/data/png-structure.ts) and
 * returns its header. Refuses (one line) anything but gray (the page decodes with the browser, which
 * would convert colour) and images that are not `height`×`width`.
 */
export function checkGrayPng(bytes: Uint8Array, label: string, height: number, width: number): PngHeader {
  const { header, imageData } = walkPngChunks(bytes, label);
  if (header.colorType !== 0 || ![1, 2, 4, 8].includes(header.bitDepth)) {
    fail(ErrorCode.BadFormat, `${label}: expected a grayscale PNG of bit depth 1, 2, 4 or 8 (colour type 0), found colour type ${header.colorType}, bit depth ${header.bitDepth}`);
  }
  if (header.width !== width || header.height !== height) fail(ErrorCode.ModelMismatch, `${label} is ${header.height}×${header.width}; the models code ${height}×${width} images`);
  return { ...header, data: imageData };
}

/**
 * Inflates the image data, refusing a stream that ends early (a truncated file) or that holds more
 * than the rows need (`inflatedBytes`; reading stops there: no inflation bomb).
 */
async function checkImageData(header: PngHeader, label: string): Promise<void> {
  const expected = inflatedBytes(header);
  const reader = new Blob(header.data as BlobPart[]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > expected) {
        void reader.cancel();
        fail(ErrorCode.BadFormat, `${label}: damaged PNG file (its image data inflates past the ${header.height}×${header.width} image)`);
      }
    }
  } catch (error) {
    if (error instanceof ArcError) throw error;
    fail(ErrorCode.Truncated, `${label}: damaged or truncated PNG file (its image data is not a complete zlib stream)`);
  }
  if (total !== expected) fail(ErrorCode.Truncated, `${label}: truncated PNG file (image data holds ${total} of ${expected} bytes)`);
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
