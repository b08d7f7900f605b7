/**
 * `arcompress classify FILE...`: classifies the user's own images (PNG files, one IDX image file
 * or '-' for stdin) and prints, per image, the predicted class and the real code length under
 * every class. Every class is scored in full (src/classify/code-lengths.ts), so each length is a
 * real number of bits; `--labels FILE` adds the accuracy and the report the dataset form prints.
 */
import { bilevelLevels } from '../../codec/source.js';
import { classIndicesFromLabels, imageSourceFromInputs, readInputFile, type InputBytes } from '../../codec/files.js';
import { scoreImagesParallel } from '../../classify/parallel.js';
import { classificationTable, imageSetForModel } from '../../classify/code-lengths.js';
import { summarizeClassification, type ClassifyResult } from '../../classify/classify.js';
import { ErrorCode, fail } from '../../errors.js';
import { loadModel } from '../../node.js';
import type { PixelMode } from '../../model/traversal.js';
import { classificationReport, formatClassificationReport, formatConfusionMatrix, type ClassificationReport } from '../../report/classification.js';
import { bundledModelForImages } from '../bundled-models.js';
import { readStdin } from '../codec-output.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { createProgressBar } from '../progress-bar.js';

export interface ClassifyFilesFlags {
  model?: string;
  /** Only when given on the command line: the bundled model of this pixel mode. */
  pixels?: PixelMode;
  labels?: string;
  workers: number;
  by: 'real' | 'ideal';
  json?: boolean;
}

async function readInputs(inputs: string[]): Promise<InputBytes[]> {
  if (inputs.includes('-')) {
    if (inputs.length > 1) fail(ErrorCode.BadArgument, "'-' (stdin) must be the only input");
    return [{ label: 'stdin', name: 'stdin.png', bytes: await readStdin() }];
  }
  return Promise.all(inputs.map(readInputFile));
}

/** Images of one file kind → per-image predicted class and code lengths (and a report with labels). */
export async function classifyFiles(inputs: string[], flags: ClassifyFilesFlags): Promise<void> {
  const startMs = Date.now();
  const source = await imageSourceFromInputs(await readInputs(inputs));
  const modelDirectory = flags.model ?? bundledModelForImages(flags.pixels ? flags.pixels === 'binary' : bilevelLevels(source.pixels) !== null);
  const model = await loadModel(modelDirectory);
  const { classLabels, pixelMode } = model.model.info;
  const names = source.input.kind === 'png' ? source.input.names : null;
  const labels = flags.labels === undefined ? null : Int32Array.from(await classIndicesFromLabels(await readInputFile(flags.labels), source.count, model.model), (c) => classLabels[c]);
  const { set, thresholded } = imageSetForModel(source, model.model);

  const bar = createProgressBar({ label: 'classify', unit: 'img', enabled: !flags.json });
  let lengths;
  try {
    lengths = await scoreImagesParallel(model.model, model.directory!, set, 0, set.count, flags.workers, bar.callback);
  } finally {
    bar.stop();
  }
  const table = classificationTable(lengths, classLabels, flags.by);
  const seconds = (Date.now() - startMs) / 1000;
  const summary = labels ? summarizeClassification(lengths, labels, classLabels, set.height * set.width, flags.by, seconds) : null;
  const report = summary
    ? classificationReport(Array.from(labels!, (label) => classLabels.indexOf(label)), Array.from(summary.predictedLabels, (label) => classLabels.indexOf(label)), { classNames: classLabels.map(String) })
    : null;
  const thresholdNote = thresholded ? 'binary model: the images are not bilevel, so pixels were thresholded at 128 for scoring' : null;

  if (flags.json) {
    printJson({
      input: source.label,
      model: model.directory,
      pixelMode,
      classLabels,
      decidedBy: flags.by,
      ...(thresholdNote ? { note: thresholdNote } : {}),
      images: table.images.map((row, i) => ({ index: i, ...(names ? { name: names[i] } : {}), ...(labels ? { label: labels[i] } : {}), ...row })),
      ...(summary ? { accuracy: summary.accuracy, accuracyByReal: summary.accuracyByReal, accuracyByIdeal: summary.accuracyByIdeal, report } : {}),
      seconds,
    });
    return;
  }
  if (thresholdNote) printNote(`note: ${thresholdNote}`);
  printLine(`classify ${source.label}: ${source.count} image${source.count === 1 ? '' : 's'} ${source.height}×${source.width}, ${pixelMode} model ${model.directory}`);
  printLine(`real code length in bits under each class (whole bytes of the image's record × 8; --json adds the ideal Σ −log2 p); predicted: the shortest by ${flags.by} length`);
  printLine();
  const header = ['image', ...(labels ? ['label'] : []), 'predicted', ...classLabels.map((label) => `class ${label}`)];
  const rows = table.images.map((row, i) => [
    names ? names[i] : String(i),
    ...(labels ? [String(labels[i])] : []),
    String(row.predicted),
    ...row.realBits.map((bits, c) => (classLabels[c] === row.predicted ? `*${bits}` : String(bits))),
  ]);
  printLine(formatTable([header, ...rows]));
  if (summary && report) {
    printLine();
    printClassificationSummary(summary, report, flags.by, flags.workers);
  } else {
    printLine();
    printLine(`time: ${seconds.toFixed(1)} s on ${flags.workers} worker(s)`);
  }
}

/** The lines both forms print after a labelled classification: report, confusion matrix, figures. */
export function printClassificationSummary(result: ClassifyResult, report: ClassificationReport, by: 'real' | 'ideal', workers: number): void {
  printLine(formatClassificationReport(report));
  printLine();
  printLine(formatConfusionMatrix(report));
  printLine();
  printLine(`accuracy by shortest ${by} code: ${(100 * result.accuracy).toFixed(2)}% (by real lengths ${(100 * result.accuracyByReal).toFixed(2)}%, by ideal ${(100 * result.accuracyByIdeal).toFixed(2)}%)`);
  printLine(`true-class code length: ${result.trueClassIdealBitsPerPixel.toFixed(4)} bits/pixel ideal, ${result.trueClassRealBitsPerPixel.toFixed(4)} real (real − ideal ${result.realMinusIdealBitsPerImage.mean.toFixed(2)} bits/image on average, at most ${result.realMinusIdealBitsPerImage.max.toFixed(2)})`);
  printLine(`best class + log2(${result.classLabels.length}) bits to name it: ${result.bestClassPlusNameBitsPerPixel.toFixed(4)} bits/pixel`);
  const imagesPerSecond = result.imageCount / Math.max(result.seconds, 1e-9);
  printLine(`time: ${result.seconds.toFixed(1)} s, ${imagesPerSecond.toFixed(0)} images/s × ${result.classLabels.length} classes on ${workers} worker(s)`);
}
