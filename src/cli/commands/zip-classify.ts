/**
 * `arcompress zip-classify`: the "MNIST by zip" baseline. One deflate stream per class (or per chunk
 * of a class) primed with its training images; each test image goes to the class whose stream
 * grows least. Flags mirror Python's zlib.compressobj; docs/ZIP.md lists the flags of each figure.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ErrorCode, fail } from '../../errors.js';
import { loadSplit, resolveDataset } from '../../data/resolve.js';
import { firstImages } from '../../data/types.js';
import { classifyByZip, COMBINE_RULES, DEFAULT_ZIP_SETTINGS, type CombineRule, type ZipClassifierSettings } from '../../baseline/zip-classifier.js';
import { classificationReport, formatClassificationReport, formatConfusionMatrix } from '../../report/classification.js';
import { datasetOption, integerIn, jsonOption, oneOf, workersOption } from '../options.js';
import { printJson, printLine, printNote } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';
import { datasetResolveOptions } from './datasets.js';

interface ZipClassifyFlags {
  dataset: string;
  binarize?: boolean;
  level: number;
  windowBits: number;
  chunk?: number;
  combine: CombineRule;
  limit?: number;
  workers: number;
  /** The old name of --workers, still accepted. */
  threads?: number;
  json?: boolean;
}

/** Python's wbits: 9..15 (zlib wrapper) or −15..−9 (raw deflate); the wrapper does not change Δ. */
function windowBits(value: string): number {
  const parsed = Number(value.trim());
  if (!/^[-+]?\d+$/.test(value.trim()) || Math.abs(parsed) < 9 || Math.abs(parsed) > 15) {
    throw new InvalidArgumentError(`expected 9..15 or -15..-9 (Python's wbits), found '${value}'.`);
  }
  return parsed;
}

export function registerZipClassify(program: Command): void {
  program
    .command('zip-classify')
    .description('classify test images by how much each class\'s primed deflate stream grows ("MNIST by zip" baseline)')
    .addOption(datasetOption())
    .option('--binarize', 'pixel ≥ 128 → 1, else 0 (still one byte per pixel)')
    .option('--level <n>', 'zlib level 1..9 (Python\'s default -1 is 6)', integerIn(1, 9), DEFAULT_ZIP_SETTINGS.level)
    .option('--window-bits <n>', 'zlib wbits: 9..15, or -15..-9 for raw deflate (same Δ)', windowBits, DEFAULT_ZIP_SETTINGS.windowBits)
    .option('--chunk <n>', 'one compressor per N consecutive training images of a class instead of one per class', integerIn(1))
    .option('--combine <rule>', `how a class's chunk Δs combine: ${COMBINE_RULES.join(' or ')}`, oneOf(COMBINE_RULES), DEFAULT_ZIP_SETTINGS.combine)
    .option('--limit <n>', 'classify only the first N test images', integerIn(1))
    .addOption(workersOption())
    .addOption(new Option('--threads <n>', 'the old name of --workers').argParser(integerIn(1, 64)).hideHelp())
    .addOption(jsonOption())
    .action(
      action(async (flags: ZipClassifyFlags) => {
        const source = resolveDataset(flags.dataset, datasetResolveOptions());
        const [train, fullTest] = await Promise.all([loadSplit(source, 'train'), loadSplit(source, 'test')]);
        const test = flags.limit === undefined ? fullTest : firstImages(fullTest, flags.limit);
        if (test.labels === null) fail(ErrorCode.BadFormat, `the test split of ${source.name} has no labels to compare predictions with`);
        const settings: ZipClassifierSettings = {
          level: flags.level,
          windowBits: Math.abs(flags.windowBits),
          binarize: flags.binarize ?? false,
          chunkImages: flags.chunk ?? null,
          combine: flags.combine,
        };
        const progress = createProgressBar({ label: 'zip-classify', unit: 'pairs', enabled: !flags.json });
        const startMs = Date.now();
        let result;
        try {
          result = await classifyByZip(train, test, settings, { workers: flags.threads ?? flags.workers, onProgress: progress.callback });
        } finally {
          progress.stop();
        }
        const seconds = (Date.now() - startMs) / 1000;
        const report = classificationReport(test.labels, result.predictions, { classCount: result.classCount });
        const summary = {
          dataset: source.name,
          settings: { ...settings, windowBits: flags.windowBits },
          trainImages: train.count,
          testImages: test.count,
          compressors: result.compressorCount,
          pairs: result.pairCount,
          seconds,
          accuracy: report.accuracy,
        };
        if (flags.json) {
          printJson({ ...summary, report });
          return;
        }
        const chunking = settings.chunkImages === null ? 'one compressor per class' : `chunks of ${settings.chunkImages} images (${result.compressorCount} compressors), ${settings.combine}`;
        printNote(`zip-classify ${source.name}: level ${settings.level}, wbits ${flags.windowBits}, ${settings.binarize ? 'binarized' : '8-bit'} pixels, ${chunking}; ${test.count} test images in ${seconds.toFixed(1)} s`);
        printLine(formatClassificationReport(report));
        printLine();
        printLine(formatConfusionMatrix(report));
      }),
    );
}
