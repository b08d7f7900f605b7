/**
 * General-purpose compressors run as external programs (xz, bzip2, zstd), where the system has
 * them: more rows for the bits-per-pixel comparison. A program that is missing or fails gives a
 * row with a note instead of a size, never an error.
 */
import { spawnSync } from 'node:child_process';

export interface ExternalCompressor {
  name: string;
  program: string;
  args: readonly string[];
}

/** Each at its strongest usual setting, writing the compressed stream to stdout. */
export const EXTERNAL_COMPRESSORS: readonly ExternalCompressor[] = [
  { name: 'xz -9e', program: 'xz', args: ['-9e', '-c', '-T1'] },
  { name: 'bzip2 -9', program: 'bzip2', args: ['-9', '-c'] },
  { name: 'zstd -19', program: 'zstd', args: ['-19', '-c', '-q', '--single-thread'] },
];

export interface ExternalResult {
  name: string;
  /** Compressed bytes, or null when the program is not available. */
  compressedBytes: number | null;
  /** Why there is no size (e.g. "xz not found"). */
  note?: string;
}

/** Compresses `bytes` with one program; a missing program gives a note, not an exception. */
export function runExternalCompressor(compressor: ExternalCompressor, bytes: Uint8Array): ExternalResult {
  const result = spawnSync(compressor.program, [...compressor.args], { input: bytes, maxBuffer: 4 * bytes.length + (1 << 20), stdio: ['pipe', 'pipe', 'ignore'] });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { name: compressor.name, compressedBytes: null, note: code === 'ENOENT' ? `${compressor.program} not found` : `${compressor.program} failed: ${code ?? result.error.message}` };
  }
  if (result.status !== 0) return { name: compressor.name, compressedBytes: null, note: `${compressor.program} exited with status ${result.status}` };
  return { name: compressor.name, compressedBytes: result.stdout.length };
}
