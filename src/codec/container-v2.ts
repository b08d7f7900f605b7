/**
 * The .arc layout of versions 1 and 2 (docs/FORMAT.md, "Versions 1 and 2"): an 8-byte magic,
 * fixed-width big-endian fields, the model's full fingerprint and name, the IDX header or PNG
 * names, a table of record lengths (bit-packed in version 1, range-coded in version 2), the
 * records, and a SHA-256 of everything before it. This build still writes version 2 on request
 * (`writeContainer(…, 2)`) so that its tests can make such files; the default is version 4.
 *
 * Reading checks, in order (after magic and version): the stated length (Truncated / BadFormat),
 * the trailing SHA-256 (Checksum: damage is found before anything is decoded), every field's range.
 */
import { ArcError, ErrorCode, fail, invariant } from '../errors.js';
import type { PixelMode } from '../model/traversal.js';
import { ByteReader, ByteWriter } from './byte-io.js';
import { bitsFor, checkImageFields, isSafeBaseName, recordLayout, sha256, SHA256_BYTES, type Container, type ContainerHeader, type InputDescription } from './container-parts.js';
import { decodeLengthTable, encodeLengthTable } from './length-table.js';

/** "\x8AARC\r\n\x1A\n": a high byte, the name, and line-ending/EOF bytes that reveal text-mode damage (as PNG's). */
export const LEGACY_MAGIC = Uint8Array.of(0x8a, 0x41, 0x52, 0x43, 0x0d, 0x0a, 0x1a, 0x0a);
/** Bytes of the fixed part of the header (up to and including the model name length). */
const FIXED_HEADER_BYTES = 76;

const FLAG_BINARIZED = 1;
const FLAG_INPUT_GZIPPED = 2;
const KNOWN_FLAGS = FLAG_BINARIZED | FLAG_INPUT_GZIPPED;
const PIXEL_MODE_CODES: Record<PixelMode, number> = { binary: 0, gray: 1 };
const INPUT_KIND_CODES = { idx: 1, png: 2 } as const;

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Serialises a version-2 container; `restoredSha256` is the SHA-256 of the restored data. */
export function writeLegacyContainer(header: ContainerHeader, records: readonly Uint8Array[], restoredSha256: Uint8Array): Uint8Array {
  invariant(header.precisionBits !== null && header.classCount !== null && header.gzipBytes !== null, 'a version-2 header states precision, class count and gzip size');
  const modelName = new TextEncoder().encode(header.modelName).subarray(0, 255);
  const writer = new ByteWriter();
  writer.raw(LEGACY_MAGIC);
  writer.u16(2);
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
  writer.raw(restoredSha256);
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

/** Parses a version-1 or -2 container (magic and version already checked). */
export function parseLegacyContainer(bytes: Uint8Array, label: string, version: number): Container {
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
  return parseCheckedContainer(bytes, bodyLength, label, version);
}

/** Reads the fields of a container whose length and checksum are already verified. */
function parseCheckedContainer(bytes: Uint8Array, bodyLength: number, label: string, version: number): Container {
  const reader = new ByteReader(bytes, bodyLength, label);
  reader.offset = LEGACY_MAGIC.length + 2;
  const flags = reader.u16('flags');
  if (flags & ~KNOWN_FLAGS) fail(ErrorCode.BadFormat, `${label}: unknown flags 0x${flags.toString(16)} in the .arc header`);
  reader.u64('total length');
  const headerBytes = reader.u32('header length');
  if (headerBytes < FIXED_HEADER_BYTES || headerBytes > bodyLength) fail(ErrorCode.BadFormat, `${label}: .arc header length ${headerBytes} is outside the file`);
  const headerReader = new ByteReader(bytes, headerBytes, `${label} (header)`);
  headerReader.offset = reader.offset;
  const fingerprint = toHex(headerReader.raw(32, 'model fingerprint'));
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
  if (classCount < 1) fail(ErrorCode.BadFormat, `${label}: .arc header has ${classCount} classes`);
  checkImageFields(height, width, imageCount, label);
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
  const setLength = (i: number, value: number) => {
    const length = minimum + value;
    if (length > 0xffffffff) fail(ErrorCode.BadFormat, `${label}: record ${i} is ${length} bytes long`);
    recordLengths[i] = length;
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
  const recordOffsets = recordLayout(recordLengths, bodyLength - reader.offset, label);
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
  };
  return {
    version, header, imagesPerRecord: 1, recordLengths, recordOffsets, payload,
    restoredCheck: { kind: 'sha256', digest: restoredSha256 },
    bytesVerified: true,
    headerBytes, lengthTableBytes, checksumBytes: SHA256_BYTES, totalBytes: bytes.length,
  };
}
