/** `arcompress zip-classify` run as a user would: a small dataset with a known answer, and bad flags. */
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isOneLine, runCli } from '../helpers/cli.js';
import { textureDataset, writeIdxDataset } from '../baseline/synthetic-images.js';

const { train, test: testSet } = textureDataset(30, 12);
const directory = writeIdxDataset(train, testSet);

test.after(() => rmSync(directory, { recursive: true, force: true }));

test('--json: every texture image classified right, with the report as data', () => {
  const result = runCli(['zip-classify', '--dataset', directory, '--level', '9', '--window-bits', '-10', '--json']);
  assert.is(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout);
  assert.is(output.accuracy, 1);
  assert.is(output.testImages, 12);
  assert.is(output.compressors, 3);
  assert.equal(output.settings, { level: 9, windowBits: -10, binarize: false, chunkImages: null, combine: 'logsumexp' });
  assert.equal(output.report.confusion, [[4, 0, 0], [0, 4, 0], [0, 0, 4]]);
  assert.is(output.report.classes.length, 3);
});

test('--workers sets the thread count, and its old name --threads still does; the result does not depend on it', () => {
  const run = (flags: string[]) => {
    const result = runCli(['zip-classify', '--dataset', directory, '--level', '9', '--json', ...flags]);
    assert.is(result.status, 0, result.stderr);
    const { seconds: _seconds, ...rest } = JSON.parse(result.stdout);
    return rest;
  };
  const one = run(['--workers', '1']);
  assert.equal(run(['--workers', '2']), one);
  assert.equal(run(['--threads', '2']), one);
});

test('text: the classification report and the confusion matrix; --chunk, --combine and --limit apply', () => {
  const result = runCli(['zip-classify', '--dataset', directory, '--binarize', '--level', '9', '--window-bits', '-10', '--chunk', '4', '--combine', 'mean', '--limit', '6']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /precision\s+recall\s+f1-score\s+support/);
  assert.match(result.stdout, /accuracy\s+1\.00\s+6/);
  assert.match(result.stdout, /true \\ predicted/);
  assert.match(result.stderr, /chunks of 4 images \(9 compressors\), mean/);
});

for (const [flags, pattern] of [
  [['--chunk', '0'], /--chunk.*≥ 1.*0/],
  [['--combine', 'median'], /--combine.*logsumexp, mean.*median/],
  [['--level', '0'], /--level.*between 1 and 9/],
  [['--window-bits', '8'], /--window-bits.*9\.\.15/],
  [['--limit', 'many'], /--limit.*integer/],
] as const) {
  test(`bad flag ${flags.join(' ')}: one line on stderr, exit code 1`, () => {
    const result = runCli(['zip-classify', '--dataset', directory, ...flags]);
    assert.is(result.status, 1);
    assert.ok(isOneLine(result.stderr), result.stderr);
    assert.match(result.stderr, pattern);
    assert.is(result.stdout, '');
  });
}

test('a missing dataset: one line naming it, exit code 1', () => {
  const result = runCli(['zip-classify', '--dataset', `${directory}/no-such-dir`]);
  assert.is(result.status, 1);
  assert.ok(isOneLine(result.stderr), result.stderr);
  assert.match(result.stderr, /no-such-dir/);
});

test.run();
