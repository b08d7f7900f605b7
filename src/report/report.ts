/**
 * One run that measures every method side by side on the same images: the AR models (ideal and
 * real coded sizes, classification, encode/decode times), deflate, brotli and gzip −9, external
 * compressors and image codecs (JPEG XL, WebP, PNG, JBIG1) where installed, and the zip
 * classifier; plus the pictures. Pure library code: it returns data and PNG bytes, and reports
 * progress through callbacks.
 */
import { bilevelBits } from '../data/bilevel.js';
import { encodeIdx, loadSplit } from '../data/index.js';
import { firstImages, type DatasetSource, type ImageSet, type SplitName } from '../data/types.js';
import { ErrorCode, fail } from '../errors.js';
import type { ProgressCallback } from '../progress-callback.js';
import { loadModel } from '../model/store.js';
import { sampleImages } from '../model/sampling.js';
import { classifyImages } from '../classify/classify.js';
import { decodeArchive, encodeArchive } from '../codec/archive.js';
import { binarizePixels, idxSource } from '../codec/source.js';
import { measureDeflateBaselines, packBits, type BaselineRow, type ClassBaselines } from '../baseline/deflate-baselines.js';
import { EXTERNAL_COMPRESSORS, runExternalCompressor, type ExternalResult } from '../baseline/external.js';
import { codecInput, IMAGE_CODECS, pictureProblem, tileImages } from '../baseline/image-codecs.js';
import { classifyFromDeltas, computeZipDeltas, type ZipClassifierSettings, type ZipDeltas } from '../baseline/zip-classifier.js';
import { classificationReport } from './classification.js';
import { pixelCodeLengths } from './pixel-costs.js';
import { drawReportPictures, type ModelPictureData } from './report-pictures.js';
import type { BaselineResult, ModelResult, ReportData, ReportEnvironment, ReportOutput, ZipResult } from './report-schema.js';

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
  /** Run the external programs (xz, bzip2, zstd, zpaq, cjxl, cwebp, optipng, pbmtojbg) where the system has them. */
  external: boolean;
  /** Where the figures were measured (recorded in the report). */
  environment: ReportEnvironment;
  /** A new step starts (for progress display). */
  onStep?: (step: string) => void;
  onProgress?: ProgressCallback;
}

/**
 * The zip configurations of the report: the five of "MNIST by zip" (bench/zip-classify.ts checks
 * them against the published accuracies). `sameDeltasAs`: only the combination rule differs from
 * that earlier configuration, so its Δs are reused (and its time is that configuration's).
 */
export const REPORT_ZIP_CONFIGURATIONS: readonly { name: string; command: string; settings: ZipClassifierSettings; sameDeltasAs?: string }[] = [
  { name: 'zip, default zlib', command: 'zip-classify', settings: { level: 6, windowBits: 15, binarize: false, chunkImages: null, combine: 'logsumexp' } },
  { name: 'zip, level 9, 1 KiB raw window', command: 'zip-classify --level 9 --window-bits -10', settings: { level: 9, windowBits: 10, binarize: false, chunkImages: null, combine: 'logsumexp' } },
  { name: 'zip, binarized, level 9', command: 'zip-classify --binarize --level 9', settings: { level: 9, windowBits: 15, binarize: true, chunkImages: null, combine: 'logsumexp' } },
  { name: 'zip, binarized, chunks of 64, logsumexp', command: 'zip-classify --binarize --level 9 --chunk 64', settings: { level: 9, windowBits: 15, binarize: true, chunkImages: 64, combine: 'logsumexp' } },
  { name: 'zip, binarized, chunks of 64, mean (the logsumexp row\'s Δs and time)', command: 'zip-classify --binarize --level 9 --chunk 64 --combine mean', settings: { level: 9, windowBits: 15, binarize: true, chunkImages: 64, combine: 'mean' }, sameDeltasAs: 'zip, binarized, chunks of 64, logsumexp' },
];


const seconds = (startMs: number) => (performance.now() - startMs) / 1000;
const round = (value: number, digits = 5) => Number(value.toFixed(digits));

/** Measures one model on `set` and gathers what its pictures are drawn from. */
async function measureModel(directory: string, set: ImageSet, options: ReportOptions): Promise<ModelPictureData> {
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
  const coded = binarize ? binarizePixels(set.pixels) : set.pixels;
  if (Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(coded)) !== 0) fail(ErrorCode.Checksum, `${directory}: the decoded images differ from the input`);

  step('where the bits go');
  const classCount = model.classCount;
  const traversal = model.createTraversal();
  const pixelBits = Array.from({ length: classCount }, () => new Float64Array(pixelsPerImage));
  const imagesOfClass = new Array<number>(classCount).fill(0);
  const perClassIdeal = new Array<number>(classCount).fill(0);
  const perClassReal = new Array<number>(classCount).fill(0);
  const examples: ModelPictureData['examples'] = [];
  for (let i = 0; i < set.count; i++) {
    const c = trueIndices[i];
    const costs = pixelCodeLengths(model, c, set.pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage), traversal);
    const sum = pixelBits[c];
    for (let p = 0; p < pixelsPerImage; p++) sum[p] += costs[p];
    if (i < options.examples) examples.push({ label: set.labels![i], pixels: coded.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage), bits: costs });
    imagesOfClass[c]++;
    perClassIdeal[c] += classified.lengths.idealBits[i * classCount + c];
    perClassReal[c] += classified.lengths.realBits[i * classCount + c];
    if (options.onProgress && ((i + 1) % 256 === 0 || i + 1 === set.count)) options.onProgress({ done: i + 1, total: set.count });
  }
  pixelBits.forEach((sum, c) => { if (imagesOfClass[c]) for (let p = 0; p < pixelsPerImage; p++) sum[p] /= imagesOfClass[c]; });

  step('samples');
  const samplesByClass = options.samplesPerClass > 0 ? classNames.map((_, c) => sampleImages(model, c, options.samplesPerClass, options.seed + c)) : [];

  const pixelCount = set.count * pixelsPerImage;
  const training = manifest.training as { seconds?: unknown; backend?: unknown };
  const rate = (s: number) => set.count / Math.max(s, 1e-9);
  const result: ModelResult = {
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
  return { result, classNames, height: set.height, width: set.width, pixelBitsByClass: pixelBits, examples, samplesByClass, samplesPerClass: options.samplesPerClass, seed: options.seed };
}

function baselineRow(row: BaselineRow): BaselineResult {
  return { method: row.method, pixels: row.pixels, compressedBytes: row.compressedBytes, bitsPerPixel: row.bitsPerPixel };
}

function externalRow(result: ExternalResult, pixels: BaselineResult['pixels'], input: string, pixelCount: number): BaselineResult {
  const bitsPerPixel = result.compressedBytes === null ? null : (8 * result.compressedBytes) / pixelCount;
  return { method: result.name, pixels, compressedBytes: result.compressedBytes, bitsPerPixel, input, seconds: result.seconds, ...(result.note ? { note: result.note } : {}) };
}

/**
 * External programs: the general-purpose compressors on the split's raw pixel bytes (8-bit, and
 * binarized packed 8 pixels per byte), the image codecs on the split tiled into one picture
 * (image-codecs.ts says why).
 */
function externalRows(set: ImageSet, onStep?: (step: string) => void): BaselineResult[] {
  const pixelCount = set.count * set.height * set.width;
  const binarized = bilevelBits(set.pixels);
  const inputs = [['8-bit', set.pixels], ['binarized-packed', packBits(binarized)]] as const;
  const rows = inputs.flatMap(([pixels, bytes]) => EXTERNAL_COMPRESSORS.map((compressor) => {
    onStep?.(`external: ${compressor.name}, ${pixels}`);
    return externalRow(runExternalCompressor(compressor, bytes), pixels, 'whole split', pixelCount);
  }));
  const picture = tileImages(set.pixels, set.count, set.height, set.width);
  const tiled = `split tiled as one ${picture.width}×${picture.height} picture (${picture.columns}×${picture.rows} images)`;
  for (const codec of IMAGE_CODECS) {
    onStep?.(`external: ${codec.name}`);
    const problem = pictureProblem(codec, picture);
    const result: ExternalResult = problem ? { name: codec.name, compressedBytes: null, seconds: null, note: problem } : runExternalCompressor(codec, codecInput(codec, picture));
    rows.push(externalRow(result, codec.pixels, tiled, pixelCount));
  }
  return rows;
}

/** Runs every measurement, then draws every picture from what it gathered. */
export async function runReport(options: ReportOptions): Promise<ReportOutput> {
  const startMs = performance.now();
  if (options.modelDirectories.length === 0) fail(ErrorCode.BadArgument, 'the report needs at least one model (--model DIR)');
  const full = await loadSplit(options.source, options.split);
  const set = firstImages(full, options.limit ?? full.count);
  if (set.labels === null) fail(ErrorCode.BadFormat, `the ${options.split} split of ${options.source.name} has no labels`);

  const measured: ModelPictureData[] = [];
  for (const directory of options.modelDirectories) measured.push(await measureModel(directory, set, options));

  options.onStep?.('deflate, brotli and gzip baselines');
  const deflate = measureDeflateBaselines(set);
  const overall = deflate.rows.map(baselineRow);
  if (options.external) {
    overall.push(...externalRows(set, options.onStep));
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
    const computed = new Map<string, { deltas: ZipDeltas; seconds: number }>();
    for (const configuration of REPORT_ZIP_CONFIGURATIONS) {
      options.onStep?.(configuration.name);
      let run = configuration.sameDeltasAs === undefined ? undefined : computed.get(configuration.sameDeltasAs);
      if (run === undefined) {
        const zipStart = performance.now();
        const deltas = await computeZipDeltas(train, test, configuration.settings, { workers: options.workers, onProgress: options.onProgress });
        run = { deltas, seconds: seconds(zipStart) };
        computed.set(configuration.name, run);
      }
      const result = classifyFromDeltas(run.deltas, configuration.settings);
      const classification = classificationReport(test.labels!, result.predictions, { classCount: result.classCount });
      const { sameDeltasAs: _shared, ...described } = configuration;
      zip.push({ ...described, images: test.count, accuracy: classification.accuracy, seconds: run.seconds, classification });
    }
  }

  const data: ReportData = {
    dataset: options.source.name,
    split: options.split,
    images: set.count,
    height: set.height,
    width: set.width,
    classLabels: perClass.map((row) => row.label),
    environment: options.environment,
    models: measured.map((model) => model.result),
    baselines: { overall, perClass },
    zip,
    ...(zipSkipped ? { zipSkipped } : {}),
    totalSeconds: 0,
  };
  options.onStep?.('pictures');
  const pictures = await drawReportPictures(data, measured);
  data.totalSeconds = seconds(startMs);
  return { data, pictures };
}
