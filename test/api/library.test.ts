/**
 * The library's entries (src/index.ts core, src/node.ts Node layer): round trips with names and
 * chosen classes, code lengths that agree between the core (this thread) and the Node layer
 * (worker threads), and bad input as one ArcError with a code.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/index.js';
import { writeGrayPng } from '../../src/data/png.js';
import * as core from '../../src/index.js';
import * as node from '../../src/node.js';
import { ArcError } from '../../src/errors.js';
import { syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const work = mkdtempSync(join(tmpdir(), 'arcompress-library-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const set = syntheticImages(40, 91);
const images: core.Images = { count: set.count, height: TINY_HEIGHT, width: TINY_WIDTH, pixels: set.pixels };

async function models() {
  const { directory } = await tinyModel('gray');
  const fromDirectory = await node.loadModel(directory);
  const fromBytes = core.loadModel({ manifest: readFileSync(join(directory, 'manifest.json')), weights: readFileSync(join(directory, 'weights.bin')) });
  return { fromDirectory, fromBytes };
}

async function code(body: () => unknown): Promise<string> {
  try {
    await body();
  } catch (error) {
    assert.ok(error instanceof ArcError, String(error));
    return (error as ArcError).code;
  }
  return 'no error';
}

test('encode → decode is exact; names come back; the bytes do not depend on threads or on how the model was loaded', async () => {
  const { fromDirectory, fromBytes } = await models();
  const one = await core.encodeImages(images, fromBytes);
  const threaded = await node.encodeImages(images, fromDirectory, { workers: 2 });
  assert.ok(Buffer.from(one.bytes).equals(Buffer.from(threaded.bytes)));
  const decoded = await node.decodeArchive(one.bytes, fromDirectory, { workers: 2 });
  assert.ok(Buffer.from(decoded.pixels).equals(Buffer.from(set.pixels)));
  assert.is(decoded.names, undefined);
  assert.ok(Buffer.from(decoded.restored).equals(Buffer.from(encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], set.pixels))));

  const named = { ...images, count: 2, pixels: set.pixels.subarray(0, 2 * TINY_HEIGHT * TINY_WIDTH), names: ['a.png', 'b.png'] };
  const withLabels = await core.encodeImages(named, fromBytes, { classLabels: [set.labels![0], set.labels![0]] });
  const back = await core.decodeArchive(withLabels.bytes, fromBytes);
  assert.equal(back.names, ['a.png', 'b.png']);
  assert.ok(Buffer.from(back.pixels).equals(Buffer.from(named.pixels)));
  assert.is(withLabels.summary.imagesPerClass[fromBytes.model.info.classLabels.indexOf(set.labels![0])], 2);
});

test('codeLengths and classifyImages: the core and the Node layer (threads) agree, the prediction is the shortest real code', async () => {
  const { fromDirectory, fromBytes } = await models();
  const lengths = await core.codeLengths(images, fromBytes);
  assert.equal((await node.codeLengths(images, fromDirectory, { workers: 2 })).images, lengths.images);
  const classified = await node.classifyImages(images, fromDirectory, { workers: 2 });
  assert.equal(classified.images, (await core.classifyImages(images, fromBytes)).images);
  classified.images.forEach((row, i) => {
    assert.equal(row.realBits, lengths.images[i].realBits);
    const shortest = Math.min(...row.realBits);
    assert.is(row.realBits[classified.classLabels.indexOf(row.predicted)], shortest);
  });
  const byIdeal = await core.classifyImages(images, fromBytes, { by: 'ideal' });
  byIdeal.images.forEach((row) => assert.is(row.idealBits[byIdeal.classLabels.indexOf(row.predicted)], Math.min(...row.idealBits)));
});

test('readImages reads PNG files (with names) and IDX files alike', async () => {
  const size = TINY_HEIGHT * TINY_WIDTH;
  const paths = [0, 1].map((i) => {
    const path = join(work, `p${i}.png`);
    writeFileSync(path, writeGrayPng({ height: TINY_HEIGHT, width: TINY_WIDTH, pixels: set.pixels.slice(i * size, (i + 1) * size) }));
    return path;
  });
  const fromPng = await node.readImages(paths);
  assert.equal(fromPng.names, ['p0.png', 'p1.png']);
  assert.ok(Buffer.from(fromPng.pixels).equals(Buffer.from(set.pixels.subarray(0, 2 * size))));
  writeFileSync(join(work, 'all.idx'), encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], set.pixels));
  const fromIdx = await node.readImages([join(work, 'all.idx')]);
  assert.is(fromIdx.count, set.count);
  assert.is(fromIdx.names, undefined);
});

test('bad input throws one ArcError with a code', async () => {
  const { fromBytes, fromDirectory } = await models();
  assert.is(await code(() => core.encodeImages({ ...images, count: 41 }, fromBytes)), 'BadArgument');
  assert.is(await code(() => core.encodeImages({ ...images, names: ['only-one.png'] }, fromBytes)), 'BadArgument');
  assert.is(await code(() => core.encodeImages(images, fromBytes, { classLabels: [99, ...Array.from(set.labels!.subarray(1))] })), 'ModelMismatch');
  assert.is(await code(() => core.codeLengths({ count: 1, height: 28, width: 28, pixels: new Uint8Array(784) }, fromBytes)), 'ModelMismatch');
  assert.is(await code(async () => core.decodeArchive(new Uint8Array(10), fromBytes)), 'BadMagic');
  assert.is(await code(() => node.loadModel(join(work, 'no-such-model'))), 'NotFound');
  assert.is(await code(() => node.readImages([join(work, 'missing.png')])), 'NotFound');
  const { bytes } = await core.encodeImages(images, fromDirectory);
  bytes[bytes.length - 40] ^= 1;
  assert.is.not(await code(() => core.decodeArchive(bytes, fromBytes)), 'no error');
});

test.run();
