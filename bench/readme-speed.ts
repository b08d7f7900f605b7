/**
 * Puts the speed figures of the committed benchmarks (bench/results/classify.json and codec.json)
 * into README.md between `<!-- speed:start -->` and `<!-- speed:end -->`: each time beside xz −9e's
 * time on the same IDX file, measured in the same run, and their ratio. No figure is typed by hand.
 *
 *   node --import tsx bench/readme-speed.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface XzReference { seconds: number; outputBytes: number; inputBytes: number }
const classify = JSON.parse(readFileSync('bench/results/classify.json', 'utf8'));
const codec = JSON.parse(readFileSync('bench/results/codec.json', 'utf8'));
const START = '<!-- speed:start -->';
const END = '<!-- speed:end -->';
const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} section`);

const seconds = (value: number) => `${value.toFixed(1)} s`;
const ratio = (value: number, xz: XzReference | null) => (xz ? `${(value / xz.seconds).toFixed(2)}×` : '–');
const rows: string[] = [];
for (const result of classify.results as { model: string; images: number; classifySeconds: number; xzReference: XzReference | null }[]) {
  rows.push(`| classify ${result.images} × 10 classes, ${result.model} | ${seconds(result.classifySeconds)} | ${result.xzReference ? seconds(result.xzReference.seconds) : '–'} | ${ratio(result.classifySeconds, result.xzReference)} |`);
}
for (const key of ['test/gray', 'test/binarized', 'train/gray', 'train/binarized']) {
  const run = codec.runs[key];
  if (!run) continue;
  const xz: XzReference | null = run.xzReference ?? null;
  const what = `${run.images} ${run.mode === 'gray' ? 'gray' : 'binarized'} images (${run.split}, model ${String(run.modelFingerprint).slice(0, 8)})`;
  rows.push(`| encode ${what}, class = best | ${seconds(run.encodeSeconds)} | ${xz ? seconds(xz.seconds) : '–'} | ${ratio(run.encodeSeconds, xz)} |`);
  rows.push(`| decode ${what} (round trip ${run.roundTrip}) | ${seconds(run.decodeSeconds)} | ${xz ? seconds(xz.seconds) : '–'} | ${ratio(run.decodeSeconds, xz)} |`);
}
const firstCodecRun = Object.values(codec.runs as Record<string, { cpu: string; cpuCount: number; workers: number; node: string; date: string }>)[0];
const machine = (run: { cpu: string; cpuCount: number; workers: number; node: string; date: string }) => `${run.cpu}, ${run.cpuCount} cores, ${run.workers} workers, node ${run.node}, ${String(run.date).slice(0, 10)}`;
const section = [
  START,
  `Measured by \`bench/classify.ts\` (${machine(classify)}) and \`bench/codec.ts [--split train]\` (${firstCodecRun ? machine(firstCodecRun) : 'not run'}). ` +
    'Each run also times `xz -9e` compressing the same raw IDX file, so the ratio says how the figure compares on the same machine at the same moment. ' +
    'Codec rows name their model by fingerprint prefix (`models/` keeps every bundled model, current and earlier):',
  '',
  '| what | time | xz −9e, same run | ratio |',
  '|---|---:|---:|---:|',
  ...rows,
  END,
].join('\n');
writeFileSync('README.md', readme.slice(0, from) + section + readme.slice(to + END.length));
console.log('README.md speed section updated');
