/**
 * The structure of a PNG file, checked before any pixel is decoded (PNG specification, 2nd ed.,
 * sections 5 and 11): the signature; every chunk's length, type and CRC-32; IHDR first with a
 * valid size, colour type and bit depth; PLTE before the image data of a palette image; at least
 * one IDAT, all adjacent; IEND last with nothing after it; no unknown critical chunk; and the image
 * data inflating to exactly the bytes its rows need. pngjs does not check all of this itself: it
 * decodes a file without any IDAT as an all-zero image (PngSuite's xdtn0g01.png), so damage would
 * become wrong pixels without a word.
 */
import zlib from 'node:zlib';
import { damaged, inflatedBytes, walkPngChunks, type PngHeader } from './png-structure.js';

export { inflatedBytes, isPng, MAX_PNG_PIXELS, PNG_SIGNATURE, type PngHeader } from './png-structure.js';

/** Checks the structure of a PNG (see the file comment); returns its header. */
export function checkPngStructure(bytes: Uint8Array, label: string): PngHeader {
  const { header, imageData } = walkPngChunks(bytes, label);
  const expected = inflatedBytes(header);
  let inflated: Buffer;
  try {
    inflated = zlib.inflateSync(Buffer.concat(imageData), { maxOutputLength: expected + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE') damaged(label, `its image data inflate to more than the ${expected} bytes its rows need`);
    damaged(label, `its image data do not inflate: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
  if (inflated.length > expected) damaged(label, `its image data inflate to more than the ${expected} bytes its rows need`);
  if (inflated.length < expected) damaged(label, `its image data inflate to ${inflated.length} bytes, its rows need ${expected}: truncated`);
  return header;
}
