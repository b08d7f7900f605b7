/**
 * The command line's shared vocabulary: parsers for values (each throws commander's
 * InvalidArgumentError, which commander turns into one line naming the flag, the value and what
 * was expected) and the options several commands take (--dataset, --split, --workers, --json).
 * The fallback from --model to the bundled models is in bundled-models.ts.
 */
import { InvalidArgumentError, Option } from 'commander';
import { SPLIT_NAMES } from '../data/registry.js';
import type { SplitName } from '../data/types.js';
import { defaultWorkerCount } from '../worker-threads.js';

/** The most worker threads a command accepts. */
const MAX_WORKERS = 64;

export function integerIn(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    if (!/^[-+]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, found '${value}'.`);
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
      throw new InvalidArgumentError(`expected an integer ${range}, found ${value}.`);
    }
    return parsed;
  };
}

export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, found '${value}'.`);
    }
    return value as T;
  };
}

/**
 * A parser for commander from a pure one that throws an Error of one line (e.g.
 * parseDistortionRange): its message becomes the InvalidArgumentError's.
 */
export function parsedBy<T>(parse: (text: string) => T): (value: string) => T {
  return (value: string) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message + '.');
    }
  };
}

/** A finite number > 0, e.g. a learning rate. */
export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a number > 0, found '${value}'.`);
  return parsed;
}

/** --dataset <name|dir>: a dataset by name or a directory of IDX files; default mnist (null: none, absent means not given). */
export function datasetOption(description = 'dataset name (mnist, fashion-mnist, kmnist) or a directory of IDX files', defaultDataset: string | null = 'mnist'): Option {
  const option = new Option('--dataset <name|dir>', description);
  return defaultDataset === null ? option : option.default(defaultDataset);
}

/** --split <split>: train or test; default `defaultSplit` (null: none, absent means not given). */
export function splitOption(defaultSplit: SplitName | null = 'test', description = SPLIT_NAMES.join(' or ')): Option {
  const option = new Option('--split <split>', description).argParser(oneOf(SPLIT_NAMES));
  return defaultSplit === null ? option : option.default(defaultSplit);
}

/** --workers <n>: worker threads, 1 to 64; default: the cores available, at most 8. */
export function workersOption(description = 'worker threads'): Option {
  return new Option('--workers <n>', description).argParser(integerIn(1, MAX_WORKERS)).default(defaultWorkerCount());
}

/** --json: machine-readable output on stdout (and no progress bar). */
export function jsonOption(description = 'print the figures as JSON'): Option {
  return new Option('--json', description);
}
