/**
 * Sharing encode/decode work out to worker threads. Images are cut into contiguous shares, one
 * per worker; each worker loads the model from its directory (codec-worker.ts). The results are
 * joined in image order, so they are the same for any number of workers.
 */
import { defaultWorkerCount, runWorkerTasks, type WorkerTask } from '../worker-threads.js';

/** Fewer images than this per worker are not worth a thread's start-up (model load). */
export const MIN_IMAGES_PER_WORKER = 16;

export type CodecJob =
  | { task: 'encode'; modelDirectory: string; fingerprint: string; pixels: Uint8Array; count: number; classIndices: Int32Array | null }
  | { task: 'decode'; modelDirectory: string; fingerprint: string; payload: Uint8Array; recordLengths: Uint32Array; firstImage: number };

/** The one default worker count (worker-threads.ts), under the name the encode and decode commands import. */
export const defaultCodecWorkers = defaultWorkerCount;

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
export function runCodecJobs<Result>(jobs: WorkerTask<CodecJob>[], onProgress: (jobIndex: number, done: number) => void): Promise<Result[]> {
  return runWorkerTasks<CodecJob, number, Result>(import.meta.url, 'codec-worker', jobs, { onProgress });
}
