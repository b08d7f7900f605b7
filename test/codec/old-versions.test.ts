/**
 * Files written by older builds decode forever: the version-2 fixtures in test/fixtures/arc-v2
 * (made before version 3 existed) decode to data of the recorded SHA-256 with the bundled model
 * each names by fingerprint (the models of that time, kept in models/ after retraining), and the
 * CLI finds that model without --model.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArchive } from '../../src/codec/archive.js';
import { readContainer } from '../../src/codec/container.js';
import { loadModel } from '../../src/model/store.js';
import { findBundledModel } from '../../src/model/bundled.js';
import { runCli } from '../helpers/cli.js';

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
  for (const [name, entry] of Object.entries(expected)) {
    const bytes = new Uint8Array(readFileSync(new URL(name, FIXTURES)));
    const { header } = readContainer(bytes, name);
    const directory = findBundledModel(header.modelFingerprint, header.pixelMode);
    assert.ok(directory, `${name}: its model ${header.modelFingerprint.slice(0, 8)} is bundled`);
    const decoded = await decodeArchive(bytes, name, (await loadModel(directory!)).model);
    assert.is(decoded.restored.length, entry.restoredBytes, name);
    assert.is(createHash('sha256').update(decoded.restored).digest('hex'), entry.restoredSha256, name);
  }
});

test('the CLI decodes a version-2 fixture without --model, after the bundled models were retrained', async () => {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const directory = await mkdtemp(join(tmpdir(), 'arcompress-old-'));
  try {
    const name = 'gray-3-idx.arc';
    const out = join(directory, 'restored.idx');
    const result = runCli(['decode', new URL(name, FIXTURES).pathname, '-o', out]);
    assert.is(result.status, 0, result.stderr);
    assert.is(createHash('sha256').update(readFileSync(out)).digest('hex'), expected[name].restoredSha256);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test.run();
