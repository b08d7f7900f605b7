/**
 * `arcompress decode`: a .arc file → the original IDX file or PNG images, checked against the
 * file's checksum; `--images` decodes only some records.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeArchive, decodeArchiveImages } from '../../codec/archive.js';
import { readContainer, type ContainerHeader } from '../../codec/container.js';
import { imageIdxHeader } from '../../codec/container-compact.js';
import { readInputFile, writeFilesAtomically } from '../../codec/files.js';
import { writeGrayPng } from '../../data/png.js';
import { ErrorCode, fail } from '../../errors.js';
import { loadModel } from '../../model/store.js';
import { describeImages, selectImages } from '../image-list.js';
import { jsonOption, workersOption } from '../options.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';
import { bitsPerPixelOf, formatBytes, formatGzipComparison, plural, printReport, readStdin, writeOutput } from '../codec-output.js';
import { bundledModelForFile } from '../bundled-models.js';

interface DecodeFlags {
  out: string;
  model?: string;
  images?: string;
  workers: number;
  json?: boolean;
}

/** What decode writes: one IDX file, one PNG, or PNGs into a directory. */
type OutputForm = 'idx' | 'png' | 'pngs';

/**
 * The output form: `-o X.png` one PNG, `-o X.idx` (or …ubyte) an IDX file, `-o DIR/` or an existing
 * directory PNGs in it; otherwise the input's own kind (an IDX file; one PNG, or a directory of them).
 */
function outputForm(header: ContainerHeader, imageCount: number, out: string, label: string): OutputForm {
  let form: OutputForm;
  if (out === '-') form = header.input.kind === 'idx' ? 'idx' : 'png';
  else if (/\.png$/i.test(out)) form = 'png';
  else if (/(\.idx|ubyte)$/i.test(out)) form = 'idx';
  else if (/[/\\]$/.test(out) || (existsSync(out) && statSync(out).isDirectory())) form = 'pngs';
  else form = header.input.kind === 'idx' ? 'idx' : imageCount === 1 ? 'png' : 'pngs';
  if (form === 'png' && imageCount !== 1) {
    fail(ErrorCode.BadArgument, `${label}: ${plural(imageCount, 'image')} to write, but -o ${out} names one ${out === '-' ? 'PNG stream' : 'PNG file'}; give -o DIR to write PNGs into a directory`);
  }
  return form;
}

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('restore the images of a .arc file exactly: the IDX file byte for byte, or the PNG images (8-bit gray) with identical pixels')
    .argument('<input>', "the .arc file ('-' for stdin)")
    .requiredOption('-o, --out <path>', "where to write: X.idx an IDX file, X.png one PNG, DIR/ (or an existing directory) PNGs in it; otherwise the input's kind: an IDX file, one PNG, or a directory for several PNGs ('-' for stdout)")
    .option('--images <list>', 'decode only these images, counted from 0: indices and ranges such as 3,5,10-20 (an IDX output then holds just them)')
    .option('--model <dir>', 'model directory; default: the bundled model the file names')
    .addOption(workersOption('worker threads (the output does not depend on it)'))
    .addOption(jsonOption('print the summary as JSON'))
    .action(
      action(async (input: string, flags: DecodeFlags) => {
        const startMs = Date.now();
        const file = input === '-' ? { label: 'stdin', name: 'stdin', bytes: await readStdin() } : await readInputFile(input);
        const container = readContainer(file.bytes, file.label);
        const { header } = container;
        const selected = flags.images === undefined ? null : selectImages(flags.images, header.imageCount, file.label);
        const form = outputForm(header, selected?.length ?? header.imageCount, flags.out, file.label);
        const modelDirectory = resolve(flags.model ?? bundledModelForFile(header, file.label));
        const { model } = await loadModel(modelDirectory);

        let pixels: Uint8Array;
        let restored: Uint8Array | null = null;
        let decoded: Awaited<ReturnType<typeof decodeArchive>> | null = null;
        if (selected === null) {
          const bar = createProgressBar({ label: 'decode', unit: 'img', enabled: !flags.json });
          try {
            decoded = await decodeArchive(file.bytes, file.label, model, { modelDirectory, workers: flags.workers, onProgress: bar.callback });
          } finally {
            bar.stop();
          }
          pixels = decoded.pixels;
          if (header.input.kind === 'idx') restored = decoded.restored;
        } else {
          pixels = decodeArchiveImages(container, model, selected, file.label);
        }
        const indices = selected ?? Array.from({ length: header.imageCount }, (_, i) => i);
        const size = header.height * header.width;
        const imageOf = (i: number) => ({ height: header.height, width: header.width, pixels: pixels.subarray(i * size, (i + 1) * size) });
        let outputBytes = 0;
        if (form === 'idx') {
          const idx = restored ?? Buffer.concat([imageIdxHeader(indices.length, header.height, header.width), pixels]);
          await writeOutput(flags.out, idx);
          outputBytes = idx.length;
        } else if (form === 'png') {
          const png = writeGrayPng(imageOf(0));
          await writeOutput(flags.out, png);
          outputBytes = png.length;
        } else {
          if (flags.out === '-') fail(ErrorCode.BadArgument, `${file.label}: several PNG images to write; give -o DIR to write them into a directory`);
          const names = header.input.kind === 'png' && header.input.names.length === header.imageCount ? header.input.names : null;
          const files = indices.map((index, i) => ({ name: names ? names[index] : `image-${index}.png`, bytes: writeGrayPng(imageOf(i)) }));
          await writeFilesAtomically(flags.out, files);
          outputBytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
        }
        const seconds = (Date.now() - startMs) / 1000;
        const restoredAs = form === 'idx' ? 'IDX' : form === 'png' ? '8-bit gray PNG' : `${indices.length} 8-bit gray PNGs`;
        const check = container.version >= 3 ? 'CRC-32' : 'SHA-256';
        const checked = !decoded && container.bytesVerified ? `file checksum verified (${check}), records decoded alone` : `checksum verified (${check})`;
        const where = flags.out === '-' ? 'stdout' : flags.out;
        if (flags.json) {
          printReport(flags.out, {
            command: 'decode',
            input: file.label,
            output: flags.out,
            restoredAs,
            containerVersion: container.version,
            images: indices.length,
            imagesInFile: header.imageCount,
            selectedImages: selected,
            height: header.height,
            width: header.width,
            pixelMode: header.pixelMode,
            model: modelDirectory,
            modelFingerprint: model.info.fingerprint,
            binarized: header.binarized,
            inputWasGzipped: header.inputGzipped,
            arcBytes: container.totalBytes,
            outputBytes,
            restoredBytes: decoded?.summary.restoredBytes ?? null,
            bitsPerPixel: decoded ? bitsPerPixelOf(decoded.summary) : null,
            gzipBytes: decoded?.summary.gzipBytes ?? null,
            ratioVsGzip: decoded ? decoded.summary.gzipBytes / decoded.summary.totalBytes : null,
            checksumVerified: true,
            seconds,
          });
          return;
        }
        const notes = [
          header.binarized ? 'the images are the thresholded ones (encoded with --binarize, lossy)' : '',
          header.inputGzipped && form === 'idx' && selected === null ? 'the input was gzipped, written uncompressed' : '',
        ].filter(Boolean);
        const what = selected === null ? plural(header.imageCount, 'image') : `${indices.length === 1 ? 'image' : 'images'} ${describeImages(indices)} of ${header.imageCount}`;
        const sizes = decoded ? `; ${formatBytes(decoded.summary.totalBytes)} .arc = ${bitsPerPixelOf(decoded.summary).toFixed(4)} bits/pixel, ${formatGzipComparison(decoded.summary)}` : '';
        printReport(
          flags.out,
          `decoded ${what} ${header.height}×${header.width} (${header.pixelMode}) → ${where} (${restoredAs}, ${formatBytes(outputBytes)}), ${checked}${sizes}${notes.length ? '; ' + notes.join('; ') : ''}; ${seconds.toFixed(1)} s`,
        );
      }),
    );
}
