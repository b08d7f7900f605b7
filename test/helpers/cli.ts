/**
 * Runs the real `arcompress` command in a child process (through tsx, from source), the way a user
 * would, and returns its exit code and output.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export function runCli(args: string[], options: { input?: Buffer | string; cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return {
    status: result.status ?? -1,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    stdoutBytes: result.stdout,
  };
}

/** True when `text` is exactly one non-empty line (an error message, say). */
export function isOneLine(text: string): boolean {
  const trimmed = text.replace(/\n$/, '');
  return trimmed.length > 0 && !trimmed.includes('\n');
}
