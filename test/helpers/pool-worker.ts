/** A worker module for the pool's tests (test/worker-threads.test.ts): squares, or fails as asked. */
import { ErrorCode, fail, invariant } from '../../src/errors.js';
import { serveWorkerTask } from '../../src/worker-threads.js';

export type PoolJob = { value: number; failWith?: 'arc' | 'invariant' | 'other' | 'exit'; delayMs?: number };

serveWorkerTask<PoolJob, number, number>(async (job, progress) => {
  progress(job.value);
  if (job.delayMs) await new Promise((resolve) => setTimeout(resolve, job.delayMs));
  if (job.failWith === 'arc') fail(ErrorCode.ModelMismatch, `job ${job.value} does not fit`);
  if (job.failWith === 'invariant') invariant(false, `job ${job.value} broke a promise`);
  if (job.failWith === 'other') throw new TypeError(`job ${job.value} threw`);
  if (job.failWith === 'exit') process.exit(3);
  return { result: job.value * job.value };
});
