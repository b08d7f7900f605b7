/** `arcompress train`: trains one autoregressive model per class and writes a model directory. */
import type { Command } from 'commander';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadSplit, resolveDataset } from '../../data/index.js';
import { loadModel, saveModel, type ModelManifest } from '../../model/store.js';
import { ErrorCode, fail } from '../../errors.js';
import { trainedManifest, trainModel } from '../../model/train/index.js';
import { recipeOptions } from '../../model/train/recipe.js';
import { GRAY_REFINEMENTS } from '../../model/train/options.js';
import { GLOBAL_CONTEXTS, MAX_REFINEMENT_EXTENT } from '../../model/features.js';
import { PIXEL_MODES, type PixelMode } from '../../model/traversal.js';
import { ARITHMETICS } from '../../model/arithmetic.js';
import type { BackendPreference } from '../../model/tensorflow.js';
import { firstImages } from '../../data/types.js';
import { datasetResolveOptions } from './datasets.js';
import { datasetOption, integerIn, jsonOption, oneOf, parsedBy, positiveNumber, workersOption } from '../options.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { createProgressBar } from '../progress-bar.js';
import { action } from '../run.js';
import { trainOptionsFromFlags, type TrainFlags } from './train-flags.js';
import { DEFAULT_DISTORTION_RANGE, parseDistortionRange } from '../../model/train/distortions.js';
import { bends, parseElasticRange, type ElasticRange } from '../../model/train/elastic.js';

/**
 * `directory` relative to `root` (where the command ran: the repository, for the bundled models),
 * or undefined when it lies outside: a manifest never records a machine's absolute path.
 */
function directoryWithin(root: string, directory: string): string | undefined {
  const path = relative(root, resolve(directory));
  return path === '' ? '.' : path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path) ? undefined : path;
}

/** The seed a model's training record gives, if it gives one. */
function recordedSeed(manifest: ModelManifest | undefined): number | undefined {
  const seed = manifest?.training?.seed;
  return Number.isInteger(seed) ? (seed as number) : undefined;
}

const FULL = recipeOptions('full');
const QUICK = recipeOptions('quick');
/** " (recipe: X; --quick: Y)" for a recipe setting, for the help text (`format`: how a value reads, when String's does not do). */
function recipeValues<K extends keyof typeof FULL>(key: K, unset = 'none', format: (value: (typeof FULL)[K]) => string = String): string {
  const show = (value: (typeof FULL)[K]) => (value === undefined ? unset : typeof value === 'number' && !Number.isFinite(value) ? 'all' : format(value));
  return ` (recipe: ${show(FULL[key])}; --quick: ${show(QUICK[key])})`;
}

/** An elastic range as --elastic takes it: RMS,SIGMA, or none. */
function showElastic(range: ElasticRange): string {
  return bends(range) ? `${range.rmsPixels},${range.sigmaPixels}` : 'none';
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train one autoregressive pixel model per class (TensorFlow.js) and write a model directory; with no other flag it runs the whole recipe the bundled models were made with (docs/MODELS.md), each flag overriding its value')
    .requiredOption('--out <dir>', 'model directory to write (manifest.json + weights.bin)')
    .option('--quick', 'the quick recipe: a usable model in a few minutes (fewer images, smaller networks, fewer epochs)')
    .addOption(datasetOption())
    .option('--pixels <mode>', `pixel mode: ${PIXEL_MODES.join(' or ')}`, oneOf(PIXEL_MODES), 'binary' as PixelMode)
    .option('--epochs <n>', 'most epochs per class; early stopping on validation bits/pixel may end sooner' + recipeValues('maxEpochs'), integerIn(1, 1000))
    .option('--refine-epochs <n>', 'gray: most epochs of the refinement when it trains on its own (class-input or shared; a per-class one trains with its pyramid, --epochs); with --epochs and without this flag, as --epochs' + recipeValues('refineMaxEpochs', 'as --epochs'), integerIn(1, 1000))
    .option('--limit-train <n>', 'use only the first N training images', integerIn(2))
    .option('--images-per-class <n>', 'most training images per class (after the validation split)' + recipeValues('trainImagesPerClass'), integerIn(1))
    .option('--seed <n>', 'random seed (validation split, initialisation, shuffling); with --from-model, that model\'s unless given', integerIn(0, 2 ** 31 - 1))
    .option('--hidden <n>', 'hidden units per network' + recipeValues('hiddenSize'), integerIn(1, 4096))
    .option('--finest-hidden <n>', 'hidden units of the finest pyramid level\'s network (it codes most of the bits); without it, as --hidden' + recipeValues('finestHiddenSize', 'as --hidden'), integerIn(1, 4096))
    .option('--refine-hidden <n>', 'hidden units of the gray refinement network' + recipeValues('refineHiddenSize'), integerIn(1, 4096))
    .option('--refinement <kind>', `gray: how the refinement knows the class: ${GRAY_REFINEMENTS.join(', ')} (docs/MODELS.md)${recipeValues('grayRefinement')}`, oneOf(GRAY_REFINEMENTS))
    .option('--levels-from <dir>', 'gray mode: take the bilevel pyramid from this trained binary model and train only the gray refinement')
    .option('--shared-images <n>', 'with --levels-from: training images per class for the shared gray refinement', integerIn(1))
    .option('--from-model <dir>', 'start from this trained model instead of training generatively: only the fine-tuning runs (--discriminative-epochs 0: none)')
    .option('--discriminative-epochs <n>', 'epochs of discriminative fine-tuning after generative training (0: none)' + recipeValues('discriminativeEpochs'), integerIn(0, 100))
    .option('--discriminative-images <n>', 'training images per discriminative epoch: the hardest of the pool' + recipeValues('discriminativeImagesPerEpoch'), integerIn(1))
    .option('--discriminative-pool <n>', 'training images scored per discriminative epoch to pick the hardest from (at most --discriminative-images: no choice)' + recipeValues('discriminativePoolImages'), integerIn(0))
    .option('--discriminative-lr <x>', 'Adam learning rate of discriminative fine-tuning' + recipeValues('discriminativeLearningRate'), positiveNumber)
    .option('--discriminative-weight <x>', 'weight of the classification term against the code length term' + recipeValues('discriminativeWeight'), positiveNumber)
    .option('--rows-per-epoch <n>', 'training rows drawn per network per epoch (caps epoch time); given, a refinement trained on its own follows it unless --refine-rows-per-epoch is given too' + recipeValues('rowsPerEpoch'), integerIn(1))
    .option('--refine-rows-per-epoch <n>', 'gray: rows per class per epoch of the refinement when it trains on its own (class-input or shared; a per-class one trains with its pyramid, --rows-per-epoch); with --rows-per-epoch and without this flag, as --rows-per-epoch' + recipeValues('refineRowsPerEpoch', 'as --rows-per-epoch'), integerIn(1))
    .option('--patience <n>', 'epochs without a better validation figure before a network stops early (the best epoch is kept; at least its epochs, --epochs or --refine-epochs: never early)' + recipeValues('patience'), integerIn(1, 1000))
    .option('--distortions <n>', `generative training also sees N random small affine distortions of each training image, for the pyramid's levels (rotation, scale and slant about its centre of mass, within --distortion-range; docs/MODELS.md)` + recipeValues('distortedCopies'), integerIn(0, 16))
    .option('--distortion-range <deg,scale,slant>', `how far --distortions go: the largest rotation in degrees, scale change and slant (default ${DEFAULT_DISTORTION_RANGE.maxRotationDegrees},${DEFAULT_DISTORTION_RANGE.maxScaleChange},${DEFAULT_DISTORTION_RANGE.maxSlant}: ±${DEFAULT_DISTORTION_RANGE.maxRotationDegrees}°, ±${DEFAULT_DISTORTION_RANGE.maxScaleChange * 100}%, ±${DEFAULT_DISTORTION_RANGE.maxSlant})`, parsedBy(parseDistortionRange))
    .option('--elastic <rms,sigma>', `--distortions also bend each copy by a random elastic displacement field: its root-mean-square length and smoothing in pixels (e.g. 1.5,4; 0,4: none; docs/MODELS.md)` + recipeValues('elasticRange', 'none', showElastic), parsedBy(parseElasticRange))
    .option('--lr <x>', 'Adam learning rate (of the first epoch)' + recipeValues('learningRate'), positiveNumber)
    .option('--lr-final <x>', 'Adam learning rate of the last epoch, reached by a geometric decay per epoch (with --lr and no --lr-final: constant)' + recipeValues('finalLearningRate'), positiveNumber)
    .option('--bilevel-radius <n>', 'gray: radius of the bilevel neighbourhood the refinement sees', integerIn(0, MAX_REFINEMENT_EXTENT))
    .option('--gray-rows-above <n>', 'gray: rows above in the refinement\'s causal gray window', integerIn(0, MAX_REFINEMENT_EXTENT))
    .option('--gray-half-width <n>', 'gray: half width (and pixels to the left) of the refinement\'s causal gray window', integerIn(0, MAX_REFINEMENT_EXTENT))
    .option('--global-context <kind>', `the coarser pyramid levels each level sees in full: coarsest (levels finer than the coarsest two see the coarsest) or coarser (every level sees every coarser level; docs/MODELS.md); a pyramid from --from-model or --levels-from keeps its own${recipeValues('globalContext')}`, oneOf(GLOBAL_CONTEXTS))
    .option('--arithmetic <kind>', `what the coding path evaluates the networks in: float32 (single-precision SIMD) or float64 (every model made before float32 existed); recorded in the manifest, so a model's files always decode in its own (docs/FORMAT.md); with --from-model, that model's unless given, and with --discriminative-epochs 0 too, the given model's weights in this arithmetic${recipeValues('arithmetic')}`, oneOf(ARITHMETICS))
    .option('--adaptive-map <on|off>', `gray: pass the refinement's probabilities through an adaptive map that learns each image's own gray levels as it codes (docs/MODELS.md); recorded in the manifest; with --from-model, that model's unless given, and with --discriminative-epochs 0 too, the given model's weights with or without it${recipeValues('adaptiveMap', 'off', (map) => (map ? 'on' : 'off'))}`, oneOf(['on', 'off'] as const))
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
        const recipe = recipeOptions(flags.quick ? 'quick' : 'full');
        const train = firstImages(await loadSplit(source, 'train'), flags.limitTrain ?? Number.MAX_SAFE_INTEGER);
        const bar = createProgressBar({ label: `train ${flags.pixels}`, unit: 'work',  enabled: !flags.json, log: flags.log });
        let result;
        try {
          result = await trainModel(train, { ...trainOptionsFromFlags(flags, recipe, { levelsFrom, initialModel: fromModel?.model, initialSeed: recordedSeed(fromModel?.manifest) }), onProgress: bar.callback });
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
        rows.push(['all', result.classes.reduce((sum, c) => sum + c.trainImages, 0), validationImages, '', validationBits.toFixed(4)]);
        printLine(formatTable(rows));
        if (result.discriminativeScores.length > 1) printNote(`validation accuracy by shortest ideal code (a sample of the validation images), before and after each discriminative epoch: ${result.discriminativeScores.map((score) => `${(100 * score).toFixed(2)}%`).join(' → ')}`);
        printNote(`wrote ${outDirectory} (${flags.pixels}, ${train.height}×${train.width}, ${result.classes.length} classes, backend ${result.backend}, ${result.seconds.toFixed(1)} s, ${(validationBits * pixelCount).toFixed(1)} bits/image on validation)`);
      }),
    );
}
