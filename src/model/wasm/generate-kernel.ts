/**
 * Assembles mlp-kernel.wat into mlp-kernel-bytes.ts (the module as base64, so that Node and
 * browser bundles load it without reading a file). Run by `npm run build:wasm`; not part of the
 * built package (tsconfig excludes it), since it needs the wabt dev dependency.
 *
 *   node --import tsx src/model/wasm/generate-kernel.ts [--check]
 *
 * With --check it writes nothing and exits 1 when the committed bytes are not current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleKernel, kernelBytesSource } from './assemble-kernel.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const source = readFileSync(here + 'mlp-kernel.wat', 'utf8');
const text = kernelBytesSource(await assembleKernel(source));
const target = here + 'mlp-kernel-bytes.ts';
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error(`${target} is not current: run npm run build:wasm`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
