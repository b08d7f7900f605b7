/**
 * Files for encode/decode: reading inputs (IDX raw or gzipped, grayscale PNGs, class label files)
 * and writing outputs atomically (a temporary name, then rename), so a failure never leaves a
 * partial output behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkLabelIdx, gunzipIfGzipped, parseIdx } from '../data/index.js';
import { isPng, looksLikeDamagedPng, readGrayPng } from '../data/png.js';
import { ArcError, ErrorCode, fail } from '../errors.js';
import type { ArModel } from '../model/ar-model.js';
import { idxSource, pngSource, type ImageSource } from './source.js';

/** One input as bytes: a path's contents or stdin's, with the name used in messages. */
export interface InputBytes {
  label: string;
  /** Base name to restore a PNG under. */
  name: string;
  bytes: Uint8Array;
}

export async function readInputFile(path: string): Promise<InputBytes> {
  try {
    return { label: path, name: basename(path), bytes: await readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') fail(ErrorCode.NotFound, `${path}: no such file`);
    if (code === 'EISDIR') fail(ErrorCode.NotFound, `${path}: expected a file, found a directory`);
    throw error;
  }
}

/** A PNG, or what is left of one whose signature was damaged (refused as a damaged PNG, not read as IDX). */
function isPngInput(bytes: Uint8Array): boolean {
  return isPng(bytes) || looksLikeDamagedPng(bytes);
}

/**
 * The images of the inputs: one IDX file (raw or gzipped), or one or more PNGs of one size whose
 * pixels are gray (data/png.ts). The kind is told by content (PNG signature, else IDX), never by
 * file name.
 */
export async function imageSourceFromInputs(inputs: readonly InputBytes[]): Promise<ImageSource> {
  if (inputs.length === 0) fail(ErrorCode.BadArgument, 'no input given');
  const pngCount = inputs.filter((input) => isPngInput(input.bytes)).length;
  if (pngCount === 0) {
    if (inputs.length > 1) fail(ErrorCode.BadArgument, `expected one IDX file or several PNG files, found ${inputs.length} non-PNG inputs (${inputs[0].label}, ${inputs[1].label}…)`);
    const [input] = inputs;
    if (input.bytes.length === 0) fail(ErrorCode.Truncated, `${input.label}: empty input, expected an IDX image file or a PNG`);
    const { bytes, gzipped } = await gunzipIfGzipped(input.bytes, input.label);
    return idxSource(bytes, gzipped, input.label);
  }
  if (pngCount !== inputs.length) {
    const other = inputs.find((input) => !isPngInput(input.bytes))!;
    fail(ErrorCode.BadFormat, `${other.label}: expected a PNG like the other inputs (an IDX file must be the only input)`);
  }
  const images = inputs.map((input) => ({ name: input.name, ...readGrayPng(input.bytes, input.label) }));
  return pngSource(images, inputs.length === 1 ? inputs[0].label : `${inputs.length} PNG files`);
}

/**
 * Class indices from a label file: an IDX label file (1-D ubyte, raw or gzipped) or text holding
 * one integer label per image (separated by spaces, commas or newlines). Labels are mapped to the
 * model's class indices through its class labels.
 */
export async function classIndicesFromLabels(input: InputBytes, imageCount: number, model: ArModel): Promise<Int32Array> {
  const { bytes } = await gunzipIfGzipped(input.bytes, input.label);
  let labels: number[];
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0) {
    const file = parseIdx(bytes, input.label);
    checkLabelIdx(file, input.label);
    labels = Array.from(file.data);
  } else {
    const text = new TextDecoder().decode(bytes).trim();
    const words = text === '' ? [] : text.split(/[\s,]+/);
    labels = words.map((word, i) => {
      if (!/^\d+$/.test(word)) fail(ErrorCode.BadFormat, `${input.label}: expected an IDX label file or integer labels, found '${word.slice(0, 20)}' at position ${i + 1}`);
      return Number(word);
    });
  }
  if (labels.length !== imageCount) fail(ErrorCode.BadFormat, `${input.label}: expected one label per image (${imageCount}), found ${labels.length}`);
  const classLabels = model.info.classLabels;
  const indices = new Int32Array(imageCount);
  labels.forEach((label, i) => {
    const classIndex = classLabels.indexOf(label);
    if (classIndex < 0) fail(ErrorCode.ModelMismatch, `${input.label}: label ${label} of image ${i} is not one of the model's classes (${classLabels.join(', ')})`);
    indices[i] = classIndex;
  });
  return indices;
}

function temporaryName(path: string): string {
  return `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

async function writeOne(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = temporaryName(path);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new ArcError(ErrorCode.WriteFailed, `cannot write ${path}: ${code ?? String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
}

/** Writes `bytes` to `path` through a temporary file in the same folder. */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await writeOne(path, bytes);
}

/**
 * Writes several files into `directory` (created if needed), each atomically; if one fails, the
 * ones already written by this call are removed.
 */
export async function writeFilesAtomically(directory: string, files: readonly { name: string; bytes: Uint8Array }[]): Promise<void> {
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  try {
    for (const file of files) {
      const path = join(directory, file.name);
      await writeOne(path, file.bytes);
      written.push(path);
    }
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}
