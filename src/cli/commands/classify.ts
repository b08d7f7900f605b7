/** `arcompress classify`: classification by the shortest code under per-class models. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadSplit, resolveDataset } from '../../data/index.js';
import type { SplitName } from '../../data/types.js';
import { classifyImages } from '../../classify/classify.js';
import { defaultWorkerCount } from '../../classify/parallel.js';
import { loadModel } from '../../model/store.js';
import { PIXEL_MODES, type PixelMode } from '../../model/traversal.js';
import { bundledModelDirectory } from '../../paths.js';
import { ErrorCode, fail } from '../../errors.js';
import { classificationReport, formatClassificationReport, formatConfusionMatrix } from '../../report/classification.js';
import { datasetResolveOptions } from './datasets.js';
import { integerIn, oneOf } from '../options.js';
import { printJson, printLine } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';

interface ClassifyFlags {
  dataset: string;
  split: SplitName;
  model?: string;
  pixels: PixelMode;
  limit?: number;
  workers: number;
  by: 'real' | 'ideal';
  json?: boolean;
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify images by the shortest code under per-class autoregressive models')
    .option('--dataset <name|dir>', 'dataset name (mnist, fashion-mnist, kmnist) or a directory of IDX files', 'mnist')
    .option('--split <split>', 'train or test', oneOf(['train', 'test'] as const), 'test' as SplitName)
    .option('--model <dir>', 'model directory (default for mnist: the bundled models/mnist-<pixels>)')
    .option('--pixels <mode>', `which bundled model to use when --model is not given: ${PIXEL_MODES.join(' or ')}`, oneOf(PIXEL_MODES), 'binary' as PixelMode)
    .option('--limit <n>', 'classify only the first N images', integerIn(1))
    .option('--workers <n>', 'worker threads', integerIn(1, 64), defaultWorkerCount())
    .option('--by <length>', 'decide by real coded lengths or by ideal Σ −log2 p', oneOf(['real', 'ideal'] as const), 'real' as 'real' | 'ideal')
    .option('--json', 'print the figures as JSON')
    .action(
      action(async (flags: ClassifyFlags) => {
        const source = resolveDataset(flags.dataset, datasetResolveOptions());
        let modelDirectory = flags.model;
        if (!modelDirectory) {
          if (source.name !== 'mnist') fail(ErrorCode.BadArgument, `no bundled model for dataset '${source.name}': train one with 'arcompress train --dataset ${flags.dataset} --out DIR' and pass --model DIR`);
          modelDirectory = bundledModelDirectory('mnist', flags.pixels);
        }
        modelDirectory = resolve(modelDirectory);
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
        printLine(formatClassificationReport(report));
        printLine();
        printLine(formatConfusionMatrix(report));
        printLine();
        printLine(`accuracy by shortest ${flags.by} code: ${(100 * result.accuracy).toFixed(2)}% (by real lengths ${(100 * result.accuracyByReal).toFixed(2)}%, by ideal ${(100 * result.accuracyByIdeal).toFixed(2)}%)`);
        printLine(`true-class code length: ${result.trueClassIdealBitsPerPixel.toFixed(4)} bits/pixel ideal, ${result.trueClassRealBitsPerPixel.toFixed(4)} real (real − ideal ${result.realMinusIdealBitsPerImage.mean.toFixed(2)} bits/image on average, at most ${result.realMinusIdealBitsPerImage.max.toFixed(2)})`);
        printLine(`best class + log2(${result.classLabels.length}) bits to name it: ${result.bestClassPlusNameBitsPerPixel.toFixed(4)} bits/pixel`);
        printLine(`time: ${result.seconds.toFixed(1)} s, ${summary.imagesPerSecond.toFixed(0)} images/s × ${result.classLabels.length} classes on ${flags.workers} worker(s)`);
      }),
    );
}
