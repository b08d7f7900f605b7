import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArcError } from '../../src/errors.js';
import { headMajorFromTfjs, tfjsFromHeadMajor } from '../../src/model/head-kernel.js';
import { Mlp } from '../../src/model/network.js';
import { computeFingerprint, loadModel, serializeWeights } from '../../src/model/store.js';
import { SeededRandom } from '../../src/random.js';
import { NEW_MODEL_ADAPTIVE_MAP } from '../../src/model/adaptive-map.js';
import { tinyModel } from '../helpers/tiny-model.js';

let directory = '';

test.before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'arcompress-store-'));
});
test.after(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function saveCopy(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of ['manifest.json', 'weights.bin']) await copyFile(join(from, name), join(to, name));
}

test('head kernels: tfjs holds kernel[j][h] (hidden-major), Mlp headWeights[h][j]; the two transposes undo each other', () => {
  const hiddenSize = 3;
  const headCount = 2;
  // tfjs kernel [hiddenSize, headCount]: row j, column h holds 10·j + h.
  const kernel = Float32Array.from({ length: hiddenSize * headCount }, (_, i) => 10 * Math.floor(i / headCount) + (i % headCount));
  const headWeights = headMajorFromTfjs(kernel, hiddenSize, headCount);
  assert.equal(Array.from(headWeights), [0, 10, 20, 1, 11, 21]);
  assert.equal(Array.from(tfjsFromHeadMajor(headWeights, hiddenSize, headCount)), Array.from(kernel));
});

test('weights.bin holds head kernels in tfjs layout', () => {
  const random = new SeededRandom(4);
  const values = (n: number) => Float64Array.from({ length: n }, () => Math.fround(random.next() - 0.5));
  const mlp = new Mlp(4, 3, 2, { inputWeights: values(12), hiddenBias: values(3), headWeights: values(6), headBias: values(2) });
  const { specs, bytes } = serializeWeights([[mlp]]);
  const names = specs.map((spec) => spec.name);
  assert.equal(names, ['class0/stage0/input_kernel', 'class0/stage0/hidden_bias', 'class0/stage0/head_kernel', 'class0/stage0/head_bias']);
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const headKernel = floats.subarray(12 + 3, 12 + 3 + 6);
  for (let h = 0; h < 2; h++) for (let j = 0; j < 3; j++) assert.is(headKernel[j * 2 + h], mlp.headWeights[h * 3 + j]);
});

test('loading a damaged model directory gives one-line errors with distinct codes', async () => {
  const good = (await tinyModel('binary')).directory;
  const expectCode = async (dir: string, code: string) => {
    try {
      await loadModel(dir);
      assert.unreachable(`loading ${dir} should fail`);
    } catch (error) {
      assert.instance(error, ArcError);
      assert.is((error as ArcError).code, code, (error as Error).message);
      assert.not.match((error as Error).message, /\n/);
    }
  };
  await expectCode(join(directory, 'missing'), 'NotFound');
  const corrupt = join(directory, 'corrupt');
  await saveCopy(good, corrupt);
  const weights = await readFile(join(corrupt, 'weights.bin'));
  weights[10] ^= 0x40;
  await writeFile(join(corrupt, 'weights.bin'), weights);
  await expectCode(corrupt, 'Checksum');
  const badJson = join(directory, 'bad-json');
  await saveCopy(good, badJson);
  await writeFile(join(badJson, 'manifest.json'), '{ not json');
  await expectCode(badJson, 'BadFormat');
  const noWeights = join(directory, 'no-weights');
  await saveCopy(good, noWeights);
  await rm(join(noWeights, 'weights.bin'));
  await expectCode(noWeights, 'NotFound');
});

test('the manifest names the arithmetic (inside the fingerprint, float32 at format version 2); none recorded is float64, an unknown one or a wrong version is refused', async () => {
  const good = (await tinyModel('binary', 'float64')).directory;
  const manifest = JSON.parse(await readFile(join(good, 'manifest.json'), 'utf8'));
  assert.is(manifest.formatVersion, 1, 'a float64 model is written at version 1, readable by every earlier build');
  assert.is(manifest.architecture.arithmetic, undefined, 'and records no arithmetic: its fingerprint is the one it always had');
  const weights = await readFile(join(good, 'weights.bin'));
  const withArithmetic = async (name: string, arithmetic: unknown, formatVersion: number) => {
    const architecture = { ...manifest.architecture, arithmetic };
    if (arithmetic === undefined) delete architecture.arithmetic;
    const to = join(directory, name);
    await mkdir(to, { recursive: true });
    await writeFile(join(to, 'weights.bin'), weights);
    await writeFile(join(to, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion, architecture, fingerprint: computeFingerprint(weights, architecture) }));
    return to;
  };
  assert.is((await loadModel(await withArithmetic('unrecorded', undefined, 1))).model.arithmetic, 'float64');
  assert.is((await loadModel(await withArithmetic('float32', 'float32', 2))).model.arithmetic, 'float32');
  const fingerprints = await Promise.all(['unrecorded', 'float32'].map(async (name) => JSON.parse(await readFile(join(directory, name, 'manifest.json'), 'utf8')).fingerprint));
  assert.is(new Set(fingerprints).size, 2, 'another arithmetic is another model');
  const refused = async (name: string, arithmetic: unknown, formatVersion: number, code: string, pattern: RegExp) => {
    try {
      await loadModel(await withArithmetic(name, arithmetic, formatVersion));
      assert.unreachable(`${name} should be refused`);
    } catch (error) {
      assert.instance(error, ArcError);
      assert.is((error as ArcError).code, code, (error as Error).message);
      assert.match((error as Error).message, pattern);
      assert.not.match((error as Error).message, /\n/);
    }
  };
  await refused('float16', 'float16', 2, 'BadFormat', /arithmetic 'float16'/);
  await refused('float32-at-version-1', 'float32', 1, 'BadFormat', /format version 1 does not go with float32/);
  await refused('float64-at-version-2', undefined, 2, 'BadFormat', /format version 2 does not go with float64/);
  await refused('version-4', 'float32', 4, 'BadVersion', /format version 4; this arcompress reads versions 1, 2, 3/);
});

test('a gray model\'s adaptive map is recorded at format version 3 (inside the fingerprint) and read back; a wrong version, a binary model or a bad spec is refused', async () => {
  const { directory: good, model } = await tinyModel('gray');
  const manifest = JSON.parse(await readFile(join(good, 'manifest.json'), 'utf8'));
  assert.equal(manifest.architecture.adaptiveMap, NEW_MODEL_ADAPTIVE_MAP, 'new gray models have the map');
  assert.is(manifest.formatVersion, 3);
  assert.equal(model.info.adaptiveMap, NEW_MODEL_ADAPTIVE_MAP);
  const weights = await readFile(join(good, 'weights.bin'));
  const variant = async (name: string, change: (m: Record<string, any>) => void) => {
    const copy = JSON.parse(JSON.stringify(manifest));
    change(copy);
    copy.fingerprint = computeFingerprint(weights, copy.architecture);
    const to = join(directory, name);
    await mkdir(to, { recursive: true });
    await writeFile(join(to, 'weights.bin'), weights);
    await writeFile(join(to, 'manifest.json'), JSON.stringify(copy));
    return to;
  };
  const without = await loadModel(await variant('no-map', (m) => { delete m.architecture.adaptiveMap; m.formatVersion = 2; }));
  assert.is(without.model.info.adaptiveMap, undefined);
  assert.is.not(without.manifest.fingerprint, manifest.fingerprint, 'with and without the map are two models');
  const refused = async (name: string, change: (m: Record<string, any>) => void, pattern: RegExp) => {
    try {
      await loadModel(await variant(name, change));
      assert.unreachable(`${name} should be refused`);
    } catch (error) {
      assert.instance(error, ArcError);
      assert.is((error as ArcError).code, 'BadFormat', (error as Error).message);
      assert.match((error as Error).message, pattern);
    }
  };
  await refused('map-at-version-2', (m) => { m.formatVersion = 2; }, /format version 2 does not go with an adaptive map \(version 3\)/);
  await refused('version-3-without-map', (m) => { delete m.architecture.adaptiveMap; }, /format version 3 does not go with float32 arithmetic \(version 2\)/);
  await refused('bad-rate', (m) => { m.architecture.adaptiveMap.rateShift = 12; }, /adaptiveMap is not one this arcompress codes with \(rateShift 12/);
  await refused('null-map', (m) => { m.architecture.adaptiveMap = null; }, /adaptiveMap is not one this arcompress codes with \(not an object/);
  await refused('binary-with-map', (m) => { m.pixelMode = 'binary'; }, /corrects the gray refinement, which a binary model has not/);
  await refused('map-at-24-bits', (m) => { m.precisionBits = 24; }, /codes at ≤ 16-bit precision, the model has 24/);
  const binary = JSON.parse(await readFile(join((await tinyModel('binary')).directory, 'manifest.json'), 'utf8'));
  assert.is(binary.architecture.adaptiveMap, undefined, 'a binary model has no refinement to map');
  assert.is(binary.formatVersion, 2);
});

test.run();
