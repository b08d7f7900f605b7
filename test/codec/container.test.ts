import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTAINER_MAGIC, isSafeBaseName, readContainer, recordOf, sha256, writeContainer, type ContainerHeader } from '../../src/codec/container.js';
import { classIndexCdf } from '../../src/codec/image-record.js';
import { ArcError, ErrorCode, type ErrorCodeName } from '../../src/errors.js';
import { SeededRandom } from '../../src/random.js';

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
    restoredSha256: sha256(Uint8Array.of(1, 2, 3)),
    ...overrides,
  };
}

function records(lengths: number[], seed = 1): Uint8Array[] {
  const random = new SeededRandom(seed);
  return lengths.map((length) => Uint8Array.from({ length }, () => random.nextInt(256)));
}

function throwsCode(run: () => unknown, code: ErrorCodeName, pattern?: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, ArcError);
    assert.is((error as ArcError).code, code, (error as Error).message);
    if (pattern) assert.match((error as Error).message, pattern);
    assert.not.match((error as Error).message, /\n/);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('writes and reads back every header field and record', () => {
  const parts = records([3, 0, 17, 9]);
  const bytes = writeContainer(header(), parts);
  assert.equal([...bytes.subarray(0, 8)], [...CONTAINER_MAGIC]);
  const container = readContainer(bytes, 'x.arc');
  const expected = header();
  assert.equal({ ...container.header, restoredSha256: [...container.header.restoredSha256] }, { ...expected, restoredSha256: [...expected.restoredSha256] });
  parts.forEach((part, i) => assert.equal([...recordOf(container, i)], [...part]));
  assert.is(container.totalBytes, bytes.length);
  assert.is(container.payload.length, 29);
  // 4 lengths in 0..17 → 5 bits each → 3 bytes, plus u32 minimum and u8 width.
  assert.is(container.lengthTableBytes, 4 + 1 + 3);
});

test('PNG inputs keep their names; equal lengths need no bits', () => {
  const names = ['a.png', 'zéro.png', 'c d.png'];
  const bytes = writeContainer(header({ imageCount: 3, input: { kind: 'png', names } }), records([6, 6, 6]));
  const container = readContainer(bytes, 'x.arc');
  assert.equal(container.header.input, { kind: 'png', names });
  assert.is(container.lengthTableBytes, 5);
});

test('length tables of random sizes round-trip', () => {
  const random = new SeededRandom(9);
  for (let trial = 0; trial < 50; trial++) {
    const count = 1 + random.nextInt(40);
    const lengths = Array.from({ length: count }, () => random.nextInt(trial % 2 ? 3000 : 20));
    const container = readContainer(writeContainer(header({ imageCount: count }), records(lengths, trial)), 'x');
    assert.equal([...container.recordLengths], lengths);
  }
});

test('wrong magic, version, truncation, extra bytes and damage each get their own error', () => {
  const bytes = writeContainer(header(), records([3, 4, 5, 6]));
  throwsCode(() => readContainer(new Uint8Array(0), 'e.arc'), ErrorCode.Truncated, /empty/);
  throwsCode(() => readContainer(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0]), 'z.arc'), ErrorCode.BadMagic, /not an arcompress/);
  const version = bytes.slice();
  version[9] = 2;
  throwsCode(() => readContainer(version, 'v.arc'), ErrorCode.BadVersion, /version 2/);
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
  const bytes = writeContainer(header(), records([3, 4, 5, 6]));
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
