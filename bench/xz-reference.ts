/**
 * The reference run that speed figures are divided by: `xz -9e` compressing the MNIST split's raw
 * IDX file, timed in the same process as the figure, so a noisy machine slows both alike. Null
 * when xz is not installed.
 */
import { spawnSync } from 'node:child_process';

export interface XzReference {
  command: string;
  version: string;
  inputBytes: number;
  outputBytes: number;
  seconds: number;
}

export function timeXz(input: Uint8Array): XzReference | null {
  const version = spawnSync('xz', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return null;
  const start = process.hrtime.bigint();
  const run = spawnSync('xz', ['-9e', '-c'], { input, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`xz -9e failed: ${run.stderr.toString().trim()}`);
  return { command: 'xz -9e -c', version: version.stdout.split('\n')[0], inputBytes: input.length, outputBytes: run.stdout.length, seconds };
}

/** A figure's time over xz's, rounded for reading (null without xz). */
export function ratioToXz(seconds: number, xz: XzReference | null): number | null {
  return xz ? Math.round((seconds / xz.seconds) * 1000) / 1000 : null;
}
