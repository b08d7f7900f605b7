/**
 * Determinism: the same input gives the same .arc bytes whatever the number of worker threads,
 * in this process or in another one, and a file decodes to the original in a separate process
 * with any number of workers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArchive, encodeArchive } from '../../src/codec/archive.js';
import { idxSource } from '../../src/codec/source.js';
import { RECORD_IMAGES } from '../../src/codec/archive.js';
import { encodeIdx } from '../../src/data/index.js';
import { runCli } from '../helpers/cli.js';
import { bilevelImages, syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const work = mkdtempSync(join(tmpdir(), 'arcompress-determinism-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

for (const mode of ['gray', 'binary'] as const) {
  test(`${mode}: identical bytes for 1, 2 and 3 workers, in this process and in others`, async () => {
    const { model, directory } = await tinyModel(mode);
    // Three records of the default size (the last one 8 images), so threads share records out.
    const images = syntheticImages(2 * RECORD_IMAGES + 8, mode === 'gray' ? 41 : 42);
    const set = mode === 'binary' ? bilevelImages(images) : images;
    const idx = encodeIdx([set.count, TINY_HEIGHT, TINY_WIDTH], set.pixels);
    const idxPath = join(work, `${mode}.idx`);
    writeFileSync(idxPath, idx);
    const source = idxSource(idx, false, idxPath);

    const single = await encodeArchive(source, { model, modelName: 'tiny', workers: 1 });
    const parallel = await encodeArchive(source, { model, modelName: 'tiny', modelDirectory: directory, workers: 2 });
    assert.ok(same(single.bytes, parallel.bytes), 'in-process: 1 vs 2 workers');
    const small = await encodeArchive(source, { model, modelName: 'tiny', workers: 1, imagesPerRecord: 7 });
    for (const workers of [2, 3]) {
      const shared = await encodeArchive(source, { model, modelName: 'tiny', modelDirectory: directory, workers, imagesPerRecord: 7 });
      assert.ok(same(small.bytes, shared.bytes), `in-process, 7 images a record: 1 vs ${workers} workers`);
      assert.ok(same((await decodeArchive(small.bytes, 's.arc', model, { modelDirectory: directory, workers })).restored, idx), `7 images a record, decoded by ${workers} workers`);
    }

    const arcPath = join(work, `${mode}.arc`);
    const encoded = runCli(['encode', idxPath, '-o', arcPath, '--model', directory, '--workers', '3']);
    assert.is(encoded.status, 0, encoded.stderr);
    assert.ok(same(readFileSync(arcPath), single.bytes), 'encoded in a child process with 3 workers');

    const restoredPath = join(work, `${mode}-restored.idx`);
    const restored = runCli(['decode', arcPath, '-o', restoredPath, '--model', directory, '--workers', '2']);
    assert.is(restored.status, 0, restored.stderr);
    assert.ok(same(readFileSync(restoredPath), idx), 'decoded in a child process with 2 workers');
    const decoded = await decodeArchive(single.bytes, 'x.arc', model, { modelDirectory: directory, workers: 3 });
    assert.ok(same(decoded.restored, idx));
  });
}

test.run();
