/**
 * What the browser bundle swaps in for Node (web/src/shims) gives Node's results: the SHA-256 of
 * model fingerprints and .arc checksums; and the page's PNG writer and checker agree with pngjs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { createHash as browserHash } from '../../web/src/shims/node-crypto.js';
import { checkGrayPng, encodeGrayPng } from '../../web/src/gray-png.js';
import { readGrayPng, writeGrayPng } from '../../src/data/png.js';
import { ArcError } from '../../src/errors.js';

test('the SHA-256 shim equals node:crypto on bytes and on strings (as UTF-8)', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 255);
  const text = JSON.stringify({ name: 'ä→模型', stages: [1, 2, 3] });
  assert.is(browserHash('sha256').update(bytes).update(text).digest('hex'), createHash('sha256').update(bytes).update(text).digest('hex'));
  assert.equal(Array.from(browserHash('sha256').digest()), Array.from(createHash('sha256').digest()));
  assert.throws(() => browserHash('md5'), /SHA-256 only/);
});

const pixels = Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 37) & 255);

test('the page writes 8-bit gray PNGs that pngjs reads back identically', async () => {
  const png = await encodeGrayPng(pixels, 28, 28);
  assert.equal(Array.from(readGrayPng(png, 'page png').pixels), Array.from(pixels));
  assert.is(checkGrayPng(png, 'page png', 28, 28).bitDepth, 8);
});

test('the PNG check refuses damage, truncation, colour and other sizes in one line, before decoding', () => {
  const png = writeGrayPng({ height: 28, width: 28, pixels });
  const damaged = new Uint8Array(png);
  damaged[40] ^= 0xff;
  const cases: [Uint8Array, RegExp, number, number][] = [
    [png.subarray(0, png.length - 20), /PNG.*truncated|truncated PNG/, 28, 28],
    [png.subarray(0, 30), /PNG.*truncated|truncated PNG/, 28, 28],
    [damaged, /CRC|damaged/, 28, 28],
    [png, /28×28; the models code 20×20/, 20, 20],
    [Uint8Array.of(1, 2, 3), /not a PNG/, 28, 28],
  ];
  for (const [bytes, pattern, height, width] of cases) {
    try {
      checkGrayPng(bytes, 'x.png', height, width);
      assert.unreachable(`accepted: ${pattern}`);
    } catch (error) {
      assert.instance(error, ArcError);
      assert.match((error as Error).message, pattern);
      assert.not.match((error as Error).message, /\n/);
    }
  }
});

test.run();
