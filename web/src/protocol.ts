/** Messages between the page and its Web Worker (worker.ts), which does all the coding. */

/** Largest file the page opens (a 28×28 .arc is a few hundred bytes; so is its PNG). */
export const MAX_OPEN_BYTES = 64 * 1024 * 1024;

/** A model as models.json lists it (see src/web/site-models.ts). */
export interface PageModel {
  name: string;
  dataset: string;
  pixelMode: 'binary' | 'gray';
  classLabels: number[];
  height: number;
  width: number;
  fingerprint: string;
  manifest: string;
  weights: string;
}

export type WorkerRequest =
  | { kind: 'load'; evaluator: 'auto' | 'wasm' | 'js' }
  | { kind: 'score'; model: number; pixels: Uint8Array }
  | { kind: 'encode'; model: number; pixels: Uint8Array; name: string }
  | { kind: 'open'; model: number; name: string; bytes: Uint8Array }
  | { kind: 'sample'; model: number; classIndex: number; count: number; seed: number };

export interface LoadReply {
  models: PageModel[];
  /** Time to fetch and check every model (and warm the engine up), in the worker. */
  loadMs: number;
  /** The evaluator the models compute with here. */
  evaluator: 'wasm' | 'js';
}

export interface ScoreReply {
  /** The image as the model codes it (binary models: thresholded at 128). */
  view: Uint8Array;
  realBits: Float64Array;
  idealBits: Float64Array;
  bestClassIndex: number;
  marginBits: number;
  idealMarginBits: number;
  /** The best class's bits per pixel position. */
  bitsByPixel: Float64Array;
  /** Time of the scoring and the heat map, in the worker. */
  computeMs: number;
}

export interface EncodeReply {
  arc: Uint8Array;
  classIndex: number;
  /** The image's record alone (the rest of the .arc is header and checksums). */
  recordBytes: number;
  binarized: boolean;
  /** The same pixels as an 8-bit grayscale PNG, and gzipped (the browser's CompressionStream). */
  pngBytes: number;
  gzipBytes: number;
}

export type OpenReply =
  | { kind: 'arc'; modelIndex: number; count: number; names: string[]; pixels: Uint8Array; height: number; width: number }
  | { kind: 'png'; pixels: Uint8Array };

export interface SampleReply {
  pixels: Uint8Array;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
