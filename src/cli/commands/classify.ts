/** `arcompress classify`: classification by the shortest code under per-class models. */
import type { Command } from 'commander';
import { loadSplit, resolveDataset } from '../../data/index.js';
import type { SplitName } from '../../data/types.js';
import { classifyImages } from '../../classify/classify.js';
import { loadModel } from '../../model/store.js';
import { PIXEL_MODES, type PixelMode } from '../../model/traversal.js';
import { ErrorCode, fail } from '../../errors.js';
import { classificationReport } from '../../report/classification.js';
import { classifyFiles, printClassificationSummary } from './classify-files.js';
import { datasetResolveOptions } from './datasets.js';
import { datasetOption, integerIn, jsonOption, oneOf, splitOption, workersOption } from '../options.js';
import { modelDirectoryOrBundled } from '../bundled-models.js';
import { printJson, printLine } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';

interface ClassifyFlags {
  dataset?: string;
  split: SplitName;
  model?: string;
  pixels: PixelMode;
  limit?: number;
  workers: number;
  by: 'real' | 'ideal';
  json?: boolean;
  labels?: string;
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify images by the shortest code under per-class autoregressive models: your own files (per image: the predicted class and the code length under every class), or a labelled dataset (--dataset)')
    .argument('[inputs...]', "PNG files, one IDX image file (raw or gzipped), or '-' for stdin; without them, the dataset given by --dataset")
    .addOption(datasetOption('dataset name (mnist, fashion-mnist, kmnist) or a directory of IDX files (default: mnist when no files are given)', null))
    .addOption(splitOption())
    .option('--model <dir>', 'model directory (default for mnist: the bundled models/mnist-<pixels>; for files: like encode, mnist-binary for bilevel images, else mnist-gray)')
    .option('--pixels <mode>', `which bundled model to use when --model is not given: ${PIXEL_MODES.join(' or ')}; for files, unless given: by content as --model says`, oneOf(PIXEL_MODES), 'binary' as PixelMode)
    .option('--labels <file>', 'with files: the true labels (an IDX label file or integers), to add the accuracy and the classification report')
    .option('--limit <n>', 'classify only the first N images of the dataset', integerIn(1))
    .addOption(workersOption())
    .option('--by <length>', 'decide by real coded lengths or by ideal Σ −log2 p', oneOf(['real', 'ideal'] as const), 'real' as 'real' | 'ideal')
    .addOption(jsonOption('print the figures as JSON (files: per image predicted, realBits and idealBits, one entry per class)'))
    .action(
      action(async (inputs: string[], flags: ClassifyFlags, command: Command) => {
        const given = (name: string) => command.getOptionValueSource(name) === 'cli';
        if (inputs.length > 0) {
          const datasetOnly = ['dataset', 'split', 'limit'].filter(given);
          if (datasetOnly.length > 0) fail(ErrorCode.BadArgument, `give either image files or --dataset, not both (--${datasetOnly.join(', --')} only apply to a dataset)`);
          await classifyFiles(inputs, { model: flags.model, pixels: given('pixels') ? flags.pixels : undefined, labels: flags.labels, workers: flags.workers, by: flags.by, json: flags.json });
          return;
        }
        if (flags.labels !== undefined) fail(ErrorCode.BadArgument, '--labels goes with image files (a dataset brings its own labels)');
        flags.dataset ??= 'mnist';
        const source = resolveDataset(flags.dataset, datasetResolveOptions());
        const modelDirectory = modelDirectoryOrBundled(flags.model, source.name, flags.pixels, flags.dataset);
        const { model } = await loadModel(modelDirectory);
        const set = await loadSplit(source, flags.split);
        model.checkImageSize(set.height, set.width, `dataset '${source.name}'`);
        const bar = createProgressBar({ label: 'classify', unit: 'img', enabled: !flags.json });
        let result;
        try {
          result = await classifyImages(model, modelDirectory, set, { limit: flags.limit, workers: flags.workers, by: flags.by, onProgress: bar.callback });
        } finally {
          bar.stop();
        }
        const indexOf = new Map(result.classLabels.map((label, index) => [label, index]));
        const report = classificationReport(
          Array.from(result.trueLabels, (label) => indexOf.get(label)!),
          Array.from(result.predictedLabels, (label) => indexOf.get(label)!),
          { classNames: result.classLabels.map(String) },
        );
        const summary = {
          dataset: source.name,
          split: flags.split,
          model: modelDirectory,
          pixelMode: model.info.pixelMode,
          images: result.imageCount,
          decidedBy: flags.by,
          accuracy: result.accuracy,
          accuracyByReal: result.accuracyByReal,
          accuracyByIdeal: result.accuracyByIdeal,
          trueClassBitsPerPixel: { ideal: result.trueClassIdealBitsPerPixel, real: result.trueClassRealBitsPerPixel },
          trueClassBitsPerPixelByClass: Object.fromEntries(result.classLabels.map((label, c) => [label, result.trueClassBitsPerPixelByClass[c]])),
          bestClassPlusNameBitsPerPixel: result.bestClassPlusNameBitsPerPixel,
          realMinusIdealBitsPerImage: result.realMinusIdealBitsPerImage,
          seconds: result.seconds,
          imagesPerSecond: result.imageCount / Math.max(result.seconds, 1e-9),
          workers: flags.workers,
        };
        if (flags.json) {
          printJson({ ...summary, report });
          return;
        }
        printLine(`classify ${source.name} ${flags.split}: ${result.imageCount} images, ${model.info.pixelMode} model ${modelDirectory}`);
        printClassificationSummary(result, report, flags.by, flags.workers);
      }),
    );
}
