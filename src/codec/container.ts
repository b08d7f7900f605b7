/**
 * The .arc container (docs/FORMAT.md is the specification): what every version describes (the
 * model, the images, the original input, the record of each image and how to check the restored
 * data), and which version a file is. Two layouts implement it:
 *
 * - versions 3 and 4, the compact layout (container-compact.ts): a 2-byte magic, varint sizes, a
 *   4-byte model fingerprint prefix and CRC-32 checks; no length table, name or IDX header for
 *   what can be derived (a single-digit file costs 13 bytes besides its record). Version 4,
 *   written by default, holds several images per record (the encoder writes up to 64); version 3 one;
 * - versions 1 and 2 (container-v2.ts): the 8-byte magic, fixed-width fields, SHA-256 sums.
 *
 * Reading checks, in order: magic, version, then the layout's own checks (length, checksum of
 * the file where it has one, every field's range). The restored data are checked after decoding
 * by `verifyRestoredData`, whichever the version.
 */
import { ArcError, ErrorCode, fail, invariant } from '../errors.js';
import { crc32 } from '../crc32.js';
import { recordCountOf, recordImageRange, sha256, type Container, type ContainerHeader } from './container-parts.js';
import { MULTI_IMAGE_RECORDS_VERSION, ONE_IMAGE_RECORDS_VERSION, parseCompactContainer, writeCompactContainer } from './container-compact.js';
import { LEGACY_MAGIC, parseLegacyContainer, writeLegacyContainer } from './container-v2.js';

export { LEGACY_MAGIC as CONTAINER_MAGIC } from './container-v2.js';
export * from './container-parts.js';
/** The first byte of every .arc file (a high byte, as PNG's, reveals 7-bit damage). */
export const MAGIC_FIRST_BYTE = 0x8a;
/** The version this build writes; it reads this one and the older ones in READABLE_VERSIONS. */
export const CONTAINER_VERSION = MULTI_IMAGE_RECORDS_VERSION;
/** 1: fixed-width length table; 2: range-coded length table; 3: the compact layout; 4: several images per record. */
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3, 4];
/**
 * Serialises a container. `records` are the records in image order, `imagesPerRecord` images each
 * (the last one the rest; more than 1 in version 4 only); `restored` is the restored data
 * (docs/FORMAT.md), which the checks cover; `header.modelFingerprint` is the full one.
 */
export function writeContainer(header: ContainerHeader, records: readonly Uint8Array[], restored: Uint8Array, version: number = CONTAINER_VERSION, imagesPerRecord = 1): Uint8Array {
  invariant(records.length === recordCountOf(header.imageCount, imagesPerRecord), `${recordCountOf(header.imageCount, imagesPerRecord)} records for ${header.imageCount} images in version ${version}`);
  invariant(/^[0-9a-f]{64}$/.test(header.modelFingerprint), 'model fingerprint is a SHA-256 hex string');
  if (version === ONE_IMAGE_RECORDS_VERSION || version === MULTI_IMAGE_RECORDS_VERSION) return writeCompactContainer(header, records, restored, version, imagesPerRecord);
  invariant(version === 2 && imagesPerRecord === 1, `this build writes versions 2, ${ONE_IMAGE_RECORDS_VERSION} and ${MULTI_IMAGE_RECORDS_VERSION}, not ${version}`);
  return writeLegacyContainer(header, records, sha256(restored));
}

/** Which version `bytes` are, from the magic (BadMagic, Truncated, BadVersion otherwise). */
function containerVersion(bytes: Uint8Array, label: string): number {
  if (bytes.length === 0) fail(ErrorCode.Truncated, `${label}: empty file, expected an .arc file`);
  const readable = `this arcompress reads versions ${READABLE_VERSIONS.join(', ')}`;
  if (bytes[0] === MAGIC_FIRST_BYTE && bytes.length >= 2 && bytes[1] !== LEGACY_MAGIC[1]) {
    if (bytes[1] !== ONE_IMAGE_RECORDS_VERSION && bytes[1] !== MULTI_IMAGE_RECORDS_VERSION) fail(ErrorCode.BadVersion, `${label}: .arc format version ${bytes[1]}; ${readable}`);
    return bytes[1];
  }
  const start = bytes.subarray(0, LEGACY_MAGIC.length);
  if (bytes.length === 1 && bytes[0] === MAGIC_FIRST_BYTE) fail(ErrorCode.Truncated, `${label}: truncated .arc file: 1 byte`);
  if (!start.every((value, i) => value === LEGACY_MAGIC[i])) {
    const found = Array.from(start, (value) => value.toString(16).padStart(2, '0')).join(' ');
    fail(ErrorCode.BadMagic, `${label}: not an arcompress .arc file: expected 8a then a version byte (or the magic 8a 41 52 43 0d 0a 1a 0a of versions 1–2), found ${found}`);
  }
  if (bytes.length < LEGACY_MAGIC.length + 2) fail(ErrorCode.Truncated, `${label}: truncated .arc file: ${bytes.length} bytes`);
  const version = (bytes[LEGACY_MAGIC.length] << 8) | bytes[LEGACY_MAGIC.length + 1];
  if (version !== 1 && version !== 2) fail(ErrorCode.BadVersion, `${label}: .arc format version ${version}; ${readable}`);
  return version;
}

/** Parses and checks a whole container (see the file comment for the order of checks). */
export function readContainer(bytes: Uint8Array, label: string): Container {
  const version = containerVersion(bytes, label);
  try {
    return version >= ONE_IMAGE_RECORDS_VERSION ? parseCompactContainer(bytes, label, version) : parseLegacyContainer(bytes, label, version);
  } catch (error) {
    if (error instanceof ArcError) throw error;
    throw new ArcError(ErrorCode.BadFormat, `${label}: malformed .arc file (${String((error as Error)?.message ?? error).split('\n')[0]})`);
  }
}

/** Fails (Checksum) unless `restored` are the data the file was made from, under the model of `fingerprint` (hex). */
export function verifyRestoredData(container: Container, restored: Uint8Array, fingerprint: string, label: string): void {
  const check = container.restoredCheck;
  const matches = check.kind === 'sha256'
    ? sha256(restored).every((value, i) => value === check.digest[i])
    : crc32(Buffer.from(fingerprint, 'hex'), check.sealed, restored) === check.value;
  if (!matches) fail(ErrorCode.Checksum, `${label}: the decoded images do not match the checksum of the original data; the file is damaged or was made by an incompatible arcompress`);
}

/** Record `index` (a view): images index·R … of the file, R = `container.imagesPerRecord`. */
export function recordOf(container: Container, index: number): Uint8Array {
  invariant(index >= 0 && index < container.recordLengths.length, `record ${index} out of range`);
  return container.payload.subarray(container.recordOffsets[index], container.recordOffsets[index + 1]);
}

/** The images record `index` holds: [first, end). */
export function imagesOfRecord(container: Container, index: number): [number, number] {
  invariant(index >= 0 && index < container.recordLengths.length, `record ${index} out of range`);
  return recordImageRange(index, container.imagesPerRecord, container.header.imageCount);
}
