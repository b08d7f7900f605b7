/**
 * Downloading a dataset's files, verified by SHA-256, with nothing half-written left behind.
 *
 * Each file goes to a temporary name in the target directory, is hashed as it arrives, and is
 * renamed to its real name only once complete and verified; any failure (HTTP error, dropped
 * connection, wrong checksum, cancel) removes the temporary file. Files already present whose
 * checksum matches are kept and not downloaded again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArcError, ErrorCode, fail } from '../errors.js';
import type { ProgressCallback } from '../progress-callback.js';
import type { RemoteDataset, RemoteFile } from './registry.js';

export interface FetchDatasetOptions {
  /** Where the files go (created if missing). */
  directory: string;
  /** Overrides `dataset.baseUrl` (a mirror, or a test server). */
  baseUrl?: string;
  /** Bytes downloaded so far out of the bytes expected, across all files. */
  onProgress?: ProgressCallback;
  /** Cancels the download; the partial file is removed. */
  signal?: AbortSignal;
}

export interface FetchedFile {
  fileName: string;
  /** Absolute or as-given path of the verified file. */
  path: string;
  sizeBytes: number;
  sha256: string;
  /** 'downloaded', or 'present' when a verified copy was already there. */
  action: 'downloaded' | 'present';
}

export interface FetchResult {
  name: string;
  directory: string;
  files: FetchedFile[];
}

/** Joins a base URL and a file name, whether or not the base ends with '/'. */
export function fileUrl(baseUrl: string, fileName: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  try {
    return new URL(fileName, base).href;
  } catch {
    fail(ErrorCode.BadArgument, `expected an http(s) base URL, found '${baseUrl}'`);
  }
}

async function sha256OfFile(path: string): Promise<{ sha256: string; sizeBytes: number } | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

/** The first line of the most specific message in an error and its causes. */
function causeMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  let message = String(current?.message ?? error);
  while (current && typeof current === 'object' && current.cause !== undefined) {
    current = current.cause as typeof current;
    if (current?.message) message = current.message;
  }
  return message.split('\n')[0];
}

/**
 * Downloads every file of `dataset` into `options.directory` and verifies each SHA-256.
 * Fails before downloading anything when a file has no recorded checksum.
 */
export async function fetchDataset(dataset: RemoteDataset, options: FetchDatasetOptions): Promise<FetchResult> {
  const unverifiable = dataset.files.filter((file) => file.sha256 === null).map((file) => file.fileName);
  if (unverifiable.length > 0) {
    fail(ErrorCode.Checksum, `no trusted SHA-256 is recorded for ${dataset.name} file(s) ${unverifiable.join(', ')}; refusing to download unverified data`);
  }
  const baseUrl = options.baseUrl ?? dataset.baseUrl;
  await mkdir(options.directory, { recursive: true });

  const results: FetchedFile[] = [];
  const toDownload: RemoteFile[] = [];
  for (const file of dataset.files) {
    const path = join(options.directory, file.fileName);
    const existing = await sha256OfFile(path);
    if (existing !== null && existing.sha256 === file.sha256) {
      results.push({ fileName: file.fileName, path, sizeBytes: existing.sizeBytes, sha256: existing.sha256, action: 'present' });
    } else {
      toDownload.push(file);
    }
  }

  const progress = { done: 0, total: toDownload.reduce((sum, file) => sum + (file.sizeBytes ?? 0), 0) };
  for (const file of toDownload) {
    const path = join(options.directory, file.fileName);
    const downloaded = await downloadVerified(fileUrl(baseUrl, file.fileName), path, file, progress, options);
    results.push({ fileName: file.fileName, path, ...downloaded, action: 'downloaded' });
  }
  results.sort((a, b) => dataset.files.findIndex((f) => f.fileName === a.fileName) - dataset.files.findIndex((f) => f.fileName === b.fileName));
  return { name: dataset.name, directory: options.directory, files: results };
}

/** Downloads `url` to a temporary file next to `path`, verifies it, renames it to `path`. */
async function downloadVerified(
  url: string,
  path: string,
  file: RemoteFile,
  progress: { done: number; total: number },
  options: FetchDatasetOptions,
): Promise<{ sizeBytes: number; sha256: string }> {
  const temporaryPath = join(options.directory, `.${file.fileName}.${randomBytes(6).toString('hex')}.part`);
  try {
    const { sha256, sizeBytes } = await downloadToFile(url, temporaryPath, progress, options);
    if (sha256 !== file.sha256) {
      const sizeNote = file.sizeBytes !== null && file.sizeBytes !== sizeBytes ? `, expected ${file.sizeBytes} bytes` : '';
      fail(ErrorCode.Checksum, `${url}: SHA-256 mismatch: expected ${file.sha256}, found ${sha256} (${sizeBytes} bytes received${sizeNote}); the file was not saved`);
    }
    await rename(temporaryPath, path);
    return { sha256, sizeBytes };
  } finally {
    await rm(temporaryPath, { force: true });
  }
}

async function downloadToFile(
  url: string,
  temporaryPath: string,
  progress: { done: number; total: number },
  options: FetchDatasetOptions,
): Promise<{ sha256: string; sizeBytes: number }> {
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal, redirect: 'follow' });
  } catch (error) {
    throw networkError(url, error, null);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => {});
    fail(ErrorCode.Network, `download of ${url} failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; the file was not saved`);
  }
  const lengthHeader = response.headers.get('content-length');
  const expectedBytes = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;

  const hash = createHash('sha256');
  let receivedBytes = 0;
  const handle = await open(temporaryPath, 'wx');
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      await handle.write(chunk);
      receivedBytes += chunk.length;
      progress.done += chunk.length;
      if (progress.done > progress.total) progress.total = progress.done;
      options.onProgress?.({ done: progress.done, total: progress.total });
    }
  } catch (error) {
    throw networkError(url, error, { receivedBytes, expectedBytes });
  } finally {
    await handle.close();
  }
  if (expectedBytes !== null && receivedBytes !== expectedBytes) {
    fail(ErrorCode.Network, `download of ${url} failed: connection closed after ${receivedBytes} of ${expectedBytes} bytes; the file was not saved`);
  }
  return { sha256: hash.digest('hex'), sizeBytes: receivedBytes };
}

function networkError(url: string, error: unknown, partial: { receivedBytes: number; expectedBytes: number | null } | null): ArcError {
  if (error instanceof ArcError) return error;
  const cancelled = (error as Error)?.name === 'AbortError';
  const reason = cancelled ? 'cancelled' : causeMessage(error);
  const where = partial === null ? '' : ` after ${partial.receivedBytes}${partial.expectedBytes === null ? '' : ` of ${partial.expectedBytes}`} bytes`;
  return new ArcError(ErrorCode.Network, `download of ${url} failed${where}: ${reason}; the file was not saved`);
}
