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
