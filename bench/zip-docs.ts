/**
 * Fills the figure sections of docs/ZIP.md from the committed benchmark results
 * (bench/results/zip-classify.json and bench/results/baseline.json), so the document quotes
 * measured figures only. Re-run after the benchmarks:
 *
 *   node --import tsx bench/zip-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';

const read = (name: string) => JSON.parse(readFileSync(new URL(`./results/${name}`, import.meta.url), 'utf8'));
const zip = read('zip-classify.json');
const baseline = read('baseline.json');
const docPath = new URL('../docs/ZIP.md', import.meta.url);

interface Configuration {
  name: string;
  command: string;
  accuracy: number;
  publishedAccuracy: number;
  withinTwoPoints: boolean;
  compressors: number;
  pairs: number;
  wallSeconds: number;
  microsecondsPerPair: number;
  referenceEstimatedWallSeconds: number;
  speedupOverReference: number;
}
const configurations: Configuration[] = zip.configurations;
const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
const duration = (seconds: number) => (seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(1)} s`);

const figures = [
  `Full MNIST test set (${zip.dataset.testImages} images), all ${zip.dataset.trainImages} training images; ${zip.cpu}, ${zip.cores} cores, ${zip.threads} threads, node ${zip.node}; measured ${zip.date.slice(0, 10)} by \`${zip.command}\`.`,
  '',
  '| configuration | command | accuracy | published | within ±2 points |',
  '|---|---|---:|---:|---|',
  ...configurations.map((c) => `| ${c.name} | \`${c.command}\` | ${percent(c.accuracy)} | ${percent(c.publishedAccuracy)} | ${c.withinTwoPoints ? 'yes' : 'no'} |`),
  '',
  ...(zip.rejectedReadings?.length
    ? ['Readings of the notebook that do not reproduce its figures (so not the ones it used):', '', '| flags | accuracy | published |', '|---|---:|---:|',
      ...zip.rejectedReadings.map((r: { flags: string; accuracy: number; publishedAccuracy: number }) => `| \`${r.flags}\` | ${percent(r.accuracy)} | ${percent(r.publishedAccuracy)} |`), '']
    : []),
].join('\n');

const speed = [
  '| configuration | streams | pairs | wall time | µs per pair | reference (estimated from a sample) | speed-up |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...configurations.map((c) => `| ${c.name} | ${c.compressors} | ${c.pairs} | ${duration(c.wallSeconds)} | ${c.microsecondsPerPair.toFixed(0)} | ${duration(c.referenceEstimatedWallSeconds)} | ${c.speedupOverReference.toFixed(2)}× |`),
  '',
  'The reference is Python\'s `compressobj.copy()` per pair, timed on a sample of pairs on the same machine and scaled to the full run.',
].join('\n');

interface Row { method: string; pixels: string; bitsPerPixel: number }
const methods = [...new Set((baseline.rows as Row[]).map((row) => row.method))];
const formats = [...new Set((baseline.rows as Row[]).map((row) => row.pixels))];
const cell = (rows: Row[], method: string, pixels: string) => {
  const row = rows.find((r) => r.method === method && r.pixels === pixels);
  return row ? row.bitsPerPixel.toFixed(4) : '–';
};
const baselines = [
  `Bits per pixel on the MNIST test images (${baseline.imageCount} images), measured ${baseline.date.slice(0, 10)} by \`${baseline.command}\` (same as \`${baseline.cliEquivalent}\`). gzip −9 of the IDX file: ${baseline.gzipCheck.bitsPerPixel.toFixed(4)} bits/pixel (published ${baseline.gzipCheck.published}).`,
  '',
  `| method | ${formats.join(' | ')} |`,
  `|---|${formats.map(() => '---:').join('|')}|`,
  ...methods.map((method) => `| ${method} | ${formats.map((format) => cell(baseline.rows, method, format)).join(' | ')} |`),
  '',
  'Per class (deflate −9 of the class\'s images as one stream):',
  '',
  `| class | images | ${formats.join(' | ')} |`,
  `|---|---:|${formats.map(() => '---:').join('|')}|`,
  ...(baseline.perClass as { label: number; imageCount: number; rows: Row[] }[]).map((c) => `| ${c.label} | ${c.imageCount} | ${formats.map((format) => cell(c.rows, 'deflate-9', format)).join(' | ')} |`),
].join('\n');

let doc = readFileSync(docPath, 'utf8');
for (const [name, text] of [['FIGURES', figures], ['SPEED', speed], ['BASELINES', baselines]] as const) {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const from = doc.indexOf(start);
  if (from < 0) throw new Error(`docs/ZIP.md has no ${start}`);
  const to = doc.indexOf(end, from);
  const tail = to < 0 ? doc.slice(from + start.length) : doc.slice(to + end.length);
  doc = `${doc.slice(0, from)}${start}\n${text}\n${end}${tail}`;
}
writeFileSync(docPath, doc);
process.stderr.write('docs/ZIP.md: figures from bench/results/zip-classify.json and baseline.json\n');
