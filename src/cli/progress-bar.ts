/**
 * Progress for long work: a bar with rate and ETA on stderr when it is a TTY, nothing when piped
 * or with --json. Library code reports progress through a plain callback (`ProgressCallback`);
 * only the CLI draws it.
 */
import cliProgress from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '../progress-callback.js';

export interface ProgressOptions {
  /** Words before the bar, e.g. 'classify'. */
  label: string;
  /** What is counted, e.g. 'img'. */
  unit: string;
  /** Draw nothing when false (e.g. --json). The bar is also off when stderr is not a TTY. */
  enabled: boolean;
  /** Where there is no bar (not a TTY, or --json), print each event with a detail as a line on stderr. */
  log?: boolean;
}

export interface ProgressBar {
  callback: ProgressCallback;
  stop(): void;
}

export function createProgressBar(options: ProgressOptions): ProgressBar {
  if (!options.enabled || !process.stderr.isTTY) {
    if (!options.log) return { callback: () => {}, stop: () => {} };
    const startMs = Date.now();
    let lastDetail = '';
    return {
      callback: (event: ProgressEvent) => {
        if (!event.detail || event.detail === lastDetail) return;
        lastDetail = event.detail;
        process.stderr.write(`${options.label} ${event.done}/${event.total} ${options.unit} ${((Date.now() - startMs) / 1000).toFixed(0)} s: ${event.detail}\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${options.label} {bar} {percentage}% | {value}/{total} ${options.unit} | {rate} ${options.unit}/s | ETA {eta_formatted} {detail}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const startMs = Date.now();
  let started = false;
  const callback = (event: ProgressEvent) => {
    const seconds = Math.max((Date.now() - startMs) / 1000, 1e-3);
    const payload = { rate: (event.done / seconds).toFixed(event.done / seconds < 10 ? 2 : 0), detail: event.detail ?? '' };
    if (!started) {
      bar.start(event.total, event.done, payload);
      started = true;
    } else {
      bar.setTotal(event.total);
      bar.update(event.done, payload);
    }
  };
  return { callback, stop: () => { if (started) bar.stop(); } };
}
