/**
 * The deflate simulator against zlib itself. The golden sizes and Δs were computed with Python's
 * zlib 1.2.13 (madler's zlib, the library of the reference notebook): sizes with
 * compressobj(level, DEFLATED, -windowBits), Δs with the reference's own method (prime, copy(),
 * compress the image, flush). Node's zlib is Chromium's fork, whose hash differs, so it is not the
 * reference here (see docs/ZIP.md).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeflateBlockCoster } from '../../src/baseline/deflate-block-cost.js';
import { DeflateSimulator, type DeflateSettings } from '../../src/baseline/deflate-simulator.js';
import { deltaFromScratch, scoreCompressor } from '../../src/baseline/zip-scoring.js';
import { cyclicLabels, runBytes, skewedBytes, strokeImages } from './synthetic-images.js';

function compressedBytes(data: Uint8Array, settings: DeflateSettings, runShortcut = true): number {
  const simulator = new DeflateSimulator(settings, new DeflateBlockCoster(), { runShortcut });
  simulator.feed(data);
  return simulator.finish();
}

/** [level, windowBits, bytes of raw deflate from Python's zlib 1.2.13]. */
const GOLDEN: Record<string, { data: () => Uint8Array; sizes: [number, number, number][] }> = {
  skewed: { data: () => skewedBytes(60000, 1, 40), sizes: [[1, 15, 40237], [3, 12, 38190], [4, 10, 36747], [6, 15, 38946], [6, 9, 36124], [8, 11, 37491], [9, 10, 36747], [9, 15, 38946]] },
  runs: { data: () => runBytes(120000, 2), sizes: [[1, 15, 3453], [3, 12, 3273], [4, 10, 2591], [6, 15, 2337], [6, 9, 2091], [8, 11, 1898], [9, 10, 1844], [9, 15, 1706]] },
  strokes: { data: () => strokeImages(600, 3, cyclicLabels(600), true), sizes: [[1, 15, 31075], [3, 12, 29692], [4, 10, 27998], [6, 15, 27756], [6, 9, 26876], [8, 11, 26980], [9, 10, 26806], [9, 15, 26878]] },
};

for (const [name, { data, sizes }] of Object.entries(GOLDEN)) {
  test(`sizes equal zlib's on ${name} data at every tested level and window`, () => {
    const bytes = data();
    for (const [level, windowBits, expected] of sizes) {
      assert.is(compressedBytes(bytes, { level, windowBits }), expected, `level ${level}, windowBits ${windowBits}`);
    }
  });
}

test('the run shortcut finds the same matches as the hash-chain search', () => {
  const binarized = strokeImages(200, 4, cyclicLabels(200), false).map((value) => (value >= 128 ? 1 : 0));
  for (const bytes of [runBytes(60000, 3), strokeImages(200, 4, cyclicLabels(200), false), skewedBytes(30000, 5, 3), binarized]) {
    // Chain limit never binds (level 9 and 8, small windows), or binds and is counted (bytes < 32).
    for (const settings of [{ level: 9, windowBits: 9 }, { level: 9, windowBits: 10 }, { level: 8, windowBits: 9 }, { level: 9, windowBits: 15 }, { level: 6, windowBits: 12 }, { level: 4, windowBits: 15 }]) {
      assert.is(compressedBytes(bytes, settings, true), compressedBytes(bytes, settings, false), JSON.stringify(settings));
    }
  }
});

test('Δs equal those of the reference method (zlib state copied per image)', () => {
  const prime = strokeImages(300, 3, cyclicLabels(300), true);
  const images = strokeImages(6, 4, cyclicLabels(6), true);
  const expected: [DeflateSettings, number[]][] = [
    [{ level: 9, windowBits: 10 }, [34, 43, 51, 36, 43, 53]],
    [{ level: 6, windowBits: 15 }, [35, 43, 57, 38, 44, 53]],
    [{ level: 1, windowBits: 15 }, [37, 51, 69, 43, 48, 60]],
    [{ level: 9, windowBits: 9 }, [33, 40, 52, 35, 43, 53]],
  ];
  for (const [settings, deltas] of expected) {
    assert.equal(Array.from(scoreCompressor(prime, images, 256, settings)), deltas, JSON.stringify(settings));
  }
});

test('saved and restored state gives the Δ of compressing from scratch, across block boundaries', () => {
  // 40 000 bytes of skewed data fill several 16383-symbol blocks; the images cross the last one.
  const prime = skewedBytes(40000, 7, 12);
  const images = skewedBytes(20 * 500, 8, 12);
  for (const settings of [{ level: 9, windowBits: 10 }, { level: 6, windowBits: 15 }, { level: 2, windowBits: 12 }]) {
    const deltas = scoreCompressor(prime, images, 500, settings);
    for (let i = 0; i < 20; i++) {
      assert.is(deltas[i], deltaFromScratch(prime, images.subarray(i * 500, (i + 1) * 500), settings), `${JSON.stringify(settings)} image ${i}`);
    }
  }
});

test('an empty stream is one empty static block (2 bytes), a single byte is 3', () => {
  assert.is(compressedBytes(new Uint8Array(0), { level: 6, windowBits: 15 }), 2);
  assert.is(compressedBytes(Uint8Array.of(65), { level: 9, windowBits: 10 }), 3);
});

test('incompressible data is stored: 5 bytes of header per block', () => {
  const bytes = skewedBytes(2000, 11, 256).map((value, i) => (value + i * 97) & 0xff);
  const size = compressedBytes(bytes, { level: 9, windowBits: 15 });
  assert.ok(size >= 2000 && size <= 2005, `stored size ${size}`);
});

test.run();
