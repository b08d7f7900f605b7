/**
 * Files written by older builds decode forever: the version-2 fixtures in test/fixtures/arc-v2
 * (made before version 3 existed) decode with the bundled models to data of the recorded SHA-256.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArchive } from '../../src/codec/archive.js';
import { readContainer } from '../../src/codec/container.js';
import { loadModel } from '../../src/model/store.js';
import { bundledModelDirectory } from '../../src/paths.js';

const FIXTURES = new URL('../fixtures/arc-v2/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as Record<string, { restoredSha256: string; restoredBytes: number }>;

test('every version-2 fixture is listed and is version 2', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.arc')).sort();
  assert.equal(files, Object.keys(expected).sort());
  for (const name of files) {
    const bytes = readFileSync(new URL(name, FIXTURES));
    assert.is((bytes[8] << 8) | bytes[9], 2, `${name} is a version-2 file`);
  }
});

test('version-2 fixtures decode to the recorded data', async () => {
  const models = { gray: await loadModel(bundledModelDirectory('mnist', 'gray')), binary: await loadModel(bundledModelDirectory('mnist', 'binary')) };
  for (const [name, entry] of Object.entries(expected)) {
    const bytes = new Uint8Array(readFileSync(new URL(name, FIXTURES)));
    const { header } = readContainer(bytes, name);
    const decoded = await decodeArchive(bytes, name, models[header.pixelMode].model);
    assert.is(decoded.restored.length, entry.restoredBytes, name);
    assert.is(createHash('sha256').update(decoded.restored).digest('hex'), entry.restoredSha256, name);
  }
});

test.run();
