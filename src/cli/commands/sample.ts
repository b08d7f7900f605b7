/** `arcompress sample`: draw images from a class model (the models are generative) into a PNG grid. */
import type { Command } from 'commander';
import { writeFileAtomically } from '../../codec/files.js';
import { ErrorCode, fail } from '../../errors.js';
import { loadModel } from '../../model/store.js';
import { sampleImages } from '../../model/sampling.js';
import { PIXEL_MODES, type PixelMode } from '../../model/traversal.js';
import { imageGridPicture } from '../../report/pictures.js';
import { integerIn, jsonOption, oneOf } from '../options.js';
import { modelDirectoryOrBundled } from '../bundled-models.js';
import { printJson, printLine } from '../output.js';
import { action } from '../run.js';

interface SampleFlags {
  model?: string;
  pixels: PixelMode;
  class: number;
  count: number;
  seed: number;
  out: string;
  json?: boolean;
}

/** Samples per row of the picture. */
const PER_ROW = 8;

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('draw samples from one class model into a PNG grid')
    .requiredOption('--class <label>', 'the class (its label, e.g. a digit)', integerIn(0, 2 ** 31 - 1))
    .requiredOption('-o, --out <file.png>', 'the PNG file to write')
    .option('--model <dir>', 'model directory (default: the bundled models/mnist-<pixels>)')
    .option('--pixels <mode>', `which bundled model when --model is not given: ${PIXEL_MODES.join(' or ')}`, oneOf(PIXEL_MODES), 'gray' as PixelMode)
    .option('-n, --count <n>', 'number of samples', integerIn(1, 1024), 16)
    .option('--seed <n>', 'random seed (the same seed gives the same images)', integerIn(0, 2 ** 31 - 1), 1)
    .addOption(jsonOption('print a summary as JSON'))
    .action(
      action(async (flags: SampleFlags) => {
        if (!flags.out.toLowerCase().endsWith('.png')) fail(ErrorCode.BadArgument, `--out: expected a file name ending in .png, found '${flags.out}'`);
        const directory = modelDirectoryOrBundled(flags.model, 'mnist', flags.pixels);
        const { model } = await loadModel(directory);
        const classIndex = model.info.classLabels.indexOf(flags.class);
        if (classIndex < 0) fail(ErrorCode.BadArgument, `--class: the model has classes ${model.info.classLabels.join(', ')}, not ${flags.class}`);
        const startMs = Date.now();
        const images = sampleImages(model, classIndex, flags.count, flags.seed);
        const pixelsPerImage = model.info.height * model.info.width;
        const rows = [];
        for (let first = 0; first < flags.count; first += PER_ROW) {
          rows.push({ label: first === 0 ? String(flags.class) : '', images: images.subarray(first * pixelsPerImage, Math.min(flags.count, first + PER_ROW) * pixelsPerImage) });
        }
        const png = await imageGridPicture(`${flags.count} samples of class ${flags.class} (${model.info.pixelMode} model, seed ${flags.seed})`, rows, model.info.height, model.info.width);
        await writeFileAtomically(flags.out, png);
        const summary = { model: directory, pixelMode: model.info.pixelMode, class: flags.class, count: flags.count, seed: flags.seed, out: flags.out, seconds: (Date.now() - startMs) / 1000 };
        if (flags.json) printJson(summary);
        else printLine(`wrote ${flags.count} samples of class ${flags.class} from ${directory} to ${flags.out}`);
      }),
    );
}
