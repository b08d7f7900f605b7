/**
 * What encode, decode and classify share on the command line: reading stdin, writing the output
 * (a file atomically, or stdout), and the summary's wording.
 */
import type { ArchiveSummary } from '../codec/archive.js';
import { writeFileAtomically } from '../codec/files.js';
import { GZIP_SIZE_NOT_RECORDED } from '../codec/gzip-size.js';
import { ErrorCode, fail } from '../errors.js';
import { printJson, printLine, printNote } from './output.js';

/** Reads all of stdin. */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Prints the summary: to stdout, or to stderr when stdout carries the data (`-o -`). */
export function printReport(out: string, report: string | object): void {
  if (typeof report === 'string') (out === '-' ? printNote : printLine)(report);
  else if (out === '-') printNote(JSON.stringify(report, null, 2));
  else printJson(report);
}

/** Writes the output: a file (atomically) or, for '-', stdout. */
export async function writeOutput(out: string, bytes: Uint8Array): Promise<void> {
  if (out !== '-') return writeFileAtomically(out, bytes);
  if (process.stdout.isTTY) fail(ErrorCode.BadArgument, 'refusing to write binary data to a terminal; redirect stdout or give -o FILE');
  await new Promise<void>((resolveWrite, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolveWrite())));
}

export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}

export function bitsPerPixelOf(summary: ArchiveSummary): number {
  return (summary.totalBytes * 8) / (summary.imageCount * summary.height * summary.width);
}

/** "1.65× smaller than gzip -9 (1,633,000 bytes, 1.667 bits/pixel)" (or "… larger …"). */
export function formatGzipComparison(summary: ArchiveSummary): string {
  if (summary.gzipBytes === GZIP_SIZE_NOT_RECORDED) return 'gzip -9 size not recorded (≥ 4 GiB, or written where no zlib was at hand)';
  const ratio = summary.gzipBytes / summary.totalBytes;
  const gzipBitsPerPixel = (summary.gzipBytes * 8) / (summary.imageCount * summary.height * summary.width);
  const comparison = ratio >= 1 ? `${ratio.toFixed(2)}× smaller` : `${(1 / ratio).toFixed(2)}× larger`;
  return `${comparison} than gzip -9 (${formatBytes(summary.gzipBytes)}, ${gzipBitsPerPixel.toFixed(4)} bits/pixel)`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
