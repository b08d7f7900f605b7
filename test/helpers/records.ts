/** Records of one image, for tests that look at one image's coding: `RecordCoder` with a count of 1. */
import type { CodedImage, RecordCoder } from '../../src/codec/image-record.js';

export interface OneImageRecord extends CodedImage {
  bytes: Uint8Array;
}

/** The record of one image under class `classIndex`. */
export function encodeOne(coder: RecordCoder, pixels: Uint8Array, classIndex: number): OneImageRecord {
  const { bytes, images } = coder.encodeRecord(pixels, 1, [classIndex]);
  return { ...images[0], bytes };
}

/** The record of one image under the class giving the shortest record. */
export function encodeBest(coder: RecordCoder, pixels: Uint8Array): OneImageRecord {
  const { bytes, images } = coder.encodeRecord(pixels, 1, null);
  return { ...images[0], bytes };
}

/** The class index and coded values of a record of one image. */
export function decodeOne(coder: RecordCoder, bytes: Uint8Array): { classIndex: number; pixels: Uint8Array } {
  const { classIndices, pixels } = coder.decodeRecord(bytes, 1);
  return { classIndex: classIndices[0], pixels };
}

/** The class of the shortest of `records` (one per class): fewest bytes, then the shorter ideal length, then the lower class. */
export function shortestRecordClass(records: OneImageRecord[]): number {
  let winner = 0;
  for (let c = 1; c < records.length; c++) {
    const a = records[c];
    const b = records[winner];
    if (a.bytes.length < b.bytes.length || (a.bytes.length === b.bytes.length && a.imageIdealBits < b.imageIdealBits)) winner = c;
  }
  return winner;
}
