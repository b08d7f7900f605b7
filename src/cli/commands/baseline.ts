/**
 * `arcompress baseline`: bits per pixel of gzip, deflate and brotli on a split, overall and per
 * class: the rows that model results are compared against. The work is measureDeflateBaselines.
 */
import type { Command } from 'commander';
import { loadSplit, resolveDataset } from '../../data/resolve.js';
import type { SplitName } from '../../data/types.js';
import { measureDeflateBaselines, PIXEL_FORMATS, type BaselineRow } from '../../baseline/deflate-baselines.js';
import { datasetOption, jsonOption, splitOption } from '../options.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { action } from '../run.js';
import { datasetResolveOptions } from './datasets.js';

interface BaselineFlags {
  dataset: string;
  split: SplitName;
  brotli: boolean;
  perClass: boolean;
  json?: boolean;
}

const METHOD_TITLES: Record<BaselineRow['method'], string> = {
  'gzip-9-idx-file': 'gzip -9, IDX file (header included)',
  'deflate-9': 'deflate -9, whole split',
  'brotli-11': 'brotli -q 11, whole split',
  'deflate-9-per-image': 'deflate -9, each image alone',
};

function bitsPerPixelCell(rows: BaselineRow[], method: BaselineRow['method'], pixels: BaselineRow['pixels']): string {
  const found = rows.find((row) => row.method === method && row.pixels === pixels);
  return found === undefined ? '—' : found.bitsPerPixel.toFixed(4);
}

export function registerBaseline(program: Command): void {
  program
    .command('baseline')
    .description('bits per pixel of gzip, deflate and brotli on a split (overall and per class): the rows models are compared against')
    .addOption(datasetOption())
    .addOption(splitOption())
    .option('--no-brotli', 'skip brotli (quality 11 takes about a second per MB)')
    .option('--no-per-class', 'skip the per-class rows')
    .addOption(jsonOption())
    .action(
      action(async (flags: BaselineFlags) => {
        const source = resolveDataset(flags.dataset, datasetResolveOptions());
        const set = await loadSplit(source, flags.split);
        const baselines = measureDeflateBaselines(set, { brotli: flags.brotli, perClass: flags.perClass });
        if (flags.json) {
          printJson({ dataset: source.name, split: flags.split, ...baselines });
          return;
        }
        printNote(`baseline ${source.name} ${flags.split}: ${set.count} images of ${set.height}×${set.width}; bits per pixel (8-bit pixels: bits per byte)`);
        const methods = [...new Set(baselines.rows.map((row) => row.method))];
        const table: string[][] = [['method', ...PIXEL_FORMATS]];
        for (const method of methods) table.push([METHOD_TITLES[method], ...PIXEL_FORMATS.map((pixels) => bitsPerPixelCell(baselines.rows, method, pixels))]);
        printLine(formatTable(table));
        if (baselines.perClass.length === 0) return;
        const classMethods = [...new Set(baselines.perClass[0].rows.map((row) => row.method))];
        const header = ['class', 'images', ...classMethods.flatMap((method) => PIXEL_FORMATS.map((pixels) => `${method} ${pixels}`))];
        const classTable: (string | number)[][] = [header];
        for (const perClass of baselines.perClass) {
          classTable.push([perClass.label, perClass.imageCount, ...classMethods.flatMap((method) => PIXEL_FORMATS.map((pixels) => bitsPerPixelCell(perClass.rows, method, pixels)))]);
        }
        printLine();
        printLine('per class, bits per pixel:');
        printLine(formatTable(classTable));
      }),
    );
}
