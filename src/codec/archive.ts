/**
 * Whole .arc files: encode an image source under a model, decode it back, or decode one image.
 *
 *   encodeArchive(source, options) → { bytes, summary }
 *   decodeArchive(bytes, label, model, options) → { container, restored, pixels, summary }
 *   decodeArchiveImage(container, model, index) → that image's pixels
 *
 * Pixel values: gray mode codes the 8-bit values. Binary mode codes one bit per pixel and records
 * the two byte values the bits stand for, so bilevel input (e.g. 0/255 or 0/1) comes back byte for
 * byte; `binarize` thresholds at 128 first (lossy: the restored images are the thresholded ones).
 */
import { ErrorCode, fail, invariant } from '../errors.js';
import type { ArModel } from '../model/ar-model.js';
import { partsProgress, type ProgressCallback } from '../progress-callback.js';
import { CONTAINER_VERSION, imagesOfRecord, readContainer, recordCountOf, recordOf, verifyRestoredData, writeContainer, type Container, type ContainerHeader } from './container.js';
import { MULTI_IMAGE_RECORDS_VERSION } from './container-compact.js';
import { GZIP_SIZE_NOT_RECORDED, gzipSizeBytes } from './gzip-size.js';
import { RecordCoder } from './image-record.js';
import { decodeShare, encodeShare, type EncodedShare } from './shares.js';
import { binarizePixels, bilevelLevels, checkStoredIdxHeader, distinctValueCount, restoredData, type ImageSource } from './source.js';
import { runCodecJobs, shareCount, shareRange } from './workers.js';

/**
 * Images per record the encoder writes in version 4: one stream end and one length-table entry
 * are shared by this many images (on MNIST about 0.2 bits an image, against 9.3 for a gray image
 * alone in version 3), while one image still decodes with at most 63 others.
 */
export const RECORD_IMAGES = 64;


export interface EncodeArchiveOptions {
  model: ArModel;
  /** The model's directory: needed to use worker threads (each loads the model from it). */
  modelDirectory?: string;
  /** Recorded in the file so decode can find the bundled model (the manifest's dataset name). */
  modelName: string;
  /** One class index per image; omitted: the class giving the shortest record. */
  classIndices?: Int32Array;
  /** Threshold at 128 before coding (lossy). */
  binarize?: boolean;
  /** Worker threads (default 1: this thread). Results do not depend on it. */
  workers?: number;
  /** The container version to write: 4 (the default: compact, several images per record), or 3 or 2 (for tests of older files). */
  containerVersion?: 2 | 3 | 4;
  /** Version 4: images per record (default RECORD_IMAGES, or the image count when fewer). */
  imagesPerRecord?: number;
  onProgress?: ProgressCallback;
}

export interface ArchiveSummary {
  /** The container version and the images per record it holds (1 before version 4). */
  containerVersion: number;
  imagesPerRecord: number;
  imageCount: number;
  height: number;
  width: number;
  pixelMode: 'binary' | 'gray';
  binarized: boolean;
  /** The whole .arc file. */
  totalBytes: number;
  /** Header (model, sizes, input description, checksums of the restored data). */
  headerBytes: number;
  /** The record length table (range-coded since format version 2). */
  lengthTableBytes: number;
  /** The records (per image its class index and decisions, range-coded; several images a record since version 4). */
  payloadBytes: number;
  /** The checksums (SHA-256 in versions 1–2, CRC-32 in versions 3–4). */
  checksumBytes: number;
  /** Bytes of the restored data (IDX file or PNG pixels). */
  restoredBytes: number;
  /** gzip −9 of the restored data. */
  gzipBytes: number;
  /** Σ −log2 q over all images' decisions (encode only; NaN after decode). */
  imageIdealBits: number;
  /** Σ bits of the coded class indices (encode only; NaN after decode). */
  classIndexBits: number;
  /**
   * Σ over records of the coder's information before each record is ended (encode only; NaN
   * after decode): payload bits − this = the whole-byte record ends; this − ideal − class bits =
   * the coder's own loss.
   */
  streamBits: number;
  /** Images per class index (encode only; empty after decode). */
  imagesPerClass: number[];
}

/** Coded values for the model's pixel mode and the levels recorded with them. */
function codedPixels(source: ImageSource, model: ArModel, binarize: boolean): { coded: Uint8Array; restored: Uint8Array; lowLevel: number; highLevel: number } {
  const pixels = binarize ? binarizePixels(source.pixels) : source.pixels;
  if (model.info.pixelMode === 'gray') return { coded: pixels, restored: pixels, lowLevel: 0, highLevel: 255 };
  const levels = bilevelLevels(pixels);
  if (levels === null) {
    fail(ErrorCode.ModelMismatch, `${source.label}: the model is binary and codes bilevel images only, but the input has ${distinctValueCount(pixels)} distinct pixel values; binarize it (threshold at 128, lossy) or use a gray model`);
  }
  const { low, high } = levels;
  const coded = new Uint8Array(pixels.length);
  if (high !== low) for (let i = 0; i < pixels.length; i++) coded[i] = pixels[i] === high ? 255 : 0;
  return { coded, restored: pixels, lowLevel: low, highLevel: high };
}

function joinShares(shares: EncodedShare[]): EncodedShare {
  const join = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(parts: T[], make: (length: number) => T): T => {
    const out = make(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part as never, offset);
      offset += part.length;
    }
    return out;
  };
  return {
    recordBytes: join(shares.map((s) => s.recordBytes), (n) => new Uint8Array(n)),
    recordLengths: join(shares.map((s) => s.recordLengths), (n) => new Uint32Array(n)),
    classIndices: join(shares.map((s) => s.classIndices), (n) => new Int32Array(n)),
    imageIdealBits: join(shares.map((s) => s.imageIdealBits), (n) => new Float64Array(n)),
    classIndexBits: join(shares.map((s) => s.classIndexBits), (n) => new Float64Array(n)),
    streamBits: join(shares.map((s) => s.streamBits), (n) => new Float64Array(n)),
  };
}

function sizeSummary(container: Container, header: ContainerHeader, restoredBytes: number, gzipBytes: number): ArchiveSummary {
  return {
    containerVersion: container.version,
    imagesPerRecord: container.imagesPerRecord,
    imageCount: header.imageCount,
    height: header.height,
    width: header.width,
    pixelMode: header.pixelMode,
    binarized: header.binarized,
    totalBytes: container.totalBytes,
    headerBytes: container.headerBytes,
    lengthTableBytes: container.lengthTableBytes,
    payloadBytes: container.payload.length,
    checksumBytes: container.checksumBytes,
    restoredBytes,
    gzipBytes,
    imageIdealBits: NaN,
    classIndexBits: NaN,
    streamBits: NaN,
    imagesPerClass: [],
  };
}

/** Encodes every image of `source` into one .arc file. */
export async function encodeArchive(source: ImageSource, options: EncodeArchiveOptions): Promise<{ bytes: Uint8Array; summary: ArchiveSummary }> {
  const { model } = options;
  model.checkImageSize(source.height, source.width, source.label);
  const count = source.count;
  invariant(count >= 1, 'a source holds at least one image');
  const classIndices = options.classIndices ?? null;
  if (classIndices) {
    invariant(classIndices.length === count, 'one class index per image');
    for (const c of classIndices) invariant(c >= 0 && c < model.classCount, `class index ${c} out of range`);
  }
  const { coded, restored: restoredPixels, lowLevel, highLevel } = codedPixels(source, model, options.binarize ?? false);
  const restored = restoredData(source.input, restoredPixels);
  const gzipSize = gzipSizeBytes(restored).then((bytes) => bytes ?? GZIP_SIZE_NOT_RECORDED);
  const pixelsPerImage = source.height * source.width;
  const version = options.containerVersion ?? CONTAINER_VERSION;
  const several = version === MULTI_IMAGE_RECORDS_VERSION;
  const imagesPerRecord = Math.min(count, options.imagesPerRecord ?? (several ? RECORD_IMAGES : 1));
  invariant(Number.isInteger(imagesPerRecord) && imagesPerRecord >= 1 && (several || imagesPerRecord === 1), `images per record: 1 before version ${MULTI_IMAGE_RECORDS_VERSION}, at least 1 in it`);

  const shares = shareCount(count, imagesPerRecord, options.modelDirectory ? options.workers ?? 1 : 1);
  const report = partsProgress(shares, count, options.onProgress);
  let encoded: EncodedShare;
  if (shares === 1) {
    encoded = encodeShare(new RecordCoder(model), coded, count, imagesPerRecord, classIndices, (images) => report(0, images));
  } else {
    const jobs = Array.from({ length: shares }, (_, s) => {
      const [start, end] = shareRange(count, imagesPerRecord, shares, s);
      const pixels = new Uint8Array(coded.subarray(start * pixelsPerImage, end * pixelsPerImage));
      return {
        input: { task: 'encode' as const, modelDirectory: options.modelDirectory!, fingerprint: model.info.fingerprint, arithmetic: model.arithmetic, pixels, count: end - start, imagesPerRecord, classIndices: classIndices ? classIndices.slice(start, end) : null },
        transfer: [pixels.buffer as ArrayBuffer],
      };
    });
    encoded = joinShares(await runCodecJobs<EncodedShare>(jobs, report));
  }

  const records: Uint8Array[] = [];
  let offset = 0;
  for (const length of encoded.recordLengths) {
    records.push(encoded.recordBytes.subarray(offset, offset + length));
    offset += length;
  }
  const header: ContainerHeader = {
    binarized: options.binarize ?? false,
    inputGzipped: source.inputGzipped,
    modelFingerprint: model.info.fingerprint,
    modelName: options.modelName,
    pixelMode: model.info.pixelMode,
    precisionBits: model.info.precisionBits,
    classCount: model.classCount,
    height: source.height,
    width: source.width,
    imageCount: count,
    lowLevel,
    highLevel,
    input: source.input,
    gzipBytes: await gzipSize,
  };
  const bytes = writeContainer(header, records, restored, version, imagesPerRecord);
  const container = readContainer(bytes, 'encoded .arc');
  const imagesPerClass = new Array<number>(model.classCount).fill(0);
  for (const c of encoded.classIndices) imagesPerClass[c]++;
  const summary: ArchiveSummary = {
    ...sizeSummary(container, header, restored.length, header.gzipBytes!),
    imageIdealBits: encoded.imageIdealBits.reduce((a, b) => a + b, 0),
    classIndexBits: encoded.classIndexBits.reduce((a, b) => a + b, 0),
    streamBits: encoded.streamBits.reduce((a, b) => a + b, 0),
    imagesPerClass,
  };
  return { bytes, summary };
}

/** Fails unless `model` is the model `header` was made with. */
export function checkArchiveModel(header: ContainerHeader, model: ArModel, label: string): void {
  if (!model.info.fingerprint.startsWith(header.modelFingerprint)) {
    fail(ErrorCode.ModelMismatch, `${label} was made with model ${header.modelFingerprint.slice(0, 8)}… (${header.modelName ? `${header.modelName} ` : ''}${header.pixelMode}), not with the given model ${model.info.fingerprint.slice(0, 8)}…; pass the model it was made with`);
  }
  const classCount = header.classCount ?? model.classCount;
  const precisionBits = header.precisionBits ?? model.info.precisionBits;
  if (header.pixelMode !== model.info.pixelMode || classCount !== model.classCount || precisionBits !== model.info.precisionBits) {
    fail(ErrorCode.BadFormat, `${label}: header says ${header.pixelMode}, ${classCount} classes, ${precisionBits}-bit probabilities, but its model has ${model.info.pixelMode}, ${model.classCount}, ${model.info.precisionBits}`);
  }
  model.checkImageSize(header.height, header.width, label);
}

/** Turns coded values back into the stored byte values (binary mode: bit → level). */
function restoreLevels(header: ContainerHeader, coded: Uint8Array): Uint8Array {
  if (header.pixelMode === 'gray') return coded;
  const out = new Uint8Array(coded.length);
  for (let i = 0; i < coded.length; i++) out[i] = coded[i] ? header.highLevel : header.lowLevel;
  return out;
}

export interface DecodedArchive {
  container: Container;
  /** The restored data: the IDX file, or the PNG images' pixels one after another. */
  restored: Uint8Array;
  /** The images' pixels (count·height·width bytes). */
  pixels: Uint8Array;
  summary: ArchiveSummary;
}

export interface DecodeArchiveOptions {
  /** The model's directory: needed to use worker threads. */
  modelDirectory?: string;
  workers?: number;
  onProgress?: ProgressCallback;
}

/** Reads, checks and decodes a whole .arc file; the result is verified against its SHA-256. */
export async function decodeArchive(bytes: Uint8Array, label: string, model: ArModel, options: DecodeArchiveOptions = {}): Promise<DecodedArchive> {
  const container = readContainer(bytes, label);
  const { header } = container;
  checkArchiveModel(header, model, label);
  if (header.input.kind === 'idx') checkStoredIdxHeader(header.input.idxHeader, header.imageCount, header.height, header.width, label);
  const count = header.imageCount;
  const { imagesPerRecord } = container;
  const shares = shareCount(count, imagesPerRecord, options.modelDirectory ? options.workers ?? 1 : 1);
  const report = partsProgress(shares, count, options.onProgress);
  let coded: Uint8Array;
  if (shares === 1) {
    coded = decodeShare(new RecordCoder(model), container.payload, container.recordLengths, imagesPerRecord, count, 0, (images) => report(0, images));
  } else {
    const jobs = Array.from({ length: shares }, (_, s) => {
      const [start, end] = shareRange(count, imagesPerRecord, shares, s);
      const [firstRecord, endRecord] = [start / imagesPerRecord, recordCountOf(end, imagesPerRecord)];
      // A copy (never Buffer.slice's view), so its buffer can be transferred to the worker.
      const payload = new Uint8Array(container.payload.subarray(container.recordOffsets[firstRecord], container.recordOffsets[endRecord]));
      const recordLengths = container.recordLengths.slice(firstRecord, endRecord);
      return {
        input: { task: 'decode' as const, modelDirectory: options.modelDirectory!, fingerprint: model.info.fingerprint, arithmetic: model.arithmetic, payload, recordLengths, imagesPerRecord, count: end - start, firstImage: start },
        transfer: [payload.buffer as ArrayBuffer, recordLengths.buffer as ArrayBuffer],
      };
    });
    const parts = await runCodecJobs<Uint8Array>(jobs, report);
    coded = new Uint8Array(count * header.height * header.width);
    let offset = 0;
    for (const part of parts) {
      coded.set(part, offset);
      offset += part.length;
    }
  }
  const pixels = restoreLevels(header, coded);
  const restored = restoredData(header.input, pixels);
  verifyRestoredData(container, restored, model.info.fingerprint, label);
  const gzipBytes = header.gzipBytes ?? (await gzipSizeBytes(restored)) ?? GZIP_SIZE_NOT_RECORDED;
  return { container, restored, pixels, summary: sizeSummary(container, header, restored.length, gzipBytes) };
}

/**
 * Decodes image `index` alone (its byte values), with the others of its record. The file's bytes
 * were checked on reading (`container.bytesVerified`), or, in a compact single-image file, the
 * image is all the restored data and is checked against their CRC here.
 */
export function decodeArchiveImage(container: Container, model: ArModel, index: number, label = 'the .arc file'): Uint8Array {
  return decodeArchiveImages(container, model, [index], label);
}

/** Images `indices` (in that order) of the file, one after another: one model check, one coder, each record decoded once in a row. */
export function decodeArchiveImages(container: Container, model: ArModel, indices: readonly number[], label = 'the .arc file'): Uint8Array {
  checkArchiveModel(container.header, model, label);
  const { imageCount, height, width } = container.header;
  const size = height * width;
  const coder = new RecordCoder(model);
  const pixels = new Uint8Array(indices.length * size);
  let decoded: { record: number; pixels: Uint8Array } | null = null;
  indices.forEach((index, i) => {
    if (!(Number.isInteger(index) && index >= 0 && index < imageCount)) fail(ErrorCode.BadArgument, `${label} holds images 0..${imageCount - 1}, not ${index}`);
    const record = Math.floor(index / container.imagesPerRecord);
    if (decoded?.record !== record) {
      const [first, end] = imagesOfRecord(container, record);
      decoded = { record, pixels: decodeShare(coder, recordOf(container, record), Uint32Array.of(container.recordLengths[record]), container.imagesPerRecord, end - first, first) };
    }
    const offset = (index - record * container.imagesPerRecord) * size;
    const image = restoreLevels(container.header, decoded.pixels.subarray(offset, offset + size));
    if (!container.bytesVerified) {
      invariant(imageCount === 1, 'only single-image files are read without a check of their bytes');
      verifyRestoredData(container, restoredData(container.header.input, image), model.info.fingerprint, label);
    }
    pixels.set(image, i * size);
  });
  return pixels;
}
