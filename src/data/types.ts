/** In-memory images and datasets. Height and width always come from the file, never assumed. */

export type SplitName = 'train' | 'test';

export interface ImageSet {
  /** Number of images. */
  count: number;
  /** Rows per image. */
  height: number;
  /** Columns per image. */
  width: number;
  /** `count * height * width` bytes: image after image, each row-major, one byte (0..255) per pixel. */
  pixels: Uint8Array;
  /** One label per image, or null when the split comes without labels. */
  labels: Uint8Array | null;
}

/** Where a dataset's four files live (resolved from `--dataset NAME|DIR`). */
export interface DatasetSource {
  /** 'mnist', 'fashion-mnist', or the directory as given. */
  name: string;
  /** Absolute paths of the image and label IDX files of each split (raw or .gz). */
  files: Record<SplitName, { images: string; labels: string }>;
}

/** Pixel `(row, column)` of image `index` in `set`. */
export function pixelAt(set: ImageSet, index: number, row: number, column: number): number {
  return set.pixels[(index * set.height + row) * set.width + column];
}

/** A view (no copy) of the pixels of image `index`. */
export function imagePixels(set: ImageSet, index: number): Uint8Array {
  const pixelsPerImage = set.height * set.width;
  return set.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage);
}

/** The first `count` images of `set` (views, no copy); the set itself when it has no more. */
export function firstImages(set: ImageSet, count: number): ImageSet {
  if (count >= set.count) return set;
  const pixelsPerImage = set.height * set.width;
  return { ...set, count, pixels: set.pixels.subarray(0, count * pixelsPerImage), labels: set.labels?.subarray(0, count) ?? null };
}

/** Images `indices` of `set`, copied into a set of their own in that order (labels too). */
export function selectImages(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const pixelsPerImage = set.height * set.width;
  const pixels = new Uint8Array(indices.length * pixelsPerImage);
  const labels = set.labels ? new Uint8Array(indices.length) : null;
  for (let i = 0; i < indices.length; i++) {
    pixels.set(imagePixels(set, indices[i]), i * pixelsPerImage);
    if (labels) labels[i] = set.labels![indices[i]];
  }
  return { count: indices.length, height: set.height, width: set.width, pixels, labels };
}
