/**
 * Sharing encode/decode work out to worker threads. Images are cut into contiguous shares, one
 * per worker; each worker loads the model from its directory (codec-worker.ts). The results are
 * joined in image order, so they are the same for any number of workers.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ArcError, InvariantError, type ErrorCodeName } from '../errors.js';
import type { EncodedShare } from './shares.js';

const WORKER_THREADS_MODULE: string = '../worker-threads.js';

/** Fewer images than this per worker are not worth a thread's start-up (model load). */
export const MIN_IMAGES_PER_WORKER = 16;

export type CodecJob =
  | { task: 'encode'; modelDirectory: string; fingerprint: string; pixels: Uint8Array; count: number; classIndices: Int32Array | null }
  | { task: 'decode'; modelDirectory: string; fingerprint: string; payload: Uint8Array; recordLengths: Uint32Array; firstImage: number };

export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'encoded'; share: EncodedShare }
  | { type: 'decoded'; pixels: Uint8Array }
  | { type: 'error'; kind: 'arc'; code: ErrorCodeName; message: string }
  | { type: 'error'; kind: 'invariant' | 'other'; message: string };

/** Worker threads to use by default: the cores available, at most 8. */
export function defaultCodecWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** How many shares `count` images are cut into with `workers` threads (1 = in this thread). */
export function shareCount(count: number, workers: number): number {
  return Math.max(1, Math.min(workers, Math.floor(count / MIN_IMAGES_PER_WORKER)));
}

/** [start, end) of share `index` of `shares` over `count` images. */
export function shareRange(count: number, shares: number, index: number): [number, number] {
  return [Math.floor((count * index) / shares), Math.floor((count * (index + 1)) / shares)];
}

/**
 * Runs one job per worker and returns their results in job order. `onProgress(jobIndex, done)`
 * reports images done within a job. The first failure stops the other workers and is rethrown
 * with its error code.
 */
export async function runCodecJobs<Result>(
  jobs: { job: CodecJob; transfer: ArrayBuffer[] }[],
  onProgress: (jobIndex: number, done: number) => void,
): Promise<Result[]> {
  // Loaded only when threads are used (a model directory and workers > 1: the Node layer), so
  // single-threaded coding runs without node:worker_threads. The specifier is a variable so that
  // bundlers leave it alone: a browser bundle of the core (src/index.ts) does not pull it in.
  const { startWorker } = (await import(WORKER_THREADS_MODULE)) as typeof import('../worker-threads.js');
  const workers: Worker[] = [];
  const results = jobs.map(({ job, transfer }, jobIndex) => new Promise<Result>((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'codec-worker', job, transfer);
    workers.push(worker);
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        onProgress(jobIndex, message.done);
      } else if (message.type === 'error') {
        settled = true;
        if (message.kind === 'arc') reject(new ArcError(message.code, message.message));
        else if (message.kind === 'invariant') reject(new InvariantError(message.message));
        else reject(new Error(message.message));
      } else {
        settled = true;
        resolve((message.type === 'encoded' ? message.share : message.pixels) as Result);
      }
    });
    worker.on('error', (error) => { settled = true; reject(error); });
    worker.on('exit', (code) => {
      if (!settled) reject(new InvariantError(`codec worker stopped with exit code ${code} before finishing`));
    });
  }));
  try {
    return await Promise.all(results);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
