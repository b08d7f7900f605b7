/**
 * Compressors run as external programs where the system has them: general-purpose ones on the
 * raw pixel bytes (xz, bzip2, zstd, zpaq) here, image codecs in image-codecs.ts. A program that
 * is missing or fails gives a row with a note instead of a size, never an error. Each run is
 * timed (wall clock, one thread where the program lets us choose).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ExternalCompressor {
  name: string;
  program: string;
  /** The Debian package that provides the program (for the "not found" note). */
  debianPackage: string;
  /**
   * Arguments. A list: the program reads stdin and writes the compressed stream to stdout. A
   * function: it reads the file `input` and writes the file `output` (names relative to a fresh
   * temporary directory, which is the working directory, so no path ends up in the output).
   */
  args: readonly string[] | ((input: string, output: string) => string[]);
  /** The input file's suffix, which some programs read the format from (e.g. '.pgm'). */
  inputSuffix?: string;
  /** The output file's suffix, for programs that add their own (zpaq: '.zpaq'). */
  outputSuffix?: string;
}

/** Each at its strongest usual setting. */
export const EXTERNAL_COMPRESSORS: readonly ExternalCompressor[] = [
  { name: 'xz -9e', program: 'xz', debianPackage: 'xz-utils', args: ['-9e', '-c', '-T1'] },
  { name: 'bzip2 -9', program: 'bzip2', debianPackage: 'bzip2', args: ['-9', '-c'] },
  { name: 'zstd -19', program: 'zstd', debianPackage: 'zstd', args: ['-19', '-c', '-q', '--single-thread'] },
  // A journaling archive: its own overhead (block headers, the file name "input.bin", hashes) is a
  // few hundred bytes, which the figures include.
  { name: 'zpaq -m5', program: 'zpaq', debianPackage: 'zpaq', args: (input, output) => ['add', output, input, '-m5', '-t1', '-noattributes'], inputSuffix: '.bin', outputSuffix: '.zpaq' },
];

export interface ExternalResult {
  name: string;
  /** Compressed bytes, or null when the program is not available or failed. */
  compressedBytes: number | null;
  /** Wall-clock seconds of the program's run (null without a size). */
  seconds: number | null;
  /** Why there is no size (e.g. "xz not found (Debian package xz-utils)"). */
  note?: string;
}

function failure(compressor: ExternalCompressor, note: string): ExternalResult {
  return { name: compressor.name, compressedBytes: null, seconds: null, note };
}

function spawnFailure(compressor: ExternalCompressor, result: ReturnType<typeof spawnSync>): ExternalResult | null {
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return failure(compressor, code === 'ENOENT' ? `${compressor.program} not found (Debian package ${compressor.debianPackage})` : `${compressor.program} failed: ${code ?? result.error.message}`);
  }
  if (result.status !== 0) return failure(compressor, `${compressor.program} exited with status ${result.status}`);
  return null;
}

/** Runs the program on `bytes`: its output and wall time, or a failure row. */
function runProgram(compressor: ExternalCompressor, bytes: Uint8Array): { output: Uint8Array; seconds: number } | ExternalResult {
  const { args } = compressor;
  if (typeof args !== 'function') {
    const startMs = performance.now();
    const result = spawnSync(compressor.program, [...args], { input: bytes, maxBuffer: 4 * bytes.length + (1 << 20), stdio: ['pipe', 'pipe', 'ignore'] });
    const seconds = (performance.now() - startMs) / 1000;
    return spawnFailure(compressor, result) ?? { output: new Uint8Array(result.stdout), seconds };
  }
  const directory = mkdtempSync(join(tmpdir(), 'arcompress-external-'));
  try {
    const input = `input${compressor.inputSuffix ?? '.bin'}`;
    const output = `output${compressor.outputSuffix ?? ''}`;
    writeFileSync(join(directory, input), bytes);
    const startMs = performance.now();
    const result = spawnSync(compressor.program, args(input, output), { cwd: directory, stdio: ['ignore', 'ignore', 'ignore'] });
    const seconds = (performance.now() - startMs) / 1000;
    const failed = spawnFailure(compressor, result);
    if (failed) return failed;
    if (!existsSync(join(directory, output))) return failure(compressor, `${compressor.program} wrote no output`);
    return { output: new Uint8Array(readFileSync(join(directory, output))), seconds };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Compresses `bytes` with one program; a missing program gives a note, not an exception. */
export function runExternalCompressor(compressor: ExternalCompressor, bytes: Uint8Array): ExternalResult {
  const run = runProgram(compressor, bytes);
  return 'output' in run ? { name: compressor.name, compressedBytes: run.output.length, seconds: run.seconds } : run;
}

/** The program's output itself (e.g. to check that it decodes back), or null when it cannot run. */
export function externalOutput(compressor: ExternalCompressor, bytes: Uint8Array): Uint8Array | null {
  const run = runProgram(compressor, bytes);
  return 'output' in run ? run.output : null;
}
