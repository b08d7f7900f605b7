/**
 * The .arc container (docs/FORMAT.md is the specification): a header describing the model, the
 * images and the original input, a bit-packed table of record lengths (so any image's record can
 * be found without decoding the others; range-coded since version 2), the records, and a SHA-256 of everything before it.
 *
 * Reading checks, in order: magic, version, stated length (Truncated / BadFormat), the trailing
 * checksum (Checksum: damage is found before anything is decoded), then every field's range.
 * All integers are big-endian.
 */
import { createHash } from 'node:crypto';
import { ArcError, ErrorCode, fail, invariant } from '../errors.js';
import type { PixelMode } from '../model/traversal.js';
import { decodeLengthTable, encodeLengthTable } from './length-table.js';
import { ByteReader, ByteWriter } from './byte-io.js';

/** "\x8AARC\r\n\x1A\n": a high byte, the name, and line-ending/EOF bytes that reveal text-mode damage (as PNG's). */
export const CONTAINER_MAGIC = Uint8Array.of(0x8a, 0x41, 0x52, 0x43, 0x0d, 0x0a, 0x1a, 0x0a);
/** The version this build writes; it reads this one and the older ones in READABLE_VERSIONS. */
export const CONTAINER_VERSION = 2;
/** 1: the record length table is bit-packed at a fixed width; 2: it is range-coded (length-table.ts). */
export const READABLE_VERSIONS: readonly number[] = [1, 2];
export const SHA256_BYTES = 32;
/** Bytes of the fixed part of the header (up to and including the model name length). */
const FIXED_HEADER_BYTES = 76;
/** Largest restored output this build accepts from a file (guards against absurd headers). */
export const MAX_RESTORED_BYTES = 2 ** 31;

const FLAG_BINARIZED = 1;
const FLAG_INPUT_GZIPPED = 2;
const KNOWN_FLAGS = FLAG_BINARIZED | FLAG_INPUT_GZIPPED;
const PIXEL_MODE_CODES: Record<PixelMode, number> = { binary: 0, gray: 1 };
const INPUT_KIND_CODES = { idx: 1, png: 2 } as const;

export type InputDescription =
  /** The IDX header bytes exactly as in the input (the data after it are the images). */
  | { kind: 'idx'; idxHeader: Uint8Array }
  /** One base file name per image. */
  | { kind: 'png'; names: string[] };

export interface ContainerHeader {
  /** --binarize was used: the restored images are the thresholded ones (lossy). */
  binarized: boolean;
  /** The IDX input was a gzip stream (decode restores the decompressed IDX). */
  inputGzipped: boolean;
  /** SHA-256 of the model (hex), as in its manifest. */
  modelFingerprint: string;
  /** The model's dataset name (e.g. 'mnist'): where decode looks for a bundled model. */
  modelName: string;
  pixelMode: PixelMode;
  precisionBits: number;
  classCount: number;
  height: number;
  width: number;
  imageCount: number;
  /** Binary mode: the byte values that bit 0 and bit 1 stand for (0 and 255 in gray mode). */
  lowLevel: number;
  highLevel: number;
  input: InputDescription;
  /** gzip −9 size of the restored data, for ratios (0xFFFFFFFF when ≥ 4 GiB). */
  gzipBytes: number;
  /** SHA-256 of the restored data (docs/FORMAT.md says which bytes). */
  restoredSha256: Uint8Array;
}

export interface Container {
  header: ContainerHeader;
  /** Byte length of each image's record. */
  recordLengths: Uint32Array;
  /** Where each record starts in `payload`; recordOffsets[imageCount] = payload.length. */
  recordOffsets: Float64Array;
  /** The records, concatenated in image order (a view of the file's bytes). */
  payload: Uint8Array;
  /** Sizes of the parts, for reports. */
  headerBytes: number;
  lengthTableBytes: number;
  totalBytes: number;
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** Bits needed to write any value in 0..range. */
function bitsFor(range: number): number {
  let bits = 0;
  while (bits < 32 && 2 ** bits <= range) bits++;
  return bits;
}

/** A safe file base name for PNG outputs: no folders, no '..', no control characters. */
export function isSafeBaseName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !/[/\\\x00-\x1f]/.test(name);
}

/** Serialises a container. `records` are the image records in image order. */
export function writeContainer(header: ContainerHeader, records: readonly Uint8Array[]): Uint8Array {
  invariant(records.length === header.imageCount, 'one record per image');
  invariant(/^[0-9a-f]{64}$/.test(header.modelFingerprint), 'model fingerprint is a SHA-256 hex string');
  invariant(header.restoredSha256.length === SHA256_BYTES, 'restored checksum is a SHA-256');
  const modelName = new TextEncoder().encode(header.modelName).subarray(0, 255);
  const writer = new ByteWriter();
  writer.raw(CONTAINER_MAGIC);
  writer.u16(CONTAINER_VERSION);
  writer.u16((header.binarized ? FLAG_BINARIZED : 0) | (header.inputGzipped ? FLAG_INPUT_GZIPPED : 0));
  writer.u64(0); // total bytes, patched below
  writer.u32(0); // header bytes, patched below
  writer.raw(Buffer.from(header.modelFingerprint, 'hex'));
  writer.u8(PIXEL_MODE_CODES[header.pixelMode]);
  writer.u8(header.precisionBits);
  writer.u16(header.classCount);
  writer.u32(header.height);
  writer.u32(header.width);
  writer.u32(header.imageCount);
  writer.u8(header.lowLevel);
  writer.u8(header.highLevel);
  writer.u8(INPUT_KIND_CODES[header.input.kind]);
  writer.u8(modelName.length);
  invariant(writer.length === FIXED_HEADER_BYTES, 'fixed header layout');
  writer.raw(modelName);
  writer.u32(Math.min(header.gzipBytes, 0xffffffff));
  writer.raw(header.restoredSha256);
  if (header.input.kind === 'idx') {
    writer.u16(header.input.idxHeader.length);
    writer.raw(header.input.idxHeader);
  } else {
    invariant(header.input.names.length === header.imageCount, 'one name per PNG image');
    for (const name of header.input.names) {
      invariant(isSafeBaseName(name), `'${name}' is not a plain file name`);
      const encoded = new TextEncoder().encode(name);
      writer.u16(encoded.length);
      writer.raw(encoded);
    }
  }
  const headerBytes = writer.length;
  writer.patchU32(20, headerBytes);

  let minimum = Infinity;
  let maximum = 0;
  for (const record of records) {
    minimum = Math.min(minimum, record.length);
    maximum = Math.max(maximum, record.length);
  }
  if (records.length === 0) minimum = 0;
  const bitsPerLength = bitsFor(maximum - minimum);
  writer.u32(minimum);
  writer.u8(bitsPerLength);
  const coded = encodeLengthTable(records.map((record) => record.length - minimum), bitsPerLength);
  writer.u32(coded.length);
  writer.raw(coded);
  for (const record of records) writer.raw(record);
  const totalBytes = writer.length + SHA256_BYTES;
  writer.patchU64(12, totalBytes);
  const body = writer.finish();
  const out = new Uint8Array(totalBytes);
  out.set(body);
  out.set(sha256(body), body.length);
  return out;
}

/** Checks magic and version only: enough to say what a file is. */
function checkMagicAndVersion(bytes: Uint8Array, label: string): number {
  if (bytes.length === 0) fail(ErrorCode.Truncated, `${label}: empty file, expected an .arc file`);
  const magicLength = CONTAINER_MAGIC.length;
  const start = bytes.subarray(0, magicLength);
  const magicPrefixMatches = start.every((value, i) => value === CONTAINER_MAGIC[i]);
  if (!magicPrefixMatches) {
    const found = Array.from(start, (value) => value.toString(16).padStart(2, '0')).join(' ') || 'an empty file';
    fail(ErrorCode.BadMagic, `${label}: not an arcompress .arc file: expected magic 8a 41 52 43 0d 0a 1a 0a, found ${found}`);
  }
  if (bytes.length < magicLength + 2) fail(ErrorCode.Truncated, `${label}: truncated .arc file: ${bytes.length} bytes, the header alone needs ${FIXED_HEADER_BYTES}`);
  const version = (bytes[magicLength] << 8) | bytes[magicLength + 1];
  if (!READABLE_VERSIONS.includes(version)) fail(ErrorCode.BadVersion, `${label}: .arc format version ${version}; this arcompress reads versions ${READABLE_VERSIONS.join(' and ')}`);
  return version;
}

/** Parses and checks a whole container (see the file comment for the order of checks). */
export function readContainer(bytes: Uint8Array, label: string): Container {
  const version = checkMagicAndVersion(bytes, label);
  if (bytes.length < FIXED_HEADER_BYTES + SHA256_BYTES) {
    fail(ErrorCode.Truncated, `${label}: truncated .arc file: ${bytes.length} bytes, the header alone needs ${FIXED_HEADER_BYTES + SHA256_BYTES}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const statedBig = view.getBigUint64(12);
  const statedBytes = statedBig > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(statedBig);
  if (bytes.length < statedBytes) fail(ErrorCode.Truncated, `${label}: truncated .arc file: its header says ${statedBytes} bytes, found ${bytes.length}`);
  if (bytes.length > statedBytes) fail(ErrorCode.BadFormat, `${label}: .arc file is longer than its header says: expected ${statedBytes} bytes, found ${bytes.length}`);
  const bodyLength = bytes.length - SHA256_BYTES;
  const expected = sha256(bytes.subarray(0, bodyLength));
  const stored = bytes.subarray(bodyLength);
  if (!expected.every((value, i) => value === stored[i])) {
    fail(ErrorCode.Checksum, `${label}: .arc file is damaged: its SHA-256 checksum does not match its contents`);
  }
  try {
    return parseCheckedContainer(bytes, bodyLength, label, version);
  } catch (error) {
    if (error instanceof ArcError) throw error;
    throw new ArcError(ErrorCode.BadFormat, `${label}: malformed .arc file (${String((error as Error)?.message ?? error).split('\n')[0]})`);
  }
}

/** Reads the fields of a container whose length and checksum are already verified. */
function parseCheckedContainer(bytes: Uint8Array, bodyLength: number, label: string, version: number): Container {
  const reader = new ByteReader(bytes, bodyLength, label);
  reader.offset = CONTAINER_MAGIC.length + 2;
  const flags = reader.u16('flags');
  if (flags & ~KNOWN_FLAGS) fail(ErrorCode.BadFormat, `${label}: unknown flags 0x${flags.toString(16)} in the .arc header`);
  reader.u64('total length');
  const headerBytes = reader.u32('header length');
  if (headerBytes < FIXED_HEADER_BYTES || headerBytes > bodyLength) fail(ErrorCode.BadFormat, `${label}: .arc header length ${headerBytes} is outside the file`);
  const headerReader = new ByteReader(bytes, headerBytes, `${label} (header)`);
  headerReader.offset = reader.offset;
  const fingerprint = toHex(headerReader.raw(SHA256_BYTES, 'model fingerprint'));
  const modeCode = headerReader.u8('pixel mode');
  const pixelMode = (Object.keys(PIXEL_MODE_CODES) as PixelMode[]).find((mode) => PIXEL_MODE_CODES[mode] === modeCode);
  if (pixelMode === undefined) fail(ErrorCode.BadFormat, `${label}: unknown pixel mode code ${modeCode}`);
  const precisionBits = headerReader.u8('precision');
  const classCount = headerReader.u16('class count');
  const height = headerReader.u32('height');
  const width = headerReader.u32('width');
  const imageCount = headerReader.u32('image count');
  const lowLevel = headerReader.u8('low level');
  const highLevel = headerReader.u8('high level');
  const kindCode = headerReader.u8('input kind');
  const modelNameLength = headerReader.u8('model name length');
  const modelName = new TextDecoder().decode(headerReader.raw(modelNameLength, 'model name'));
  const gzipBytes = headerReader.u32('gzip size');
  const restoredSha256 = headerReader.raw(SHA256_BYTES, 'restored checksum').slice();
  if (classCount < 1 || height < 1 || width < 1) fail(ErrorCode.BadFormat, `${label}: .arc header has ${classCount} classes and ${height}×${width} images`);
  if (imageCount * height * width > MAX_RESTORED_BYTES) {
    fail(ErrorCode.BadFormat, `${label}: .arc header describes ${imageCount} images of ${height}×${width}, more than this arcompress restores (${MAX_RESTORED_BYTES} bytes)`);
  }
  let input: InputDescription;
  if (kindCode === INPUT_KIND_CODES.idx) {
    const idxHeader = headerReader.raw(headerReader.u16('IDX header length'), 'IDX header').slice();
    input = { kind: 'idx', idxHeader };
  } else if (kindCode === INPUT_KIND_CODES.png) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < imageCount; i++) {
      const name = new TextDecoder('utf-8', { fatal: true }).decode(headerReader.raw(headerReader.u16('PNG name length'), 'PNG name'));
      if (!isSafeBaseName(name) || seen.has(name)) fail(ErrorCode.BadFormat, `${label}: PNG name ${JSON.stringify(name)} is not a plain, unique file name`);
      seen.add(name);
      names.push(name);
    }
    input = { kind: 'png', names };
  } else {
    fail(ErrorCode.BadFormat, `${label}: unknown input kind code ${kindCode}`);
  }
  if (headerReader.offset !== headerBytes) fail(ErrorCode.BadFormat, `${label}: .arc header fields end at byte ${headerReader.offset}, its length says ${headerBytes}`);

  reader.offset = headerBytes;
  const minimum = reader.u32('minimum record length');
  const bitsPerLength = reader.u8('bits per record length');
  if (bitsPerLength > 32) fail(ErrorCode.BadFormat, `${label}: ${bitsPerLength} bits per record length (at most 32)`);
  const recordLengths = new Uint32Array(imageCount);
  const recordOffsets = new Float64Array(imageCount + 1);
  const setLength = (i: number, value: number) => {
    const length = minimum + value;
    if (length > 0xffffffff) fail(ErrorCode.BadFormat, `${label}: record ${i} is ${length} bytes long`);
    recordLengths[i] = length;
    recordOffsets[i + 1] = recordOffsets[i] + length;
  };
  if (version === 1) {
    const packed = reader.raw(Math.ceil((imageCount * bitsPerLength) / 8), 'record length table');
    let bitPosition = 0;
    for (let i = 0; i < imageCount; i++) {
      let value = 0;
      for (let b = 0; b < bitsPerLength; b++, bitPosition++) value = value * 2 + ((packed[bitPosition >> 3] >> (7 - (bitPosition & 7))) & 1);
      setLength(i, value);
    }
  } else {
    const coded = reader.raw(reader.u32('record length table size'), 'record length table');
    try {
      decodeLengthTable(coded, imageCount, bitsPerLength, setLength);
    } catch (error) {
      if (error instanceof ArcError) throw new ArcError(ErrorCode.BadFormat, `${label}: record length table: ${error.message}`);
      throw error;
    }
  }
  const lengthTableBytes = reader.offset - headerBytes;
  const payloadLength = bodyLength - reader.offset;
  if (recordOffsets[imageCount] !== payloadLength) {
    fail(ErrorCode.BadFormat, `${label}: the record lengths add up to ${recordOffsets[imageCount]} bytes, the file holds ${payloadLength}`);
  }
  const payload = bytes.subarray(reader.offset, bodyLength);
  const header: ContainerHeader = {
    binarized: (flags & FLAG_BINARIZED) !== 0,
    inputGzipped: (flags & FLAG_INPUT_GZIPPED) !== 0,
    modelFingerprint: fingerprint,
    modelName,
    pixelMode,
    precisionBits,
    classCount,
    height,
    width,
    imageCount,
    lowLevel,
    highLevel,
    input,
    gzipBytes,
    restoredSha256,
  };
  return { header, recordLengths, recordOffsets, payload, headerBytes, lengthTableBytes, totalBytes: bytes.length };
}

/** The record of image `index` (a view). */
export function recordOf(container: Container, index: number): Uint8Array {
  invariant(index >= 0 && index < container.header.imageCount, `image ${index} out of range`);
  return container.payload.subarray(container.recordOffsets[index], container.recordOffsets[index + 1]);
}
