/**
 * The simulator's shortcuts (edge indexes, run shortcut) against its plain hash-chain search, on
 * random and adversarial inputs at every level and window: sizes and Δs must be identical, so a
 * speed-up cannot silently change a size. (The plain search itself is checked against Python's
 * zlib in deflateSimulator.test.ts.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeflateBlockCoster } from '../../src/baseline/deflate-block-cost.js';
import { DeflateSimulator, type DeflateSettings, type DeflateSimulatorOptions } from '../../src/baseline/deflate-simulator.js';
import { scoreCompressor } from '../../src/baseline/zip-scoring.js';
import { cyclicLabels, runBytes, seededRandom, skewedBytes, strokeImages } from './synthetic-images.js';

const PLAIN: DeflateSimulatorOptions = { runShortcut: false, edgeIndex: false };
/** The edge indexes at every lazy level, not only at 8 and 9 where they are on by default. */
const EDGES: DeflateSimulatorOptions = { edgeIndex: true };
const coster = new DeflateBlockCoster();

function compressedBytes(data: Uint8Array, settings: DeflateSettings, options: DeflateSimulatorOptions = {}): number {
  const simulator = new DeflateSimulator(settings, coster, options);
  simulator.feed(data);
  return simulator.finish();
}

const binarize = (bytes: Uint8Array) => bytes.map((value) => (value >= 128 ? 1 : 0));

/** Bytes from `alphabet`, uniformly at random. */
function alphabetBytes(length: number, seed: number, alphabet: readonly number[]): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]);
}

/** A random pattern of `period` bytes repeated, with a fraction `noise` of bytes changed. */
function periodicBytes(length: number, seed: number, period: number, noise: number): Uint8Array {
  const random = seededRandom(seed);
  const pattern = Uint8Array.from({ length: period }, () => Math.floor(random() * 4));
  return Uint8Array.from({ length }, (_, i) => (random() < noise ? Math.floor(random() * 4) : pattern[i % period]));
}

/** Runs of 0 and of a second byte, lengths drawn from 1..maxRun: the shape of binarized digits, any scale. */
function alternatingRuns(length: number, seed: number, maxRun: number, other: number): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(length);
  let value = 0;
  for (let i = 0; i < length; ) {
    const runLength = 1 + Math.floor(random() ** 2 * maxRun);
    out.fill(value, i, i + runLength);
    i += runLength;
    value = value === 0 ? other : 0;
  }
  return out;
}

/** Inputs, each small enough for the plain level-9 search. Bytes ≥ 32 included (hash collisions). */
const INPUTS: [string, () => Uint8Array][] = [
  ['uniform random bytes', () => alphabetBytes(6000, 1, Array.from({ length: 256 }, (_, i) => i))],
  ['random bits', () => alphabetBytes(8000, 2, [0, 1])],
  ['random bytes from {0, 1, 2}', () => alphabetBytes(8000, 3, [0, 1, 2])],
  // 0x00/0x01/0x20/0x21 collide in zlib's 15-bit three-byte hash: chains hold other strings.
  ['hash-colliding alphabet', () => alphabetBytes(8000, 4, [0x00, 0x01, 0x20, 0x21, 0x40])],
  ['skewed bytes', () => skewedBytes(8000, 5, 40)],
  ['runs up to 300', () => runBytes(20000, 6)],
  ['one run longer than the window', () => new Uint8Array(40000)],
  ['runs of 0 and 1 up to 40', () => alternatingRuns(20000, 7, 40, 1)],
  ['runs of 0 and 200 up to 600', () => alternatingRuns(20000, 8, 600, 200)],
  ['period 7 with noise', () => periodicBytes(12000, 9, 7, 0.01)],
  ['period 28 with noise', () => periodicBytes(12000, 10, 28, 0.02)],
  ['period 300, exact', () => periodicBytes(12000, 11, 300, 0)],
  ['binarized strokes', () => binarize(strokeImages(120, 12, cyclicLabels(120), false))],
  ['gray strokes', () => strokeImages(60, 13, cyclicLabels(60), true)],
];

for (const [name, make] of INPUTS) {
  test(`fast path gives the plain search's sizes: ${name}, levels 1-9, windows 2^9-2^15`, () => {
    const bytes = make();
    for (let level = 1; level <= 9; level++) {
      for (let windowBits = 9; windowBits <= 15; windowBits++) {
        const settings = { level, windowBits };
        const plain = compressedBytes(bytes, settings, PLAIN);
        assert.is(compressedBytes(bytes, settings), plain, JSON.stringify(settings));
        if (level >= 4 && level <= 7) assert.is(compressedBytes(bytes, settings, EDGES), plain, `${JSON.stringify(settings)}, edge indexes`);
      }
    }
  });
}

test('fast path gives the plain search\'s sizes on many short random mixtures', () => {
  const random = seededRandom(99);
  for (let trial = 0; trial < 60; trial++) {
    const pieces: Uint8Array[] = [];
    let length = 0;
    while (length < 3000) {
      const kind = Math.floor(random() * 4);
      const seed = Math.floor(random() * 1e6);
      const piece = kind === 0 ? alternatingRuns(200 + Math.floor(random() * 800), seed, 1 + Math.floor(random() * 80), 1)
        : kind === 1 ? periodicBytes(100 + Math.floor(random() * 500), seed, 1 + Math.floor(random() * 40), random() * 0.05)
        : kind === 2 ? new Uint8Array(Math.floor(random() * 400)).fill(Math.floor(random() * 3))
        : alphabetBytes(50 + Math.floor(random() * 200), seed, [0, 1, 0x20]);
      pieces.push(piece);
      length += piece.length;
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const piece of pieces) {
      bytes.set(piece, offset);
      offset += piece.length;
    }
    const settings = { level: 4 + Math.floor(random() * 6), windowBits: 9 + Math.floor(random() * 7) };
    assert.is(compressedBytes(bytes, settings, EDGES), compressedBytes(bytes, settings, PLAIN), `trial ${trial} ${JSON.stringify(settings)}`);
  }
});

/** Δs with the given search options, primed state compacted, saved and restored per image. */
function deltasWith(options: DeflateSimulatorOptions, prime: Uint8Array, images: Uint8Array, imageBytes: number, settings: DeflateSettings): number[] {
  const simulator = new DeflateSimulator(settings, coster, options);
  simulator.feed(prime);
  simulator.compact();
  const primed = simulator.save();
  const without = simulator.finish();
  simulator.restore(primed);
  const deltas: number[] = [];
  for (let offset = 0; offset < images.length; offset += imageBytes) {
    simulator.feed(images.subarray(offset, offset + imageBytes));
    deltas.push(simulator.finish() - without);
    simulator.restore(primed);
  }
  return deltas;
}

test('Δs of the fast path (compacted, saved and restored) equal the plain search\'s, binarized digits and runs', () => {
  const labels = cyclicLabels(90);
  const cases: [Uint8Array, Uint8Array, number][] = [
    [binarize(strokeImages(80, 21, labels, false)), binarize(strokeImages(10, 22, labels, false)), 256],
    [alternatingRuns(30000, 23, 60, 1), alternatingRuns(12 * 784, 24, 60, 1), 784],
    [strokeImages(60, 25, labels, true), strokeImages(8, 26, labels, true), 256],
  ];
  for (const [prime, images, imageBytes] of cases) {
    for (const settings of [{ level: 9, windowBits: 15 }, { level: 9, windowBits: 10 }, { level: 6, windowBits: 12 }, { level: 4, windowBits: 9 }, { level: 8, windowBits: 11 }]) {
      const plain = deltasWith(PLAIN, prime, images, imageBytes, settings);
      assert.equal(Array.from(scoreCompressor(prime, images, imageBytes, settings)), plain, JSON.stringify(settings));
      assert.equal(deltasWith(EDGES, prime, images, imageBytes, settings), plain, `${JSON.stringify(settings)}, edge indexes`);
    }
  }
});

test('feeding in pieces gives the size of feeding at once', () => {
  const bytes = binarize(strokeImages(60, 31, cyclicLabels(60), false));
  const settings = { level: 9, windowBits: 12 };
  const whole = compressedBytes(bytes, settings);
  const simulator = new DeflateSimulator(settings, coster);
  for (let offset = 0; offset < bytes.length; offset += 97) simulator.feed(bytes.subarray(offset, offset + 97));
  assert.is(simulator.finish(), whole);
});

test.run();
