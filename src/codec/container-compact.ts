/**
 * The compact .arc layouts, versions 3 and 4 (docs/FORMAT.md): for one MNIST digit 13 bytes
 * besides its record, against ~170 in version 2. Version 4 is version 3 with records of several
 * images: a file of several images states R, the images per record (the last record holds the
 * rest), and its length table lists the ⌈N / R⌉ records. What both leave out is what the other
 * fields or the model already say:
 *
 * - a 2-byte magic (0x8A, then the version byte), and one byte of flags;
 * - the model as the first 4 bytes of its fingerprint (checked against the loaded model's full
 *   fingerprint, which the final CRC also covers): no name, class count or precision;
 * - sizes as varints; no IDX header (a 3-D ubyte IDX header is determined by the sizes); no PNG
 *   name and no length table for a single image (its record is the rest of the file);
 * - no gzip size in a single-image file (decode measures it when it reports a ratio; a file of
 *   several images keeps it, a varint, so that decoding 10,000 images does not spend a second on it);
 * - a CRC-32 instead of two SHA-256 sums: the last 4 bytes are the CRC-32 of (the model's full
 *   32-byte fingerprint ‖ every byte before them ‖ the restored data), checked after decoding; a
 *   file of several images also carries a CRC-32 of its bytes before the final check, checked on
 *   reading, so that any one record can be decoded alone and trusted.
 */
import { ArcError, ErrorCode, fail, invariant } from '../errors.js';
import { ByteReader, ByteWriter } from './byte-io.js';
import { bitsFor, checkImageFields, isSafeBaseName, recordCountOf, recordLayout, type Container, type ContainerHeader, type InputDescription } from './container-parts.js';
import { crc32 } from '../crc32.js';
import { decodeLengthTable, encodeLengthTable } from './length-table.js';

/** The compact layout with one image per record. */
export const ONE_IMAGE_RECORDS_VERSION = 3;
/** The compact layout with R images per record (R stated by a file of several images). */
export const MULTI_IMAGE_RECORDS_VERSION = 4;
/** Most pixels a record may hold (R · height · width), so that one record always decodes alone cheaply. */
export const MAX_RECORD_PIXELS = 2 ** 24;
/** Bytes of the model fingerprint prefix stored in the file. */
const FINGERPRINT_PREFIX_BYTES = 4;
const CRC_BYTES = 4;
/** Magic byte, version byte, flags, fingerprint prefix. */
const FIXED_BYTES = 3 + FINGERPRINT_PREFIX_BYTES;

const FLAG_BINARIZED = 1;
const FLAG_INPUT_GZIPPED = 2;
const FLAG_GRAY = 4;
const FLAG_PNG_INPUT = 8;
const FLAG_SEVERAL_IMAGES = 16;
const FLAG_LEVELS_STORED = 32;
const KNOWN_FLAGS = 63;

/** The 16-byte IDX header of `count` images of height × width ubyte (the only kind arcompress codes). */
export function imageIdxHeader(count: number, height: number, width: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, count);
  view.setUint32(8, height);
  view.setUint32(12, width);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Serialises a version-3 or version-4 container; `records` hold `imagesPerRecord` images each
 * (the last one the rest; 1 in version 3); `restored` are the restored data the final CRC covers.
 */
export function writeCompactContainer(header: ContainerHeader, records: readonly Uint8Array[], restored: Uint8Array, version: number, imagesPerRecord: number): Uint8Array {
  invariant(version === ONE_IMAGE_RECORDS_VERSION || version === MULTI_IMAGE_RECORDS_VERSION, `compact versions are ${ONE_IMAGE_RECORDS_VERSION} and ${MULTI_IMAGE_RECORDS_VERSION}`);
  invariant(version === MULTI_IMAGE_RECORDS_VERSION || imagesPerRecord === 1, 'version 3 holds one image per record');
  invariant(Number.isInteger(imagesPerRecord) && imagesPerRecord >= 1 && imagesPerRecord <= Math.max(1, header.imageCount), 'between 1 and the image count of images per record');
  invariant(imagesPerRecord * header.height * header.width <= MAX_RECORD_PIXELS, `at most ${MAX_RECORD_PIXELS} pixels a record`);
  invariant(records.length === recordCountOf(header.imageCount, imagesPerRecord), 'one record per imagesPerRecord images');
  const several = header.imageCount > 1;
  const gray = header.pixelMode === 'gray';
  const levelsStored = !gray && !(header.lowLevel === 0 && header.highLevel === 255);
  invariant(!gray || (header.lowLevel === 0 && header.highLevel === 255), 'gray mode has levels 0 and 255');
  if (header.input.kind === 'idx') {
    invariant(sameBytes(header.input.idxHeader, imageIdxHeader(header.imageCount, header.height, header.width)), 'an IDX input has the 3-D ubyte header of its images');
  }
  const flags = (header.binarized ? FLAG_BINARIZED : 0) | (header.inputGzipped ? FLAG_INPUT_GZIPPED : 0) | (gray ? FLAG_GRAY : 0) |
    (header.input.kind === 'png' ? FLAG_PNG_INPUT : 0) | (several ? FLAG_SEVERAL_IMAGES : 0) | (levelsStored ? FLAG_LEVELS_STORED : 0);
  const fingerprint = Buffer.from(header.modelFingerprint, 'hex');
  const writer = new ByteWriter();
  writer.u8(0x8a);
  writer.u8(version);
  writer.u8(flags);
  writer.raw(fingerprint.subarray(0, FINGERPRINT_PREFIX_BYTES));
  writer.varint(header.height);
  writer.varint(header.width);
  if (several) {
    invariant(header.gzipBytes !== null, 'an encoder states the gzip size');
    writer.varint(header.imageCount);
    writer.varint(Math.min(header.gzipBytes, 0xffffffff));
    if (version === MULTI_IMAGE_RECORDS_VERSION) writer.varint(imagesPerRecord);
  }
  if (levelsStored) {
    writer.u8(header.lowLevel);
    writer.u8(header.highLevel);
  }
  if (header.input.kind === 'png' && several) {
    invariant(header.input.names.length === header.imageCount, 'one name per PNG image');
    for (const name of header.input.names) {
      invariant(isSafeBaseName(name), `'${name}' is not a plain file name`);
      const encoded = new TextEncoder().encode(name);
      writer.varint(encoded.length);
      writer.raw(encoded);
    }
  }
  if (several) {
    const lengths = records.map((record) => record.length);
    // A loop, not Math.min(...lengths): spreading 10^5 or more arguments overflows the stack.
    let minimum = Infinity;
    let maximum = 0;
    for (const length of lengths) {
      minimum = Math.min(minimum, length);
      maximum = Math.max(maximum, length);
    }
    const bits = bitsFor(maximum - minimum);
    const coded = encodeLengthTable(lengths.map((length) => length - minimum), bits);
    writer.varint(minimum);
    writer.u8(bits);
    writer.varint(coded.length);
    writer.raw(coded);
  }
  for (const record of records) writer.raw(record);
  if (several) writer.u32(crc32(writer.finish()));
  const sealed = writer.finish();
  writer.u32(crc32(fingerprint, sealed, restored));
  return writer.finish();
}

/** Parses a version-3 or version-4 container (magic and version already checked). */
export function parseCompactContainer(bytes: Uint8Array, label: string, version: number): Container {
  if (bytes.length < FIXED_BYTES + 2 + CRC_BYTES) fail(ErrorCode.Truncated, `${label}: truncated .arc file: ${bytes.length} bytes, a version-${version} file has at least ${FIXED_BYTES + 2 + CRC_BYTES}`);
  const flags = bytes[2];
  if (flags & ~KNOWN_FLAGS) fail(ErrorCode.BadFormat, `${label}: unknown flags 0x${flags.toString(16)} in the .arc header`);
  const several = (flags & FLAG_SEVERAL_IMAGES) !== 0;
  const checksumBytes = several ? 2 * CRC_BYTES : CRC_BYTES;
  const sealedLength = bytes.length - CRC_BYTES;
  if (several) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < FIXED_BYTES + 2 + checksumBytes || crc32(bytes.subarray(0, sealedLength - CRC_BYTES)) !== view.getUint32(sealedLength - CRC_BYTES)) {
      fail(ErrorCode.Checksum, `${label}: .arc file is damaged (or truncated): its checksum (CRC-32) does not match its contents`);
    }
  }
  const recordsEnd = bytes.length - checksumBytes;
  const reader = new ByteReader(bytes, recordsEnd, label);
  reader.offset = 3;
  const fingerprintPrefix = Buffer.from(reader.raw(FINGERPRINT_PREFIX_BYTES, 'model fingerprint')).toString('hex');
  const height = reader.varint('height');
  const width = reader.varint('width');
  const imageCount = several ? reader.varint('image count') : 1;
  const gzipBytes = several ? reader.varint('gzip size') : null;
  if (several && imageCount < 2) fail(ErrorCode.BadFormat, `${label}: the flags say several images, the count says ${imageCount}`);
  checkImageFields(height, width, imageCount, label);
  const imagesPerRecord = several && version === MULTI_IMAGE_RECORDS_VERSION ? reader.varint('images per record') : 1;
  if (imagesPerRecord < 1 || imagesPerRecord > imageCount) fail(ErrorCode.BadFormat, `${label}: ${imagesPerRecord} images per record, for ${imageCount} images`);
  if (imagesPerRecord * height * width > MAX_RECORD_PIXELS) fail(ErrorCode.BadFormat, `${label}: ${imagesPerRecord} images of ${height}×${width} per record, more than ${MAX_RECORD_PIXELS} pixels`);
  const recordCount = recordCountOf(imageCount, imagesPerRecord);
  const gray = (flags & FLAG_GRAY) !== 0;
  let lowLevel = 0;
  let highLevel = 255;
  if (flags & FLAG_LEVELS_STORED) {
    if (gray) fail(ErrorCode.BadFormat, `${label}: a gray-mode file with stored binary levels`);
    lowLevel = reader.u8('low level');
    highLevel = reader.u8('high level');
  }
  let input: InputDescription;
  if (flags & FLAG_PNG_INPUT) {
    if (flags & FLAG_INPUT_GZIPPED) fail(ErrorCode.BadFormat, `${label}: PNG input marked as gzipped`);
    const names: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; several && i < imageCount; i++) {
      const name = new TextDecoder('utf-8', { fatal: true }).decode(reader.raw(reader.varint('PNG name length'), 'PNG name'));
      if (!isSafeBaseName(name) || seen.has(name)) fail(ErrorCode.BadFormat, `${label}: PNG name ${JSON.stringify(name)} is not a plain, unique file name`);
      seen.add(name);
      names.push(name);
    }
    input = { kind: 'png', names };
  } else {
    input = { kind: 'idx', idxHeader: imageIdxHeader(imageCount, height, width) };
  }
  const headerBytes = reader.offset;
  const recordLengths = new Uint32Array(recordCount);
  if (several) {
    const minimum = reader.varint('minimum record length');
    const bits = reader.u8('bits per record length');
    if (bits > 32) fail(ErrorCode.BadFormat, `${label}: ${bits} bits per record length (at most 32)`);
    const coded = reader.raw(reader.varint('record length table size'), 'record length table');
    try {
      decodeLengthTable(coded, recordCount, bits, (i, value) => {
        if (minimum + value > 0xffffffff) fail(ErrorCode.BadFormat, `record ${i} is ${minimum + value} bytes long`);
        recordLengths[i] = minimum + value;
      });
    } catch (error) {
      if (error instanceof ArcError) throw new ArcError(ErrorCode.BadFormat, `${label}: record length table: ${error.message}`);
      throw error;
    }
  } else {
    recordLengths[0] = recordsEnd - reader.offset;
  }
  const lengthTableBytes = reader.offset - headerBytes;
  const recordOffsets = recordLayout(recordLengths, recordsEnd - reader.offset, label);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: ContainerHeader = {
    binarized: (flags & FLAG_BINARIZED) !== 0,
    inputGzipped: (flags & FLAG_INPUT_GZIPPED) !== 0,
    modelFingerprint: fingerprintPrefix,
    modelName: '',
    pixelMode: gray ? 'gray' : 'binary',
    precisionBits: null,
    classCount: null,
    height,
    width,
    imageCount,
    lowLevel,
    highLevel,
    input,
    gzipBytes,
  };
  return {
    version,
    header,
    imagesPerRecord,
    recordLengths,
    recordOffsets,
    payload: bytes.subarray(reader.offset, recordsEnd),
    restoredCheck: { kind: 'crc32', value: view.getUint32(sealedLength), sealed: bytes.subarray(0, sealedLength) },
    bytesVerified: several,
    headerBytes,
    lengthTableBytes,
    checksumBytes,
    totalBytes: bytes.length,
  };
}
