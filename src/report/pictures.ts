/**
 * The report's pictures, drawn with `pureimage` (a pure-JS canvas; PNG encoding by `pngjs`) and
 * labelled with DejaVu Sans from the `dejavu-fonts-ttf` package, so they look the same on every
 * machine and need no system fonts or native modules. Every function returns PNG bytes.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import * as PImage from 'pureimage';
import type { ClassificationReport } from './classification.js';

const FONT_FAMILY = 'DejaVu Sans';
let fontLoaded = false;

function loadFont(): void {
  if (fontLoaded) return;
  const require = createRequire(import.meta.url);
  PImage.registerFont(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT_FAMILY).loadSync();
  fontLoaded = true;
}

type Bitmap = ReturnType<typeof PImage.make>;
type Context = ReturnType<Bitmap['getContext']>;

function canvas(width: number, height: number): { bitmap: Bitmap; context: Context } {
  loadFont();
  const bitmap = PImage.make(Math.ceil(width), Math.ceil(height));
  const context = bitmap.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, bitmap.width, bitmap.height);
  return { bitmap, context };
}

function text(context: Context, value: string, x: number, y: number, size = 13, color = '#222222', align: 'left' | 'center' | 'right' = 'left'): void {
  context.font = `${size}px "${FONT_FAMILY}"`;
  context.fillStyle = color;
  const width = context.measureText(value).width;
  const left = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
  context.fillText(value, left, y);
}

async function encode(bitmap: Bitmap): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await PImage.encodePNGToStream(bitmap, stream);
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type Rgb = readonly [number, number, number];

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** Linear interpolation between colour stops, t in [0, 1]. */
function colorAt(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => stops[i][k] + f * (stops[i + 1][k] - stops[i][k])) as unknown as Rgb;
}

/** Perceptually ordered dark-to-bright stops (after matplotlib's "magma"). */
const HEAT: readonly Rgb[] = [[0, 0, 4], [59, 15, 112], [140, 41, 129], [222, 73, 104], [254, 159, 109], [252, 253, 191]];
const BLUES: readonly Rgb[] = [[247, 251, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]];
/** Distinct bar colours (Tableau 10). */
const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Fills a scale×scale block per value straight into the bitmap (much faster than fillRect). */
function drawPixels(bitmap: Bitmap, left: number, top: number, height: number, width: number, scale: number, colorOf: (index: number) => Rgb): void {
  const data = bitmap.data;
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const [r, g, b] = colorOf(row * width + column);
      for (let dy = 0; dy < scale; dy++) {
        let offset = 4 * ((top + row * scale + dy) * bitmap.width + left + column * scale);
        for (let dx = 0; dx < scale; dx++, offset += 4) {
          data[offset] = r;
          data[offset + 1] = g;
          data[offset + 2] = b;
          data[offset + 3] = 255;
        }
      }
    }
  }
}

const grayColor = (pixels: Uint8Array) => (index: number): Rgb => [pixels[index], pixels[index], pixels[index]];

export interface ConfusionPanel {
  title: string;
  report: ClassificationReport;
}

/** Confusion matrices side by side; cells shaded by the share of their true class's images. */
export async function confusionMatricesPicture(panels: readonly ConfusionPanel[]): Promise<Uint8Array> {
  const classCount = Math.max(...panels.map((panel) => panel.report.classes.length));
  const cell = classCount <= 12 ? 34 : Math.max(8, Math.floor(400 / classCount));
  const side = cell * classCount;
  const panelWidth = side + 70;
  const { bitmap, context } = canvas(panels.length * panelWidth + 20, side + 100);
  panels.forEach((panel, p) => {
    const left = 20 + p * panelWidth + 40;
    const top = 50;
    const { confusion, classes } = panel.report;
    text(context, panel.title, left + side / 2, 20, 14, '#111111', 'center');
    text(context, `accuracy ${(100 * panel.report.accuracy).toFixed(2)}%`, left + side / 2, 38, 12, '#444444', 'center');
    confusion.forEach((counts, t) => {
      const support = counts.reduce((a, b) => a + b, 0);
      counts.forEach((count, q) => {
        const share = support ? count / support : 0;
        context.fillStyle = hex(colorAt(BLUES, Math.sqrt(share)));
        context.fillRect(left + q * cell, top + t * cell, cell, cell);
        if (cell >= 24 && count > 0) text(context, String(count), left + q * cell + cell / 2, top + t * cell + cell / 2 + 4, 10, share > 0.35 ? '#ffffff' : '#222222', 'center');
      });
      if (cell >= 14) text(context, classes[t].name, left - 6, top + t * cell + cell / 2 + 4, 11, '#222222', 'right');
    });
    if (cell >= 14) classes.forEach((row, q) => text(context, row.name, left + q * cell + cell / 2, top + side + 14, 11, '#222222', 'center'));
    text(context, 'predicted →', left + side / 2, top + side + 32, 11, '#555555', 'center');
    text(context, 'true ↓', left - 6, top - 4, 11, '#555555', 'right');
  });
  return encode(bitmap);
}

export interface BarSeries {
  name: string;
  /** One value per category; NaN leaves a gap. */
  values: readonly number[];
}

/** Grouped bars: one group per category, one bar per series, with a legend and a value axis. */
export async function barChartPicture(title: string, categories: readonly string[], series: readonly BarSeries[], valueLabel: string): Promise<Uint8Array> {
  const barWidth = Math.max(4, Math.min(14, Math.floor(90 / Math.max(1, series.length))));
  const groupWidth = series.length * barWidth + 14;
  const plotHeight = 260;
  const plotLeft = 60;
  const plotTop = 40;
  const legendWidth = 230;
  const plotWidth = categories.length * groupWidth;
  const { bitmap, context } = canvas(plotLeft + plotWidth + legendWidth + 20, Math.max(plotTop + plotHeight + 50, 60 + 18 * series.length));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const top = niceCeiling(Math.max(1e-9, ...finite));
  text(context, title, plotLeft, 22, 14, '#111111');
  for (let k = 0; k <= 4; k++) {
    const value = (top * k) / 4;
    const y = plotTop + plotHeight - (plotHeight * k) / 4;
    context.fillStyle = '#e6e6e6';
    context.fillRect(plotLeft, y, plotWidth, 1);
    text(context, formatTick(value), plotLeft - 6, y + 4, 10, '#444444', 'right');
  }
  categories.forEach((category, c) => {
    const groupLeft = plotLeft + c * groupWidth + 7;
    series.forEach((s, k) => {
      const value = s.values[c];
      if (!Number.isFinite(value)) return;
      const height = Math.max(1, (plotHeight * value) / top);
      context.fillStyle = SERIES_COLORS[k % SERIES_COLORS.length];
      context.fillRect(groupLeft + k * barWidth, plotTop + plotHeight - height, barWidth - 1, height);
    });
    text(context, category, groupLeft + (series.length * barWidth) / 2, plotTop + plotHeight + 16, 11, '#222222', 'center');
  });
  context.fillStyle = '#888888';
  context.fillRect(plotLeft, plotTop + plotHeight, plotWidth, 1);
  text(context, valueLabel, plotLeft, plotTop + plotHeight + 38, 11, '#444444');
  series.forEach((s, k) => {
    const y = plotTop + 6 + 18 * k;
    context.fillStyle = SERIES_COLORS[k % SERIES_COLORS.length];
    context.fillRect(plotLeft + plotWidth + 16, y - 9, 12, 12);
    text(context, s.name, plotLeft + plotWidth + 34, y + 2, 11, '#222222');
  });
  return encode(bitmap);
}

function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function formatTick(value: number): string {
  return value === 0 ? '0' : value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(value >= 0.01 ? 2 : 3);
}

export interface HeatMap {
  title: string;
  /** height·width values, row-major. */
  values: Float64Array;
}

/** A row of heat maps on one shared colour scale (0 … the largest value), with a colour bar. */
export async function heatMapsPicture(title: string, maps: readonly HeatMap[], height: number, width: number, unit: string): Promise<Uint8Array> {
  const scale = Math.max(2, Math.floor(140 / Math.max(height, width)));
  const tile = Math.max(width * scale, 60) + 12;
  const columns = Math.min(maps.length, 5);
  const rows = Math.ceil(maps.length / columns);
  const tileHeight = height * scale + 28;
  const { bitmap, context } = canvas(20 + columns * tile + 90, 40 + rows * tileHeight + 10);
  let largest = 0;
  for (const map of maps) for (const value of map.values) if (Number.isFinite(value)) largest = Math.max(largest, value);
  largest = largest || 1;
  text(context, title, 20, 22, 14, '#111111');
  maps.forEach((map, m) => {
    const left = 20 + (m % columns) * tile;
    const top = 40 + Math.floor(m / columns) * tileHeight + 18;
    text(context, map.title, left, top - 5, 11, '#222222');
    drawPixels(bitmap, left, top, height, width, scale, (index) => colorAt(HEAT, map.values[index] / largest));
  });
  const barLeft = 20 + columns * tile + 10;
  const barTop = 58;
  const barHeight = Math.min(160, rows * tileHeight - 30);
  for (let y = 0; y < barHeight; y++) {
    context.fillStyle = hex(colorAt(HEAT, 1 - y / (barHeight - 1)));
    context.fillRect(barLeft, barTop + y, 14, 1);
  }
  text(context, `${formatTick(largest)} ${unit}`, barLeft + 18, barTop + 8, 10, '#222222');
  text(context, `0`, barLeft + 18, barTop + barHeight, 10, '#222222');
  return encode(bitmap);
}

export interface CostExample {
  title: string;
  /** The image (height·width bytes). */
  pixels: Uint8Array;
  /** Its code length per pixel, bits. */
  bits: Float64Array;
}

/** Each example image beside its per-pixel code length (own colour scale per pair). */
export async function costExamplesPicture(title: string, examples: readonly CostExample[], height: number, width: number): Promise<Uint8Array> {
  const scale = Math.max(2, Math.floor(112 / Math.max(height, width)));
  const pairWidth = 2 * width * scale + 8;
  const tile = Math.max(pairWidth, 150) + 16;
  const columns = Math.min(examples.length, 4);
  const rows = Math.ceil(examples.length / columns);
  const tileHeight = height * scale + 34;
  const { bitmap, context } = canvas(20 + columns * tile, 40 + rows * tileHeight + 10);
  text(context, title, 20, 22, 14, '#111111');
  examples.forEach((example, e) => {
    const left = 20 + (e % columns) * tile;
    const top = 40 + Math.floor(e / columns) * tileHeight + 20;
    text(context, example.title, left, top - 6, 11, '#222222');
    drawPixels(bitmap, left, top, height, width, scale, grayColor(example.pixels));
    let largest = 0;
    for (const value of example.bits) largest = Math.max(largest, value);
    drawPixels(bitmap, left + width * scale + 8, top, height, width, scale, (index) => colorAt(HEAT, example.bits[index] / (largest || 1)));
  });
  return encode(bitmap);
}

export interface SampleRow {
  label: string;
  /** count·height·width bytes. */
  images: Uint8Array;
}

/** One row of images per class, labelled. */
export async function imageGridPicture(title: string, rows: readonly SampleRow[], height: number, width: number): Promise<Uint8Array> {
  const scale = Math.max(1, Math.floor(56 / Math.max(height, width)));
  const size = height * width;
  const perRow = Math.max(1, ...rows.map((row) => row.images.length / size));
  const labelWidth = 60;
  const { bitmap, context } = canvas(labelWidth + perRow * (width * scale + 2) + 10, 40 + rows.length * (height * scale + 2) + 10);
  text(context, title, 10, 22, 14, '#111111');
  rows.forEach((row, r) => {
    const top = 40 + r * (height * scale + 2);
    text(context, row.label, labelWidth - 8, top + (height * scale) / 2 + 5, 12, '#222222', 'right');
    const count = row.images.length / size;
    for (let i = 0; i < count; i++) {
      const image = row.images.subarray(i * size, (i + 1) * size);
      drawPixels(bitmap, labelWidth + i * (width * scale + 2), top, height, width, scale, grayColor(image));
    }
  });
  return encode(bitmap);
}
