/** Per-pixel code lengths add up to the image's code length; samples are valid images. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pixelCodeLengths } from '../../src/report/pixel-costs.js';
import { sampleImages } from '../../src/model/sampling.js';
import { syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

const size = TINY_HEIGHT * TINY_WIDTH;

test('the per-pixel map sums to Σ −log2 q under every class, in both modes', async () => {
  const images = syntheticImages(6, 11);
  for (const mode of ['binary', 'gray'] as const) {
    const { model } = await tinyModel(mode);
    for (let i = 0; i < images.count; i++) {
      const pixels = images.pixels.subarray(i * size, (i + 1) * size);
      for (let c = 0; c < model.classCount; c++) {
        const map = pixelCodeLengths(model, c, pixels);
        assert.is(map.length, size);
        assert.ok(map.every((bits) => bits >= 0));
        const total = map.reduce((a, b) => a + b, 0);
        const ideal = model.idealCodeLengthBits(pixels, c);
        assert.ok(Math.abs(total - ideal) < 1e-9 * Math.max(1, ideal), `${mode} image ${i} class ${c}: ${total} vs ${ideal}`);
      }
    }
  }
});

test('samples: seeded, of the model\'s size, bilevel from a binary model', async () => {
  const binary = await tinyModel('binary');
  const samples = sampleImages(binary.model, 1, 5, 42);
  assert.is(samples.length, 5 * size);
  assert.ok(samples.every((value) => value === 0 || value === 255));
  assert.equal(sampleImages(binary.model, 1, 5, 42), samples);
  assert.not.equal(sampleImages(binary.model, 1, 5, 43), samples);
  const gray = await tinyModel('gray');
  assert.is(sampleImages(gray.model, 0, 3, 1).length, 3 * size);
  assert.throws(() => sampleImages(gray.model, 3, 1, 1), /class index 3/);
});

test.run();
