/**
 * The IDX format (LeCun's MNIST files), parsed and written in memory.
 *
 * Layout, all integers big-endian:
 *
 *   offset 0   0x00 0x00          two zero bytes
 *   offset 2   data type          0x08 ubyte, 0x09 sbyte, 0x0B short, 0x0C int, 0x0D float, 0x0E double
 *   offset 3   ndims              number of dimensions (1 for labels, 3 for images)
 *   offset 4   ndims × u32        the size of each dimension
 *   then       the data           product(dims) elements, row-major, each big-endian
 *
 * A file is accepted only when its length is exactly header + data: a shorter file is `Truncated`,
 * a longer one is `BadFormat`. Nothing here assumes 28×28 images; sizes always come from the header.
 */
import { fail, ErrorCode, invariant } from '../errors.js';

/** The data type byte (offset 2) of each IDX element type. */
export const IdxDataType = {
  ubyte: 0x08,
  sbyte: 0x09,
  short: 0x0b,
  int: 0x0c,
  float: 0x0d,
  double: 0x0e,
} as const;

export type IdxDataTypeName = keyof typeof IdxDataType;

/** Bytes per element of each data type. */
const ELEMENT_BYTES: Record<IdxDataTypeName, number> = { ubyte: 1, sbyte: 1, short: 2, int: 4, float: 4, double: 8 };

/** Bytes before the dimension sizes: two zero bytes, the data type, ndims. */
export const IDX_MAGIC_BYTES = 4;
/** Bytes per dimension size. */
const DIMENSION_BYTES = 4;
/** Largest ndims a header can state (one byte). */
const MAX_DIMENSIONS = 255;

export interface IdxHeader {
  /** The first four bytes as a big-endian u32: 0x00000803 = 2051 for images, 0x00000801 = 2049 for labels. */
  magic: number;
  /** The data type byte, e.g. 0x08. */
  dataType: number;
  /** Its name, e.g. 'ubyte'. */
  dataTypeName: IdxDataTypeName;
  /** Size of each dimension, outermost first (count, rows, columns for images). */
  dims: number[];
  /** Bytes of header: 4 + 4 × ndims (16 for images, 8 for labels). */
  headerBytes: number;
  /** Bytes of data the header promises: product(dims) × element size. */
  dataBytes: number;
}

export interface IdxFile extends IdxHeader {
  /**
   * The data bytes as stored (big-endian for multi-byte types): a plain Uint8Array view of the
   * file's bytes, not a copy, so `data.buffer` may be larger; use `data.byteOffset` with it.
   */
  data: Uint8Array;
}

function hexByte(value: number): string {
  return '0x' + value.toString(16).padStart(2, '0').toUpperCase();
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (value) => value.toString(16).padStart(2, '0')).join(' ');
}

/** The name of an IDX data type byte, or undefined when it is not one. */
export function idxDataTypeName(dataType: number): IdxDataTypeName | undefined {
  for (const [name, value] of Object.entries(IdxDataType)) if (value === dataType) return name as IdxDataTypeName;
  return undefined;
}

export function idxElementBytes(dataTypeName: IdxDataTypeName): number {
  return ELEMENT_BYTES[dataTypeName];
}

/** product(dims); may exceed 2^53 for absurd headers, which callers treat as "too long". */
function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, size) => product * size, 1);
}

function describeDims(dims: readonly number[]): string {
  return dims.length === 0 ? '(none)' : dims.join('×');
}

/**
 * Reads and checks the header at the start of `bytes` (which may be only a prefix of the file).
 * Throws `Truncated` when `bytes` ends inside the header, `BadMagic` when the first four bytes are
 * not an IDX magic number.
 */
export function parseIdxHeader(bytes: Uint8Array, fileLabel: string): IdxHeader {
  if (bytes.length < IDX_MAGIC_BYTES) {
    fail(ErrorCode.Truncated, `${fileLabel}: truncated IDX file: expected at least ${IDX_MAGIC_BYTES} bytes of magic number, found ${bytes.length} bytes`);
  }
  const magicBytes = bytes.subarray(0, IDX_MAGIC_BYTES);
  const dataType = magicBytes[2];
  const dataTypeName = idxDataTypeName(dataType);
  if (magicBytes[0] !== 0 || magicBytes[1] !== 0 || dataTypeName === undefined) {
    fail(
      ErrorCode.BadMagic,
      `${fileLabel}: not an IDX file: expected magic number 00 00 <type 08..0e> <ndims>, found ${hexBytes(magicBytes)}`,
    );
  }
  const dimensionCount = magicBytes[3];
  if (dimensionCount === 0) fail(ErrorCode.BadMagic, `${fileLabel}: bad IDX magic number ${hexBytes(magicBytes)}: expected at least 1 dimension, found 0`);
  invariant(dimensionCount <= MAX_DIMENSIONS, 'ndims is one byte');
  const headerBytes = IDX_MAGIC_BYTES + DIMENSION_BYTES * dimensionCount;
  if (bytes.length < headerBytes) {
    fail(
      ErrorCode.Truncated,
      `${fileLabel}: truncated IDX file: expected a ${headerBytes}-byte header for ${dimensionCount} dimensions, found only ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims: number[] = [];
  for (let i = 0; i < dimensionCount; i++) dims.push(view.getUint32(IDX_MAGIC_BYTES + DIMENSION_BYTES * i, false));
  const dataBytes = elementCount(dims) * ELEMENT_BYTES[dataTypeName];
  const magic = (dataType << 8) | dimensionCount;
  return { magic, dataType, dataTypeName, dims, headerBytes, dataBytes };
}

/**
 * Parses a whole IDX file. Its length must be exactly `headerBytes + dataBytes`:
 * shorter → `Truncated`, longer → `BadFormat`. `fileLabel` (a path, usually) starts every message.
 */
export function parseIdx(bytes: Uint8Array, fileLabel: string): IdxFile {
  const header = parseIdxHeader(bytes, fileLabel);
  const expectedBytes = header.headerBytes + header.dataBytes;
  if (bytes.length < expectedBytes) {
    fail(
      ErrorCode.Truncated,
      `${fileLabel}: truncated IDX file: header promises ${describeDims(header.dims)} ${header.dataTypeName} (${expectedBytes} bytes), found only ${bytes.length} bytes`,
    );
  }
  if (bytes.length > expectedBytes) {
    fail(
      ErrorCode.BadFormat,
      `${fileLabel}: IDX file longer than its header says: header promises ${describeDims(header.dims)} ${header.dataTypeName} (${expectedBytes} bytes), found ${bytes.length} bytes (${bytes.length - expectedBytes} extra)`,
    );
  }
  // A plain Uint8Array view (never a Buffer, even when `bytes` is one), sharing `bytes`' memory.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + header.headerBytes, header.dataBytes);
  return { ...header, data };
}

/**
 * Writes an IDX file: header for `dims` and `dataTypeName` (default ubyte), then `data` as given
 * (already big-endian for multi-byte types). `encodeIdx(file.dims, file.data)` restores a parsed
 * ubyte file byte for byte.
 */
export function encodeIdx(dims: readonly number[], data: Uint8Array, dataTypeName: IdxDataTypeName = 'ubyte'): Uint8Array {
  invariant(dims.length >= 1 && dims.length <= MAX_DIMENSIONS, `IDX needs 1..${MAX_DIMENSIONS} dimensions, got ${dims.length}`);
  for (const size of dims) invariant(Number.isInteger(size) && size >= 0 && size <= 0xffffffff, `IDX dimension must be a u32, got ${size}`);
  const dataBytes = elementCount(dims) * ELEMENT_BYTES[dataTypeName];
  invariant(data.length === dataBytes, `IDX data for ${describeDims(dims)} ${dataTypeName} must be ${dataBytes} bytes, got ${data.length}`);
  const headerBytes = IDX_MAGIC_BYTES + DIMENSION_BYTES * dims.length;
  const out = new Uint8Array(headerBytes + dataBytes);
  const view = new DataView(out.buffer);
  out[2] = IdxDataType[dataTypeName];
  out[3] = dims.length;
  dims.forEach((size, i) => view.setUint32(IDX_MAGIC_BYTES + DIMENSION_BYTES * i, size, false));
  out.set(data, headerBytes);
  return out;
}

/** '0x08 (ubyte)', for messages and `info`. */
export function describeIdxDataType(dataType: number): string {
  const name = idxDataTypeName(dataType);
  return name === undefined ? `${hexByte(dataType)} (unknown)` : `${hexByte(dataType)} (${name})`;
}
