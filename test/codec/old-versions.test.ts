/**
 * Files written by older builds decode forever: the fixtures of each container version
 * (test/fixtures/arc-v2, made before version 3 existed; test/fixtures/arc-v3, made before
 * version 4; test/fixtures/arc-v4, made with the models bundled before a4f6e4e2 and c31d487e were
 * retrained; test/fixtures/arc-v4-0d60555, with the models bundled before 77f03c80 and dcbb1d32
 * were retrained; test/fixtures/arc-v4-d7a7a27, with the float64 models a9bd3c11 and b2b89207
 * bundled before the float32 ones; test/fixtures/arc-v4-0fd91560, with the first gray model
 * coded through an adaptive map, 0fd91560) decode to data of the recorded SHA-256 with the bundled model each names by
 * fingerprint (the models of that time, kept in models/ after retraining), and the CLI finds that
 * model without --model.
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

interface Expected {
  restoredSha256: string;
  restoredBytes: number;
  bytes: number;
}

const VERSIONS = [
  { version: 2, directory: new URL('../fixtures/arc-v2/', import.meta.url), versionOf: (bytes: Uint8Array) => (bytes[8] << 8) | bytes[9], cliFixture: 'gray-3-idx.arc' },
  { version: 3, directory: new URL('../fixtures/arc-v3/', import.meta.url), versionOf: (bytes: Uint8Array) => bytes[1], cliFixture: 'gray-40-idx.arc' },
  { version: 4, directory: new URL('../fixtures/arc-v4/', import.meta.url), versionOf: (bytes: Uint8Array) => bytes[1], cliFixture: 'gray-70-idx.arc' },
  { version: 4, directory: new URL('../fixtures/arc-v4-0d60555/', import.meta.url), versionOf: (bytes: Uint8Array) => bytes[1], cliFixture: 'gray-70-idx.arc' },
  { version: 4, directory: new URL('../fixtures/arc-v4-d7a7a27/', import.meta.url), versionOf: (bytes: Uint8Array) => bytes[1], cliFixture: 'gray-70-idx.arc' },
  { version: 4, directory: new URL('../fixtures/arc-v4-0fd91560/', import.meta.url), versionOf: (bytes: Uint8Array) => bytes[1], cliFixture: 'gray-70-idx.arc' },
];

for (const { version, directory, versionOf, cliFixture } of VERSIONS) {
  const fixtures = directory.pathname.split('/').filter(Boolean).pop();
  const expected = JSON.parse(readFileSync(new URL('expected.json', directory), 'utf8')) as Record<string, Expected>;

  test(`every version-${version} fixture (${fixtures}) is listed and is version ${version}`, () => {
    const files = readdirSync(directory).filter((name) => name.endsWith('.arc')).sort();
    assert.equal(files, Object.keys(expected).sort());
    for (const name of files) {
      const bytes = readFileSync(new URL(name, directory));
      assert.is(bytes.length, expected[name].bytes, name);
      assert.is(versionOf(bytes), version, `${name} is a version-${version} file`);
    }
  });

  test(`version-${version} fixtures (${fixtures}) decode to the recorded data`, async () => {
    for (const [name, entry] of Object.entries(expected)) {
      const bytes = new Uint8Array(readFileSync(new URL(name, directory)));
      const { header } = readContainer(bytes, name);
      const modelDirectory = findBundledModel(header.modelFingerprint, header.pixelMode);
      assert.ok(modelDirectory, `${name}: its model ${header.modelFingerprint.slice(0, 8)} is bundled`);
      const decoded = await decodeArchive(bytes, name, (await loadModel(modelDirectory!)).model);
      assert.is(decoded.restored.length, entry.restoredBytes, name);
      assert.is(createHash('sha256').update(decoded.restored).digest('hex'), entry.restoredSha256, name);
    }
  });

  test(`the CLI decodes a version-${version} fixture (${fixtures}) without --model, after the bundled models were retrained`, async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const scratch = await mkdtemp(join(tmpdir(), 'arcompress-old-'));
    try {
      const out = join(scratch, 'restored.idx');
      const result = runCli(['decode', new URL(cliFixture, directory).pathname, '-o', out]);
      assert.is(result.status, 0, result.stderr);
      assert.is(createHash('sha256').update(readFileSync(out)).digest('hex'), expected[cliFixture].restoredSha256);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
}

test('this build still writes version 3 byte for byte as the last build that wrote it by default', async () => {
  const { resolveDataset, loadSplit, encodeIdx } = await import('../../src/data/index.js');
  const { encodeArchive } = await import('../../src/codec/archive.js');
  const { idxSource, pngSource } = await import('../../src/codec/source.js');
  const directory = VERSIONS[1].directory;
  const set = await loadSplit(resolveDataset('mnist'), 'test');
  const size = 28 * 28;
  const image = (i: number) => set.pixels.slice(i * size, (i + 1) * size);
  const idx = (first: number, count: number) => idxSource(encodeIdx([count, 28, 28], set.pixels.slice(first * size, (first + count) * size)), false, 'in.idx');
  const png = (name: string, i: number) => ({ name, height: 28, width: 28, pixels: image(i) });
  const inputs = {
    'gray-3-idx.arc': { source: idx(0, 3) },
    'binarized-3-idx.arc': { source: idx(3, 3), binarize: true },
    'gray-40-idx.arc': { source: idx(100, 40) },
    'binarized-40-idx.arc': { source: idx(100, 40), binarize: true },
    'gray-1-png.arc': { source: pngSource([png('digit-6.png', 6)], 'digit-6.png') },
    'gray-2-png.arc': { source: pngSource([png('a.png', 7), png('b.png', 8)], 'pngs') },
  };
  for (const [name, { source, binarize }] of Object.entries(inputs)) {
    const fixture = new Uint8Array(readFileSync(new URL(name, directory)));
    const { header } = readContainer(fixture, name);
    const model = (await loadModel(findBundledModel(header.modelFingerprint, header.pixelMode)!)).model;
    const { bytes } = await encodeArchive(source, { model, modelName: 'mnist', binarize, containerVersion: 3 });
    assert.ok(Buffer.compare(Buffer.from(bytes), Buffer.from(fixture)) === 0, `${name}: written again as version 3, byte for byte`);
  }
});

test.run();
