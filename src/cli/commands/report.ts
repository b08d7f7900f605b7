/** `arcompress report`: every method side by side on the same images; report.md, report.json and pictures. */
import type { Command } from 'commander';
import { availableParallelism, cpus } from 'node:os';
import { resolve } from 'node:path';
import { resolveDataset } from '../../data/index.js';
import type { SplitName } from '../../data/types.js';
import { writeFilesAtomically } from '../../codec/files.js';
import { PIXEL_MODES } from '../../model/traversal.js';
import { formatReportMarkdown, mainTable, classificationTable } from '../../report/markdown.js';
import { runReport } from '../../report/report.js';
import type { ProgressCallback } from '../../progress-callback.js';
import { datasetResolveOptions } from './datasets.js';
import { datasetOption, integerIn, jsonOption, splitOption, workersOption } from '../options.js';
import { modelDirectoryOrBundled } from '../bundled-models.js';
import { printJson, printLine, printNote } from '../output.js';
import { createProgressBar, type ProgressBar } from '../progress-bar.js';
import { action } from '../run.js';

interface ReportFlags {
  dataset: string;
  split: SplitName;
  out: string;
  model?: string[];
  limit?: number;
  zipLimit?: number;
  external: boolean;
  examples: number;
  samples: number;
  seed: number;
  workers: number;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('measure the AR models, deflate/brotli/gzip (and, where installed, xz, bzip2, zstd, zpaq, JPEG XL, WebP, optipng PNG and JBIG1) and the zip classifier side by side; write report.md, report.json and pictures')
    .addOption(datasetOption())
    .addOption(splitOption())
    .option('--out <dir>', 'folder for report.md, report.json and the PNG pictures', 'report')
    .option('--model <dir>', 'a model directory (repeat for several); default for mnist: the bundled binary and gray models', collect)
    .option('--limit <n>', 'use only the first N images of the split', integerIn(1))
    .option('--zip-limit <n>', 'images for the zip classifiers (the first N; default: all; the chunked one scores N × 942 streams on MNIST, 5–6 min for the whole test set on 2 cores); 0 skips them', integerIn(0))
    .option('--no-external', 'do not run the external programs (xz, bzip2, zstd, zpaq, cjxl, cwebp, optipng, pbmtojbg)')
    .option('--examples <n>', 'test images drawn beside their per-pixel code length', integerIn(0, 64), 8)
    .option('--samples <n>', 'samples drawn from each class model', integerIn(0, 64), 10)
    .option('--seed <n>', 'random seed of the samples', integerIn(0, 2 ** 31 - 1), 1)
    .addOption(workersOption())
    .addOption(jsonOption('print report.json on stdout instead of the summary (no progress)'))
    .action(
      action(async (flags: ReportFlags) => {
        const source = resolveDataset(flags.dataset, datasetResolveOptions());
        const modelDirectories = flags.model?.length
          ? flags.model.map((directory) => resolve(directory))
          : PIXEL_MODES.map((mode) => modelDirectoryOrBundled(undefined, source.name, mode, flags.dataset));

        let bar: ProgressBar | null = null;
        const onProgress: ProgressCallback = (event) => bar?.callback(event);
        const onStep = (step: string) => {
          bar?.stop();
          if (flags.json) return;
          if (!process.stderr.isTTY) printNote(`report: ${step}`);
          bar = createProgressBar({ label: step, unit: 'items', enabled: true });
        };
        let output;
        try {
          output = await runReport({
            source,
            split: flags.split,
            limit: flags.limit,
            modelDirectories,
            zipLimit: flags.zipLimit,
            workers: flags.workers,
            examples: flags.examples,
            samplesPerClass: flags.samples,
            seed: flags.seed,
            external: flags.external,
            environment: { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), workers: flags.workers },
            onStep,
            onProgress,
          });
        } finally {
          (bar as ProgressBar | null)?.stop();
        }
        const { data, pictures } = output;
        const json = JSON.stringify(data, null, 2) + '\n';
        const encoder = new TextEncoder();
        await writeFilesAtomically(flags.out, [
          { name: 'report.md', bytes: encoder.encode(formatReportMarkdown(data, pictures)) },
          { name: 'report.json', bytes: encoder.encode(json) },
          ...pictures.map((picture) => ({ name: picture.name, bytes: picture.bytes })),
        ]);
        if (flags.json) {
          printJson(data);
          return;
        }
        printLine(mainTable(data));
        printLine();
        printLine(classificationTable(data));
        printLine();
        printLine(`wrote ${resolve(flags.out, 'report.md')}, report.json and ${pictures.length} pictures (${(data.totalSeconds / 60).toFixed(1)} min)`);
      }),
    );
}
