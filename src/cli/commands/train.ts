/** `arcompress train`: trains one autoregressive model per class and writes a model directory. */
import type { Command } from 'commander';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadSplit, resolveDataset } from '../../data/index.js';
import { loadModel, saveModel } from '../../model/store.js';
import { ErrorCode, fail } from '../../errors.js';
import { DEFAULT_TRAIN_OPTIONS, trainedManifest, trainModel } from '../../model/train/index.js';
import { MAX_REFINEMENT_EXTENT } from '../../model/features.js';
import { PIXEL_MODES, type PixelMode } from '../../model/traversal.js';
import type { BackendPreference } from '../../model/tensorflow.js';
import { firstImages } from '../../data/types.js';
import { datasetResolveOptions } from './datasets.js';
import { datasetOption, integerIn, jsonOption, oneOf, positiveNumber, workersOption } from '../options.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';

interface TrainFlags {
  dataset: string;
  pixels: PixelMode;
  out: string;
  epochs: number;
  limitTrain?: number;
  seed: number;
  hidden: number;
  refineHidden: number;
  rowsPerEpoch: number;
  lr: number;
  lrFinal?: number;
  bilevelRadius: number;
  grayRowsAbove: number;
  grayHalfWidth: number;
  levelsFrom?: string;
  fromModel?: string;
  sharedImages: number;
  discriminativeEpochs: number;
  discriminativeImages: number;
  discriminativeLr: number;
  discriminativeWeight: number;
  backend: BackendPreference;
  workers: number;
  json?: boolean;
  log?: boolean;
}

/**
 * `directory` relative to `root` (where the command ran: the repository, for the bundled models),
 * or undefined when it lies outside: a manifest never records a machine's absolute path.
 */
function directoryWithin(root: string, directory: string): string | undefined {
  const path = relative(root, resolve(directory));
  return path === '' ? '.' : path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path) ? undefined : path;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train one autoregressive pixel model per class (TensorFlow.js) and write a model directory')
    .requiredOption('--out <dir>', 'model directory to write (manifest.json + weights.bin)')
    .addOption(datasetOption())
    .option('--pixels <mode>', `pixel mode: ${PIXEL_MODES.join(' or ')}`, oneOf(PIXEL_MODES), 'binary' as PixelMode)
    .option('--epochs <n>', 'most epochs per class; early stopping on validation bits/pixel may end sooner', integerIn(1, 1000), DEFAULT_TRAIN_OPTIONS.maxEpochs)
    .option('--limit-train <n>', 'use only the first N training images', integerIn(2))
    .option('--seed <n>', 'random seed (validation split, initialisation, shuffling)', integerIn(0, 2 ** 31 - 1), DEFAULT_TRAIN_OPTIONS.seed)
    .option('--hidden <n>', 'hidden units per network', integerIn(1, 4096), DEFAULT_TRAIN_OPTIONS.hiddenSize)
    .option('--refine-hidden <n>', 'hidden units of the gray refinement network', integerIn(1, 4096), DEFAULT_TRAIN_OPTIONS.refineHiddenSize)
    .option('--levels-from <dir>', 'gray mode: take the bilevel pyramid from this trained binary model and train only the gray refinement')
    .option('--shared-images <n>', 'with --levels-from: training images per class for the shared gray refinement', integerIn(1), DEFAULT_TRAIN_OPTIONS.sharedImagesPerClass)
    .option('--from-model <dir>', 'start from this trained model instead of training generatively (with --discriminative-epochs: fine-tune it)')
    .option('--discriminative-epochs <n>', 'epochs of discriminative fine-tuning after generative training (0: none)', integerIn(0, 100), DEFAULT_TRAIN_OPTIONS.discriminativeEpochs)
    .option('--discriminative-images <n>', 'training images per discriminative epoch', integerIn(1), DEFAULT_TRAIN_OPTIONS.discriminativeImagesPerEpoch)
    .option('--discriminative-lr <x>', 'Adam learning rate of discriminative fine-tuning', positiveNumber, DEFAULT_TRAIN_OPTIONS.discriminativeLearningRate)
    .option('--discriminative-weight <x>', 'weight of the classification term against the code length term', positiveNumber, DEFAULT_TRAIN_OPTIONS.discriminativeWeight)
    .option('--rows-per-epoch <n>', 'training rows drawn per network per epoch (caps epoch time)', integerIn(1), DEFAULT_TRAIN_OPTIONS.rowsPerEpoch)
    .option('--lr <x>', 'Adam learning rate (of the first epoch)', positiveNumber, DEFAULT_TRAIN_OPTIONS.learningRate)
    .option('--lr-final <x>', 'Adam learning rate of the last epoch, reached by a geometric decay per epoch (default: --lr, constant)', positiveNumber)
    .option('--bilevel-radius <n>', 'gray: radius of the bilevel neighbourhood the refinement sees', integerIn(0, MAX_REFINEMENT_EXTENT), DEFAULT_TRAIN_OPTIONS.refinementContext.bilevelRadius)
    .option('--gray-rows-above <n>', 'gray: rows above in the refinement\'s causal gray window', integerIn(0, MAX_REFINEMENT_EXTENT), DEFAULT_TRAIN_OPTIONS.refinementContext.grayRowsAbove)
    .option('--gray-half-width <n>', 'gray: half width (and pixels to the left) of the refinement\'s causal gray window', integerIn(0, MAX_REFINEMENT_EXTENT), DEFAULT_TRAIN_OPTIONS.refinementContext.grayHalfWidth)
    .option('--backend <name>', 'tfjs backend: auto (tfjs-node if installed, else wasm), wasm, cpu, node', oneOf(['auto', 'wasm', 'cpu', 'node'] as const), 'auto' as BackendPreference)
    .addOption(workersOption('worker threads for the per-class generative training (the weights do not depend on it)'))
    .addOption(jsonOption('print the result as JSON'))
    .option('--log', 'when there is no progress bar (piped, or --json), print progress lines on stderr')
    .action(
      action(async (flags: TrainFlags) => {
        const source = resolveDataset(flags.dataset, datasetResolveOptions());
        const levelsFrom = flags.levelsFrom ? (await loadModel(resolve(flags.levelsFrom))).model : undefined;
        if (levelsFrom && flags.pixels !== 'gray') fail(ErrorCode.BadArgument, '--levels-from is for --pixels gray');
        const fromModel = flags.fromModel ? await loadModel(resolve(flags.fromModel)) : undefined;
        const train = firstImages(await loadSplit(source, 'train'), flags.limitTrain ?? Number.MAX_SAFE_INTEGER);
        const bar = createProgressBar({ label: `train ${flags.pixels}`, unit: 'epochs', enabled: !flags.json, log: flags.log });
        let result;
        try {
          result = await trainModel(train, {
            pixelMode: flags.pixels,
            maxEpochs: flags.epochs,
            seed: flags.seed,
            hiddenSize: flags.hidden,
            refineHiddenSize: flags.refineHidden,
            rowsPerEpoch: flags.rowsPerEpoch,
            learningRate: flags.lr,
            finalLearningRate: flags.lrFinal,
            refinementContext: { bilevelRadius: flags.bilevelRadius, grayRowsAbove: flags.grayRowsAbove, grayHalfWidth: flags.grayHalfWidth },
            backend: flags.backend,
            workers: flags.workers,
            levelsFrom,
            initialModel: fromModel?.model,
            sharedImagesPerClass: flags.sharedImages,
            discriminativeEpochs: flags.discriminativeEpochs,
            discriminativeImagesPerEpoch: flags.discriminativeImages,
            discriminativeLearningRate: flags.discriminativeLr,
            discriminativeWeight: flags.discriminativeWeight,
            onProgress: bar.callback,
          });
        } finally {
          bar.stop();
        }
        const pixelCount = train.height * train.width;
        const outDirectory = resolve(flags.out);
        const command = `arcompress ${process.argv.slice(2).join(' ')}`;
        const manifest = await saveModel(
          outDirectory,
          trainedManifest({
            dataset: source.name,
            imageCount: train.count,
            result,
            run: { command, date: new Date().toISOString(), node: process.version },
            startedFrom: fromModel?.manifest,
            levelsFromDirectory: flags.levelsFrom ? directoryWithin(process.cwd(), flags.levelsFrom) : undefined,
          }),
          result.model.classStages,
        );
        const { images: validationImages, bitsPerPixel: validationBits } = manifest.validation;
        if (flags.json) {
          printJson({ out: outDirectory, fingerprint: manifest.fingerprint, validationBitsPerPixel: validationBits, seconds: result.seconds, backend: result.backend, classes: result.classes });
          return;
        }
        const rows: (string | number)[][] = [['class', 'train', 'val', 'epochs', 'val bits/pixel']];
        for (const c of result.classes) rows.push([c.label, c.trainImages, c.validationImages, c.epochs, c.validationBitsPerPixel.toFixed(4)]);
        rows.push(['all', train.count - validationImages, validationImages, '', validationBits.toFixed(4)]);
        printLine(formatTable(rows));
        printNote(`wrote ${outDirectory} (${flags.pixels}, ${train.height}×${train.width}, ${result.classes.length} classes, backend ${result.backend}, ${result.seconds.toFixed(1)} s, ${(validationBits * pixelCount).toFixed(1)} bits/image on validation)`);
      }),
    );
}
