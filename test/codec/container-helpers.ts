/** Test support for the container tests: random record bytes, and one-line ArcErrors of a code. */
import * as assert from 'uvu/assert';
import { ArcError, type ErrorCodeName } from '../../src/errors.js';
import { SeededRandom } from '../../src/random.js';

/** Records of these lengths, random bytes from `seed`. */
export function records(lengths: number[], seed = 1): Uint8Array[] {
  const random = new SeededRandom(seed);
  return lengths.map((length) => Uint8Array.from({ length }, () => random.nextInt(256)));
}

/** `run` fails with an ArcError of `code`, a one-line message (matching `pattern` when given). */
export function throwsCode(run: () => unknown, code: ErrorCodeName, pattern?: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, ArcError);
    assert.is((error as ArcError).code, code, (error as Error).message);
    if (pattern) assert.match((error as Error).message, pattern);
    assert.not.match((error as Error).message, /\n/);
    return;
  }
  assert.unreachable(`expected ${code}`);
}
