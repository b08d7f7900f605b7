/**
 * Puts the results of `arcompress report` (docs/results/report.json) into README.md, between the
 * `<!-- results:start -->` and `<!-- results:end -->` markers: the main tables, formatted by the
 * same code that writes report.md, and the pictures. No figure is typed by hand.
 *
 *   node --import tsx bench/readme-results.ts [RESULTS_DIR]     (default docs/results)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classificationTable, externalTable, mainTable } from '../src/report/markdown.js';
import type { ReportData } from '../src/report/report-schema.js';

const directory = process.argv[2] ?? 'docs/results';
const data: ReportData = JSON.parse(readFileSync(join(directory, 'report.json'), 'utf8'));
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';
const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} section`);

const env = data.environment;
const zipImages = data.zip[0]?.images;
const section = [
  START,
  `Measured by \`npm run report:mnist\` (\`arcompress report --dataset mnist --out ${directory}\`) on ${data.dataset} ${data.split}, ` +
    `${data.images} images, on ${env.cpu} with ${env.cores} cores (${env.workers} workers), node ${env.node}, ${env.date.slice(0, 10)}. ` +
    `The full report, with per-class tables and classification reports, is [${directory}/report.md](${directory}/report.md).`,
  '',
  mainTable(data),
  '',
  'The external programs (one thread; the image codecs code the split tiled as one picture, see report.md):',
  '',
  externalTable(data),
  '',
  classificationTable(data) + (zipImages !== undefined && zipImages < data.images ? `\n\nThe zip classifiers ran on the first ${zipImages} images (\`--zip-limit\`); their full-test-set figures are in bench/results/zip-classify.json.` : ''),
  '',
  `![confusion matrices](${directory}/confusion.png)`,
  '',
  `![bits per pixel per class, 8-bit](${directory}/bits-per-class-8-bit.png)`,
  '',
  `![where the bits go](${directory}/where-bits-go-gray.png)`,
  '',
  `![samples from the gray class models](${directory}/samples-gray.png)`,
  END,
].join('\n');
writeFileSync('README.md', readme.slice(0, from) + section + readme.slice(to + END.length));
process.stderr.write(`README.md: results from ${join(directory, 'report.json')}\n`);
