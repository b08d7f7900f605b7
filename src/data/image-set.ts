/** Turning parsed IDX files into an `ImageSet`, with the checks that make them one set. */
import { ErrorCode, fail } from '../errors.js';
import type { IdxFile, IdxHeader } from './idx.js';
import type { ImageSet } from './types.js';

/** Checks that `file` is an image file: 3-D ubyte (count, rows, columns), rows and columns ≥ 1. */
export function checkImageIdx(file: IdxHeader, fileLabel: string): void {
  if (file.dataTypeName !== 'ubyte') {
    fail(ErrorCode.BadFormat, `${fileLabel}: expected an IDX image file of ubyte (0x08), found data type ${file.dataTypeName}`);
  }
  if (file.dims.length !== 3) {
    fail(ErrorCode.BadFormat, `${fileLabel}: expected an IDX image file with 3 dimensions (count, rows, columns), found ${file.dims.length} (${file.dims.join('×')})`);
  }
  if (file.dims[1] === 0 || file.dims[2] === 0) {
    fail(ErrorCode.BadFormat, `${fileLabel}: expected images of at least 1×1 pixels, found ${file.dims[1]}×${file.dims[2]}`);
  }
}

/** Checks that `file` is a label file: 1-D ubyte. */
export function checkLabelIdx(file: IdxHeader, fileLabel: string): void {
  if (file.dataTypeName !== 'ubyte') {
    fail(ErrorCode.BadFormat, `${fileLabel}: expected an IDX label file of ubyte (0x08), found data type ${file.dataTypeName}`);
  }
  if (file.dims.length !== 1) {
    fail(ErrorCode.BadFormat, `${fileLabel}: expected an IDX label file with 1 dimension, found ${file.dims.length} (${file.dims.join('×')})`);
  }
}

/** The path of a file read from disk, or `fallback` for one parsed from memory. */
function fileLabelOf(file: IdxFile & { path?: string }, fallback: string): string {
  return file.path ?? fallback;
}

/**
 * Builds an ImageSet from an image file and (optionally) its label file. Height and width come
 * from the image header. The pixels and labels are views of the files' bytes, not copies; treat
 * them as read-only. `label` names the pair in messages (e.g. 'mnist train').
 */
export function imageSetFromIdx(images: IdxFile, labels: IdxFile | null, label: string): ImageSet {
  checkImageIdx(images, fileLabelOf(images, `${label} images`));
  const [count, height, width] = images.dims;
  if (labels !== null) {
    checkLabelIdx(labels, fileLabelOf(labels, `${label} labels`));
    if (labels.dims[0] !== count) {
      fail(ErrorCode.BadFormat, `${label}: expected one label per image (${count} images), found ${labels.dims[0]} labels`);
    }
    // Labels are ubyte, so each is below 256 by construction: one class per byte value at most.
  }
  return { count, height, width, pixels: images.data, labels: labels === null ? null : labels.data };
}
