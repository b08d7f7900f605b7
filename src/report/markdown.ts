/** report.md: the report's figures as Markdown tables, with its pictures. */
import { formatClassificationReport, formatConfusionMatrix } from './classification.js';
import type { BaselineResult, Picture, ReportData } from './report-schema.js';

const bpp = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(4));
const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

const BASELINE_NAMES: Record<string, string> = {
  'gzip-9-idx-file': 'gzip −9, whole IDX file (header included)',
  'deflate-9': 'deflate −9, whole split',
  'brotli-11': 'brotli −q 11, whole split',
  'deflate-9-per-image': 'deflate −9, each image alone',
};

function baselineName(row: BaselineResult): string {
  const input = row.input === undefined || row.input === 'whole split' ? 'whole split' : 'split tiled as one picture';
  return BASELINE_NAMES[row.method] ?? `${row.method}, ${input} (external program)`;
}

/** The main comparison table: bits per pixel of every method, 8-bit and binarized. */
export function mainTable(data: ReportData): string {
  const rows: string[][] = [];
  for (const model of data.models) {
    const column = (value: number) => (model.pixels === '8-bit' ? [bpp(value), '–'] : ['–', bpp(value)]);
    rows.push([`AR ${model.pixelMode} model, ideal Σ −log2 q (true class)`, ...column(model.bitsPerPixel.ideal)]);
    rows.push([`AR ${model.pixelMode} model, real coded (true class)`, ...column(model.bitsPerPixel.real)]);
    rows.push([`AR ${model.pixelMode} model, whole .arc file (best class, all overhead)`, ...column(model.bitsPerPixel.arcFile)]);
  }
  const methods = [...new Set(data.baselines.overall.map((row) => row.method))];
  for (const method of methods) {
    const of = (pixels: string) => data.baselines.overall.find((row) => row.method === method && row.pixels === pixels);
    const eight = of('8-bit');
    const binary = of('binarized-packed') ?? of('binarized');
    const note = [eight, binary].map((row) => row?.note).filter(Boolean);
    rows.push([baselineName((eight ?? binary)!) + (note.length ? ` (${[...new Set(note)].join('; ')})` : ''), bpp(eight?.bitsPerPixel), bpp(binary?.bitsPerPixel)]);
  }
  return table(['method', '8-bit pixels', 'binarized (baselines: 8 pixels per byte)'], rows);
}

/** The external programs: what each coded, its size and its time (absent ones with the reason). */
export function externalTable(data: ReportData): string {
  const rows = data.baselines.overall
    // Reports written before the times were recorded have no `seconds`: their external rows are the named-by-program ones.
    .filter((row) => row.seconds !== undefined || !(row.method in BASELINE_NAMES))
    .map((row) => [
      row.method,
      row.pixels === '8-bit' ? '8-bit' : row.pixels === 'binarized' ? 'binarized' : 'binarized, 8 pixels per byte',
      row.input ?? 'whole split',
      row.compressedBytes === null ? `– (${row.note ?? 'did not run'})` : row.compressedBytes.toLocaleString('en-US'),
      bpp(row.bitsPerPixel),
      row.seconds === null || row.seconds === undefined ? '–' : `${row.seconds.toFixed(row.seconds < 10 ? 2 : 1)} s`,
    ]);
  return table(['program', 'pixels', 'input', 'bytes', 'bits/pixel', 'time'], rows);
}

export function classificationTable(data: ReportData): string {
  const rows = [
    ...data.models.map((m) => [`AR ${m.pixelMode} model, shortest real code`, String(data.images), percent(m.accuracy), `${rate(m.imagesPerSecond.classify)} img/s`]),
    ...data.zip.map((z) => [`${z.name} (\`${z.command}\`)`, String(z.images), percent(z.accuracy), `${rate(z.images / Math.max(z.seconds, 1e-9))} img/s`]),
  ];
  const note = data.zipSkipped ? `\n\nThe zip classifier was ${data.zipSkipped}.` : '';
  return table(['classifier', 'images', 'accuracy', 'speed'], rows) + note;
}

function timesTable(data: ReportData): string {
  return table(
    ['model', 'training', 'classify', 'encode', 'decode'],
    data.models.map((m) => [
      `AR ${m.pixelMode}`,
      m.trainingSeconds === null ? '–' : `${(m.trainingSeconds / 60).toFixed(1)} min (${m.trainingBackend ?? '?'})`,
      `${rate(m.imagesPerSecond.classify)} img/s`,
      `${rate(m.imagesPerSecond.encode)} img/s`,
      `${rate(m.imagesPerSecond.decode)} img/s`,
    ]),
  );
}

function perClassTable(data: ReportData): string {
  const header = ['class', 'images'];
  for (const m of data.models) header.push(`AR ${m.pixelMode} ideal`, `AR ${m.pixelMode} real`);
  header.push('deflate −9 (8-bit)', 'brotli (8-bit)', 'deflate −9 (binarized, packed)');
  const rows = data.baselines.perClass.map((row) => {
    const find = (method: string, pixels: string) => bpp(row.rows.find((r) => r.method === method && r.pixels === pixels)?.bitsPerPixel);
    const cells = [String(row.label), String(row.images)];
    for (const m of data.models) {
      const mine = m.perClass.find((c) => c.label === row.label);
      cells.push(bpp(mine?.idealBitsPerPixel), bpp(mine?.realBitsPerPixel));
    }
    cells.push(find('deflate-9', '8-bit'), find('brotli-11', '8-bit'), find('deflate-9', 'binarized-packed'));
    return cells;
  });
  return table(header, rows);
}

/** The whole report.md. `pictureDirectory` is where the PNGs are, relative to the Markdown file. */
export function formatReportMarkdown(data: ReportData, pictures: readonly Picture[], pictureDirectory = '.'): string {
  const prefix = pictureDirectory === '.' ? '' : `${pictureDirectory.replace(/\/$/, '')}/`;
  const parts = [
    `# arcompress report: ${data.dataset} ${data.split}`,
    '',
    `${data.images} images of ${data.height}×${data.width}; ${data.environment.cpu}, ${data.environment.cores} cores, ${data.environment.workers} worker(s), node ${data.environment.node}; ${data.environment.date}; ${(data.totalSeconds / 60).toFixed(1)} min in all.`,
    '',
    '## Bits per pixel',
    '',
    mainTable(data),
    '',
    'AR binary models code the images binarized at 128; their column is comparable with the baselines on binarized pixels.',
    '',
    '## External programs',
    '',
    externalTable(data),
    '',
    'Each where installed (Debian packages xz-utils, bzip2, zstd, zpaq, libjxl-tools, webp, optipng, jbigkit-bin), one thread, wall-clock time. The image codecs code the split as one picture: the images tiled row by row into a grid of ⌈√n⌉ columns, empty cells black (each image alone pays a header per file: `bench/small-files.ts`).',
    '',
    '## Classification',
    '',
    classificationTable(data),
    '',
    '## Times',
    '',
    timesTable(data),
    '',
    '## Bits per pixel per class',
    '',
    perClassTable(data),
    '',
    '## Pictures',
    '',
    ...pictures.flatMap((picture) => [`![${picture.caption}](${prefix}${picture.name})`, '', `*${picture.caption}*`, '']),
    '## Classification reports',
    '',
    ...[
      ...data.models.map((m) => ({ title: `AR ${m.pixelMode} model`, report: m.classification })),
      ...data.zip.map((z) => ({ title: `${z.name} (${z.images} images)`, report: z.classification })),
    ].flatMap(({ title, report }) => [`### ${title}`, '', '```', formatClassificationReport(report), '', formatConfusionMatrix(report), '```', '']),
  ];
  return parts.join('\n');
}
