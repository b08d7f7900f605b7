/**
 * Puts the ablation tables (bench/results/ablation.json from bench/ablation.ts, validation-*.json
 * from bench/validation.ts, levers-*.json from bench/levers.ts, depth.json and depth-refinement.json from bench/depth.ts, training-step.json from bench/training-step.ts, class-input-pyramid.json from bench/class-input-pyramid.ts, model-mixture*.json from bench/model-mixture.ts, accuracy-levers.json from bench/accuracy-levers.ts,
 * level-evidence.json from bench/level-evidence.ts, shapes-distortions.json from bench/shapes-distortions.ts, coarsest-context.json from bench/coarsest-context.ts,
 * context-mixing.json from bench/context-mixing.ts, adaptive-map.json from bench/adaptive-map.ts, arithmetic.json from bench/arithmetic.ts) and the bundled models' figures (bench/results/classify.json and codec.json, and the manifests' training
 * records) into docs/MODELS.md between `<!-- ablation:start -->` and `<!-- ablation:end -->`.
 * No figure is typed by hand.
 *
 *   node --import tsx bench/models-docs.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TRAIN_OPTIONS } from '../src/model/train/options.js';

const START = '<!-- ablation:start -->';
const END = '<!-- ablation:end -->';
const path = 'docs/MODELS.md';
const doc = readFileSync(path, 'utf8');
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < from) throw new Error(`${path} has no ${START} … ${END} section`);

/**
 * Where a model a benchmark measured lives now: bundled models move to `<directory>-<fingerprint
 * prefix>` when they are replaced, and a model trained outside models/ may be bundled since, so a
 * row names the directory that holds those weights today.
 */
const fingerprintOfDirectory = new Map<string, string | undefined>();
function fingerprintIn(directory: string): string | undefined {
  if (!fingerprintOfDirectory.has(directory)) {
    const manifest = join(directory, 'manifest.json');
    fingerprintOfDirectory.set(directory, existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).fingerprint : undefined);
  }
  return fingerprintOfDirectory.get(directory);
}
function whereNow(directory: string, fingerprint: string): string {
  const moved = `${directory}-${fingerprint.slice(0, 8)}`;
  if (fingerprintIn(directory) !== fingerprint && fingerprintIn(moved) === fingerprint) return moved;
  // A model trained outside the repository (e.g. under .cache/) that is bundled now.
  if (!directory.startsWith('models/')) {
    const bundled = readdirSync('models').map((name) => `models/${name}`).find((candidate) => fingerprintIn(candidate) === fingerprint);
    if (bundled) return bundled;
  }
  return directory;
}

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
if (existsSync('bench/results/shapes-distortions.json')) {
  const run = JSON.parse(readFileSync('bench/results/shapes-distortions.json', 'utf8'));
  lines.push(
    `**Distortions on images that are not digits** (\`bench/shapes-distortions.ts\`, ${run.recipe} recipe, ${run.machine.cpu}, ${String(run.date).slice(0, 10)}): ${run.dataset}; ${run.trainImages} training images (the ${run.recipe} recipe uses at most 600 per class) and ${run.testImages} test images, binary models.`,
    '',
    '| distorted copies per training image | elastic fields (rms, sigma in pixels) | hidden units (coarse levels / finest) | test accuracy (shortest real code) | true-class bits/pixel (ideal) | training seconds |',
    '|---:|---|---|---:|---:|---:|',
  );
  const width = (row: { hiddenSize: number; finestHiddenSize: number }) => `${row.hiddenSize} / ${row.finestHiddenSize}`;
  for (const row of run.rows) lines.push(`| ${row.distortedCopies} | ${row.elasticRange ? `${row.elasticRange.rmsPixels}, ${row.elasticRange.sigmaPixels}` : 'none'} | ${width(row)} | ${percent(row.accuracy)} | ${row.trueClassBitsPerPixel.toFixed(4)} | ${row.trainingSeconds.toFixed(0)} |`);
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
    lines.push(`| ${whereNow(row.model, String(row.fingerprint))} (${String(row.fingerprint).slice(0, 8)}) | ${row.hiddenSize ?? '–'} | ${row.validationBitsPerPixel.toFixed(4)} | ${percent(row.validationAccuracy)} | ${row.scoringSeconds.toFixed(1)} | ${row.trainingSeconds === null ? '–' : Number(row.trainingSeconds).toFixed(0)} | \`${row.trainingCommand}\` |`);
  }
  lines.push('');
}
for (const file of readdirSync('bench/results').filter((name) => /^levers-.+\.json$/.test(name)).sort()) {
  const run = JSON.parse(readFileSync(join('bench/results', file), 'utf8'));
  const { machine } = run;
  const donor = run.levelsFrom ? `, the gray refinement only (one network shared by these classes) on the pyramid of ${whereNow(run.levelsFrom.directory, String(run.levelsFrom.fingerprint))} (${String(run.levelsFrom.fingerprint).slice(0, 8)})` : '';
  lines.push(
    `**Full scale, ${run.name}** (\`bench/levers.ts --name ${run.name}\`, ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${String(run.date).slice(0, 10)}): the full recipe's generative phase on classes ${run.classes.join(', ')} of ${run.dataset} alone${donor}; validation bits/pixel per class on the recipe's held-out split (never the test set). Settings are changes to the recipe as it was then (${run.recipe.maxEpochs} epochs${run.recipe.refineMaxEpochs ? `, ${run.recipe.refineMaxEpochs} for the refinement` : ''}, patience ${run.recipe.patience ?? DEFAULT_TRAIN_OPTIONS.patience}, ${run.recipe.rowsPerEpoch} rows per epoch${run.recipe.refineRowsPerEpoch ? ` (${run.recipe.refineRowsPerEpoch} per class for the refinement)` : ''}, ${run.recipe.hiddenSize} hidden units, global context '${run.recipe.globalContext}').`,
    '',
    `| setting | ${run.classes.map((label: number) => `class ${label}`).join(' | ')} | pooled | change | training seconds |`,
    `|---|${run.classes.map(() => '---:').join('|')}|---:|---:|---:|`,
  );
  const reference = run.rows[0].validationBitsPerPixel;
  for (const row of run.rows) {
    const change = row === run.rows[0] ? '–' : `${(100 * (row.validationBitsPerPixel / reference - 1)).toFixed(1)}%`;
    lines.push(`| ${row.setting} | ${run.classes.map((label: number) => row.validationBitsPerPixelByClass[label].toFixed(4)).join(' | ')} | ${row.validationBitsPerPixel.toFixed(4)} | ${change} | ${row.trainingSeconds.toFixed(0)} |`);
  }
  lines.push('');
}
for (const file of ['bench/results/depth.json', 'bench/results/depth-refinement.json'].filter((name) => existsSync(name))) {
  const run = JSON.parse(readFileSync(file, 'utf8'));
  const refinement = run.role === 'refine';
  const network = refinement ? `the gray refinement of class ${run.label} alone (254 heads, trained on that class's images)` : `the network of pyramid level ${run.level} of class ${run.label} alone`;
  lines.push(
    `**A second hidden layer${refinement ? ', the gray refinement' : ''}** (\`bench/depth.ts${refinement ? ` --pixels gray --stage ${run.stage}` : ''}\`, ${run.machine.cpu}, ${run.machine.cores} cores, ${String(run.date).slice(0, 10)}): ${network}, trained in TensorFlow.js (float32), ${run.epochs} epochs of ≤ ${run.rowsPerEpoch} of its ${run.trainRows} rows (Adam 3·10⁻³ → 5·10⁻⁴); held-out cross-entropy on the ${run.validationDecisions ?? run.validationRows} decisions of the class's ${run.validationImages} validation images (an estimate of the ideal code length: no exact evaluator of two layers exists yet).`,
    '',
    `| hidden layers | validation bits/decision | ${refinement ? 'refinement' : 'level'} bits per image pixel | change | training seconds |`,
    '|---|---:|---:|---:|---:|',
  );
  const reference = run.rows[0].validationBitsPerDecision;
  for (const row of run.rows) {
    const change = row === run.rows[0] ? '–' : `${(100 * (row.validationBitsPerDecision / reference - 1)).toFixed(1)}%`;
    lines.push(`| ${row.hidden.join(' → ')} | ${row.validationBitsPerDecision.toFixed(4)} | ${row.validationBitsPerPixel.toFixed(4)} | ${change} | ${row.trainingSeconds.toFixed(0)} |`);
  }
  lines.push('');
}
if (existsSync('bench/results/class-input-pyramid.json')) {
  const run = JSON.parse(readFileSync('bench/results/class-input-pyramid.json', 'utf8'));
  lines.push(
    `**One pyramid for every class, the class as inputs** (\`bench/class-input-pyramid.ts\`, ${run.machine.cpu}, ${run.machine.cores} cores, node ${run.machine.node}, ${String(run.date).slice(0, 10)}): binary, generative only, ${run.hiddenSize} hidden units, ${run.maxEpochs} epochs of ≤ ${run.rowsPerEpochPerClass} rows per class per network; the ${run.validationImages} images the recipe's split holds out (never the test set).`,
    '',
    '| pyramid | validation bits/pixel | validation accuracy (shortest ideal code) | training seconds | threads |',
    '|---|---:|---:|---:|---:|',
  );
  const label = (pyramid: string) => (pyramid === 'per-class' ? 'a network per level per class, as the recipe has' : 'a network per level for every class, class one-hot inputs folded into per-class hidden biases');
  for (const row of run.rows) lines.push(`| ${label(row.pyramid)} | ${row.validationBitsPerPixel.toFixed(4)} | ${percent(row.validationAccuracy)} | ${row.trainingSeconds.toFixed(0)} | ${row.threads} |`);
  lines.push('');
}
for (const file of readdirSync('bench/results').filter((name) => /^model-mixture(-[\w-]+)?\.json$/.test(name)).sort((a, b) => Number(a !== 'model-mixture.json') - Number(b !== 'model-mixture.json') || Number(a.endsWith('-test.json')) - Number(b.endsWith('-test.json')) || (a < b ? -1 : a > b ? 1 : 0))) {
  const run = JSON.parse(readFileSync(`bench/results/${file}`, 'utf8'));
  const name = (row: { model: string; fingerprint: string }) => `${whereNow(row.model, row.fingerprint)} (${row.fingerprint.slice(0, 8)})`;
  const averaged = run.pairs.some((row: { logitAverage?: unknown }) => row.logitAverage);
  lines.push(
    `**Two models mixed per class** (\`bench/model-mixture.ts${file === 'model-mixture.json' ? '' : ` --name ${file.slice('model-mixture-'.length, -'.json'.length)}`}\`, ${run.machine.cpu}, ${String(run.date).slice(0, 10)}): each class coded by the Bayesian mixture of two trained models' class models (equal prior weights; the image costs −log2(½·2^−L1 + ½·2^−L2) bits, between the shorter code and 1 bit more)${averaged ? ', and by their logit average (one network per level holding both hidden layers side by side, each head halved: twice the width, an ordinary model; scoring seconds from the same run)' : ''}; ideal code lengths on ${run.split === 'test' ? `the ${run.validationImages} MNIST test images (measured after the validation run above judged the lever, for the bars, which are on the test set; nothing was chosen by it)` : `the ${run.validationImages} images the recipe's split holds out (never the test set)`}.`,
    '',
    averaged ? `| models | ${run.split === 'test' ? 'test' : 'validation'} accuracy (shortest ideal code) | true-class bits/pixel | logit average: accuracy | logit average: bits/pixel | scoring seconds |` : '| models | validation accuracy (shortest ideal code) | true-class bits/pixel |',
    averaged ? '|---|---:|---:|---:|---:|---:|' : '|---|---:|---:|',
  );
  const fingerprintOf = new Map(run.alone.map((row: { model: string; fingerprint: string }) => [row.model, row.fingerprint]));
  const seconds = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));
  for (const row of run.alone) lines.push(`| ${name(row)} alone | ${percent(row.accuracy)} | ${row.trueClassBitsPerPixel.toFixed(4)} |${averaged ? ` – | – | ${seconds(row.scoringSeconds)} |` : ''}`);
  for (const row of run.pairs) {
    const average = row.logitAverage ? ` ${percent(row.logitAverage.accuracy)} | ${row.logitAverage.trueClassBitsPerPixel.toFixed(4)} | ${seconds(row.logitAverage.scoringSeconds)} |` : ' – | – | – |';
    lines.push(`| ${row.models.map((model: string) => name({ model, fingerprint: String(fingerprintOf.get(model)) })).join(' + ')} | ${percent(row.accuracy)} | ${row.trueClassBitsPerPixel.toFixed(4)} |${averaged ? average : ''}`);
  }
  lines.push('');
}
if (existsSync('bench/results/accuracy-levers.json')) {
  const run = JSON.parse(readFileSync('bench/results/accuracy-levers.json', 'utf8'));
  const prior = run.classPrior;
  lines.push(
    `**Accuracy without a new network** (\`bench/accuracy-levers.ts\`, ${run.machine.cpu}, ${String(run.date).slice(0, 10)}): ${whereNow(run.model, run.fingerprint)} (${String(run.fingerprint).slice(0, 8)}, ${run.pixelMode}), all ${run.validationImages} images the recipe's split holds out (never the test set), accuracy by the shortest ideal code. A class prior fitted by maximum likelihood (cross-fitted: on each half of the validation images, measured on the other): ${percent(prior.priorAccuracy)} against ${percent(prior.uniformAccuracy)} with the uniform class code. ${run.fineTuning.epochs} more epochs of the recipe's fine-tuning from the model (Adam ${run.fineTuning.learningRate}, the ${run.fineTuning.imagesPerEpoch} hardest of a pool of ${run.fineTuning.poolImages} per epoch), validation accuracy after each epoch (epoch 0: the model as it is):`,
    '',
    `| pool drawn from | ${Array.from({ length: run.fineTuning.epochs + 1 }, (_, e) => `epoch ${e}`).join(' | ')} | seconds |`,
    `|---|${'---:|'.repeat(run.fineTuning.epochs + 1)}---:|`,
  );
  for (const row of run.fineTuning.runs) lines.push(`| ${row.pool} | ${row.validationAccuracyByEpoch.map(percent).join(' | ')} | ${row.seconds.toFixed(0)} |`);
  lines.push('');
}
if (existsSync('bench/results/level-evidence.json')) {
  const run = JSON.parse(readFileSync('bench/results/level-evidence.json', 'utf8'));
  lines.push(
    `**Where the class evidence lives** (\`bench/level-evidence.ts\`, ${run.machine.cpu}, ${String(run.date).slice(0, 10)}): ${whereNow(run.model, run.fingerprint)} (${String(run.fingerprint).slice(0, 8)}, ${run.pixelMode}), ideal code lengths stage by stage under every class on the ${run.validationImages} images the recipe's split holds out (never the test set): ${percent(run.accuracy)} by the whole code, ${run.errors} images wrong, ${run.bitsPerPixel.toFixed(4)} true-class bits/pixel. "Up to this stage" counts the stages coded before it too (coarse to fine); the last column is the mean, over the wrong images, of the stage's true-class bits less the winning class's.`,
    '',
    '| stage | true-class bits per image | decisions per image | accuracy, this stage alone | accuracy, up to this stage | bits to the winner, wrong images |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const row of run.stages) {
    lines.push(`| ${row.stage} | ${row.trueClassBitsPerImage.toFixed(2)} | ${row.trueClassDecisionsPerImage.toFixed(1)} | ${percent(row.accuracyThisStageAlone)} | ${percent(row.accuracyUpToThisStage)} | ${row.bitsToWinnerOnErrors.toFixed(2)} |`);
  }
  lines.push('');
}
if (existsSync('bench/results/coarsest-context.json')) {
  const run = JSON.parse(readFileSync('bench/results/coarsest-context.json', 'utf8'));
  lines.push(
    `**What the coarsest level sees** (\`bench/coarsest-context.ts\`, ${run.machine.cpu}, ${String(run.date).slice(0, 10)}): the coarsest level (${run.level}) of every class trained alone in TensorFlow.js (float32), ${run.epochs} epochs, Adam 3·10⁻³ → 5·10⁻⁴; the ${run.validationImages} images the recipe's split holds out (never the test set) scored by that level alone under every class (tfjs cross-entropy: an estimate of the ideal code length). \`window\`: the model's features (a causal window of 3 rows above, ±3 columns, 3 to the left, and the position); \`past\`: every pixel of the level already coded, and the position.`,
    '',
    '| setting | inputs | hidden units | validation accuracy, this level alone | true-class bits per image, this level | training seconds |',
    '|---|---:|---|---:|---:|---:|',
  );
  for (const row of run.rows) {
    lines.push(`| ${row.setting} | ${row.inputSize} | ${row.hidden.join(' → ')} | ${percent(row.validationAccuracy)} | ${row.trueClassBitsPerImage.toFixed(2)} | ${row.trainingSeconds.toFixed(0)} |`);
  }
  lines.push('');
}
if (existsSync('bench/results/context-mixing.json')) {
  const run = JSON.parse(readFileSync('bench/results/context-mixing.json', 'utf8'));
  lines.push(
    `**Mixing the network with context counts** (\`bench/context-mixing.ts\`, ${run.machine.cpu}, ${String(run.date).slice(0, 10)}): ${whereNow(run.model, String(run.fingerprint))} (${String(run.fingerprint).slice(0, 8)}); per class, counts of ones and zeros in ${run.contextPixels.length} causal contexts (${run.contextPixels.join(', ')} pixels; the last with the position) from all its training images, and a logistic mixer of stretch(p) over the network and the counts (${run.mixerWeightSets} weight sets, chosen by level, the fullest context's count and the network's confidence), fitted on ${run.mixerDecisions} decisions of ${run.mixerImagesPerClass} training images per class with their own counts left out; ${run.validationImages} validation images (floats: ideal code length).`,
    '',
    '| predictor | validation bits/pixel | validation accuracy (shortest ideal code) |',
    '|---|---:|---:|',
    `| network alone | ${run.network.bitsPerPixel.toFixed(4)} | ${percent(run.network.accuracy)} |`,
    `| network mixed with the counts | ${run.mixed.bitsPerPixel.toFixed(4)} (${(100 * (run.mixed.bitsPerPixel / run.network.bitsPerPixel - 1)).toFixed(1)}%) | ${percent(run.mixed.accuracy)} |`,
    '',
  );
}
if (existsSync('bench/results/adaptive-map.json')) {
  const run = JSON.parse(readFileSync('bench/results/adaptive-map.json', 'utf8'));
  const datasets = [...new Set(run.rows.map((row: { dataset: string }) => row.dataset))] as string[];
  const maps = [...new Set(run.rows.map((row: { map: string }) => row.map))] as string[];
  const chosen = `${run.newModelMap.rateShift}/${run.newModelMap.mixSixteenths}`;
  lines.push(
    `**The gray refinement's adaptive map** (\`bench/adaptive-map.ts\`, ${run.machine.cpu}, node ${run.machine.node}, ${String(run.date).slice(0, 10)}): ideal bits/pixel Σ −log2 q of the same networks with no map and with maps of rate 2^−rateShift and weight mix/16 against the network, each mixed with the network by their code lengths so far (\`src/model/adaptive-map.ts\`); MNIST on its validation images, shapes and noisy shapes (\`bench/shapes.ts\`, nothing chosen on them) on held-out images of quick-recipe models trained without a map. New models get ${chosen} (bold).`,
    '',
    `| map (rateShift/mix) | ${datasets.join(' | ')} |`,
    `|---|${datasets.map(() => '---:').join('|')}|`,
  );
  for (const map of maps) {
    const cells = datasets.map((dataset) => {
      const row = run.rows.find((r: { dataset: string; map: string }) => r.dataset === dataset && r.map === map);
      return map === 'none' ? row.bitsPerPixel.toFixed(4) : `${row.bitsPerPixel.toFixed(4)} (${row.changePercent >= 0 ? '+' : ''}${row.changePercent.toFixed(2)}%)`;
    });
    lines.push(map === chosen ? `| **${map}** | ${cells.map((cell) => `**${cell}**`).join(' | ')} |` : `| ${map} | ${cells.join(' | ')} |`);
  }
  lines.push('');
}
if (existsSync('bench/results/training-step.json')) {
  const run = JSON.parse(readFileSync('bench/results/training-step.json', 'utf8'));
  const ms = (seconds: number) => (seconds * 1000).toFixed(2);
  lines.push(
    `**A training step, tfjs's products and ours** (\`bench/training-step.ts\`, ${run.machine.cpu}, ${run.machine.cores} cores, node ${run.machine.node}, tfjs backend ${run.machine.backend}, ${String(run.date).slice(0, 10)}): ${run.method}. MNIST's shapes (gray mode); "ours" is \`src/model/train/products.ts\`, which the training code uses.`,
    '',
    '| network | ms per step, tfjs products | ms per step, ours | ours / tfjs |',
    '|---|---:|---:|---:|',
  );
  for (const row of run.rows) lines.push(`| ${row.network} | ${ms(row.secondsPerStep.tfjs)} | ${ms(row.secondsPerStep.ours)} | ${row.oursOverTfjs.toFixed(3)} |`);
  lines.push('');
}
if (existsSync('bench/results/arithmetic.json')) {
  const run = JSON.parse(readFileSync('bench/results/arithmetic.json', 'utf8'));
  lines.push(
    `**float64 and float32 arithmetic, the same weights** (\`bench/arithmetic.ts\`, ${run.machine.cpu}, ${run.machine.cores} cores, node ${run.machine.node}, ${String(run.date).slice(0, 10)}): MNIST test images scored under every class on one thread as \`classify\` scores them; the two arithmetics in alternation, the fastest of ${run.rounds} rounds each.`,
    '',
    '| weights of | images | seconds, float64 | seconds, float32 | float32 / float64 time | accuracy, float64 / float32 | true-class bits/pixel, float64 / float32 | images whose class changes |',
    '|---|---:|---:|---:|---:|---|---|---:|',
  );
  for (const row of run.rows) {
    lines.push(`| ${whereNow(row.model, String(row.fingerprint))} (${String(row.fingerprint).slice(0, 8)}, ${row.pixelMode}) | ${row.images} | ${row.float64.fastestSeconds.toFixed(1)} | ${row.float32.fastestSeconds.toFixed(1)} | ${row.float32OverFloat64Time.toFixed(2)} | ${percent(row.float64.accuracy)} / ${percent(row.float32.accuracy)} | ${row.float64.trueClassBitsPerPixel.toFixed(6)} / ${row.float32.trueClassBitsPerPixel.toFixed(6)} | ${row.imagesWithAnotherPrediction} |`);
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
  for (const result of [...classify.results, ...previous.map((row: { model: string; fingerprint: string }) => ({ ...row, model: `${row.model} before (now ${whereNow(row.model, row.fingerprint)})` }))]) {
    const seconds = result.trainingSecondsFromScratch ?? result.trainingSeconds;
    lines.push(`| ${result.model} | ${percent(result.accuracy)} | ${result.trueClassBitsPerPixel.ideal.toFixed(4)} | ${result.classifySeconds.toFixed(1)} (${result.classifySecondsOverXz}×) | ${Number(seconds).toFixed(0)} | \`${result.trainingCommand}\` |`);
  }
  lines.push('');
}
lines.push(END);
writeFileSync(path, doc.slice(0, from) + lines.join('\n') + doc.slice(to + END.length));
console.log(`${path} tables updated`);
