/**
 * `npm run build:web`: the browser page as static files in web/dist/ (index.html, app.css, one
 * bundled script app.js that is also the page's Web Worker, models.json and the model files), ready
 * for any static host. The bundle is the library's own TypeScript; the few Node modules it names
 * are replaced (shims/): SHA-256 from @noble/hashes, Buffer from `buffer`, the rest unusable.
 */
import { build, type Plugin } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE, WEIGHTS_FILE } from '../src/model/store.js';
import { describeSiteModels, modelFilePath, siteModelList } from '../src/web/site-models.js';

const webRoot = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(webRoot, '..');
const shims = join(webRoot, 'src', 'shims');

/** Node built-ins → browser stand-ins. */
const nodeBuiltins: Plugin = {
  name: 'node-builtins',
  setup(builder) {
    builder.onResolve({ filter: /^node:/ }, (args) => {
      if (args.path === 'node:crypto') return { path: join(shims, 'node-crypto.ts') };
      if (args.path === 'node:path') return { path: join(shims, 'node-path.ts') };
      return { path: join(shims, 'node-unavailable.cjs') };
    });
  },
};

export async function buildPage(outDirectory: string, modelDirectories: readonly string[]): Promise<void> {
  await rm(outDirectory, { recursive: true, force: true });
  await mkdir(outDirectory, { recursive: true });
  await build({
    entryPoints: [join(webRoot, 'src', 'main.ts')],
    outfile: join(outDirectory, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome114', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    inject: [join(shims, 'buffer-global.ts')],
    plugins: [nodeBuiltins],
    legalComments: 'none',
    logLevel: 'warning',
    // codec/workers.ts names its worker by import.meta.url; the page codes in one thread (its own
    // Web Worker) and never reaches that path, so the empty import.meta of an iife is harmless.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  await copyFile(join(webRoot, 'index.html'), join(outDirectory, 'index.html'));
  await copyFile(join(webRoot, 'app.css'), join(outDirectory, 'app.css'));
  const models = await describeSiteModels(modelDirectories);
  for (const model of models) {
    await mkdir(join(outDirectory, 'models', model.name), { recursive: true });
    for (const file of [MANIFEST_FILE, WEIGHTS_FILE] as const) await copyFile(join(model.directory, file), join(outDirectory, modelFilePath(model, file)));
  }
  await writeFile(join(outDirectory, 'models.json'), JSON.stringify(siteModelList(models)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = join(webRoot, 'dist');
  await buildPage(out, ['binary', 'gray'].map((mode) => join(packageRoot, 'models', `mnist-${mode}`)));
  process.stdout.write(`wrote ${out}\n`);
}
