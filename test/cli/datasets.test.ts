import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { temporaryDirectory, writeDataset } from '../data/dataset-fixtures.js';

const dataRoot = temporaryDirectory('arcompress-datasets-');
test.after(() => dataRoot.remove());

test('datasets lists mnist (60000/10000, 28×28), a fetched dataset and an unfetched one', () => {
  mkdirSync(join(dataRoot.path, 'kmnist'));
  writeDataset(join(dataRoot.path, 'kmnist'), { height: 6, width: 10, gzipped: ['train-images-idx3-ubyte'] });
  const env = { ARCOMPRESS_DATA_DIR: dataRoot.path };
  const text = runCli(['datasets'], { env });
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /^mnist\s+60000\s+10000\s+28×28\s/m);
  assert.match(text.stdout, /^kmnist\s+12\s+4\s+6×10\s/m);
  assert.match(text.stdout, /^fashion-mnist\s.*not fetched — run arcompress fetch fashion-mnist/m);

  const json = runCli(['datasets', '--json'], { env });
  assert.is(json.status, 0, json.stderr);
  const summaries = JSON.parse(json.stdout) as { name: string; status: string; splits: { train: { count: number; height: number; width: number } } | null }[];
  assert.equal(summaries.map((summary) => [summary.name, summary.status]), [
    ['mnist', 'available'],
    ['fashion-mnist', 'not fetched'],
    ['kmnist', 'available'],
  ]);
  assert.equal(summaries[0].splits!.train, { count: 60000, height: 28, width: 28, gzipped: false });
  assert.equal(summaries[2].splits!.train, { count: 12, height: 6, width: 10, gzipped: true });
});

test.run();
