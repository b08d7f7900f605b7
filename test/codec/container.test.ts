import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTAINER_MAGIC, isSafeBaseName, readContainer, recordOf, sha256, writeContainer, type ContainerHeader } from '../../src/codec/container.js';
import { classIndexCdf } from '../../src/probability/scaled-probability.js';
import { decodeLengthTable, encodeLengthTable } from '../../src/codec/length-table.js';
import { ErrorCode } from '../../src/errors.js';
import { SeededRandom } from '../../src/random.js';
import { records, throwsCode } from './container-helpers.js';

function header(overrides: Partial<ContainerHeader> = {}): ContainerHeader {
  return {
    binarized: false,
    inputGzipped: true,
    modelFingerprint: 'ab'.repeat(32),
    modelName: 'mnist',
    pixelMode: 'gray',
    precisionBits: 16,
    classCount: 10,
    height: 5,
    width: 7,
    imageCount: 4,
    lowLevel: 0,
    highLevel: 255,
    input: { kind: 'idx', idxHeader: Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 7) },
    gzipBytes: 1234,
    ...overrides,
  };
}

const RESTORED = Uint8Array.of(1, 2, 3);

/** A version-2 file, as the build before the compact layout wrote it. */
function writeV2(h: ContainerHeader, parts: Uint8Array[]): Uint8Array {
  return writeContainer(h, parts, RESTORED, 2);
}


test('writes and reads back every header field and record', () => {
  const parts = records([3, 0, 17, 9]);
  const bytes = writeV2(header(), parts);
  assert.equal([...bytes.subarray(0, 8)], [...CONTAINER_MAGIC]);
  const container = readContainer(bytes, 'x.arc');
  assert.equal(container.header, header());
  assert.is(container.version, 2);
  assert.equal(container.restoredCheck, { kind: 'sha256', digest: sha256(RESTORED) });
  parts.forEach((part, i) => assert.equal([...recordOf(container, i)], [...part]));
  assert.is(container.totalBytes, bytes.length);
  assert.is(container.payload.length, 29);
  // u32 minimum, u8 width (0..17 → 5 bits), u32 coded size, then the range-coded lengths.
  assert.is(container.lengthTableBytes, 4 + 1 + 4 + encodeLengthTable([3, 0, 17, 9], 5).length);
});

test('PNG inputs keep their names; equal lengths need no bits', () => {
  const names = ['a.png', 'zéro.png', 'c d.png'];
  const bytes = writeV2(header({ imageCount: 3, input: { kind: 'png', names } }), records([6, 6, 6]));
  const container = readContainer(bytes, 'x.arc');
  assert.equal(container.header.input, { kind: 'png', names });
  assert.is(container.lengthTableBytes, 4 + 1 + 4, 'equal lengths: zero bits each, an empty coded table');
});

test('length tables of random sizes round-trip', () => {
  const random = new SeededRandom(9);
  for (let trial = 0; trial < 50; trial++) {
    const count = 1 + random.nextInt(40);
    const lengths = Array.from({ length: count }, () => random.nextInt(trial % 2 ? 3000 : 20));
    const container = readContainer(writeV2(header({ imageCount: count }), records(lengths, trial)), 'x');
    assert.equal([...container.recordLengths], lengths);
  }
});

test('wrong magic, version, truncation, extra bytes and damage each get their own error', () => {
  const bytes = writeV2(header(), records([3, 4, 5, 6]));
  throwsCode(() => readContainer(new Uint8Array(0), 'e.arc'), ErrorCode.Truncated, /empty/);
  throwsCode(() => readContainer(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0]), 'z.arc'), ErrorCode.BadMagic, /not an arcompress/);
  const version = bytes.slice();
  version[9] = 3;
  throwsCode(() => readContainer(version, 'v.arc'), ErrorCode.BadVersion, /version 3/);
  throwsCode(() => readContainer(bytes.subarray(0, bytes.length - 1), 't.arc'), ErrorCode.Truncated, /truncated/);
  throwsCode(() => readContainer(bytes.subarray(0, 5), 't.arc'), ErrorCode.Truncated);
  const longer = new Uint8Array(bytes.length + 3);
  longer.set(bytes);
  throwsCode(() => readContainer(longer, 'l.arc'), ErrorCode.BadFormat, /longer/);
  for (const position of [30, 100, bytes.length - 40, bytes.length - 1]) {
    const damaged = bytes.slice();
    damaged[position] ^= 0x10;
    throwsCode(() => readContainer(damaged, 'd.arc'), ErrorCode.Checksum, /damaged/);
  }
});

test('re-sealed files with bad fields are refused, not trusted', () => {
  const reseal = (body: Uint8Array) => {
    const out = body.slice();
    out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32);
    return out;
  };
  const bytes = writeV2(header(), records([3, 4, 5, 6]));
  const badMode = bytes.slice();
  badMode[56] = 7;
  throwsCode(() => readContainer(reseal(badMode), 'm.arc'), ErrorCode.BadFormat, /pixel mode/);
  const badCount = bytes.slice();
  badCount[71] = 5; // image count 4 → 5: the length table and payload no longer fit
  throwsCode(() => readContainer(reseal(badCount), 'c.arc'), ErrorCode.BadFormat);
  const badFlags = bytes.slice();
  badFlags[10] = 0x80;
  throwsCode(() => readContainer(reseal(badFlags), 'f.arc'), ErrorCode.BadFormat, /flags/);
});

/** The same container as version 1 wrote it: the record lengths bit-packed at a fixed width. */
function toVersion1(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(20);
  const imageCount = view.getUint32(68);
  const bits = bytes[headerBytes + 4];
  const codedSize = view.getUint32(headerBytes + 5);
  const lengths: number[] = [];
  decodeLengthTable(bytes.subarray(headerBytes + 9, headerBytes + 9 + codedSize), imageCount, bits, (_, value) => lengths.push(value));
  const packed = new Uint8Array(Math.ceil((imageCount * bits) / 8));
  let position = 0;
  for (const value of lengths) for (let b = bits - 1; b >= 0; b--, position++) if ((value >> b) & 1) packed[position >> 3] |= 0x80 >> (position & 7);
  const body = [bytes.subarray(0, headerBytes + 5), packed, bytes.subarray(headerBytes + 9 + codedSize, bytes.length - 32)];
  const total = body.reduce((sum, part) => sum + part.length, 0) + 32;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of body) {
    out.set(part, at);
    at += part.length;
  }
  const outView = new DataView(out.buffer);
  outView.setUint16(8, 1);
  outView.setBigUint64(12, BigInt(total));
  out.set(sha256(out.subarray(0, total - 32)), total - 32);
  return out;
}

test('version 1 files (fixed-width length table) still read', () => {
  const lengths = [3, 0, 17, 9];
  const parts = records(lengths);
  const v1 = toVersion1(writeV2(header(), parts));
  assert.is((v1[8] << 8) | v1[9], 1);
  const container = readContainer(v1, 'v1.arc');
  assert.equal([...container.recordLengths], lengths);
  parts.forEach((part, i) => assert.equal([...recordOf(container, i)], [...part]));
  assert.is(container.lengthTableBytes, 4 + 1 + 3);
});

test('the coded length table costs about the lengths\' entropy, not their fixed width', () => {
  const random = new SeededRandom(4);
  // Lengths 60..187 (7 bits fixed), concentrated: most within ±8 of 100.
  const lengths = Array.from({ length: 5000 }, () => 100 + Math.round((random.nextInt(17) - 8 + random.nextInt(17) - 8) / 2) + (random.nextInt(50) === 0 ? 87 : -40));
  const minimum = Math.min(...lengths);
  const bits = Math.ceil(Math.log2(Math.max(...lengths) - minimum + 1));
  const counts = new Map<number, number>();
  for (const length of lengths) counts.set(length, (counts.get(length) ?? 0) + 1);
  let entropyBits = 0;
  for (const count of counts.values()) entropyBits -= count * Math.log2(count / lengths.length);
  const coded = encodeLengthTable(lengths.map((length) => length - minimum), bits);
  assert.ok(coded.length * 8 < entropyBits * 1.05 + 400, `coded ${coded.length * 8} bits, entropy ${entropyBits.toFixed(0)} bits`);
  assert.ok(coded.length * 8 < lengths.length * bits * 0.75);
  const back: number[] = [];
  decodeLengthTable(coded, lengths.length, bits, (_, value) => back.push(value + minimum));
  assert.equal(back, lengths);
});

test('a re-sealed file with a damaged length table is refused, never read as other lengths', () => {
  const bytes = writeV2(header(), records([30, 41, 25, 60]));
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset).getUint32(20);
  for (const offset of [9, 10, 11]) {
    const damaged = bytes.slice();
    damaged[headerBytes + offset] ^= 0x24;
    damaged.set(sha256(damaged.subarray(0, damaged.length - 32)), damaged.length - 32);
    throwsCode(() => readContainer(damaged, 'lt.arc'), ErrorCode.BadFormat);
  }
  const cut = bytes.slice();
  new DataView(cut.buffer).setUint32(headerBytes + 5, 0); // coded size 0: the lengths decode from zeros
  cut.set(sha256(cut.subarray(0, cut.length - 32)), cut.length - 32);
  throwsCode(() => readContainer(cut, 'lt.arc'), ErrorCode.BadFormat);
});

test('PNG names that could escape the output folder are refused', () => {
  for (const name of ['../x.png', 'a/b.png', '..', '', 'a\\b', 'x\u0000.png']) assert.not.ok(isSafeBaseName(name), name);
  assert.ok(isSafeBaseName('digit-7.png'));
});

test('class index table: uniform, every class codable, sums to 2^P', () => {
  for (const classCount of [1, 2, 3, 10, 47, 256]) {
    const cdf = classIndexCdf(classCount, 16);
    assert.is(cdf[0], 0);
    assert.is(cdf[classCount], 65536);
    for (let c = 0; c < classCount; c++) {
      const width = cdf[c + 1] - cdf[c];
      assert.ok(width >= Math.floor(65536 / classCount) && width <= Math.ceil(65536 / classCount), `class ${c} of ${classCount}`);
    }
  }
});

test.run();
