/**
 * A model directory: `manifest.json` (what the model is, how it was trained, and a
 * `weightsManifest` in TensorFlow.js's format) and `weights.bin` (little-endian float32 and int32
 * arrays, one after another). `tf.io.decodeWeights(weightsBin, manifest.weightsManifest[0].weights)`
 * loads them with `@tensorflow/tfjs` alone; arcompress reads them without tfjs.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ErrorCode, fail } from '../errors.js';
import { ArModel, type ModelInfo } from './ar-model.js';
import { Mlp, ProbabilityTable, shareIdenticalStages, type StagePredictor } from './network.js';
import { PIXEL_MODES, stageShapes, type PixelMode, type StageShape } from './traversal.js';
import { checkRefinementContext, DEFAULT_GLOBAL_CONTEXT, GLOBAL_CONTEXTS, type GlobalContext, type RefinementContext } from './features.js';
import { isValidPrecisionBits, MAX_PRECISION_BITS, MIN_PRECISION_BITS } from '../probability/precision.js';
import { headMajorFromTfjs, tfjsFromHeadMajor } from './head-kernel.js';
import { ARITHMETICS, UNRECORDED_ARITHMETIC, type Arithmetic } from './arithmetic.js';
import { ADAPTIVE_MAP_MAX_PRECISION_BITS, adaptiveMapProblem, type AdaptiveMapSpec } from './adaptive-map.js';

export const MODEL_FORMAT = 'arcompress-model';
/**
 * Version 1: every network evaluated in float64 (no architecture.arithmetic). Version 2: the
 * manifest names the arithmetic (architecture.arithmetic, float32). Version 3: the gray
 * refinement's probabilities go through an adaptive map (architecture.adaptiveMap,
 * adaptive-map.ts). A model is written at the lowest version that can say what it is, so older
 * models stay readable by every earlier build, and a build that knows only earlier versions
 * refuses a newer model instead of coding with it as if it were one of theirs.
 */
export const MODEL_FORMAT_VERSIONS = [1, 2, 3] as const;

/** The format version a model of this architecture is written at. */
export function formatVersionOf(architecture: { arithmetic?: Arithmetic; adaptiveMap?: AdaptiveMapSpec }): number {
  if (architecture.adaptiveMap !== undefined) return 3;
  return (architecture.arithmetic ?? UNRECORDED_ARITHMETIC) === UNRECORDED_ARITHMETIC ? 1 : 2;
}
export const MANIFEST_FILE = 'manifest.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export interface StageArchitecture extends StageShape {
  /** Hidden units (0 for a table). */
  hiddenSize: number;
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  dataset: string;
  pixelMode: PixelMode;
  height: number;
  width: number;
  classLabels: number[];
  precisionBits: number;
  /**
   * `arithmetic`: what the coding path evaluates the networks in (arithmetic.ts); absent: float64
   * (written only for float32, at format version 2). `adaptiveMap`: the gray refinement's adaptive
   * map (adaptive-map.ts); absent: none (written only at format version 3).
   */
  architecture: { name: string; stages: StageArchitecture[]; context: Record<string, unknown>; arithmetic?: Arithmetic; adaptiveMap?: AdaptiveMapSpec };
  validation: { images: number; bitsPerPixelByClass: number[]; bitsPerPixel: number };
  training: Record<string, unknown>;
  fingerprint: string;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

function weightName(classIndex: number, stage: number, part: string): string {
  return `class${classIndex}/stage${stage}/${part}`;
}

/** Serialises the weights in manifest order; returns the specs and the bytes. */
export function serializeWeights(classStages: StagePredictor[][]): { specs: WeightSpec[]; bytes: Uint8Array } {
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  const addFloat = (name: string, shape: number[], values: ArrayLike<number>) => {
    specs.push({ name, shape, dtype: 'float32' });
    chunks.push(new Uint8Array(Float32Array.from(values).buffer));
  };
  classStages.forEach((stages, classIndex) => {
    stages.forEach((predictor, stage) => {
      if (predictor.kind === 'table') {
        specs.push({ name: weightName(classIndex, stage, 'table'), shape: [predictor.headCount], dtype: 'int32' });
        chunks.push(new Uint8Array(Int32Array.from(predictor.scaledProbabilities).buffer));
        return;
      }
      const { inputSize, hiddenSize, headCount } = predictor;
      addFloat(weightName(classIndex, stage, 'input_kernel'), [inputSize, hiddenSize], predictor.inputWeights);
      addFloat(weightName(classIndex, stage, 'hidden_bias'), [hiddenSize], predictor.hiddenBias);
      addFloat(weightName(classIndex, stage, 'head_kernel'), [hiddenSize, headCount], tfjsFromHeadMajor(predictor.headWeights, hiddenSize, headCount));
      addFloat(weightName(classIndex, stage, 'head_bias'), [headCount], predictor.headBias);
    });
  });
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { specs, bytes };
}

export function computeFingerprint(weights: Uint8Array, architecture: unknown): string {
  return createHash('sha256').update(weights).update(JSON.stringify(architecture)).digest('hex');
}

/** Writes a model directory atomically enough: files go to temporary names, then are renamed. */
export async function saveModel(directory: string, manifest: Omit<ModelManifest, 'fingerprint' | 'weightsManifest' | 'format' | 'formatVersion'>, classStages: StagePredictor[][]): Promise<ModelManifest> {
  const { specs, bytes } = serializeWeights(classStages);
  const full: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: formatVersionOf(manifest.architecture),
    ...manifest,
    fingerprint: computeFingerprint(bytes, manifest.architecture),
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  // node:fs is loaded here and in readModelFile only, so that modelFromBytes runs without it (in a browser).
  const { mkdir, rename, rm, writeFile } = await import('node:fs/promises');
  await mkdir(directory, { recursive: true });
  const weightsPath = join(directory, WEIGHTS_FILE);
  const manifestPath = join(directory, MANIFEST_FILE);
  try {
    await writeFile(weightsPath + '.tmp', bytes);
    await writeFile(manifestPath + '.tmp', JSON.stringify(full, null, 2) + '\n');
    await rename(weightsPath + '.tmp', weightsPath);
    await rename(manifestPath + '.tmp', manifestPath);
  } catch (error) {
    await rm(weightsPath + '.tmp', { force: true });
    await rm(manifestPath + '.tmp', { force: true });
    throw error;
  }
  return full;
}

async function readModelFile(directory: string, name: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(join(directory, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') fail(ErrorCode.NotFound, `model directory '${directory}' has no ${name}`);
    throw error;
  }
}

function parseManifest(text: string, directory: string): ModelManifest {
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(text) as ModelManifest;
  } catch {
    fail(ErrorCode.BadFormat, `${join(directory, MANIFEST_FILE)} is not valid JSON`);
  }
  const where = join(directory, MANIFEST_FILE);
  if (!manifest || manifest.format !== MODEL_FORMAT) fail(ErrorCode.BadFormat, `${where} is not an arcompress model manifest (format '${String(manifest?.format)}')`);
  if (!(MODEL_FORMAT_VERSIONS as readonly unknown[]).includes(manifest.formatVersion)) fail(ErrorCode.BadVersion, `${where} has format version ${manifest.formatVersion}; this arcompress reads versions ${MODEL_FORMAT_VERSIONS.join(', ')}`);
  if (!PIXEL_MODES.includes(manifest.pixelMode)) fail(ErrorCode.BadFormat, `${where} has unknown pixel mode '${manifest.pixelMode}'`);
  const positive = (value: unknown) => Number.isInteger(value) && (value as number) > 0;
  if (!positive(manifest.height) || !positive(manifest.width)) fail(ErrorCode.BadFormat, `${where} has an invalid image size`);
  if (!Array.isArray(manifest.classLabels) || manifest.classLabels.length < 1) fail(ErrorCode.BadFormat, `${where} lists no classes`);
  if (!isValidPrecisionBits(manifest.precisionBits)) fail(ErrorCode.BadFormat, `${where} has invalid precisionBits ${manifest.precisionBits} (the coder takes ${MIN_PRECISION_BITS} to ${MAX_PRECISION_BITS})`);
  if (manifest.classLabels.length > 2 ** manifest.precisionBits) fail(ErrorCode.BadFormat, `${where} has ${manifest.classLabels.length} classes, more than ${manifest.precisionBits}-bit probabilities can index`);
  return manifest;
}

/**
 * The gray refinement's context as the manifest records it (architecture.context.bilevelRadius and
 * .grayWindow): a model is always decoded with the context it was trained with.
 */
export function refinementContextOf(manifest: ModelManifest, where: string): RefinementContext | undefined {
  if (manifest.pixelMode !== 'gray') return undefined;
  const recorded = (manifest.architecture?.context ?? {}) as { bilevelRadius?: unknown; grayWindow?: { rowsAbove?: unknown; halfWidth?: unknown } };
  const context = {
    bilevelRadius: recorded.bilevelRadius as number,
    grayRowsAbove: recorded.grayWindow?.rowsAbove as number,
    grayHalfWidth: recorded.grayWindow?.halfWidth as number,
  };
  const problem = checkRefinementContext(context);
  if (problem) fail(ErrorCode.BadFormat, `${where}: architecture.context does not describe the gray refinement's context (${problem})`);
  return context;
}

/**
 * The coarser levels each pyramid level sees in full, as the manifest records them
 * (architecture.context.globalContext); models made before it was recorded saw 'coarsest'.
 */
export function globalContextOf(manifest: ModelManifest, where: string): GlobalContext {
  const recorded = (manifest.architecture?.context ?? {}).globalContext;
  if (recorded === undefined) return DEFAULT_GLOBAL_CONTEXT;
  if (!GLOBAL_CONTEXTS.includes(recorded as GlobalContext)) fail(ErrorCode.BadFormat, `${where}: architecture.context.globalContext '${String(recorded)}' is not one of ${GLOBAL_CONTEXTS.join(', ')}`);
  return recorded as GlobalContext;
}

/**
 * The arithmetic the manifest says the networks are evaluated in (architecture.arithmetic);
 * models made before it was recorded are float64.
 */
export function arithmeticOf(manifest: ModelManifest, where: string): Arithmetic {
  const recorded = manifest.architecture?.arithmetic;
  if (recorded !== undefined && !ARITHMETICS.includes(recorded)) fail(ErrorCode.BadFormat, `${where}: architecture.arithmetic '${String(recorded)}' is not one of ${ARITHMETICS.join(', ')}`);
  const arithmetic = recorded ?? UNRECORDED_ARITHMETIC;
  const version = formatVersionOf({ arithmetic, adaptiveMap: manifest.architecture?.adaptiveMap });
  if (manifest.formatVersion !== version) {
    const what = manifest.architecture?.adaptiveMap !== undefined ? 'an adaptive map' : `${arithmetic} arithmetic`;
    fail(ErrorCode.BadFormat, `${where}: format version ${manifest.formatVersion} does not go with ${what} (version ${version})`);
  }
  return arithmetic;
}

/**
 * The adaptive map the manifest records (architecture.adaptiveMap), checked; undefined for models
 * without one (every model before format version 3).
 */
export function adaptiveMapOf(manifest: ModelManifest, where: string): AdaptiveMapSpec | undefined {
  const recorded = manifest.architecture?.adaptiveMap;
  if (recorded === undefined) return undefined;
  const problem = adaptiveMapProblem(recorded);
  if (problem) fail(ErrorCode.BadFormat, `${where}: architecture.adaptiveMap is not one this arcompress codes with (${problem})`);
  if (manifest.pixelMode !== 'gray') fail(ErrorCode.BadFormat, `${where}: architecture.adaptiveMap corrects the gray refinement, which a ${manifest.pixelMode} model has not`);
  if (manifest.precisionBits > ADAPTIVE_MAP_MAX_PRECISION_BITS) fail(ErrorCode.BadFormat, `${where}: an adaptive map codes at ≤ ${ADAPTIVE_MAP_MAX_PRECISION_BITS}-bit precision, the model has ${manifest.precisionBits}`);
  return recorded;
}

/** Loads a model directory, checking every file against the manifest. */
export async function loadModel(directory: string): Promise<{ model: ArModel; manifest: ModelManifest }> {
  const manifestBytes = await readModelFile(directory, MANIFEST_FILE);
  return modelFromBytes(manifestBytes, await readModelFile(directory, WEIGHTS_FILE), directory);
}

/**
 * A model from the contents of its two files (manifest.json as bytes or text, weights.bin), checked
 * as loadModel checks a directory; `directory` only names the files in messages.
 */
export function modelFromBytes(manifestFile: Uint8Array | string, weights: Uint8Array, directory = 'model'): { model: ArModel; manifest: ModelManifest } {
  const manifest = parseManifest(typeof manifestFile === 'string' ? manifestFile : new TextDecoder().decode(manifestFile), directory);
  const fingerprint = computeFingerprint(weights, manifest.architecture);
  if (fingerprint !== manifest.fingerprint) {
    fail(ErrorCode.Checksum, `${join(directory, WEIGHTS_FILE)} does not match its manifest (fingerprint ${fingerprint.slice(0, 12)}…, expected ${String(manifest.fingerprint).slice(0, 12)}…): the model is corrupt or its files are mixed up`);
  }
  const specs = manifest.weightsManifest?.[0]?.weights ?? [];
  const refinementContext = refinementContextOf(manifest, join(directory, MANIFEST_FILE));
  const globalContext = globalContextOf(manifest, join(directory, MANIFEST_FILE));
  const arithmetic = arithmeticOf(manifest, join(directory, MANIFEST_FILE));
  const adaptiveMap = adaptiveMapOf(manifest, join(directory, MANIFEST_FILE));
  const shapes = stageShapes(manifest.height, manifest.width, manifest.pixelMode, refinementContext, globalContext);
  const architecture = manifest.architecture.stages;
  if (architecture.length !== shapes.length) fail(ErrorCode.BadFormat, `${directory}: the manifest has ${architecture.length} stages, this arcompress expects ${shapes.length} for ${manifest.pixelMode} ${manifest.height}×${manifest.width} images`);
  const tensors = new Map<string, { spec: WeightSpec; offset: number }>();
  let offset = 0;
  for (const spec of specs) {
    tensors.set(spec.name, { spec, offset });
    offset += spec.shape.reduce((a, b) => a * b, 1) * 4;
  }
  if (offset !== weights.length) fail(ErrorCode.BadFormat, `${join(directory, WEIGHTS_FILE)} has ${weights.length} bytes; its manifest describes ${offset}`);
  const view = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  const read = (name: string, length: number): Float64Array | Uint32Array => {
    const entry = tensors.get(name);
    const count = entry ? entry.spec.shape.reduce((a, b) => a * b, 1) : -1;
    if (!entry || count !== length) fail(ErrorCode.BadFormat, `${directory}: weight '${name}' is missing or has the wrong shape`);
    if (entry.spec.dtype === 'int32') {
      const out = new Uint32Array(length);
      for (let i = 0; i < length; i++) out[i] = view.getInt32(entry.offset + 4 * i, true);
      return out;
    }
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) out[i] = view.getFloat32(entry.offset + 4 * i, true);
    return out;
  };
  const classStages = manifest.classLabels.map((_, classIndex) =>
    shapes.map((shape, stage): StagePredictor => {
      if (shape.role === 'refine-table') {
        const table = read(weightName(classIndex, stage, 'table'), shape.headCount) as Uint32Array;
        const total = 2 ** manifest.precisionBits;
        if (!table.every((scaled) => scaled >= 1 && scaled < total)) fail(ErrorCode.BadFormat, `${directory}: weight '${weightName(classIndex, stage, 'table')}' holds probabilities outside [1, 2^${manifest.precisionBits} − 1]`);
        return new ProbabilityTable(table, manifest.precisionBits);
      }
      const hiddenSize = architecture[stage].hiddenSize;
      const headWeights = headMajorFromTfjs(read(weightName(classIndex, stage, 'head_kernel'), hiddenSize * shape.headCount), hiddenSize, shape.headCount);
      return new Mlp(shape.inputSize, hiddenSize, shape.headCount, {
        inputWeights: read(weightName(classIndex, stage, 'input_kernel'), shape.inputSize * hiddenSize) as Float64Array,
        hiddenBias: read(weightName(classIndex, stage, 'hidden_bias'), hiddenSize) as Float64Array,
        headWeights,
        headBias: read(weightName(classIndex, stage, 'head_bias'), shape.headCount) as Float64Array,
      });
    }),
  );
  // Stages whose weights are identical in every class (a shared refinement) become one object, so
  // scoring evaluates them once per image (ArModel.sharedStages).
  shareIdenticalStages(classStages);
  const info: ModelInfo = {
    pixelMode: manifest.pixelMode,
    height: manifest.height,
    width: manifest.width,
    classLabels: manifest.classLabels,
    precisionBits: manifest.precisionBits,
    fingerprint: manifest.fingerprint,
    ...(refinementContext ? { refinementContext } : {}),
    ...(globalContext !== DEFAULT_GLOBAL_CONTEXT ? { globalContext } : {}),
    ...(arithmetic !== UNRECORDED_ARITHMETIC ? { arithmetic } : {}),
    ...(adaptiveMap ? { adaptiveMap } : {}),
  };
  return { model: new ArModel(info, classStages), manifest };
}
