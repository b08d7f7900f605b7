/**
 * Sharing encode/decode work out to worker threads. Records (and so their images) are cut into
 * contiguous shares, one per worker; each worker loads the model from its directory (codec-worker.ts). The results are
 * joined in image order, so they are the same for any number of workers.
 */
import type { Arithmetic } from '../model/arithmetic.js';
import type { WorkerTask } from '../worker-threads.js';
import { recordCountOf } from './container-parts.js';

// Loaded only when threads are used (a model directory and workers > 1: the Node layer), so
// single-threaded coding runs without node:worker_threads. The specifier is a variable so that
// bundlers leave it alone: a browser bundle of the core (src/index.ts) does not pull it in.
const WORKER_THREADS_MODULE: string = '../worker-threads.js';

/** Fewer images than this per worker are not worth a thread's start-up (model load). */
export const MIN_IMAGES_PER_WORKER = 16;

export type CodecJob =
  | { task: 'encode'; modelDirectory: string; fingerprint: string; arithmetic: Arithmetic; pixels: Uint8Array; count: number; imagesPerRecord: number; classIndices: Int32Array | null }
  | { task: 'decode'; modelDirectory: string; fingerprint: string; arithmetic: Arithmetic; payload: Uint8Array; recordLengths: Uint32Array; imagesPerRecord: number; count: number; firstImage: number };

/** How many shares `count` images in records of `imagesPerRecord` are cut into with `workers` threads (1 = in this thread). */
export function shareCount(count: number, imagesPerRecord: number, workers: number): number {
  return Math.max(1, Math.min(workers, recordCountOf(count, imagesPerRecord), Math.floor(count / MIN_IMAGES_PER_WORKER)));
}

/** The images [start, end) of share `index` of `shares`: whole records of `imagesPerRecord` images. */
export function shareRange(count: number, imagesPerRecord: number, shares: number, index: number): [number, number] {
  const records = recordCountOf(count, imagesPerRecord);
  const recordAt = (share: number) => Math.floor((records * share) / shares);
  return [Math.min(count, recordAt(index) * imagesPerRecord), Math.min(count, recordAt(index + 1) * imagesPerRecord)];
}

/**
 * Runs one job per worker and returns their results in job order. `onProgress(jobIndex, done)`
 * reports images done within a job. The first failure stops the other workers and is rethrown
 * with its error code.
 */
export async function runCodecJobs<Result>(jobs: WorkerTask<CodecJob>[], onProgress: (jobIndex: number, done: number) => void): Promise<Result[]> {
  const { runWorkerTasks } = (await import(WORKER_THREADS_MODULE)) as typeof import('../worker-threads.js');
  return runWorkerTasks<CodecJob, number, Result>(import.meta.url, 'codec-worker', jobs, { onProgress });
}
