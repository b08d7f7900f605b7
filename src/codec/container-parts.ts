/**
 * What every .arc version describes (docs/FORMAT.md): the header fields, the parsed container,
 * the check of the restored data, and the small helpers both layouts share.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, fail } from '../errors.js';
import type { PixelMode } from '../model/traversal.js';

export const SHA256_BYTES = 32;
/** Largest restored output this build accepts from a file (guards against absurd headers). */
export const MAX_RESTORED_BYTES = 2 ** 31;

export type InputDescription =
  /** The IDX header bytes exactly as in the input (the data after it are the images). */
  | { kind: 'idx'; idxHeader: Uint8Array }
  /** One base file name per image; empty in a compact single-image file (decode's -o names it). */
  | { kind: 'png'; names: string[] };

export interface ContainerHeader {
  /** --binarize was used: the restored images are the thresholded ones (lossy). */
  binarized: boolean;
  /** The IDX input was a gzip stream (decode restores the decompressed IDX). */
  inputGzipped: boolean;
  /** SHA-256 of the model (hex), as in its manifest: all 64 digits (versions 1–2) or its first 8 (versions 3–4). */
  modelFingerprint: string;
  /** The model's dataset name (e.g. 'mnist'): where decode looks for a bundled model ('' in versions 3–4). */
  modelName: string;
  pixelMode: PixelMode;
  /** The model's probability precision and class count (null in versions 3–4: the fingerprint implies them). */
  precisionBits: number | null;
  classCount: number | null;
  height: number;
  width: number;
  imageCount: number;
  /** Binary mode: the byte values that bit 0 and bit 1 stand for (0 and 255 in gray mode). */
  lowLevel: number;
  highLevel: number;
  input: InputDescription;
  /** gzip −9 size of the restored data, for ratios (0xFFFFFFFF when ≥ 4 GiB; null in a compact single-image file). */
  gzipBytes: number | null;
}

/** How the restored data are checked after decoding. */
export type RestoredCheck =
  /** Versions 1–2: the SHA-256 of the restored data. */
  | { kind: 'sha256'; digest: Uint8Array }
  /** Versions 3–4: CRC-32 of (the model's full 32-byte fingerprint ‖ `sealed` ‖ the restored data). */
  | { kind: 'crc32'; value: number; sealed: Uint8Array };

export interface Container {
  version: number;
  header: ContainerHeader;
  /** Images in each record (the last record holds the rest): 1 before version 4. */
  imagesPerRecord: number;
  /** Byte length of each record. */
  recordLengths: Uint32Array;
  /** Where each record starts in `payload`; recordOffsets[record count] = payload.length. */
  recordOffsets: Float64Array;
  /** The records, concatenated in image order (a view of the file's bytes). */
  payload: Uint8Array;
  restoredCheck: RestoredCheck;
  /** True when the file's own bytes were checked on reading (a checksum over the whole file), so
   * any one record can be decoded alone and trusted; false when only the restored check finds damage. */
  bytesVerified: boolean;
  /** Sizes of the parts, for reports. */
  headerBytes: number;
  lengthTableBytes: number;
  checksumBytes: number;
  totalBytes: number;
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** Bits needed to write any value in 0..range. */
export function bitsFor(range: number): number {
  let bits = 0;
  while (bits < 32 && 2 ** bits <= range) bits++;
  return bits;
}

/** A safe file base name for PNG outputs: no folders, no '..', no control characters. */
export function isSafeBaseName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !/[/\\\x00-\x1f]/.test(name);
}

/** Refuses sizes no image set has or this build cannot restore. */
export function checkImageFields(height: number, width: number, imageCount: number, label: string): void {
  if (height < 1 || width < 1 || imageCount < 1) fail(ErrorCode.BadFormat, `${label}: .arc header describes ${imageCount} images of ${height}×${width}`);
  if (imageCount * height * width > MAX_RESTORED_BYTES) {
    fail(ErrorCode.BadFormat, `${label}: .arc header describes ${imageCount} images of ${height}×${width}, more than this arcompress restores (${MAX_RESTORED_BYTES} bytes)`);
  }
}

/** How many records `imageCount` images make at `imagesPerRecord` images a record (the last one the rest). */
export function recordCountOf(imageCount: number, imagesPerRecord: number): number {
  return Math.ceil(imageCount / imagesPerRecord);
}

/** The images [first, end) record `index` holds, of `imageCount` at `imagesPerRecord` a record. */
export function recordImageRange(index: number, imagesPerRecord: number, imageCount: number): [number, number] {
  const first = index * imagesPerRecord;
  return [first, Math.min(first + imagesPerRecord, imageCount)];
}

/** Offsets from lengths, checked against the bytes present. */
export function recordLayout(recordLengths: Uint32Array, payloadLength: number, label: string): Float64Array {
  const offsets = new Float64Array(recordLengths.length + 1);
  for (let i = 0; i < recordLengths.length; i++) offsets[i + 1] = offsets[i] + recordLengths[i];
  if (offsets[recordLengths.length] !== payloadLength) {
    fail(ErrorCode.BadFormat, `${label}: the record lengths add up to ${offsets[recordLengths.length]} bytes, the file holds ${payloadLength}`);
  }
  return offsets;
}

