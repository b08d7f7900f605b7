/** `arcompress encode`: images → one .arc file (docs/FORMAT.md), lossless unless --binarize. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { encodeArchive, decodeArchive } from '../../codec/archive.js';
import { classIndicesFromLabels, imageSourceFromInputs, readInputFile, type InputBytes } from '../../codec/files.js';
import { bilevelLevels, binarizePixels, type ImageSource } from '../../codec/source.js';
import { resolveDataset, SPLIT_NAMES } from '../../data/index.js';
import type { SplitName } from '../../data/types.js';
import { ErrorCode, fail, invariant } from '../../errors.js';
import { loadModel } from '../../model/store.js';
import { datasetResolveOptions } from './datasets.js';
import { datasetOption, jsonOption, splitOption, workersOption } from '../options.js';
import { bundledModelForImages } from '../bundled-models.js';
import { bitsPerPixelOf, formatBytes, formatGzipComparison, plural, printReport, readStdin, writeOutput } from '../codec-output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';

interface EncodeFlags {
  out: string;
  model?: string;
  class: string;
  binarize?: boolean;
  verify?: boolean;
  dataset?: string;
  split?: SplitName;
  workers: number;
  json?: boolean;
}

/** "2 × 4-bit palette, 1 × 16-bit gray PNG …": the note for PNG inputs that were not 8-bit gray, or ''. */
function conversionNote(source: ImageSource): string {
  const entries = [...source.convertedPngEncodings];
  if (entries.length === 0) return '';
  const kinds = entries.map(([encoding, count]) => (source.count === 1 ? encoding : `${count} × ${encoding}`)).join(', ');
  const what = source.count === 1 ? `the input is a ${kinds} PNG` : `${entries.reduce((sum, [, count]) => sum + count, 0)} of ${source.count} inputs are not 8-bit gray PNGs (${kinds})`;
  return `${what}; ${source.count === 1 ? 'its' : 'their'} pixels are gray and are stored exactly; decode writes 8-bit gray PNGs`;
}

async function readInputs(inputs: string[], flags: EncodeFlags): Promise<InputBytes[]> {
  if (flags.dataset !== undefined || flags.split !== undefined) {
    if (inputs.length > 0) fail(ErrorCode.BadArgument, 'give either input files or --dataset/--split, not both');
    if (flags.dataset === undefined || flags.split === undefined) fail(ErrorCode.BadArgument, '--dataset and --split go together (e.g. --dataset mnist --split test)');
    const source = resolveDataset(flags.dataset, datasetResolveOptions());
    return [await readInputFile(source.files[flags.split].images)];
  }
  if (inputs.length === 0) fail(ErrorCode.BadArgument, "no input: give an IDX file, PNG files, '-' for stdin, or --dataset NAME --split train|test");
  if (inputs.includes('-')) {
    if (inputs.length > 1) fail(ErrorCode.BadArgument, "'-' (stdin) must be the only input");
    return [{ label: 'stdin', name: 'stdin.png', bytes: await readStdin() }];
  }
  return Promise.all(inputs.map(readInputFile));
}

export function registerEncode(program: Command): void {
  program
    .command('encode')
    .description('compress images losslessly into one .arc file (arithmetic coding with a class model)')
    .argument('[inputs...]', "an IDX image file (raw or gzipped), one or more PNG files whose pixels are gray (any bit depth, palette, RGB/RGBA with R = G = B and opaque alpha), or '-' for stdin")
    .requiredOption('-o, --out <file>', "the .arc file to write ('-' for stdout)")
    .option('--model <dir>', 'model directory; default: the bundled models/mnist-binary when --binarize is given or the input is bilevel (at most two distinct values), else models/mnist-gray')
    .option('--class <best|file>', "class model per image: 'best' (the class giving the shortest code) or a label file (IDX labels or integers)", 'best')
    .option('--binarize', 'threshold pixels at 128 before coding: LOSSY, decode gives the thresholded images back')
    .option('--verify', 'decode the result in this process and compare before writing it')
    .addOption(datasetOption('encode a dataset split instead of files (with --split)', null))
    .addOption(splitOption(null, `the split of --dataset: ${SPLIT_NAMES.join(' or ')}`))
    .addOption(workersOption('worker threads (the output does not depend on it)'))
    .addOption(jsonOption('print the summary as JSON'))
    .action(
      action(async (inputs: string[], flags: EncodeFlags) => {
        const startMs = Date.now();
        const source = await imageSourceFromInputs(await readInputs(inputs, flags));
        const binarize = flags.binarize ?? false;
        const modelDirectory = resolve(flags.model ?? bundledModelForImages(binarize || bilevelLevels(source.pixels) !== null));
        const { model, manifest } = await loadModel(modelDirectory);
        model.checkImageSize(source.height, source.width, source.label);
        const classIndices = flags.class === 'best' ? undefined : await classIndicesFromLabels(await readInputFile(flags.class), source.count, model);

        const bar = createProgressBar({ label: 'encode', unit: 'img', enabled: !flags.json });
        let encoded;
        try {
          encoded = await encodeArchive(source, { model, modelDirectory, modelName: manifest.dataset, classIndices, binarize, workers: flags.workers, onProgress: bar.callback });
        } finally {
          bar.stop();
        }
        const { bytes, summary } = encoded;
        if (flags.verify) {
          const decoded = await decodeArchive(bytes, 'the encoded file', model, { modelDirectory, workers: flags.workers });
          const expected = binarize ? binarizePixels(source.pixels) : source.pixels;
          invariant(Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(expected)) === 0, 'verification failed: the decoded images differ from the input');
        }
        await writeOutput(flags.out, bytes);
        const seconds = (Date.now() - startMs) / 1000;
        const pixels = summary.imageCount * summary.height * summary.width;
        const bitsPerPixel = bitsPerPixelOf(summary);
        if (flags.json) {
          printReport(flags.out, {
            command: 'encode',
            input: source.label,
            output: flags.out,
            containerVersion: summary.containerVersion,
            imagesPerRecord: summary.imagesPerRecord,
            images: summary.imageCount,
            height: summary.height,
            width: summary.width,
            pixelMode: summary.pixelMode,
            model: modelDirectory,
            modelFingerprint: model.info.fingerprint,
            classChoice: flags.class === 'best' ? 'best' : 'labels',
            imagesPerClass: Object.fromEntries(model.info.classLabels.map((label, c) => [label, summary.imagesPerClass[c]])),
            binarized: binarize,
            lossless: !binarize,
            convertedPngEncodings: Object.fromEntries(source.convertedPngEncodings),
            bytes: { total: summary.totalBytes, header: summary.headerBytes, lengthTable: summary.lengthTableBytes, records: summary.payloadBytes, checksum: summary.checksumBytes },
            bitsPerPixel,
            idealImageBitsPerPixel: summary.imageIdealBits / pixels,
            classIndexBits: summary.classIndexBits,
            classIndexBitsPerPixel: summary.classIndexBits / pixels,
            restoredBytes: summary.restoredBytes,
            gzipBytes: summary.gzipBytes,
            gzipBitsPerPixel: (summary.gzipBytes * 8) / pixels,
            ratioVsGzip: summary.gzipBytes / summary.totalBytes,
            verified: flags.verify ?? false,
            seconds,
          });
          return;
        }
        const where = flags.out === '-' ? 'stdout' : flags.out;
        const lossy = binarize ? '; LOSSY: pixels thresholded at 128 (--binarize)' : '';
        const converted = conversionNote(source);
        printReport(flags.out,
          `encoded ${plural(summary.imageCount, 'image')} ${summary.height}×${summary.width} (${summary.pixelMode}, model ${manifest.dataset}, class ${flags.class === 'best' ? 'best' : 'from labels'}) → ${where}: ` +
          `${formatBytes(summary.totalBytes)}, ${bitsPerPixel.toFixed(4)} bits/pixel (class index ${(summary.classIndexBits / pixels).toFixed(4)}), ` +
          `${formatGzipComparison(summary)}${flags.verify ? ', verified' : ''}${lossy}${converted ? `; note: ${converted}` : ''}; ${seconds.toFixed(1)} s`,
        );
      }),
    );
}
