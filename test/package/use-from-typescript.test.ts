/**
 * The README's "Use from TypeScript" example, run against the packed package as a user would:
 * compile the package, `npm pack` it, unpack the tarball into a fresh project's node_modules
 * (its dependencies linked from ours: no network), type-check the example against the packed
 * declarations, run it, and compare what it prints with the library run from source.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSplit, resolveDataset } from '../../src/data/index.js';
import { writeGrayPng } from '../../src/data/png.js';
import { classifyImages, codeLengths, encodeImages, loadModel } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'arcompress-package-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** The README's example between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(readme);
  assert.ok(match, `README.md holds the ${name} between <!-- ${name}:start --> and <!-- ${name}:end -->`);
  return match![1];
}

/** Builds and packs the package from a copy of its files (the checkout's dist/ is left alone). */
function packPackage(): string {
  const source = join(work, 'source');
  mkdirSync(source);
  for (const name of ['package.json', 'README.md', 'models', 'docs']) cpSync(join(ROOT, name), join(source, name), { recursive: true });
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', join(source, 'dist'), '--sourceMap', 'false'], ROOT);
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], source)) as { filename: string }[];
  return join(work, packed[0].filename);
}

/** A project with the tarball unpacked as node_modules/arcompress and the other packages linked. */
function installInto(tarball: string): string {
  const project = join(work, 'project');
  const modules = join(project, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'arcompress' && !name.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  run('tar', ['-xzf', tarball, '-C', modules], project);
  renameSync(join(modules, 'package'), join(modules, 'arcompress'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-arcompress', private: true, type: 'module' }));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], skipLibCheck: false },
    files: ['example.ts', 'browser-example.ts'],
  }));
  writeFileSync(join(project, 'example.ts'), readmeExample('example'));
  // The browser snippet is type-checked only (it fetches the model's files).
  writeFileSync(join(project, 'browser-example.ts'), readmeExample('browser-example'));
  return project;
}

test('the README example runs against the packed package, imported by name, and agrees with the library', async () => {
  const project = installInto(packPackage());
  const set = await loadSplit(resolveDataset('mnist'), 'test');
  const count = 6;
  const size = set.height * set.width;
  const files = Array.from({ length: count }, (_, i) => {
    const file = join(project, `digit-${i}.png`);
    writeFileSync(file, writeGrayPng({ height: set.height, width: set.width, pixels: set.pixels.slice(i * size, (i + 1) * size) }));
    return file;
  });

  // The examples type-check against the packed declarations (resolved through `exports`).
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  const printed = JSON.parse(run(process.execPath, ['--import', 'tsx', 'example.ts', ...files], project)) as { bytes: number; exact: boolean; predicted: number[]; realBits: number[][] };
  assert.ok(printed.exact, 'the round trip is exact');

  // The same figures from source, through the core entry with the model loaded from bytes.
  const directory = join(ROOT, 'models/mnist-gray');
  const model = loadModel({ manifest: readFileSync(join(directory, 'manifest.json')), weights: readFileSync(join(directory, 'weights.bin')) });
  const images = { count, height: set.height, width: set.width, pixels: set.pixels.slice(0, count * size), names: files.map((file) => file.split('/').pop()!) };
  const { bytes } = await encodeImages(images, model);
  assert.is(printed.bytes, bytes.length);
  const classified = await classifyImages(images, model);
  assert.equal(printed.predicted, classified.images.map((image) => image.predicted));
  assert.equal(printed.realBits, (await codeLengths(images, model)).images.map((image) => image.realBits));
  // The bundled model classifies these first test digits correctly (a check that the numbers mean something).
  assert.equal(printed.predicted, Array.from(set.labels!.subarray(0, count)));
});

test('the package resolves both entries through exports, and only through them', () => {
  const project = join(work, 'project');
  const resolved = run(process.execPath, ['--input-type=module', '-e', "for (const name of ['arcompress', 'arcompress/node']) console.log(import.meta.resolve(name))"], project).trim().split('\n');
  assert.ok(resolved[0].endsWith('/node_modules/arcompress/dist/index.js'), resolved[0]);
  assert.ok(resolved[1].endsWith('/node_modules/arcompress/dist/node.js'), resolved[1]);
  let message = '';
  try {
    run(process.execPath, ['--input-type=module', '-e', "import.meta.resolve('arcompress/dist/codec/archive.js')"], project);
  } catch (error) {
    message = String((error as { stderr?: string }).stderr);
  }
  assert.match(message, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
});

test.run();
