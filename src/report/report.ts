/**
 * One run that measures every method side by side on the same images: the AR models (ideal and
 * real coded sizes, classification, encode/decode times), deflate, brotli and gzip −9, external
 * compressors where installed, and the zip classifier; plus the pictures. Pure library code: it
 * returns data and PNG bytes, and reports progress through callbacks.
 */
import { encodeIdx, loadSplit } from '../data/index.js';
import { firstImages, type DatasetSource, type ImageSet, type SplitName } from '../data/types.js';
import { ErrorCode, fail } from '../errors.js';
import type { ProgressCallback } from '../progress.js';
import { loadModel } from '../model/store.js';
import { sampleImages } from '../model/sampling.js';
import { classifyImages } from '../classify/classify.js';
import { decodeArchive, encodeArchive } from '../codec/archive.js';
import { binarizePixels, idxSource } from '../codec/source.js';
import { measureDeflateBaselines, packBits, type BaselineRow, type ClassBaselines } from '../baseline/deflateBaselines.js';
import { EXTERNAL_COMPRESSORS, runExternalCompressor } from '../baseline/external.js';
import { classifyByZip, type ZipClassifierSettings } from '../baseline/zipClassifier.js';
import { classificationReport, type ClassificationReport } from './classification.js';
import { pixelCodeLengths } from './pixel-costs.js';
import { barChartPicture, confusionMatricesPicture, costExamplesPicture, heatMapsPicture, imageGridPicture, type BarSeries, type ConfusionPanel } from './pictures.js';

export interface ReportOptions {
  source: DatasetSource;
  split: SplitName;
  /** Use only the first N images of the split. */
  limit?: number;
  /** Model directories (each made by `arcompress train`). */
  modelDirectories: string[];
  /** Images for the zip classifiers (the first N of those used); default: all of them; 0 skips them. */
  zipLimit?: number;
  workers: number;
  /** Test images drawn beside their per-pixel code length. */
  examples: number;
  /** Samples drawn from each class model. */
  samplesPerClass: number;
  seed: number;
  /** Run xz, bzip2 and zstd where the system has them. */
  external: boolean;
  /** Where the figures were measured (recorded in the report). */
  environment: ReportEnvironment;
  /** A new step starts (for progress display). */
  onStep?: (step: string) => void;
  onProgress?: ProgressCallback;
}

export interface ClassBits {
  label: number;
  images: number;
  /** True-class Σ −log2 q per pixel. */
  idealBitsPerPixel: number;
  /** True-class real coded record size per pixel (whole bytes per image). */
  realBitsPerPixel: number;
}

export interface ModelResult {
  directory: string;
  pixelMode: 'binary' | 'gray';
  /** What the model codes: 8-bit pixels, or the images binarized at 128. */
  pixels: '8-bit' | 'binarized';
  fingerprint: string;
  trainingSeconds: number | null;
  trainingBackend: string | null;
  accuracy: number;
  accuracyByIdeal: number;
  classification: ClassificationReport;
  bitsPerPixel: {
    /** True class, Σ −log2 q. */
    ideal: number;
    /** True class, real coded records. */
    real: number;
    /** The whole .arc file (class = best, class index coded, header, lengths, checksum). */
    arcFile: number;
    /** Shortest real code + log2(classes) bits to name the class. */
    bestClassPlusName: number;
  };
  perClass: ClassBits[];
  arc: { totalBytes: number; headerBytes: number; lengthTableBytes: number; payloadBytes: number; checksumBytes: number; roundTrip: 'byte for byte' };
  seconds: { classify: number; encode: number; decode: number };
  imagesPerSecond: { classify: number; encode: number; decode: number };
  /** Mean true-class code length at each pixel position, bits, per class (label order). */
  pixelBitsByClass: number[][];
}

export interface BaselineResult {
  method: string;
  pixels: '8-bit' | 'binarized' | 'binarized-packed';
  compressedBytes: number | null;
  bitsPerPixel: number | null;
  note?: string;
}

export interface ZipResult {
  name: string;
  command: string;
  settings: ZipClassifierSettings;
  images: number;
  accuracy: number;
  seconds: number;
  classification: ClassificationReport;
}

export interface ReportEnvironment {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  workers: number;
}

export interface ReportData {
  dataset: string;
  split: SplitName;
  images: number;
  height: number;
  width: number;
  classLabels: number[];
  environment: ReportEnvironment;
  models: ModelResult[];
  baselines: { overall: BaselineResult[]; perClass: { label: number; images: number; rows: BaselineResult[] }[] };
  zip: ZipResult[];
  /** Why the zip classifiers did not run, when they did not. */
  zipSkipped?: string;
  totalSeconds: number;
}

export interface Picture {
  name: string;
  caption: string;
  bytes: Uint8Array;
}

export interface ReportOutput {
  data: ReportData;
  pictures: Picture[];
}

/** The two zip configurations of the report: the best single stream and the chunked one. */
export const REPORT_ZIP_CONFIGURATIONS: readonly { name: string; command: string; settings: ZipClassifierSettings }[] = [
  { name: 'zip, binarized, level 9', command: 'zip-classify --binarize --level 9', settings: { level: 9, windowBits: 15, binarize: true, chunkImages: null, combine: 'logsumexp' } },
  { name: 'zip, binarized, chunks of 64, logsumexp', command: 'zip-classify --binarize --level 9 --chunk 64', settings: { level: 9, windowBits: 15, binarize: true, chunkImages: 64, combine: 'logsumexp' } },
];


const seconds = (startMs: number) => (performance.now() - startMs) / 1000;
const round = (value: number, digits = 5) => Number(value.toFixed(digits));

async function measureModel(directory: string, set: ImageSet, options: ReportOptions, pictures: Picture[]): Promise<ModelResult> {
  const { model, manifest } = await loadModel(directory);
  model.checkImageSize(set.height, set.width, 'the dataset');
  const mode = model.info.pixelMode;
  const step = (what: string) => options.onStep?.(`${mode} model: ${what}`);
  const classNames = model.info.classLabels.map(String);
  const classIndexOf = new Map(model.info.classLabels.map((label, index) => [label, index]));
  const pixelsPerImage = set.height * set.width;

  step('classify');
  const classified = await classifyImages(model, directory, set, { workers: options.workers, by: 'real', onProgress: options.onProgress });
  const trueIndices = Array.from(classified.trueLabels, (label) => classIndexOf.get(label)!);
  const predictedIndices = Array.from(classified.predictedLabels, (label) => classIndexOf.get(label)!);
  const classification = classificationReport(trueIndices, predictedIndices, { classNames });

  step('encode');
  const idxBytes = encodeIdx([set.count, set.height, set.width], set.pixels);
  const source = idxSource(idxBytes, false, `${options.source.name} ${options.split}`);
  const binarize = mode === 'binary';
  let startMs = performance.now();
  const encoded = await encodeArchive(source, { model, modelDirectory: directory, modelName: manifest.dataset, binarize, workers: options.workers, onProgress: options.onProgress });
  const encodeSeconds = seconds(startMs);

  step('decode');
  startMs = performance.now();
  const decoded = await decodeArchive(encoded.bytes, 'the report\'s .arc', model, { modelDirectory: directory, workers: options.workers, onProgress: options.onProgress });
  const decodeSeconds = seconds(startMs);
  const expected = binarize ? binarizePixels(set.pixels) : set.pixels;
  if (Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(expected)) !== 0) fail(ErrorCode.Checksum, `${directory}: the decoded images differ from the input`);

  step('where the bits go');
  const classCount = model.classCount;
  const traversal = model.createTraversal();
  const pixelBits = Array.from({ length: classCount }, () => new Float64Array(pixelsPerImage));
  const imagesOfClass = new Array<number>(classCount).fill(0);
  const perClassIdeal = new Array<number>(classCount).fill(0);
  const perClassReal = new Array<number>(classCount).fill(0);
  const exampleCosts: Float64Array[] = [];
  for (let i = 0; i < set.count; i++) {
    const c = trueIndices[i];
    const costs = pixelCodeLengths(model, c, set.pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage), traversal);
    const sum = pixelBits[c];
    for (let p = 0; p < pixelsPerImage; p++) sum[p] += costs[p];
    if (i < options.examples) exampleCosts.push(costs);
    imagesOfClass[c]++;
    perClassIdeal[c] += classified.lengths.idealBits[i * classCount + c];
    perClassReal[c] += classified.lengths.realBits[i * classCount + c];
    if (options.onProgress && ((i + 1) % 256 === 0 || i + 1 === set.count)) options.onProgress({ done: i + 1, total: set.count });
  }
  pixelBits.forEach((sum, c) => { if (imagesOfClass[c]) for (let p = 0; p < pixelsPerImage; p++) sum[p] /= imagesOfClass[c]; });

  step('samples and pictures');
  const pixelLabel = binarize ? 'binarized' : '8-bit';
  pictures.push({
    name: `where-bits-go-${mode}.png`,
    caption: `${mode} model: mean code length at each pixel position of the test images of each class (true class), bits`,
    bytes: await heatMapsPicture(`Where the bits go: ${mode} model, mean bits per pixel position (true class)`,
      pixelBits.map((values, c) => ({ title: `${classNames[c]}: ${(values.reduce((a, b) => a + b, 0) / pixelsPerImage).toFixed(3)} bpp`, values })), set.height, set.width, 'bits'),
  });
  if (exampleCosts.length > 0) {
    pictures.push({
      name: `examples-${mode}.png`,
      caption: `${mode} model: the first test images (${pixelLabel}) beside their code length per pixel under the true class`,
      bytes: await costExamplesPicture(`${mode} model: image and its code length per pixel (brighter = more bits)`,
        exampleCosts.map((bits, i) => ({
          title: `#${i} label ${set.labels![i]}: ${bits.reduce((a, b) => a + b, 0).toFixed(1)} bits`,
          pixels: expected.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage),
          bits,
        })), set.height, set.width),
    });
  }
  if (options.samplesPerClass > 0) {
    pictures.push({
      name: `samples-${mode}.png`,
      caption: `${mode} model: ${options.samplesPerClass} samples drawn from each class model (seed ${options.seed})`,
      bytes: await imageGridPicture(`Samples from the ${mode} class models (seed ${options.seed})`,
        classNames.map((name, c) => ({ label: name, images: sampleImages(model, c, options.samplesPerClass, options.seed + c) })), set.height, set.width),
    });
  }

  const pixelCount = set.count * pixelsPerImage;
  const training = manifest.training as { seconds?: unknown; backend?: unknown };
  const rate = (s: number) => set.count / Math.max(s, 1e-9);
  return {
    directory,
    pixelMode: mode,
    pixels: binarize ? 'binarized' : '8-bit',
    fingerprint: model.info.fingerprint,
    trainingSeconds: typeof training.seconds === 'number' ? training.seconds : null,
    trainingBackend: typeof training.backend === 'string' ? training.backend : null,
    accuracy: classified.accuracy,
    accuracyByIdeal: classified.accuracyByIdeal,
    classification,
    bitsPerPixel: {
      ideal: classified.trueClassIdealBitsPerPixel,
      real: classified.trueClassRealBitsPerPixel,
      arcFile: (8 * encoded.summary.totalBytes) / pixelCount,
      bestClassPlusName: classified.bestClassPlusNameBitsPerPixel,
    },
    perClass: model.info.classLabels.map((label, c) => ({
      label,
      images: imagesOfClass[c],
      idealBitsPerPixel: imagesOfClass[c] ? perClassIdeal[c] / imagesOfClass[c] / pixelsPerImage : NaN,
      realBitsPerPixel: imagesOfClass[c] ? perClassReal[c] / imagesOfClass[c] / pixelsPerImage : NaN,
    })),
    arc: {
      totalBytes: encoded.summary.totalBytes,
      headerBytes: encoded.summary.headerBytes,
      lengthTableBytes: encoded.summary.lengthTableBytes,
      payloadBytes: encoded.summary.payloadBytes,
      checksumBytes: encoded.summary.checksumBytes,
      roundTrip: 'byte for byte',
    },
    seconds: { classify: classified.seconds, encode: encodeSeconds, decode: decodeSeconds },
    imagesPerSecond: { classify: rate(classified.seconds), encode: rate(encodeSeconds), decode: rate(decodeSeconds) },
    pixelBitsByClass: pixelBits.map((values) => Array.from(values, (value) => round(value))),
  };
}

function baselineRow(row: BaselineRow): BaselineResult {
  return { method: row.method, pixels: row.pixels, compressedBytes: row.compressedBytes, bitsPerPixel: row.bitsPerPixel };
}

function externalRows(set: ImageSet): BaselineResult[] {
  const pixelCount = set.count * set.height * set.width;
  const binarized = set.pixels.map((value) => (value >= 128 ? 1 : 0));
  const inputs = [['8-bit', set.pixels], ['binarized-packed', packBits(binarized)]] as const;
  return inputs.flatMap(([pixels, bytes]) => EXTERNAL_COMPRESSORS.map((compressor) => {
    const result = runExternalCompressor(compressor, bytes);
    const bitsPerPixel = result.compressedBytes === null ? null : (8 * result.compressedBytes) / pixelCount;
    return { method: result.name, pixels, compressedBytes: result.compressedBytes, bitsPerPixel, ...(result.note ? { note: result.note } : {}) };
  }));
}

/** Runs every measurement and draws every picture. */
export async function runReport(options: ReportOptions): Promise<ReportOutput> {
  const startMs = performance.now();
  if (options.modelDirectories.length === 0) fail(ErrorCode.BadArgument, 'the report needs at least one model (--model DIR)');
  const full = await loadSplit(options.source, options.split);
  const set = firstImages(full, options.limit ?? full.count);
  if (set.labels === null) fail(ErrorCode.BadFormat, `the ${options.split} split of ${options.source.name} has no labels`);
  const pictures: Picture[] = [];

  const models: ModelResult[] = [];
  for (const directory of options.modelDirectories) models.push(await measureModel(directory, set, options, pictures));

  options.onStep?.('deflate, brotli and gzip baselines');
  const deflate = measureDeflateBaselines(set);
  const overall = deflate.rows.map(baselineRow);
  if (options.external) {
    options.onStep?.('external compressors (xz, bzip2, zstd)');
    overall.push(...externalRows(set));
  }
  const perClass = deflate.perClass.map((row: ClassBaselines) => ({ label: row.label, images: row.imageCount, rows: row.rows.map(baselineRow) }));

  const zip: ZipResult[] = [];
  // The zip classifier primes its streams with the training split: scoring that same split would
  // find every image in its own class's stream.
  const zipSkipped = options.zipLimit === 0 ? 'skipped (--zip-limit 0)'
    : options.split === 'train' ? 'skipped: its streams are primed with the training split, so it cannot be scored on that split'
    : undefined;
  if (zipSkipped === undefined) {
    const train = await loadSplit(options.source, 'train');
    if (train.labels === null) fail(ErrorCode.BadFormat, `the train split of ${options.source.name} has no labels, which the zip classifier needs`);
    const test = firstImages(set, options.zipLimit ?? set.count);
    for (const configuration of REPORT_ZIP_CONFIGURATIONS) {
      options.onStep?.(configuration.name);
      const zipStart = performance.now();
      const result = await classifyByZip(train, test, configuration.settings, { threads: options.workers, onProgress: options.onProgress });
      const classification = classificationReport(test.labels!, result.predictions, { classCount: result.classCount });
      zip.push({ ...configuration, images: test.count, accuracy: classification.accuracy, seconds: seconds(zipStart), classification });
    }
  }

  options.onStep?.('summary pictures');
  const panels: ConfusionPanel[] = [
    ...models.map((m) => ({ title: `AR ${m.pixelMode} (${m.pixels})`, report: m.classification })),
    ...zip.map((z) => ({ title: `${z.name} (${z.images} img)`, report: z.classification })),
  ];
  pictures.unshift({ name: 'confusion.png', caption: 'Confusion matrices: rows are true classes, columns predicted ones', bytes: await confusionMatricesPicture(panels) });
  const labels = perClass.map((row) => row.label);
  for (const pixels of ['8-bit', 'binarized'] as const) {
    const arModels = models.filter((m) => m.pixels === pixels);
    if (arModels.length === 0) continue;
    const baselineFormat = pixels === '8-bit' ? '8-bit' : 'binarized-packed';
    const series: BarSeries[] = [
      ...arModels.flatMap((m) => [
        { name: `AR ${m.pixelMode}, ideal`, values: labels.map((label) => m.perClass.find((row) => row.label === label)?.idealBitsPerPixel ?? NaN) },
        { name: `AR ${m.pixelMode}, real`, values: labels.map((label) => m.perClass.find((row) => row.label === label)?.realBitsPerPixel ?? NaN) },
      ]),
      ...(['deflate-9', 'brotli-11', 'deflate-9-per-image'] as const).map((method) => ({
        name: `${method} (${baselineFormat})`,
        values: perClass.map((row) => row.rows.find((r) => r.method === method && r.pixels === baselineFormat)?.bitsPerPixel ?? NaN),
      })),
    ];
    pictures.splice(1, 0, {
      name: `bits-per-class-${pixels}.png`,
      caption: `Bits per pixel per class, ${pixels} pixels: AR models against the deflate baselines`,
      bytes: await barChartPicture(`Bits per pixel per class (${pixels} pixels)`, labels.map(String), series, 'bits per pixel'),
    });
  }

  const data: ReportData = {
    dataset: options.source.name,
    split: options.split,
    images: set.count,
    height: set.height,
    width: set.width,
    classLabels: labels,
    environment: options.environment,
    models,
    baselines: { overall, perClass },
    zip,
    ...(zipSkipped ? { zipSkipped } : {}),
    totalSeconds: seconds(startMs),
  };
  return { data, pictures };
}
