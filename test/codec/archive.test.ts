import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArchive, decodeArchiveImage, encodeArchive } from '../../src/codec/archive.js';
import { readContainer } from '../../src/codec/container.js';
import { RecordCoder } from '../../src/codec/image-record.js';
import { idxSource, pngSource } from '../../src/codec/source.js';
import { encodeIdx } from '../../src/data/index.js';
import { ArcError, ErrorCode, type ErrorCodeName } from '../../src/errors.js';
import { bilevelImages, syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';
import { encodeBest, encodeOne, shortestRecordClass } from '../helpers/records.js';
import { DecisionLog } from '../../src/codec/decision-log.js';

const SIZE = TINY_HEIGHT * TINY_WIDTH;

function idxOf(pixels: Uint8Array, count: number): Uint8Array {
  return encodeIdx([count, TINY_HEIGHT, TINY_WIDTH], pixels);
}

async function rejects(run: () => Promise<unknown>, code: ErrorCodeName, pattern?: RegExp): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, ArcError, String(error));
    assert.is((error as ArcError).code, code, (error as Error).message);
    if (pattern) assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('gray IDX round-trips byte for byte, header included', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(30, 21);
  const idx = idxOf(set.pixels, set.count);
  const { bytes, summary } = await encodeArchive(idxSource(idx, false, 'g.idx'), { model, modelName: 'tiny' });
  const decoded = await decodeArchive(bytes, 'g.arc', model);
  assert.equal(Buffer.compare(Buffer.from(decoded.restored), Buffer.from(idx)), 0);
  assert.is(summary.totalBytes, bytes.length);
  assert.is(summary.totalBytes, summary.headerBytes + summary.lengthTableBytes + summary.payloadBytes + summary.checksumBytes);
  assert.ok(summary.totalBytes < idx.length / 3, `${summary.totalBytes} bytes for ${idx.length}`);
});

test('real record bits stay within a few bits of the ideal code length', async () => {
  for (const mode of ['gray', 'binary'] as const) {
    const { model } = await tinyModel(mode);
    const set = mode === 'binary' ? bilevelImages(syntheticImages(40, 5)) : syntheticImages(40, 5);
    const coder = new RecordCoder(model);
    for (let i = 0; i < set.count; i++) {
      const record = encodeOne(coder, set.pixels.subarray(i * SIZE, (i + 1) * SIZE), i % model.classCount);
      const idealBits = record.imageIdealBits + record.classIndexBits;
      const realBits = record.bytes.length * 8;
      // The stream ends on whole bytes: at most one byte plus the coder's tiny rounding loss over.
      assert.ok(realBits <= idealBits + 8 + 0.01 * idealBits + 1, `${mode} image ${i}: ${realBits} real vs ${idealBits.toFixed(1)} ideal bits`);
    }
  }
});

test('best class is the shortest record (ties: smaller ideal, then lower index)', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(12, 8);
  const coder = new RecordCoder(model);
  for (let i = 0; i < set.count; i++) {
    const pixels = set.pixels.subarray(i * SIZE, (i + 1) * SIZE);
    const all = Array.from({ length: model.classCount }, (_, c) => encodeOne(coder, pixels, c));
    const expected = all.reduce((best, r) => (r.bytes.length < best.bytes.length || (r.bytes.length === best.bytes.length && r.imageIdealBits < best.imageIdealBits) ? r : best));
    const chosen = encodeBest(coder, pixels);
    assert.is(chosen.classIndex, expected.classIndex);
    assert.equal([...chosen.bytes], [...expected.bytes]);
  }
});

test('best class is the shortest record also when the class tried first (cheapest coarsest level) loses', async () => {
  for (const mode of ['gray', 'binary'] as const) {
    const { model } = await tinyModel(mode);
    const set = mode === 'binary' ? bilevelImages(syntheticImages(40, 31)) : syntheticImages(40, 31);
    const coder = new RecordCoder(model);
    const traversal = model.createTraversal();
    const log = new DecisionLog();
    let firstLoses = 0;
    for (let i = 0; i < set.count; i++) {
      const pixels = set.pixels.subarray(i * SIZE, (i + 1) * SIZE);
      const all = Array.from({ length: model.classCount }, (_, c) => encodeOne(coder, pixels, c));
      const winner = shortestRecordClass(all);
      // The class the encoder tries first: the cheapest coarsest level (ties: the lower index).
      log.clear();
      traversal.run(pixels, log);
      const coarsest = all.map((_, c) => {
        const scorer = model.createScorer(c);
        log.replay(scorer, 1);
        return scorer.codeLengthBits;
      });
      if (coarsest.indexOf(Math.min(...coarsest)) !== winner) firstLoses++;
      const chosen = encodeBest(coder, pixels);
      assert.is(chosen.classIndex, winner, `${mode} image ${i}`);
      assert.equal([...chosen.bytes], [...all[winner].bytes]);
    }
    assert.ok(firstLoses > 0, `${mode}: some image's first class must lose, to test that path (${firstLoses} of ${set.count})`);
  }
});

test('a record of several images: within one stream end of Σ −log2 q, and each class the cheapest', async () => {
  for (const mode of ['gray', 'binary'] as const) {
    const { model } = await tinyModel(mode);
    const set = mode === 'binary' ? bilevelImages(syntheticImages(12, 9)) : syntheticImages(12, 9);
    const coder = new RecordCoder(model);
    const record = coder.encodeRecord(set.pixels, set.count, null);
    const idealBits = record.images.reduce((sum, image) => sum + image.imageIdealBits + image.classIndexBits, 0);
    const streamBits = record.images.reduce((sum, image) => sum + image.streamBits, 0);
    // One stream end for all 12 images: the bytes are within a byte of the coder's information,
    // which is within its tiny rounding loss of the ideal length.
    assert.ok(Math.abs(record.bytes.length * 8 - streamBits) <= 8, `${mode}: ${record.bytes.length} bytes for ${streamBits} stream bits`);
    assert.ok(streamBits >= idealBits - 1e-6 && streamBits <= idealBits * 1.0001 + 1e-3, `${mode}: ${streamBits} stream bits, ${idealBits} ideal`);
    // Decoded binary values are the bits (decode maps them to the recorded levels).
    assert.equal([...coder.decodeRecord(record.bytes, set.count).pixels], [...set.pixels].map((v) => (mode === 'binary' ? (v ? 1 : 0) : v)));
    const chosen = record.images.map((image) => image.classIndex);
    for (let i = 0; i < set.count; i++) {
      // Image i under each class, after the images before it under their chosen classes.
      const prefix = set.pixels.subarray(0, (i + 1) * SIZE);
      const trials = Array.from({ length: model.classCount }, (_, c) => {
        const coded = coder.encodeRecord(prefix, i + 1, Int32Array.from([...chosen.slice(0, i), c]));
        return { c, bytes: coded.bytes.length, information: coded.images.reduce((sum, image) => sum + image.streamBits, 0), ideal: coded.images[i].imageIdealBits };
      });
      const last = i === set.count - 1;
      const key = (t: (typeof trials)[number]) => (last ? t.bytes : t.information);
      const best = trials.reduce((a, b) => (key(b) < key(a) - 1e-9 || (Math.abs(key(b) - key(a)) <= 1e-9 && b.ideal < a.ideal) ? b : a));
      const clear = trials.every((t) => t.c === best.c || key(t) > key(best) + 1e-9 || (last && key(t) === key(best)));
      if (clear || last) assert.is(chosen[i], best.c, `${mode} image ${i}: class ${chosen[i]}, expected ${best.c}`);
    }
  }
});

test('binary mode restores the two recorded levels: 0/1, 0/255, 3/200 and a single level', async () => {
  const { model } = await tinyModel('binary');
  const base = bilevelImages(syntheticImages(20, 3)).pixels;
  const variants: [string, Uint8Array][] = [
    ['0/255', base],
    ['0/1', base.map((v) => (v ? 1 : 0))],
    ['3/200', base.map((v) => (v ? 200 : 3))],
    ['all 9', base.map(() => 9)],
  ];
  for (const [name, pixels] of variants) {
    const idx = idxOf(pixels, 20);
    const { bytes } = await encodeArchive(idxSource(idx, false, name), { model, modelName: 'tiny' });
    const decoded = await decodeArchive(bytes, name, model);
    assert.equal(Buffer.compare(Buffer.from(decoded.restored), Buffer.from(idx)), 0, name);
  }
});

test('binary model refuses gray input unless binarized; binarized decode gives the thresholded images', async () => {
  const { model } = await tinyModel('binary');
  const set = syntheticImages(10, 4);
  const source = idxSource(idxOf(set.pixels, 10), false, 'gray.idx');
  await rejects(() => encodeArchive(source, { model, modelName: 'tiny' }), ErrorCode.ModelMismatch, /gray\.idx: .*bilevel.*distinct pixel values/);
  const { bytes } = await encodeArchive(source, { model, modelName: 'tiny', binarize: true });
  const decoded = await decodeArchive(bytes, 'b.arc', model);
  assert.ok(readContainer(bytes, 'b.arc').header.binarized);
  assert.equal([...decoded.pixels], [...set.pixels].map((v) => (v >= 128 ? 255 : 0)));
});

test('PNG sources keep names; labels choose the class', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(3, 6);
  const images = [0, 1, 2].map((i) => ({ name: `img${i}.png`, height: TINY_HEIGHT, width: TINY_WIDTH, pixels: set.pixels.slice(i * SIZE, (i + 1) * SIZE) }));
  const classIndices = Int32Array.of(2, 0, 1);
  const { bytes, summary } = await encodeArchive(pngSource(images, 'pngs'), { model, modelName: 'tiny', classIndices });
  assert.equal(summary.imagesPerClass, [1, 1, 1]);
  const container = readContainer(bytes, 'p.arc');
  assert.equal(container.header.input, { kind: 'png', names: ['img0.png', 'img1.png', 'img2.png'] });
  // Version 4: the three images are one record.
  assert.is(container.imagesPerRecord, 3);
  assert.equal([...new RecordCoder(model).decodeRecord(container.payload, 3).classIndices], [...classIndices]);
  for (let i = 0; i < 3; i++) assert.equal([...decodeArchiveImage(container, model, i)], [...images[i].pixels]);
});

test('one image decodes alone, from its offset', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(9, 13);
  const { bytes } = await encodeArchive(idxSource(idxOf(set.pixels, 9), false, 'x'), { model, modelName: 'tiny' });
  const container = readContainer(bytes, 'x.arc');
  for (const index of [8, 0, 4]) assert.equal([...decodeArchiveImage(container, model, index)], [...set.pixels.subarray(index * SIZE, (index + 1) * SIZE)]);
  assert.throws(() => decodeArchiveImage(container, model, 9), /images 0\.\.8/);
});

test('a different model, or images of another size, are refused with one line', async () => {
  const gray = await tinyModel('gray');
  const binary = await tinyModel('binary');
  const set = bilevelImages(syntheticImages(4, 1));
  const { bytes } = await encodeArchive(idxSource(idxOf(set.pixels, 4), false, 'x'), { model: gray.model, modelName: 'tiny' });
  await rejects(() => decodeArchive(bytes, 'x.arc', binary.model), ErrorCode.ModelMismatch, /x\.arc was made with model [0-9a-f]{8}…/);
  const wide = encodeIdx([2, TINY_HEIGHT, TINY_WIDTH + 1], new Uint8Array(2 * TINY_HEIGHT * (TINY_WIDTH + 1)));
  await rejects(() => encodeArchive(idxSource(wide, false, 'wide.idx'), { model: gray.model, modelName: 'tiny' }), ErrorCode.ModelMismatch, /wide\.idx has 12×11 images but the model codes 12×10/);
});

test('empty inputs are refused', () => {
  assert.throws(() => idxSource(new Uint8Array(0), false, 'empty'), /empty input/);
  assert.throws(() => idxSource(encodeIdx([0, TINY_HEIGHT, TINY_WIDTH], new Uint8Array(0)), false, 'none.idx'), /no images/);
  assert.throws(() => pngSource([], 'none'), /no input images/);
});

test.run();
