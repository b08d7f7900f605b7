import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DecisionLog } from '../../src/codec/decision-log.js';
import type { SparseFeatures } from '../../src/model/features.js';
import type { DecisionSink } from '../../src/model/traversal.js';
import { syntheticImages, tinyModel, TINY_HEIGHT, TINY_WIDTH } from '../helpers/tiny-model.js';

/** Every call as text, features included. */
class CallRecorder implements DecisionSink {
  calls: string[] = [];
  base(stage: number, features: SparseFeatures): void {
    this.calls.push(`base ${stage} ${this.features(features)}`);
  }
  context(stage: number, features: SparseFeatures, row: number, column: number): void {
    this.calls.push(`context ${stage} ${row},${column} ${this.features(features)}`);
  }
  decide(head: number, bit: number): number {
    this.calls.push(`decide ${head} ${bit}`);
    return bit;
  }
  private features(features: SparseFeatures): string {
    return Array.from({ length: features.count }, (_, k) => `${features.indices[k]}:${features.values[k]}`).join(' ');
  }
}

const stageOf = (call: string) => (call.startsWith('decide') ? -1 : Number(call.split(' ')[1]));

test('a replay gives the traversal\'s very calls; with a stage limit, those before the first call of a later stage', async () => {
  for (const mode of ['gray', 'binary'] as const) {
    const { model } = await tinyModel(mode);
    const set = syntheticImages(3, 17);
    const traversal = model.createTraversal();
    const log = new DecisionLog();
    const size = TINY_HEIGHT * TINY_WIDTH;
    for (let i = 0; i < set.count; i++) {
      const pixels = set.pixels.subarray(i * size, (i + 1) * size);
      const direct = new CallRecorder();
      traversal.run(pixels, direct);
      log.clear();
      traversal.run(pixels, log);
      const replayed = new CallRecorder();
      log.replay(replayed);
      assert.equal(replayed.calls, direct.calls);
      const stageCount = model.classStages[0].length;
      for (let limit = 0; limit <= stageCount; limit++) {
        const prefix = new CallRecorder();
        log.replay(prefix, limit);
        const end = direct.calls.findIndex((call) => stageOf(call) >= limit);
        assert.equal(prefix.calls, end < 0 ? direct.calls : direct.calls.slice(0, end), `${mode} image ${i}, stages < ${limit}`);
        if (limit >= 1 && limit < stageCount) assert.ok(prefix.calls.some((call) => call.startsWith('decide')) && end > 0, `${mode}: stage 0 has decisions`);
      }
    }
  }
});

test.run();
