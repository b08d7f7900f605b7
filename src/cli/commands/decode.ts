/** `arcompress decode`: a .arc file → the original IDX file or PNG images, checked by SHA-256. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeArchive } from '../../codec/archive.js';
import { readContainer, type ContainerHeader } from '../../codec/container.js';
import { readInputFile, writeFilesAtomically } from '../../codec/files.js';
import { defaultCodecWorkers } from '../../codec/workers.js';
import { writeGrayPng } from '../../data/png.js';
import { ErrorCode, fail } from '../../errors.js';
import { loadModel } from '../../model/store.js';
import { bundledModelDirectory } from '../../paths.js';
import { integerIn } from '../options.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';
import { bitsPerPixelOf, formatBytes, formatGzipComparison, plural, printReport, readStdin, writeOutput } from './encode.js';

interface DecodeFlags {
  out: string;
  model?: string;
  workers: number;
  json?: boolean;
}

/** The bundled model a file names (its model name and pixel mode), when --model is not given. */
function defaultModelDirectory(header: ContainerHeader, label: string): string {
  const name = header.modelName;
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
    fail(ErrorCode.BadArgument, `${label} was made with a model that is not bundled (${JSON.stringify(name)} ${header.pixelMode}, ${header.modelFingerprint.slice(0, 12)}…); pass --model DIR`);
  }
  const directory = bundledModelDirectory(name, header.pixelMode);
  if (!existsSync(directory)) {
    fail(ErrorCode.NotFound, `${label} was made with model ${name}-${header.pixelMode} (${header.modelFingerprint.slice(0, 12)}…), which is not at ${directory}; pass --model DIR`);
  }
  return directory;
}

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('restore the images of a .arc file exactly: the IDX file byte for byte, or the PNG images with identical pixels')
    .argument('<input>', "the .arc file ('-' for stdin)")
    .requiredOption('-o, --out <path>', "where to write: a file for IDX or one PNG ('-' for stdout), a directory for several PNGs")
    .option('--model <dir>', 'model directory; default: the bundled model the file names (models/<name>-<pixel mode>)')
    .option('--workers <n>', 'worker threads (the output does not depend on it)', integerIn(1, 64), defaultCodecWorkers())
    .option('--json', 'print the summary as JSON')
    .action(
      action(async (input: string, flags: DecodeFlags) => {
        const startMs = Date.now();
        const file = input === '-' ? { label: 'stdin', name: 'stdin', bytes: await readStdin() } : await readInputFile(input);
        const { header } = readContainer(file.bytes, file.label);
        const modelDirectory = resolve(flags.model ?? defaultModelDirectory(header, file.label));
        const { model } = await loadModel(modelDirectory);
        const bar = createProgressBar({ label: 'decode', unit: 'img', enabled: !flags.json });
        let decoded;
        try {
          decoded = await decodeArchive(file.bytes, file.label, model, { modelDirectory, workers: flags.workers, onProgress: bar.callback });
        } finally {
          bar.stop();
        }
        const { summary } = decoded;
        const size = header.height * header.width;
        let outputBytes = 0;
        if (header.input.kind === 'idx') {
          await writeOutput(flags.out, decoded.restored);
          outputBytes = decoded.restored.length;
        } else if (header.imageCount === 1) {
          const png = writeGrayPng({ height: header.height, width: header.width, pixels: decoded.pixels });
          await writeOutput(flags.out, png);
          outputBytes = png.length;
        } else {
          if (flags.out === '-') fail(ErrorCode.BadArgument, `${file.label} holds ${header.imageCount} PNG images; give -o DIR to write them into a directory`);
          const names = header.input.names;
          const files = names.map((name, i) => ({ name, bytes: writeGrayPng({ height: header.height, width: header.width, pixels: decoded.pixels.subarray(i * size, (i + 1) * size) }) }));
          await writeFilesAtomically(flags.out, files);
          outputBytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
        }
        const seconds = (Date.now() - startMs) / 1000;
        const bitsPerPixel = bitsPerPixelOf(summary);
        const restoredAs = header.input.kind === 'idx' ? 'IDX' : header.imageCount === 1 ? 'PNG' : `${header.imageCount} PNGs`;
        if (flags.json) {
          printReport(flags.out, {
            command: 'decode',
            input: file.label,
            output: flags.out,
            restoredAs,
            images: header.imageCount,
            height: header.height,
            width: header.width,
            pixelMode: header.pixelMode,
            model: modelDirectory,
            modelFingerprint: header.modelFingerprint,
            binarized: header.binarized,
            inputWasGzipped: header.inputGzipped,
            arcBytes: summary.totalBytes,
            outputBytes,
            restoredBytes: summary.restoredBytes,
            bitsPerPixel,
            gzipBytes: summary.gzipBytes,
            ratioVsGzip: summary.gzipBytes / summary.totalBytes,
            checksumVerified: true,
            seconds,
          });
          return;
        }
        const where = flags.out === '-' ? 'stdout' : flags.out;
        const notes = [header.binarized ? 'the images are the thresholded ones (encoded with --binarize, lossy)' : '', header.inputGzipped ? 'the input was gzipped, written uncompressed' : ''].filter(Boolean);
        printReport(
          flags.out,
          `decoded ${plural(header.imageCount, 'image')} ${header.height}×${header.width} (${header.pixelMode}) → ${where} (${restoredAs}, ${formatBytes(outputBytes)}), SHA-256 verified; ` +
          `${formatBytes(summary.totalBytes)} .arc = ${bitsPerPixel.toFixed(4)} bits/pixel, ${formatGzipComparison(summary)}${notes.length ? '; ' + notes.join('; ') : ''}; ${seconds.toFixed(1)} s`,
        );
      }),
    );
}
