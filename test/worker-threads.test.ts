import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArcError, ErrorCode, InvariantError } from '../src/errors.js';
import { defaultWorkerCount, runWorkerTasks } from '../src/worker-threads.js';
import type { PoolJob } from './helpers/pool-worker.js';

const workerUrl = new URL('./helpers/pool-worker.ts', import.meta.url).href;
const run = (jobs: PoolJob[], workers?: number, onProgress?: (task: number, value: number) => void) =>
  runWorkerTasks<PoolJob, number, number>(workerUrl, 'pool-worker', jobs.map((input) => ({ input })), { workers, onProgress });

test('results come back in task order whatever the number of threads, with each task\'s progress', async () => {
  const jobs = [5, 1, 4, 2, 3].map((value) => ({ value, delayMs: 10 * value }));
  const seen: [number, number][] = [];
  assert.equal(await run(jobs, 2, (task, value) => seen.push([task, value])), [25, 1, 16, 4, 9]);
  assert.equal(await run(jobs, 5), [25, 1, 16, 4, 9]);
  assert.equal(seen.sort((a, b) => a[0] - b[0]), [[0, 5], [1, 1], [2, 4], [3, 2], [4, 3]]);
  assert.ok(defaultWorkerCount() >= 1 && defaultWorkerCount() <= 8);
});

test('a worker\'s ArcError keeps its code, an InvariantError stays internal, other errors and exits reject', async () => {
  const failing = async (failWith: PoolJob['failWith']) => {
    try {
      await run([{ value: 1, delayMs: 200 }, { value: 2, failWith }], 2);
    } catch (error) {
      return error as Error;
    }
    assert.unreachable('the pool should reject');
    return new Error('unreachable');
  };
  const arc = await failing('arc');
  assert.instance(arc, ArcError);
  assert.is((arc as ArcError).code, ErrorCode.ModelMismatch);
  assert.is(arc.message, 'job 2 does not fit');
  assert.instance(await failing('invariant'), InvariantError);
  const other = await failing('other');
  assert.not.instance(other, ArcError);
  assert.match(other.message, /job 2 threw/);
  assert.match((await failing('exit')).message, /exit code 3/);
});

test.run();
