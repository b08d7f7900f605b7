import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/data/idx.js';
import { isOneLine, runCli } from '../helpers/cli.js';
import { seededBytes, temporaryDirectory } from '../data/dataset-fixtures.js';

const directory = temporaryDirectory('arcompress-info-');
test.after(() => directory.remove());

const images = encodeIdx([7, 5, 3], seededBytes(105, 1));

test('info prints the header of a gzipped image file (as text and as JSON)', () => {
  const path = join(directory.path, 'images.gz');
  writeFileSync(path, gzipSync(images));
  const text = runCli(['info', path]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /data type\s+0x08 \(ubyte\)/);
  assert.match(text.stdout, /dimensions\s+7 × 5 × 3/);
  assert.match(text.stdout, /image size\s+5×3/);
  assert.match(text.stdout, /gzipped/);
  assert.match(text.stdout, /header bytes\s+16/);
  assert.match(text.stdout, /data bytes\s+105/);
  const json = runCli(['info', path, '--json']);
  assert.is(json.status, 0, json.stderr);
  const parsed = JSON.parse(json.stdout);
  assert.equal(
    [parsed.gzipped, parsed.dataType, parsed.dataTypeName, parsed.dims, parsed.count, parsed.headerBytes, parsed.dataBytes],
    [true, 8, 'ubyte', [7, 5, 3], 7, 16, 105],
  );
});

test('truncated, wrong magic and wrong length: three different one-line errors, non-zero exit', () => {
  const truncated = join(directory.path, 'truncated');
  const wrongMagic = join(directory.path, 'wrong-magic');
  const tooLong = join(directory.path, 'too-long');
  writeFileSync(truncated, images.subarray(0, images.length - 10));
  const magic = new Uint8Array(images);
  magic.set([0x89, 0x50, 0x4e, 0x47]);
  writeFileSync(wrongMagic, magic);
  writeFileSync(tooLong, Buffer.concat([images, Buffer.from([1, 2, 3])]));
  const messages: string[] = [];
  for (const path of [truncated, wrongMagic, tooLong]) {
    const result = runCli(['info', path]);
    assert.ok(result.status !== 0, `exit code for ${path}`);
    assert.ok(isOneLine(result.stderr), result.stderr);
    assert.ok(result.stderr.includes(path), result.stderr);
    assert.is(result.stdout, '');
    messages.push(result.stderr);
  }
  assert.is(new Set(messages).size, 3, messages.join(''));
  assert.match(messages[0], /truncated/);
  assert.match(messages[1], /magic/);
  assert.match(messages[2], /longer/);
});

test('a missing file is a one-line error', () => {
  const result = runCli(['info', join(directory.path, 'absent')]);
  assert.ok(result.status !== 0);
  assert.ok(isOneLine(result.stderr), result.stderr);
});

test.run();
