import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { earlierSiblingIsOne, fillPyramid, isLastChild, pyramidSizes } from '../../src/model/pyramid.js';
import { SeededRandom } from '../../src/random.js';

test('pyramid sizes halve (rounding up) until both sides are at most 8', () => {
  assert.equal(pyramidSizes(28, 28), [{ height: 28, width: 28 }, { height: 14, width: 14 }, { height: 7, width: 7 }]);
  assert.equal(pyramidSizes(5, 9), [{ height: 5, width: 9 }, { height: 3, width: 5 }]);
  assert.equal(pyramidSizes(1, 1), [{ height: 1, width: 1 }]);
  assert.equal(pyramidSizes(17, 3).map((s) => `${s.height}x${s.width}`), ['17x3', '9x2', '5x1']);
});

test('each coarser pixel is the max of its children (odd sizes included)', () => {
  const random = new SeededRandom(3);
  for (const [height, width] of [[28, 28], [13, 9], [17, 3]]) {
    const sizes = pyramidSizes(height, width);
    const levels = sizes.map((s) => new Uint8Array(s.height * s.width));
    for (let i = 0; i < levels[0].length; i++) levels[0][i] = random.next() < 0.1 ? 1 : 0;
    fillPyramid(levels, sizes);
    for (let k = 1; k < sizes.length; k++) {
      for (let r = 0; r < sizes[k].height; r++) for (let c = 0; c < sizes[k].width; c++) {
        let max = 0;
        for (let rr = 2 * r; rr < Math.min(2 * r + 2, sizes[k - 1].height); rr++) for (let cc = 2 * c; cc < Math.min(2 * c + 2, sizes[k - 1].width); cc++) max = Math.max(max, levels[k - 1][rr * sizes[k - 1].width + cc]);
        assert.is(levels[k][r * sizes[k].width + c], max);
      }
    }
  }
});

test('last child and earlier siblings respect image edges', () => {
  const size = { height: 3, width: 3 };
  assert.ok(isLastChild(1, 1, size));
  assert.ok(!isLastChild(0, 1, size));
  assert.ok(isLastChild(2, 2, size), 'bottom-right corner block has one child');
  assert.ok(isLastChild(1, 2, size), 'right edge block: (1,2) is its last child');
  assert.ok(isLastChild(2, 1, size), 'bottom edge block: (2,1) is its last child');
  const level = Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.ok(earlierSiblingIsOne(level, 1, 1, size));
  assert.ok(!earlierSiblingIsOne(level, 0, 1, size));
  assert.ok(!earlierSiblingIsOne(level, 1, 2, size));
});

test.run();
