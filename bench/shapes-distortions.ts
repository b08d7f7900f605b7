/**
 * Does the recipe's augmentation by random affine distortions (`distortedCopies`), and by
 * elastic fields on top of them (`elasticRange`, `train --elastic`; --elastic here, default 1.5,4),
 * help on images that are not MNIST? A synthetic dataset whose class is a silhouette: the outline of a closed
 * shape (triangle, square, pentagon, hexagon, circle, five-pointed star), each drawn at a random
 * position, size, rotation and aspect, its vertices jittered, stroke 2 pixels wide, anti-aliased.
 * Nothing in the recipe was chosen on it. Trains binary models with the quick recipe without
 * distortions, with affine ones and with affine and elastic ones, on the same images and
 * classifies held-out ones by shortest real code. With --widths, also affine copies with other
 * widths of the pyramid's networks (H: every level; H/F: the coarse levels H units, the finest F),
 * to check the full recipe's width on data it was not chosen on (the quick recipe's own width is
 * 64, so its doubling stands for the full recipe's 128 → 256).
 * Writes bench/results/shapes-distortions.json.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/shapes-distortions.ts [--copies N] [--elastic RMS,SIGMA] [--widths H[/F],...] [--train N] [--test N]
 */
import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImageSet } from '../src/data/index.js';
import { packageRoot } from '../src/paths.js';
import { trainModel } from '../src/model/train/index.js';
import { recipeOptions } from '../src/model/train/recipe.js';
import { classifyImages } from '../src/classify/classify.js';
import { bends, NO_ELASTIC, parseElasticRange } from '../src/model/train/elastic.js';
import { defaultWorkerCount } from '../src/worker-threads.js';
import { shapes } from './shapes.js';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '4' }, elastic: { type: 'string', default: '1.5,4' }, widths: { type: 'string', default: '128,128/64' }, train: { type: 'string', default: '6000' }, test: { type: 'string', default: '2000' } } });
const train = shapes(Number(values.train), 1);
const test = shapes(Number(values.test), 2);
const recipe = recipeOptions('quick');
const workers = defaultWorkerCount();
const elastic = parseElasticRange(values.elastic);
const rows: Record<string, unknown>[] = [];
/** A width as --widths gives it: H (every level) or H/F (the finest level F). */
function parseWidth(text: string): { hiddenSize: number; finestHiddenSize?: number } {
  const [hidden, finest] = text.split('/').map(Number);
  if (!(Number.isInteger(hidden) && hidden > 0) || (finest !== undefined && !(Number.isInteger(finest) && finest > 0))) throw new Error(`--widths: expected H or H/F, found ${text}`);
  return { hiddenSize: hidden, finestHiddenSize: finest };
}
const recipeWidth = { hiddenSize: recipe.hiddenSize, finestHiddenSize: recipe.finestHiddenSize };
const settings = [
  { distortedCopies: 0, elasticRange: NO_ELASTIC, ...recipeWidth },
  { distortedCopies: Number(values.copies), elasticRange: NO_ELASTIC, ...recipeWidth },
  ...(bends(elastic) ? [{ distortedCopies: Number(values.copies), elasticRange: elastic, ...recipeWidth }] : []),
  ...(values.widths ? values.widths.split(',').map((width) => ({ distortedCopies: Number(values.copies), elasticRange: NO_ELASTIC, ...parseWidth(width) })) : []),
];
for (const { distortedCopies, elasticRange, hiddenSize, finestHiddenSize } of settings) {
  const result = await trainModel(train, { ...recipe, workers, pixelMode: 'binary', distortedCopies, elasticRange, hiddenSize, finestHiddenSize });
  const classified = await classifyImages(result.model, '', test, { workers: 1, by: 'real' });
  rows.push({ distortedCopies, elasticRange: bends(elasticRange) ? elasticRange : null, hiddenSize, finestHiddenSize: finestHiddenSize ?? hiddenSize, accuracy: classified.accuracy, trueClassBitsPerPixel: classified.trueClassIdealBitsPerPixel, trainingSeconds: result.seconds });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
const out = {
  benchmark: 'shapes-distortions',
  recipe: 'quick',
  dataset: `synthetic outlines of ${SHAPES.map((shape) => shape.name).join(', ')} (random position, size, rotation, aspect, jittered vertices)`,
  trainImages: train.count,
  testImages: test.count,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, workers },
  rows,
};
await mkdir(join(packageRoot(), 'bench/results'), { recursive: true });
await writeFile(join(packageRoot(), 'bench/results/shapes-distortions.json'), JSON.stringify(out, null, 2) + '\n');
