/**
 * Fuzz: valid .arc files, mutated (bit flips, byte changes, truncations, insertions, deletions),
 * then decoded in-process. Every case must end in an ArcError or in the exact original: never
 * another exception, never different data. Half the cases re-seal the file (fix the stated length
 * and the trailing SHA-256) so that the mutation reaches the parser and the range decoder, where
 * only the checksum of the original data stands between damage and wrong pixels.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArchive, encodeArchive } from '../../src/codec/archive.js';
import { sha256 } from '../../src/codec/container.js';
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

/** Fixes the stated length and the trailing checksum, as a careful forger would. */
function reseal(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 64) return bytes;
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(12, BigInt(out.length));
  out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}

async function fuzz(model: ArModel, valid: Uint8Array, original: Uint8Array, seed: number): Promise<{ errors: number; intact: number }> {
  const random = new SeededRandom(seed);
  let errors = 0;
  let intact = 0;
  for (let i = 0; i < CASES_PER_FILE; i++) {
    let damaged = mutate(valid, random);
    if (i % 2 === 1) damaged = reseal(damaged);
    try {
      const decoded = await decodeArchive(damaged, 'fuzz.arc', model);
      assert.equal(Buffer.compare(Buffer.from(decoded.restored), Buffer.from(original)), 0, `case ${i}: decoded to different data`);
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

test('mutated gray IDX archives: an error or the exact original', async () => {
  const { model } = await tinyModel('gray');
  const set = syntheticImages(6, 31);
  const idx = encodeIdx([6, TINY_HEIGHT, TINY_WIDTH], set.pixels);
  const { bytes } = await encodeArchive(idxSource(idx, false, 'f.idx'), { model, modelName: 'tiny' });
  const result = await fuzz(model, bytes, idx, 1);
  assert.ok(result.errors > CASES_PER_FILE * 0.9, `${result.errors} errors`);
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
