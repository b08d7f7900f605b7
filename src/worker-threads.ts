/**
 * Starting worker threads from compiled JavaScript (dist/) and from TypeScript run through tsx
 * (tests, benchmarks) alike. From source, a one-line ES module bootstrap registers tsx's loader in
 * the worker before importing the TypeScript module (Node 20 does not pass `--import` loaders on
 * to workers).
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `moduleBaseName` that sits beside `callerUrl` (pass `import.meta.url`):
 * `<name>.js` in dist, `<name>.ts` under tsx.
 */
export function startWorker(callerUrl: string, moduleBaseName: string, workerData: unknown, transferList: ArrayBuffer[] = []): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${moduleBaseName}.js`, callerUrl), { workerData, transferList });
  const moduleUrl = new URL(`./${moduleBaseName}.ts`, callerUrl).href;
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApiUrl)}; register(); await import(${JSON.stringify(moduleUrl)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData, transferList });
}
