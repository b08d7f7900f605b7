/**
 * Fuzz: valid .arc files, mutated (bit flips, byte changes, truncations, insertions, deletions),
 * then decoded in-process. Every case must end in an ArcError or in the exact original: never
 * another exception, never different data. Half the cases re-seal the file (version 2: fix the
 * stated length and the trailing SHA-256; versions 3–4: fix the CRC-32 of the file and recompute
 * the final CRC-32 over the ORIGINAL restored data, as a forger who knows them would) so that the
 * mutation reaches the parser and the range decoder, where only the check of the restored data
 * stands between damage and wrong pixels. Compact (version 3–4) single-image files have no check
 * of their own bytes at all, so every mutation of them reaches the decoder.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArchive, decodeArchiveImage, encodeArchive } from '../../src/codec/archive.js';
import { readContainer, sha256 } from '../../src/codec/container.js';
import { crc32 } from '../../src/crc32.js';
import { idxSource, pngSource } from '../../src/codec/source.js';
import { encodeIdx } from '../../src/data/index.js';
import { ArcError } from '../../src/errors.js';
import type { ArModel } from '../../src/model/ar-model.js';
import { SeededRandom } from '../../src/random.js';
import { bilevelImages, syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const CASES_PER_FILE = 300;

function mutate(bytes: Uint8Array, random: SeededRandom): Uint8Array {
  const kind = random.nextInt(5);
  const position = random.nextInt(bytes.length);
  switch (kind) {
    case 0: {
      const out = bytes.slice();
      out[position] ^= 1 << random.nextInt(8);
      return out;
    }
    case 1: {
      const out = bytes.slice();
      out[position] = random.nextInt(256);
      return out;
    }
    case 2:
      return bytes.slice(0, position);
    case 3: {
      const inserted = Uint8Array.from({ length: 1 + random.nextInt(4) }, () => random.nextInt(256));
      const out = new Uint8Array(bytes.length + inserted.length);
      out.set(bytes.subarray(0, position));
      out.set(inserted, position);
      out.set(bytes.subarray(position), position + inserted.length);
      return out;
    }
    default: {
      const count = 1 + random.nextInt(4);
      const start = Math.min(position, Math.max(0, bytes.length - count));
      const out = new Uint8Array(Math.max(0, bytes.length - count));
      out.set(bytes.subarray(0, start));
      out.set(bytes.subarray(start + count), start);
      return out;
    }
  }
}

/** Fixes the stated length and the checksums, as a careful forger would (see the file comment). */
function reseal(bytes: Uint8Array, version: number, model: ArModel, original: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  if (version === 2) {
    if (bytes.length < 64) return bytes;
    view.setBigUint64(12, BigInt(out.length));
    out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
    return out;
  }
  if (bytes.length < 16) return bytes;
  const several = (out[2] & 16) !== 0;
  if (several) view.setUint32(out.length - 8, crc32(out.subarray(0, out.length - 8)));
  view.setUint32(out.length - 4, crc32(Buffer.from(model.info.fingerprint, 'hex'), out.subarray(0, out.length - 4), original));
  return out;
}

async function fuzz(model: ArModel, valid: Uint8Array, original: Uint8Array, seed: number, oneImage = false): Promise<{ errors: number; intact: number }> {
  const random = new SeededRandom(seed);
  const version = readContainer(valid, 'valid.arc').version;
  let errors = 0;
  let intact = 0;
  for (let i = 0; i < CASES_PER_FILE; i++) {
    let damaged = mutate(valid, random);
    if (i % 2 === 1) damaged = reseal(damaged, version, model, original);
    try {
      const decoded = await decodeArchive(damaged, 'fuzz.arc', model);
      assert.equal(Buffer.compare(Buffer.from(decoded.restored), Buffer.from(original)), 0, `case ${i}: decoded to different data`);
      if (oneImage) {
        const alone = decodeArchiveImage(readContainer(damaged, 'fuzz.arc'), model, 0);
        assert.equal(Buffer.compare(Buffer.from(alone), Buffer.from(decoded.pixels)), 0, `case ${i}: the image alone decoded to different pixels`);
      }
      intact++;
    } catch (error) {
      if (!(error instanceof ArcError)) {
        throw new Error(`case ${i} (seed ${seed}): expected an ArcError or the original, got ${String((error as Error)?.stack ?? error)}`);
      }
      assert.not.match(error.message, /\n/);
      errors++;
    }
  }
  return { errors, intact };
}

test('mutated gray IDX archives (versions 2, 3 and 4, one or several records): an error or the exact original', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(6, 31);
  const idx = encodeIdx([6, TINY_HEIGHT, TINY_WIDTH], set.pixels);
  const layouts = [{ containerVersion: 2 as const }, { containerVersion: 3 as const }, { containerVersion: 4 as const }, { containerVersion: 4 as const, imagesPerRecord: 4 }];
  for (const [n, layout] of layouts.entries()) {
    const { bytes } = await encodeArchive(idxSource(idx, false, 'f.idx'), { model, modelName: 'tiny', ...layout });
    const container = readContainer(bytes, 'f.arc');
    assert.is(container.version, layout.containerVersion);
    assert.is(container.recordLengths.length, layout.containerVersion === 4 ? Math.ceil(6 / (layout.imagesPerRecord ?? 6)) : 6);
    const result = await fuzz(model, bytes, idx, n === 3 ? 5 : 1);
    assert.ok(result.errors > CASES_PER_FILE * 0.9, `${JSON.stringify(layout)}: ${result.errors} errors`);
  }
});

test('mutated compact single-image archives (gray IDX, PNG, binary, binarized): an error or the exact original', async () => {
  const gray = (await tinyModel('gray')).model;
  const binary = (await tinyModel('binary')).model;
  const set = syntheticImages(4, 35);
  const size = TINY_HEIGHT * TINY_WIDTH;
  const image = (i: number) => set.pixels.slice(i * size, (i + 1) * size);
  const bilevel = image(2).map((v) => (v >= 128 ? 200 : 3));
  const cases: { model: ArModel; source: ReturnType<typeof idxSource>; original: Uint8Array; binarize?: boolean }[] = [
    { model: gray, source: idxSource(encodeIdx([1, TINY_HEIGHT, TINY_WIDTH], image(0)), false, 'one.idx'), original: encodeIdx([1, TINY_HEIGHT, TINY_WIDTH], image(0)) },
    { model: gray, source: pngSource([{ name: 'one.png', height: TINY_HEIGHT, width: TINY_WIDTH, pixels: image(1) }], 'one.png'), original: image(1) },
    { model: binary, source: idxSource(encodeIdx([1, TINY_HEIGHT, TINY_WIDTH], bilevel), false, 'levels.idx'), original: encodeIdx([1, TINY_HEIGHT, TINY_WIDTH], bilevel) },
    { model: binary, source: pngSource([{ name: 'z.png', height: TINY_HEIGHT, width: TINY_WIDTH, pixels: image(3) }], 'z.png'), original: image(3).map((v) => (v >= 128 ? 255 : 0)), binarize: true },
  ];
  for (const [n, entry] of cases.entries()) {
    const { bytes } = await encodeArchive(entry.source, { model: entry.model, modelName: 'tiny', binarize: entry.binarize });
    const container = readContainer(bytes, 'one.arc');
    assert.is(container.version, 4);
    assert.is(container.header.imageCount, 1);
    const result = await fuzz(entry.model, bytes, entry.original, 10 + n, true);
    assert.ok(result.errors > CASES_PER_FILE * 0.9, `case ${n}: ${result.errors} errors`);
  }
});

test('mutated binary archives: an error or the exact original', async () => {
  const { model } = await tinyModel('binary');
  const set = bilevelImages(syntheticImages(8, 32));
  const idx = encodeIdx([8, TINY_HEIGHT, TINY_WIDTH], set.pixels);
  const { bytes } = await encodeArchive(idxSource(idx, false, 'b.idx'), { model, modelName: 'tiny' });
  await fuzz(model, bytes, idx, 2);
});

test('mutated PNG archives: an error or the exact original', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(4, 33);
  const size = TINY_HEIGHT * TINY_WIDTH;
  const images = [0, 1, 2, 3].map((i) => ({ name: `p${i}.png`, height: TINY_HEIGHT, width: TINY_WIDTH, pixels: set.pixels.slice(i * size, (i + 1) * size) }));
  const { bytes } = await encodeArchive(pngSource(images, 'pngs'), { model, modelName: 'tiny' });
  await fuzz(model, bytes, set.pixels, 3);
});

test('mutated binarized archives: an error or the exact (thresholded) data', async () => {
  const { model } = await tinyModel('binary');
  const set = syntheticImages(5, 34);
  const idx = encodeIdx([5, TINY_HEIGHT, TINY_WIDTH], set.pixels);
  const { bytes } = await encodeArchive(idxSource(idx, false, 'z.idx'), { model, modelName: 'tiny', binarize: true });
  const thresholded = encodeIdx([5, TINY_HEIGHT, TINY_WIDTH], set.pixels.map((v) => (v >= 128 ? 255 : 0)));
  await fuzz(model, bytes, thresholded, 4);
});

test.run();
