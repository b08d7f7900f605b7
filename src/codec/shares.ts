/**
 * The work of one thread: encode or decode a contiguous share of the images. The main thread and
 * the worker threads (codec-worker.ts) run exactly this code, and every image is coded on its own,
 * so the bytes never depend on how the images were shared out.
 */
import { ArcError } from '../errors.js';
import type { RecordCoder } from './image-record.js';

export interface EncodedShare {
  /** The records of the share, concatenated. */
  recordBytes: Uint8Array;
  recordLengths: Uint32Array;
  classIndices: Int32Array;
  imageIdealBits: Float64Array;
  classIndexBits: Float64Array;
  streamBits: Float64Array;
}

/** Reports images done so far in this share. */
export type ShareProgress = (done: number) => void;

const PROGRESS_EVERY = 16;

/**
 * Encodes `count` images (coded values, height·width each). `classIndices` fixes each image's
 * class; null picks the best class per image.
 */
export function encodeShare(coder: RecordCoder, pixels: Uint8Array, count: number, classIndices: Int32Array | null, onProgress?: ShareProgress): EncodedShare {
  const size = pixels.length / Math.max(count, 1);
  const records: Uint8Array[] = [];
  const recordLengths = new Uint32Array(count);
  const chosen = new Int32Array(count);
  const imageIdealBits = new Float64Array(count);
  const classIndexBits = new Float64Array(count);
  const streamBits = new Float64Array(count);
  let totalBytes = 0;
  for (let i = 0; i < count; i++) {
    const image = pixels.subarray(i * size, (i + 1) * size);
    const record = classIndices ? coder.encode(image, classIndices[i])! : coder.encodeBestClass(image);
    records.push(record.bytes);
    recordLengths[i] = record.bytes.length;
    chosen[i] = record.classIndex;
    imageIdealBits[i] = record.imageIdealBits;
    classIndexBits[i] = record.classIndexBits;
    streamBits[i] = record.streamBits;
    totalBytes += record.bytes.length;
    if (onProgress && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === count)) onProgress(i + 1);
  }
  const recordBytes = new Uint8Array(totalBytes);
  let offset = 0;
  for (const record of records) {
    recordBytes.set(record, offset);
    offset += record.length;
  }
  return { recordBytes, recordLengths, classIndices: chosen, imageIdealBits, classIndexBits, streamBits };
}

/**
 * Decodes the records of a share (concatenated in `payload`, lengths in `recordLengths`) into
 * their coded values, height·width bytes per image. `firstImage` numbers the images in messages.
 */
export function decodeShare(coder: RecordCoder, payload: Uint8Array, recordLengths: Uint32Array, firstImage: number, onProgress?: ShareProgress): Uint8Array {
  const { height, width } = coder.model.info;
  const size = height * width;
  const count = recordLengths.length;
  const pixels = new Uint8Array(count * size);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const record = payload.subarray(offset, offset + recordLengths[i]);
    offset += recordLengths[i];
    try {
      pixels.set(coder.decode(record).pixels, i * size);
    } catch (error) {
      if (error instanceof ArcError) throw new ArcError(error.code, `image ${firstImage + i}: ${error.message}`);
      throw error;
    }
    if (onProgress && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === count)) onProgress(i + 1);
  }
  return pixels;
}
