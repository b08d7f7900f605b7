/**
 * Puts the ablation tables (bench/results/ablation.json from bench/ablation.ts, validation-*.json
 * from bench/validation.ts) and the bundled models' figures (bench/results/classify.json and codec.json, and the manifests' training
 * records) into docs/MODELS.md between `<!-- ablation:start -->` and `<!-- ablation:end -->`.
 * No figure is typed by hand.
 *
 *   node --import tsx bench/models-docs.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const START = '<!-- ablation:start -->';
const END = '<!-- ablation:end -->';
const path = 'docs/MODELS.md';
const doc = readFileSync(path, 'utf8');
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < from) throw new Error(`${path} has no ${START} … ${END} section`);

const lines: string[] = [START];
const percent = (x: number) => `${(100 * x).toFixed(2)}%`;
for (const file of ['bench/results/ablation.json', 'bench/results/ablation-full.json']) {
  if (!existsSync(file)) continue;
  const ablation = JSON.parse(readFileSync(file, 'utf8'));
  const { machine } = ablation;
  lines.push(
    `**${ablation.recipe === 'full' ? 'Full' : 'Quick'} recipe, ${ablation.dataset}** (\`bench/ablation.ts${ablation.recipe === 'full' ? ' --full' : ''}\`, ${machine.cpu}, ${machine.cores} cores, ${machine.workers} workers, node ${machine.node}, ${String(ablation.date).slice(0, 10)}). ` +
      `Validation: the ${ablation.rows[0]?.validationImages ?? '?'} training images held out by the split (never the test set).`,
    '',
    '| setting | validation bits/pixel | validation accuracy (shortest ideal code) | training seconds (from scratch) |',
    '|---|---:|---:|---:|',
  );
  for (const row of ablation.rows) {
    const evidence = row.classEvidence ? ` (class evidence s = ${row.classEvidence.scale} chosen)` : '';
    lines.push(`| ${row.setting}${evidence} | ${row.validationBitsPerPixel.toFixed(4)} | ${percent(row.validationAccuracy)} | ${row.trainingSecondsFromScratch.toFixed(0)} |`);
  }
  lines.push('');
}
for (const file of ['bench/results/gray-classes.json', 'bench/results/gray-classes-full.json']) {
  if (!existsSync(file)) continue;
  const run = JSON.parse(readFileSync(file, 'utf8'));
  lines.push(
    `**Equal silhouettes, classes by gray texture** (\`bench/gray-classes.ts${run.recipe === 'full' ? ' --full' : ''}\`, ${run.recipe} recipe, ${String(run.date).slice(0, 10)}): ${run.dataset}; ${run.trainImages} training images (of which the ${run.recipe} recipe uses ${run.recipe === 'quick' ? 'at most 600 per class' : 'all'}) and ${run.testImages} test images.`,
    '',
    '| classifier | test accuracy | class-evidence scale chosen (validation accuracy at 1 / 0) | seconds (training; kNN: classifying) |',
    '|---|---:|---|---:|',
  );
  for (const row of run.rows) {
    const evidence = row.classEvidence ? `${row.classEvidence.scale} (${percent(row.classEvidence.validationAccuracyByScale[0].accuracy)} / ${percent(row.classEvidence.validationAccuracyByScale.at(-1).accuracy)})` : '–';
    lines.push(`| ${row.classifier} | ${percent(row.accuracy)} | ${evidence} | ${row.trainingSeconds !== undefined ? row.trainingSeconds.toFixed(0) : (row.seconds ?? 0).toFixed(0)} |`);
  }
  lines.push('');
}
for (const file of readdirSync('bench/results').filter((name) => /^validation-.+\.json$/.test(name)).sort()) {
  const run = JSON.parse(readFileSync(join('bench/results', file), 'utf8'));
  const { machine } = run;
  lines.push(
    `**Full scale, ${run.name}** (\`bench/validation.ts --name ${run.name}\`, ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${String(run.date).slice(0, 10)}): models trained by \`arcompress train\`, measured on the ${run.rows[0]?.validationImages ?? '?'} training images the recipe's split holds out (never the test set).`,
    '',
    '| model | hidden units | validation bits/pixel | validation accuracy (shortest ideal code) | scoring seconds | training seconds | training command |',
    '|---|---:|---:|---:|---:|---:|---|',
  );
  for (const row of run.rows) {
    lines.push(`| ${row.model} (${String(row.fingerprint).slice(0, 8)}) | ${row.hiddenSize ?? '–'} | ${row.validationBitsPerPixel.toFixed(4)} | ${percent(row.validationAccuracy)} | ${row.scoringSeconds.toFixed(1)} | ${row.trainingSeconds === null ? '–' : Number(row.trainingSeconds).toFixed(0)} | \`${row.trainingCommand}\` |`);
  }
  lines.push('');
}
if (existsSync('bench/results/classify.json')) {
  const classify = JSON.parse(readFileSync('bench/results/classify.json', 'utf8'));
  lines.push(
    `**The bundled models on the MNIST test set** (\`bench/classify.ts\`, ${String(classify.date).slice(0, 10)}; training from each manifest):`,
    '',
    '| model | accuracy, shortest real code | true-class bits/pixel (ideal) | classify seconds (× xz −9e, same run) | training seconds from scratch | training command |',
    '|---|---:|---:|---:|---:|---|',
  );
  // The models bundled before (kept in models/ by fingerprint), as their benchmark measured them.
  const previous = existsSync('bench/results/classify-previous-models.json') ? JSON.parse(readFileSync('bench/results/classify-previous-models.json', 'utf8')).results : [];
  for (const result of [...classify.results, ...previous.map((row: { model: string; fingerprint: string }) => ({ ...row, model: `${row.model} before (now ${row.model}-${row.fingerprint.slice(0, 8)})` }))]) {
    const seconds = result.trainingSecondsFromScratch ?? result.trainingSeconds;
    lines.push(`| ${result.model} | ${percent(result.accuracy)} | ${result.trueClassBitsPerPixel.ideal.toFixed(4)} | ${result.classifySeconds.toFixed(1)} (${result.classifySecondsOverXz}×) | ${Number(seconds).toFixed(0)} | \`${result.trainingCommand}\` |`);
  }
  lines.push('');
}
lines.push(END);
writeFileSync(path, doc.slice(0, from) + lines.join('\n') + doc.slice(to + END.length));
console.log(`${path} tables updated`);
