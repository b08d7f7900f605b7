/**
 * What `arcompress report` measures, as report.json holds it: the schema shared by the
 * measurement (report.ts), the pictures (report-pictures.ts), the Markdown (markdown.ts) and
 * readers of the JSON. Types only.
 */
import type { ClassificationReport } from './classification.js';
import type { SplitName } from '../data/types.js';
import type { ZipClassifierSettings } from '../baseline/zip-classifier.js';

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
  /** External programs: what was coded (e.g. "whole split" or "split tiled as one picture"). */
  input?: string;
  /** External programs: wall-clock seconds of the run (null when it did not run). */
  seconds?: number | null;
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
