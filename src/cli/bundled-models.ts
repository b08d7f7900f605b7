/**
 * Which model a command uses when --model is not given: the bundled MNIST models (models/), chosen
 * by dataset, by the images' content, or by the fingerprint an .arc file names. The one home of
 * that fallback for every command.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ContainerHeader } from '../codec/container.js';
import { ErrorCode, fail } from '../errors.js';
import { findBundledModel } from '../model/bundled.js';
import { bundledModelDirectory } from '../paths.js';

/**
 * The model directory to use: --model's (resolved), or else the bundled model of `datasetName`
 * and `pixelMode` (there are bundled models for mnist only; `datasetFlag` is the --dataset the
 * user gave, for the message).
 */
export function modelDirectoryOrBundled(model: string | undefined, datasetName: string, pixelMode: string, datasetFlag = datasetName): string {
  if (model) return resolve(model);
  if (datasetName !== 'mnist') fail(ErrorCode.BadArgument, `no bundled model for dataset '${datasetName}': train one with 'arcompress train --dataset ${datasetFlag} --out DIR' and pass --model DIR`);
  return resolve(bundledModelDirectory('mnist', pixelMode));
}

/** For images when --model is not given: the bundled binary model for bilevel images, else the gray one. */
export function bundledModelForImages(binaryInput: boolean): string {
  const directory = bundledModelDirectory('mnist', binaryInput ? 'binary' : 'gray');
  if (!existsSync(directory)) {
    fail(ErrorCode.NotFound, `no --model given and the bundled model ${directory} is not installed; pass --model DIR (a directory made by \`arcompress train\`)`);
  }
  return directory;
}

/**
 * The bundled model a file names, when --model is not given: the one whose fingerprint the file
 * records (in full in versions 1–2, by its first bytes in versions 3–4). Models that earlier versions
 * bundled stay in models/ beside the current ones, so every file an earlier version wrote with a
 * bundled model still finds it.
 */
export function bundledModelForFile(header: ContainerHeader, label: string): string {
  const name = header.modelName;
  const found = findBundledModel(header.modelFingerprint, header.pixelMode);
  if (found === null) {
    fail(ErrorCode.NotFound, `${label} was made with ${name ? `model ${name}-${header.pixelMode}` : `a ${header.pixelMode} model`} (fingerprint ${header.modelFingerprint.slice(0, 8)}…), which is not bundled; pass --model DIR`);
  }
  return found;
}
