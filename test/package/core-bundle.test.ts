/**
 * The core entry (src/index.ts) is what a browser page bundles: bundled with esbuild for the
 * browser, it must not reach the file system, worker threads, child processes or `process`, and
 * the bundle must work (load a model from bytes, encode, decode, classify).
 *
 * Node built-ins it still needs, to be replaced before it runs in a browser as is (a bundler can
 * alias them meanwhile): node:crypto (SHA-256 of the container and the model fingerprint),
 * node:zlib + node:util (the gzip −9 size the container header records), node:path (file names in
 * messages), node:os (the default worker count). The list is pinned so that no new one slips in.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { loadSplit, resolveDataset } from '../../src/data/index.js';
import * as core from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STILL_NEEDED = ['node:crypto', 'node:os', 'node:path', 'node:util', 'node:zlib'];
const work = mkdtempSync(join(tmpdir(), 'arcompress-core-bundle-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

async function bundleCore(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src/index.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    external: ['node:*'],
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

test('the browser bundle of the core imports no file system, threads or process', async () => {
  const text = await bundleCore();
  const imported = [...new Set([...text.matchAll(/(?:from|import)\s*\(?\s*"(node:[a-z_/]+)"/g)].map((match) => match[1]))].sort();
  for (const forbidden of ['node:fs', 'node:fs/promises', 'node:worker_threads', 'node:child_process', 'node:module', 'node:url']) {
    assert.not.ok(imported.includes(forbidden), `the core bundle imports ${forbidden}`);
  }
  for (const name of imported) assert.ok(STILL_NEEDED.includes(name), `the core bundle imports ${name}, which is not on the list of built-ins still to replace`);
  assert.not.match(text, /\bprocess\.(env|argv|stdout|stderr|stdin|exit|pid|cwd)\b/);
  assert.not.match(text, /\brequire\(/);
});

test('the bundled core works: a model from bytes, an exact round trip, the same code lengths as the source', async () => {
  const file = join(work, 'core.mjs');
  writeFileSync(file, await bundleCore());
  const bundled = (await import(pathToFileURL(file).href)) as typeof core;
  const directory = join(ROOT, 'models/mnist-binary');
  const files = { manifest: new TextDecoder().decode(readFileSync(join(directory, 'manifest.json'))), weights: new Uint8Array(readFileSync(join(directory, 'weights.bin'))) };
  const model = bundled.loadModel(files);
  const set = await loadSplit(resolveDataset('mnist'), 'test');
  const count = 3;
  const size = set.height * set.width;
  const pixels = set.pixels.slice(0, count * size).map((value) => (value >= 128 ? 255 : 0));
  const images = { count, height: set.height, width: set.width, pixels };
  const { bytes } = await bundled.encodeImages(images, model);
  const decoded = await bundled.decodeArchive(bytes, model);
  assert.ok(Buffer.from(decoded.pixels).equals(Buffer.from(pixels)));
  const fromSource = core.loadModel(files);
  assert.equal((await bundled.classifyImages(images, model)).images, (await core.classifyImages(images, fromSource)).images);
  assert.ok(Buffer.from(bytes).equals(Buffer.from((await core.encodeImages(images, fromSource)).bytes)));

  // Bad input is one ArcError with a code, from the bundle as from the source.
  let code = '';
  try {
    bundled.loadModel({ manifest: files.manifest, weights: files.weights.subarray(1) });
  } catch (error) {
    code = (error as { code?: string }).code ?? '';
  }
  assert.is(code, 'Checksum');
});

test.run();
