/**
 * The one worker pool: training, scoring, the codec and the zip classifier all hand work to
 * threads through `runWorkerTasks` here, and their worker modules answer through `serveWorkerTask`.
 *
 * - Results come back in task order, so a caller that joins them in that order gets the same
 *   output for any number of workers.
 * - A failure in a worker comes back as the error it was: an `ArcError` keeps its code, an
 *   `InvariantError` stays an internal error. The first failure stops every other worker.
 * - Workers start from compiled JavaScript (dist/) and from TypeScript run through tsx (tests,
 *   benchmarks) alike. From source, a one-line ES module bootstrap registers tsx's loader in the
 *   worker before importing the TypeScript module (Node 20 does not pass `--import` loaders on
 *   to workers).
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { ArcError, InvariantError, invariant, type ErrorCodeName } from './errors.js';

/** Worker threads to use by default: the cores available, at most 8. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** What a worker module posts back (the pool's side of the protocol; callers never see it). */
type WorkerMessage<Progress, Result> =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: Result }
  | { type: 'error'; kind: 'arc'; code: ErrorCodeName; message: string }
  | { type: 'error'; kind: 'invariant' | 'other'; message: string };

/** One unit of work for a worker thread: its input, and the buffers moved (not copied) to it. */
export interface WorkerTask<Input> {
  input: Input;
  transfer?: ArrayBuffer[];
}

export interface WorkerPoolOptions<Progress> {
  /** Threads running at once (tasks beyond it wait for a free thread); default: all tasks at once. */
  workers?: number;
  /** Called with what a task's worker reports while it runs. */
  onProgress?: (taskIndex: number, progress: Progress) => void;
}

/**
 * Starts the worker module `moduleBaseName` that sits beside `callerUrl` (pass `import.meta.url`):
 * `<name>.js` in dist, `<name>.ts` under tsx.
 */
export function startWorker(callerUrl: string, moduleBaseName: string, input: unknown, transferList: ArrayBuffer[] = []): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${moduleBaseName}.js`, callerUrl), { workerData: input, transferList });
  const moduleUrl = new URL(`./${moduleBaseName}.ts`, callerUrl).href;
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApiUrl)}; register(); await import(${JSON.stringify(moduleUrl)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: input, transferList });
}

/**
 * Runs every task on a thread of its own (the module `moduleBaseName` beside `callerUrl`, which
 * calls `serveWorkerTask`), at most `workers` at a time, and returns the results in task order.
 */
export async function runWorkerTasks<Input, Progress, Result>(
  callerUrl: string,
  moduleBaseName: string,
  tasks: readonly WorkerTask<Input>[],
  options: WorkerPoolOptions<Progress> = {},
): Promise<Result[]> {
  const results = new Array<Result>(tasks.length);
  const running = new Set<Worker>();
  const failures: unknown[] = [];
  let next = 0;

  const runTask = (taskIndex: number) => new Promise<void>((resolve, reject) => {
    const { input, transfer = [] } = tasks[taskIndex];
    const worker = startWorker(callerUrl, moduleBaseName, input, transfer);
    running.add(worker);
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      running.delete(worker);
      void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    worker.on('message', (message: WorkerMessage<Progress, Result>) => {
      if (message.type === 'progress') {
        options.onProgress?.(taskIndex, message.progress);
      } else if (message.type === 'done') {
        results[taskIndex] = message.result;
        settle();
      } else if (message.kind === 'arc') {
        settle(new ArcError(message.code, message.message));
      } else {
        settle(message.kind === 'invariant' ? new InvariantError(message.message) : new Error(message.message));
      }
    });
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new InvariantError(`worker ${moduleBaseName} stopped with exit code ${code} before finishing`)));
  });

  const lane = async () => {
    while (next < tasks.length && failures.length === 0) await runTask(next++);
  };
  const lanes = Math.max(1, Math.min(options.workers ?? tasks.length, tasks.length));
  try {
    await Promise.all(Array.from({ length: lanes }, () => lane().catch(async (error: unknown) => {
      failures.push(error);
      await Promise.all([...running].map((worker) => worker.terminate()));
    })));
  } finally {
    await Promise.all([...running].map((worker) => worker.terminate()));
  }
  // The first failure is the cause; later ones are the other workers being stopped.
  if (failures.length) throw failures[0];
  return results;
}

/**
 * The worker side: runs `work` on this thread's input and posts its result (moving the buffers
 * `work` names) or its error, with the error's kind and code, back to `runWorkerTasks`.
 */
export function serveWorkerTask<Input, Progress, Result>(
  work: (input: Input, reportProgress: (progress: Progress) => void) => Promise<{ result: Result; transfer?: ArrayBuffer[] }> | { result: Result; transfer?: ArrayBuffer[] },
): void {
  const port = parentPort;
  invariant(port !== null, 'a worker module must run in a worker thread');
  const post = (message: WorkerMessage<Progress, Result>, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  void (async () => {
    try {
      const { result, transfer } = await work(workerData as Input, (progress) => post({ type: 'progress', progress }));
      post({ type: 'done', result }, transfer);
    } catch (error) {
      if (error instanceof ArcError) post({ type: 'error', kind: 'arc', code: error.code, message: error.message });
      else if (error instanceof InvariantError) post({ type: 'error', kind: 'invariant', message: error.message });
      else post({ type: 'error', kind: 'other', message: String((error as Error)?.stack ?? error) });
    }
  })();
}
