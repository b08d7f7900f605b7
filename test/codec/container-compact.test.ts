/**
 * The compact containers (versions 3 and 4): every field round-trips, what can be derived is not
 * stored, and damage is refused with one line (the fuzz test covers random damage of whole files).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import zlib from 'node:zlib';
import { ByteReader, ByteWriter } from '../../src/codec/byte-io.js';
import { imagesOfRecord, readContainer, recordOf, verifyRestoredData, writeContainer, type ContainerHeader } from '../../src/codec/container.js';
import { imageIdxHeader } from '../../src/codec/container-compact.js';
import { crc32 } from '../../src/crc32.js';
import { ErrorCode } from '../../src/errors.js';
import { SeededRandom } from '../../src/random.js';
import { records, throwsCode } from './container-helpers.js';

const FINGERPRINT = '0123456789abcdef'.repeat(4);
const RESTORED = Uint8Array.of(9, 8, 7, 6);

function header(overrides: Partial<ContainerHeader> = {}): ContainerHeader {
  return {
    binarized: false,
    inputGzipped: false,
    modelFingerprint: FINGERPRINT,
    modelName: 'mnist',
    pixelMode: 'gray',
    precisionBits: 16,
    classCount: 10,
    height: 28,
    width: 28,
    imageCount: 1,
    lowLevel: 0,
    highLevel: 255,
    input: { kind: 'png', names: ['digit.png'] },
    gzipBytes: 321,
    ...overrides,
  };
}


test('CRC-32 is the standard one (zlib, PNG)', () => {
  assert.is(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.is(crc32(), 0);
  const random = new SeededRandom(3);
  const data = Uint8Array.from({ length: 1000 }, () => random.nextInt(256));
  assert.is(crc32(data.subarray(0, 300), data.subarray(300)), crc32(data));
  const nodeCrc = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
  if (nodeCrc) assert.is(crc32(data), nodeCrc(data));
});

test('varints: minimal bytes, u32 range, needless zero groups and overlong values refused', () => {
  const writer = new ByteWriter();
  const values = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31, 0xffffffff];
  for (const value of values) writer.varint(value);
  const bytes = writer.finish();
  assert.is(bytes.length, 1 + 1 + 1 + 2 + 2 + 2 + 3 + 5 + 5);
  const reader = new ByteReader(bytes, bytes.length, 'v');
  assert.equal(values.map(() => reader.varint('value')), values);
  for (const bad of [[0x80, 0x00], [0xff, 0xff, 0xff, 0xff, 0x10], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0x80]]) {
    throwsCode(() => new ByteReader(Uint8Array.from(bad), bad.length, 'v').varint('value'), ErrorCode.BadFormat);
  }
});

test('one gray PNG digit: 13 bytes besides its record, no name, no length table', () => {
  const [record] = records([98]);
  const bytes = writeContainer(header(), [record], RESTORED);
  assert.is(bytes.length, 98 + 13);
  assert.equal([...bytes.subarray(0, 2)], [0x8a, 4]);
  const version3 = writeContainer(header(), [record], RESTORED, 3);
  assert.equal([...version3.subarray(2, -4)], [...bytes.subarray(2, -4)], 'a single image: versions 3 and 4 differ in the version byte only');
  assert.is(readContainer(version3, 'one.arc').version, 3);
  const container = readContainer(bytes, 'one.arc');
  assert.is(container.version, 4);
  assert.is(container.imagesPerRecord, 1);
  assert.equal([...recordOf(container, 0)], [...record]);
  assert.is(container.headerBytes, 9);
  assert.is(container.lengthTableBytes, 0);
  assert.is(container.checksumBytes, 4);
  assert.not.ok(container.bytesVerified);
  assert.equal(container.header, { ...header(), modelFingerprint: FINGERPRINT.slice(0, 8), modelName: '', precisionBits: null, classCount: null, gzipBytes: null, input: { kind: 'png', names: [] } });
  verifyRestoredData(container, RESTORED, FINGERPRINT, 'one.arc');
  throwsCode(() => verifyRestoredData(container, Uint8Array.of(9, 8, 7, 5), FINGERPRINT, 'one.arc'), ErrorCode.Checksum, /do not match/);
  const sharingPrefix = FINGERPRINT.slice(0, 8) + 'f'.repeat(56);
  throwsCode(() => verifyRestoredData(container, RESTORED, sharingPrefix, 'one.arc'), ErrorCode.Checksum);
});

test('several images keep names, offsets and levels; IDX headers are derived; a CRC of the file is checked on reading', () => {
  const lengths = [30, 0, 41, 25];
  const parts = records(lengths);
  const cases: Partial<ContainerHeader>[] = [
    { imageCount: 4, input: { kind: 'png', names: ['a.png', 'zéro.png', 'c d.png', 'x'] } },
    { imageCount: 4, height: 300, width: 7, inputGzipped: true, input: { kind: 'idx', idxHeader: imageIdxHeader(4, 300, 7) } },
    { imageCount: 4, pixelMode: 'binary', lowLevel: 3, highLevel: 200, binarized: false, input: { kind: 'idx', idxHeader: imageIdxHeader(4, 28, 28) } },
    { imageCount: 4, pixelMode: 'binary', binarized: true, input: { kind: 'idx', idxHeader: imageIdxHeader(4, 28, 28) } },
  ];
  const layouts = [
    { version: 3, imagesPerRecord: 1, parts },
    { version: 4, imagesPerRecord: 1, parts },
    { version: 4, imagesPerRecord: 3, parts: parts.slice(0, 2) },
    { version: 4, imagesPerRecord: 4, parts: parts.slice(0, 1) },
  ];
  for (const [k, overrides] of cases.entries()) {
    const h = header(overrides);
    const { version, imagesPerRecord, parts: stored } = layouts[k % layouts.length];
    const bytes = writeContainer(h, stored, RESTORED, version, imagesPerRecord);
    const container = readContainer(bytes, 'x.arc');
    assert.is(container.version, version);
    assert.is(container.imagesPerRecord, imagesPerRecord);
    assert.equal(container.header, { ...h, modelFingerprint: FINGERPRINT.slice(0, 8), modelName: '', precisionBits: null, classCount: null });
    assert.equal([...container.recordLengths], lengths.slice(0, stored.length));
    stored.forEach((part, i) => assert.equal([...recordOf(container, i)], [...part]));
    assert.equal(imagesOfRecord(container, stored.length - 1), [(stored.length - 1) * imagesPerRecord, 4]);
    assert.ok(container.bytesVerified);
    assert.is(container.checksumBytes, 8);
    assert.is(container.totalBytes, container.headerBytes + container.lengthTableBytes + container.payload.length + container.checksumBytes);
    for (const position of [2, 5, 12, bytes.length - 6]) {
      const damaged = bytes.slice();
      damaged[position] ^= 0x20;
      throwsCode(() => readContainer(damaged, 'd.arc'), ErrorCode.Checksum, /damaged/);
    }
    throwsCode(() => readContainer(bytes.subarray(0, bytes.length - 3), 't.arc'), ErrorCode.Checksum, /truncated/);
  }
});

test('bad version, truncation, unknown flags and bad fields are refused with one line', () => {
  const bytes = writeContainer(header(), records([50]), RESTORED);
  const version = bytes.slice();
  version[1] = 5;
  throwsCode(() => readContainer(version, 'v.arc'), ErrorCode.BadVersion, /version 5; this arcompress reads versions 1, 2, 3, 4/);
  throwsCode(() => readContainer(bytes.subarray(0, 1), 't.arc'), ErrorCode.Truncated);
  throwsCode(() => readContainer(bytes.subarray(0, 10), 't.arc'), ErrorCode.Truncated, /truncated/);
  throwsCode(() => readContainer(Uint8Array.of(0x89, 0x50, 0x4e, 0x47), 'p.arc'), ErrorCode.BadMagic, /not an arcompress/);
  const flags = bytes.slice();
  flags[2] |= 0x80;
  throwsCode(() => readContainer(flags, 'f.arc'), ErrorCode.BadFormat, /flags/);
  const zeroHeight = bytes.slice();
  zeroHeight[7] = 0;
  throwsCode(() => readContainer(zeroHeight, 'h.arc'), ErrorCode.BadFormat, /0×28/);
  const grayLevels = bytes.slice();
  grayLevels[2] |= 32;
  throwsCode(() => readContainer(grayLevels, 'l.arc'), ErrorCode.BadFormat, /levels/);
  const gzippedPng = bytes.slice();
  gzippedPng[2] |= 2;
  throwsCode(() => readContainer(gzippedPng, 'g.arc'), ErrorCode.BadFormat, /gzipped/);
});

test('version 4: images per record between 1 and the image count, else refused (with the file checksum intact)', () => {
  const h = header({ imageCount: 5, input: { kind: 'idx', idxHeader: imageIdxHeader(5, 28, 28) } });
  const bytes = writeContainer(h, records([20, 30]), RESTORED, 4, 3);
  // Magic, version, flags, fingerprint prefix, height, width, count, gzip size (321: 2 bytes), then R.
  const field = 3 + 4 + 1 + 1 + 1 + 2;
  assert.is(bytes[field], 3);
  const resealed = (value: number) => {
    const damaged = bytes.slice();
    damaged[field] = value;
    new DataView(damaged.buffer).setUint32(damaged.length - 8, crc32(damaged.subarray(0, damaged.length - 8)));
    return damaged;
  };
  throwsCode(() => readContainer(resealed(0), 'r.arc'), ErrorCode.BadFormat, /0 images per record, for 5 images/);
  throwsCode(() => readContainer(resealed(6), 'r.arc'), ErrorCode.BadFormat, /6 images per record/);
  // R = 2 makes three records: the table holds two, so the lengths cannot be read as three.
  throwsCode(() => readContainer(resealed(2), 'r.arc'), ErrorCode.BadFormat);
  assert.is(readContainer(resealed(3), 'r.arc').recordLengths.length, 2);
});

test.run();
