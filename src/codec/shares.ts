/**
 * The work of one thread: encode or decode a contiguous share of the records. The main thread and
 * the worker threads (codec-worker.ts) run exactly this code, and every record is coded on its
 * own, so the bytes never depend on how the records were shared out.
 */
import { ArcError, invariant } from '../errors.js';
import type { RecordCoder } from './image-record.js';
import { recordCountOf, recordImageRange } from './container-parts.js';

export interface EncodedShare {
  /** The records of the share, concatenated. */
  recordBytes: Uint8Array;
  recordLengths: Uint32Array;
  /** Per image, its class and its bits (see CodedImage). */
  classIndices: Int32Array;
  imageIdealBits: Float64Array;
  classIndexBits: Float64Array;
  streamBits: Float64Array;
}

/** Reports images done so far in this share. */
export type ShareProgress = (done: number) => void;

/** Progress is reported once at least this many images were done since the last report (and at the end). */
const PROGRESS_EVERY = 16;

/** `onProgress` called at most once per PROGRESS_EVERY images, and at the end. */
function throttled(count: number, onProgress?: ShareProgress): (done: number) => void {
  let reported = 0;
  return (done) => {
    if (!onProgress || (done - reported < PROGRESS_EVERY && done < count)) return;
    reported = done;
    onProgress(done);
  };
}

/**
 * Encodes `count` images (coded values, height·width each) into records of `imagesPerRecord`
 * images (the last one the rest). `classIndices` fixes each image's class; null picks the best
 * class per image.
 */
export function encodeShare(coder: RecordCoder, pixels: Uint8Array, count: number, imagesPerRecord: number, classIndices: Int32Array | null, onProgress?: ShareProgress): EncodedShare {
  const size = pixels.length / Math.max(count, 1);
  const recordCount = recordCountOf(count, imagesPerRecord);
  const records: Uint8Array[] = [];
  const recordLengths = new Uint32Array(recordCount);
  const chosen = new Int32Array(count);
  const imageIdealBits = new Float64Array(count);
  const classIndexBits = new Float64Array(count);
  const streamBits = new Float64Array(count);
  let totalBytes = 0;
  const progress = throttled(count, onProgress);
  for (let r = 0; r < recordCount; r++) {
    const [first, end] = recordImageRange(r, imagesPerRecord, count);
    const record = coder.encodeRecord(pixels.subarray(first * size, end * size), end - first, classIndices ? classIndices.subarray(first, end) : null);
    records.push(record.bytes);
    recordLengths[r] = record.bytes.length;
    totalBytes += record.bytes.length;
    record.images.forEach((image, k) => {
      chosen[first + k] = image.classIndex;
      imageIdealBits[first + k] = image.imageIdealBits;
      classIndexBits[first + k] = image.classIndexBits;
      streamBits[first + k] = image.streamBits;
    });
    progress(end);
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
 * Decodes the records of a share (concatenated in `payload`, lengths in `recordLengths`) holding
 * `count` images, `imagesPerRecord` a record (the last one the rest), into their coded values,
 * height·width bytes per image. `firstImage` numbers the images in messages.
 */
export function decodeShare(coder: RecordCoder, payload: Uint8Array, recordLengths: Uint32Array, imagesPerRecord: number, count: number, firstImage: number, onProgress?: ShareProgress): Uint8Array {
  const { height, width } = coder.model.info;
  const size = height * width;
  invariant(recordLengths.length === recordCountOf(count, imagesPerRecord), 'the records hold the images');
  const pixels = new Uint8Array(count * size);
  const progress = throttled(count, onProgress);
  let offset = 0;
  for (let r = 0; r < recordLengths.length; r++) {
    const record = payload.subarray(offset, offset + recordLengths[r]);
    offset += recordLengths[r];
    const [first, end] = recordImageRange(r, imagesPerRecord, count);
    try {
      pixels.set(coder.decodeRecord(record, end - first).pixels, first * size);
    } catch (error) {
      const images = end - first === 1 ? `image ${firstImage + first}` : `images ${firstImage + first}–${firstImage + end - 1}`;
      if (error instanceof ArcError) throw new ArcError(error.code, `${images}: ${error.message}`);
      throw error;
    }
    progress(end);
  }
  return pixels;
}
