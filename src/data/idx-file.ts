/**
 * IDX files on disk, raw or gzipped. Gzip is detected by content (the magic bytes 1f 8b), never by
 * the file name, so `x.gz` holding raw IDX and `x` holding gzip both read correctly.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ArcError, ErrorCode } from '../errors.js';
import { parseIdx, parseIdxHeader, type IdxFile, type IdxHeader } from './idx.js';

const gunzipAsync = promisify(zlib.gunzip);

/** The two bytes every gzip stream starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** Compressed bytes read to decode a gzipped header: far more than any IDX header needs. */
const HEADER_PREFIX_BYTES = 64 * 1024;

export interface IdxFileOnDisk extends IdxFile {
  /** The path as given. */
  path: string;
  /** True when the file was a gzip stream (the IDX fields describe the decompressed bytes). */
  gzipped: boolean;
  /** Size of the file on disk (compressed size when gzipped). */
  fileBytes: number;
}

export interface IdxHeaderOnDisk extends IdxHeader {
  path: string;
  gzipped: boolean;
  fileBytes: number;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Turns a zlib failure into a one-line ArcError naming the file. */
function gzipError(error: unknown, path: string): ArcError {
  const zlibError = error as NodeJS.ErrnoException;
  const detail = String(zlibError?.message ?? error).split('\n')[0];
  if (zlibError?.code === 'Z_BUF_ERROR') {
    return new ArcError(ErrorCode.Truncated, `${path}: truncated gzip stream: expected more compressed data, found the end of the file (${detail})`);
  }
  return new ArcError(ErrorCode.BadFormat, `${path}: bad gzip stream: starts with gzip magic 1f 8b but does not decompress (${detail})`);
}

async function readWholeFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fileError(error, path);
  }
}

function fileError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new ArcError(ErrorCode.NotFound, `${path}: no such file (expected an IDX file)`);
  if (code === 'EISDIR') return new ArcError(ErrorCode.NotFound, `${path}: expected an IDX file, found a directory`);
  return error;
}

/** Decompresses `bytes` when they are gzip; otherwise returns them as they are. */
export async function gunzipIfGzipped(bytes: Uint8Array, path: string): Promise<{ bytes: Uint8Array; gzipped: boolean }> {
  if (!isGzip(bytes)) return { bytes, gzipped: false };
  try {
    return { bytes: await gunzipAsync(bytes), gzipped: true };
  } catch (error) {
    throw gzipError(error, path);
  }
}

/** Reads, decompresses if needed, and checks a whole IDX file (length included). */
export async function readIdxFile(path: string): Promise<IdxFileOnDisk> {
  const raw = await readWholeFile(path);
  const { bytes, gzipped } = await gunzipIfGzipped(raw, path);
  return { ...parseIdx(bytes, path), path, gzipped, fileBytes: raw.length };
}

/**
 * Reads only the header (fast: a few bytes, or the first 64 KiB of a gzip stream). For a raw file
 * the length is checked against the header too; for a gzipped one it cannot be without
 * decompressing everything, so use `readIdxFile` when that matters.
 */
export async function readIdxHeader(path: string): Promise<IdxHeaderOnDisk> {
  let prefix: Buffer;
  let fileBytes: number;
  try {
    fileBytes = (await stat(path)).size;
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(HEADER_PREFIX_BYTES, fileBytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      prefix = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(error, path);
  }
  if (!isGzip(prefix)) {
    const header = parseIdxHeader(prefix, path);
    if (fileBytes !== header.headerBytes + header.dataBytes) {
      // Let the full parser produce its precise Truncated / BadFormat message.
      parseIdx(await readWholeFile(path), path);
    }
    return { ...header, path, gzipped: false, fileBytes };
  }
  let decompressed: Buffer;
  try {
    // Z_SYNC_FLUSH: return what the prefix decodes to instead of failing at its (expected) end.
    decompressed = zlib.gunzipSync(prefix, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (error) {
    throw gzipError(error, path);
  }
  return { ...parseIdxHeader(decompressed, path), path, gzipped: true, fileBytes };
}
