/** Small synthetic labelled image sets whose right answer is known. */
import type { ImageSet } from '../../src/data/types.js';
import { SeededRandom } from '../../src/random.js';

/**
 * Class 0: a vertical bar; class 1: a horizontal bar; class 2 (if asked): a box outline. Each at a
 * random offset, with gray edges, on `height × width` images.
 */
export function barsDataset(count: number, height: number, width: number, seed: number, classCount = 2): ImageSet {
  const random = new SeededRandom(seed);
  const size = height * width;
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classCount;
    labels[i] = label;
    const image = pixels.subarray(i * size, (i + 1) * size);
    const set = (r: number, c: number, v: number) => { if (r >= 0 && r < height && c >= 0 && c < width) image[r * width + c] = Math.max(image[r * width + c], v); };
    if (label === 0) {
      const c = 1 + random.nextInt(width - 2);
      for (let r = 1; r < height - 1; r++) { set(r, c, 255); set(r, c + 1, 90 + random.nextInt(60)); }
    } else if (label === 1) {
      const r = 1 + random.nextInt(height - 2);
      for (let c = 1; c < width - 1; c++) { set(r, c, 255); set(r + 1, c, 90 + random.nextInt(60)); }
    } else {
      const top = random.nextInt(2);
      for (let c = 1; c < width - 1; c++) { set(top, c, 255); set(height - 1 - top, c, 255); }
      for (let r = top; r < height - top; r++) { set(r, 1, 255); set(r, width - 2, 255); }
    }
  }
  return { count, height, width, pixels, labels };
}

/**
 * Classes with the same silhouettes and different gray textures: every image is a random filled
 * rectangle (the same distribution for every class) whose pixels are all ≥ 128, so the bilevel
 * image says nothing of the class. Inside, class 0 is flat (190–210), class 1 vertical stripes
 * (140 / 250), class 2 a left-to-right ramp (130 → 250).
 */
export function equalSilhouettesDataset(count: number, height: number, width: number, seed: number): ImageSet {
  const random = new SeededRandom(seed);
  const size = height * width;
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    labels[i] = label;
    const top = random.nextInt(height - 4);
    const left = random.nextInt(width - 4);
    const bottom = top + 3 + random.nextInt(height - top - 3);
    const right = left + 3 + random.nextInt(width - left - 3);
    for (let r = top; r <= bottom && r < height; r++) {
      for (let c = left; c <= right && c < width; c++) {
        const value = label === 0 ? 190 + random.nextInt(21) : label === 1 ? ((c - left) % 2 ? 250 : 140) : 130 + Math.round((120 * (c - left)) / Math.max(1, right - left));
        pixels[i * size + r * width + c] = value;
      }
    }
  }
  return { count, height, width, pixels, labels };
}
