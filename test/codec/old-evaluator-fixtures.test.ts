/**
 * Files written before the WebAssembly evaluator keep decoding: test/fixtures/evaluator-v1 holds a
 * small model per mode (hidden 20: one 16-unit SIMD block and 4 scalar units) and .arc files that
 * the TypeScript evaluator wrote at commit fef8487 (make-fixtures.ts there says how). Both
 * evaluators decode them to the original images and, encoding again in that container version (2),
 * write the very same bytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeArchive, encodeArchive } from '../../src/codec/archive.js';
import { idxSource } from '../../src/codec/source.js';
import { ArModel } from '../../src/model/ar-model.js';
import { loadModel } from '../../src/model/store.js';

const fixtures = fileURLToPath(new URL('../fixtures/evaluator-v1/', import.meta.url));

for (const mode of ['gray', 'binary'] as const) {
  for (const evaluator of ['js', 'wasm'] as const) {
    test(`${mode} .arc written by the TypeScript evaluator: decodes and re-encodes identically with ${evaluator}`, async () => {
      const loaded = await loadModel(fixtures + `model-${mode}`);
      const model = new ArModel(loaded.model.info, loaded.model.classStages, { evaluator });
      const arc = new Uint8Array(readFileSync(fixtures + `images-${mode}.arc`));
      const idx = new Uint8Array(readFileSync(fixtures + `images-${mode}.idx`));
      const decoded = await decodeArchive(arc, `images-${mode}.arc`, model);
      assert.ok(Buffer.from(decoded.restored).equals(Buffer.from(idx)), 'restored pixels');
      const again = await encodeArchive(idxSource(idx, false, `images-${mode}.idx`), { model, modelName: 'synthetic-12x10', workers: 1, containerVersion: 2 });
      assert.ok(Buffer.from(again.bytes).equals(Buffer.from(arc)), 'the same bytes again');
    });
  }
}

test.run();
