/**
 * A synthetic dataset of images that are not digits, for checking recipes on data they were not
 * chosen on: the outline of a closed shape (triangle, square, pentagon, hexagon, circle,
 * five-pointed star) per class, each drawn at a random position, size, rotation and aspect, its
 * vertices jittered, stroke 2 pixels wide, anti-aliased; 28×28, seeded.
 */
import type { ImageSet } from '../src/data/index.js';
import { SeededRandom } from '../src/random.js';

const SIDE = 28;
/** Vertices per shape class; the star alternates outer and inner points. */
export const SHAPES = [
  { name: 'triangle', vertices: 3 },
  { name: 'square', vertices: 4 },
  { name: 'pentagon', vertices: 5 },
  { name: 'hexagon', vertices: 6 },
  { name: 'circle', vertices: 32 },
  { name: 'star', vertices: 10 },
] as const;

/** Distance from (x, y) to the segment from a to b. */
function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

function drawShape(label: number, random: SeededRandom, out: Uint8Array): void {
  const { name, vertices } = SHAPES[label];
  const centreX = 13.5 + (random.next() * 2 - 1) * 3;
  const centreY = 13.5 + (random.next() * 2 - 1) * 3;
  const radius = 7 + random.next() * 4;
  const aspect = 0.8 + random.next() * 0.4;
  const rotation = random.next() * 2 * Math.PI;
  const xs: number[] = [], ys: number[] = [];
  for (let v = 0; v < vertices; v++) {
    const r = name === 'star' && v % 2 ? radius * 0.45 : radius;
    const angle = rotation + (2 * Math.PI * v) / vertices;
    const jitter = name === 'circle' ? 0.4 : 1.5;
    xs.push(centreX + r * Math.cos(angle) + (random.next() * 2 - 1) * jitter);
    ys.push(centreY + r * aspect * Math.sin(angle) + (random.next() * 2 - 1) * jitter);
  }
  for (let row = 0; row < SIDE; row++) {
    for (let column = 0; column < SIDE; column++) {
      let distance = Infinity;
      for (let v = 0; v < vertices; v++) {
        const w = (v + 1) % vertices;
        distance = Math.min(distance, segmentDistance(column, row, xs[v], ys[v], xs[w], ys[w]));
      }
      // Stroke 2 pixels wide with a one-pixel soft edge.
      out[row * SIDE + column] = Math.round(255 * Math.max(0, Math.min(1, 1.5 - distance)));
    }
  }
}

export function shapes(count: number, seed: number): ImageSet {
  const random = new SeededRandom(seed);
  const pixels = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % SHAPES.length;
    drawShape(labels[i], random, pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE));
  }
  return { count, height: SIDE, width: SIDE, pixels, labels };
}

