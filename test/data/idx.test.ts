import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArcError, ErrorCode, type ErrorCodeName } from '../../src/errors.js';
import { describeIdxDataType, encodeIdx, IdxDataType, idxDataTypeName, parseIdx, parseIdxHeader } from '../../src/data/idx.js';
import { readIdxFile, readIdxHeader } from '../../src/data/idx-file.js';
import { imageSetFromIdx } from '../../src/data/image-set.js';
import { pixelAt } from '../../src/data/types.js';
import { seededBytes, temporaryDirectory } from './dataset-fixtures.js';

/** Runs `body`, expects an ArcError with `code`, a one-line message naming `label`; returns the message. */
function expectArcError(body: () => unknown, code: ErrorCodeName, label: string): string {
  try {
    body();
  } catch (error) {
    assert.instance(error, ArcError);
    const arcError = error as ArcError;
    assert.is(arcError.code, code, arcError.message);
    assert.ok(!arcError.message.includes('\n'), 'one line');
    assert.ok(arcError.message.includes(label), `message names the file: ${arcError.message}`);
    return arcError.message;
  }
  assert.unreachable(`expected ${code}`);
  return '';
}

async function expectArcErrorAsync(body: () => Promise<unknown>, code: ErrorCodeName, label: string): Promise<string> {
  try {
    await body();
  } catch (error) {
    assert.instance(error, ArcError);
    const arcError = error as ArcError;
    assert.is(arcError.code, code, arcError.message);
    assert.ok(!arcError.message.includes('\n'), 'one line');
    assert.ok(arcError.message.includes(label), `message names the file: ${arcError.message}`);
    return arcError.message;
  }
  assert.unreachable(`expected ${code}`);
  return '';
}

test('encodeIdx writes the standard header: 00 00 08 03, big-endian dims, then the data', () => {
  const pixels = seededBytes(2 * 3 * 4, 1);
  const bytes = encodeIdx([2, 3, 4], pixels);
  assert.equal(Array.from(bytes.subarray(0, 16)), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
  assert.equal(bytes.subarray(16), pixels);
  assert.is(parseIdx(bytes, 'mem').magic, 2051);
  const labels = encodeIdx([300], seededBytes(300, 2));
  assert.is(parseIdx(labels, 'mem').magic, 2049);
  assert.equal(Array.from(labels.subarray(0, 8)), [0, 0, 8, 1, 0, 0, 0x01, 0x2c]);
});

test('parseIdx ∘ encodeIdx is the identity, and re-encoding restores the bytes exactly, for any dims', () => {
  for (const dims of [[0], [1], [17], [3, 5], [2, 9, 13], [4, 1, 1], [2, 2, 3, 2]]) {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = seededBytes(count, dims.length * 7 + count);
    const bytes = encodeIdx(dims, data);
    const parsed = parseIdx(bytes, 'mem');
    assert.equal(parsed.dims, dims);
    assert.is(parsed.dataType, IdxDataType.ubyte);
    assert.is(parsed.magic, 0x0800 + dims.length);
    assert.is(parsed.dataTypeName, 'ubyte');
    assert.is(parsed.headerBytes, 4 + 4 * dims.length);
    assert.is(parsed.dataBytes, count);
    assert.equal(parsed.data, data);
    assert.equal(encodeIdx(parsed.dims, parsed.data), bytes);
  }
});

test('every IDX data type is recognised and named; element sizes drive the length check', () => {
  assert.is(idxDataTypeName(0x08), 'ubyte');
  assert.is(idxDataTypeName(0x09), 'sbyte');
  assert.is(idxDataTypeName(0x0b), 'short');
  assert.is(idxDataTypeName(0x0c), 'int');
  assert.is(idxDataTypeName(0x0d), 'float');
  assert.is(idxDataTypeName(0x0e), 'double');
  assert.is(idxDataTypeName(0x0a), undefined);
  assert.is(describeIdxDataType(0x0d), '0x0D (float)');
  const floats = encodeIdx([2, 3], seededBytes(2 * 3 * 4, 5), 'float');
  const parsed = parseIdx(floats, 'floats');
  assert.is(parsed.dataTypeName, 'float');
  assert.is(parsed.dataBytes, 24);
  expectArcError(() => parseIdx(floats.subarray(0, floats.length - 1), 'floats'), ErrorCode.Truncated, 'floats');
});

test('images keep the height and width of their header (not 28×28)', () => {
  const pixels = seededBytes(3 * 5 * 9, 3);
  const labels = seededBytes(3, 4, 10);
  const set = imageSetFromIdx(parseIdx(encodeIdx([3, 5, 9], pixels), 'i'), parseIdx(encodeIdx([3], labels), 'l'), 'toy');
  assert.is(set.count, 3);
  assert.is(set.height, 5);
  assert.is(set.width, 9);
  assert.equal(set.labels, labels);
  assert.is(pixelAt(set, 2, 4, 8), pixels[2 * 45 + 4 * 9 + 8]);
  const unlabelled = imageSetFromIdx(parseIdx(encodeIdx([3, 5, 9], pixels), 'i'), null, 'toy');
  assert.is(unlabelled.labels, null);
});

test('imageSetFromIdx rejects wrong shapes, types and count mismatches', () => {
  const images = parseIdx(encodeIdx([3, 2, 2], seededBytes(12, 1)), 'i');
  expectArcError(() => imageSetFromIdx(images, parseIdx(encodeIdx([4], seededBytes(4, 1)), 'l'), 'toy'), ErrorCode.BadFormat, 'toy');
  expectArcError(() => imageSetFromIdx(parseIdx(encodeIdx([3, 4], seededBytes(12, 1)), 'i'), null, 'toy'), ErrorCode.BadFormat, 'toy images');
  expectArcError(() => imageSetFromIdx(images, parseIdx(encodeIdx([3, 1], seededBytes(3, 1)), 'l'), 'toy'), ErrorCode.BadFormat, 'toy labels');
  const shorts = parseIdx(encodeIdx([3, 2, 2], seededBytes(24, 1), 'short'), 'i');
  expectArcError(() => imageSetFromIdx(shorts, null, 'toy'), ErrorCode.BadFormat, 'toy images');
});

test('truncated, bad magic and too long give three different one-line errors naming the file', () => {
  const good = encodeIdx([2, 3, 3], seededBytes(18, 9));
  const empty = expectArcError(() => parseIdx(new Uint8Array(0), 'f.idx'), ErrorCode.Truncated, 'f.idx');
  const shortHeader = expectArcError(() => parseIdx(good.subarray(0, 10), 'f.idx'), ErrorCode.Truncated, 'f.idx');
  const shortData = expectArcError(() => parseIdx(good.subarray(0, good.length - 1), 'f.idx'), ErrorCode.Truncated, 'f.idx');
  assert.ok(shortHeader.includes('16-byte header'), shortHeader);
  assert.ok(shortData.includes('34 bytes') && shortData.includes('33'), shortData);
  const badMagic = new Uint8Array(good);
  badMagic[0] = 0x50;
  const magic = expectArcError(() => parseIdx(badMagic, 'f.idx'), ErrorCode.BadMagic, 'f.idx');
  assert.ok(magic.includes('50 00 08 03'), magic);
  const unknownType = new Uint8Array(good);
  unknownType[2] = 0x0a;
  expectArcError(() => parseIdx(unknownType, 'f.idx'), ErrorCode.BadMagic, 'f.idx');
  const noDims = new Uint8Array(good);
  noDims[3] = 0;
  expectArcError(() => parseIdx(noDims, 'f.idx'), ErrorCode.BadMagic, 'f.idx');
  const longer = new Uint8Array(good.length + 5);
  longer.set(good);
  const tooLong = expectArcError(() => parseIdx(longer, 'f.idx'), ErrorCode.BadFormat, 'f.idx');
  assert.ok(tooLong.includes('5 extra'), tooLong);
  assert.is(new Set([empty, shortData, magic, tooLong]).size, 4);
});

test('a header promising more than any file can hold is truncated, not a crash', () => {
  const huge = new Uint8Array([0, 0, 0x0e, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2]);
  expectArcError(() => parseIdx(huge, 'huge'), ErrorCode.Truncated, 'huge');
  assert.equal(parseIdxHeader(huge, 'huge').dims, [0xffffffff, 0xffffffff, 0xffffffff]);
});

test('readIdxFile detects gzip by content, not by name', async () => {
  const directory = temporaryDirectory();
  try {
    const bytes = encodeIdx([4, 3, 2], seededBytes(24, 8));
    const gzippedWithoutSuffix = join(directory.path, 'images');
    const rawWithSuffix = join(directory.path, 'images-raw.gz');
    writeFileSync(gzippedWithoutSuffix, gzipSync(bytes));
    writeFileSync(rawWithSuffix, bytes);
    const fromGzip = await readIdxFile(gzippedWithoutSuffix);
    assert.is(fromGzip.gzipped, true);
    assert.equal(fromGzip.dims, [4, 3, 2]);
    assert.equal(encodeIdx(fromGzip.dims, fromGzip.data), bytes);
    const fromRaw = await readIdxFile(rawWithSuffix);
    assert.is(fromRaw.gzipped, false);
    assert.is(fromRaw.fileBytes, bytes.length);
    assert.equal(fromRaw.data, fromGzip.data);
    const header = await readIdxHeader(gzippedWithoutSuffix);
    assert.equal([header.gzipped, header.dims, header.headerBytes], [true, [4, 3, 2], 16]);
  } finally {
    directory.remove();
  }
});

test('bad and truncated gzip streams, missing files and bad raw lengths give one-line errors', async () => {
  const directory = temporaryDirectory();
  try {
    const bytes = encodeIdx([50, 6, 6], seededBytes(1800, 8));
    const gzipped = gzipSync(bytes);
    const corrupt = Buffer.from(gzipped);
    corrupt.fill(0xaa, 10, 30);
    writeFileSync(join(directory.path, 'corrupt.gz'), corrupt);
    writeFileSync(join(directory.path, 'cut.gz'), gzipped.subarray(0, gzipped.length - 20));
    writeFileSync(join(directory.path, 'short'), bytes.subarray(0, 100));
    const bad = await expectArcErrorAsync(() => readIdxFile(join(directory.path, 'corrupt.gz')), ErrorCode.BadFormat, 'corrupt.gz');
    assert.ok(bad.includes('gzip'), bad);
    const cut = await expectArcErrorAsync(() => readIdxFile(join(directory.path, 'cut.gz')), ErrorCode.Truncated, 'cut.gz');
    assert.ok(cut.includes('gzip'), cut);
    await expectArcErrorAsync(() => readIdxFile(join(directory.path, 'absent')), ErrorCode.NotFound, 'absent');
    await expectArcErrorAsync(() => readIdxHeader(join(directory.path, 'short')), ErrorCode.Truncated, 'short');
    await expectArcErrorAsync(() => readIdxHeader(join(directory.path, 'absent')), ErrorCode.NotFound, 'absent');
  } finally {
    directory.remove();
  }
});

test.run();
