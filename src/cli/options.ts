/**
 * Parsers for command-line values. Each throws commander's InvalidArgumentError, which commander
 * turns into one line naming the flag, the value and what was expected.
 */
import { InvalidArgumentError } from 'commander';

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

/** A finite number > 0, e.g. a learning rate. */
export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a number > 0, found '${value}'.`);
  return parsed;
}
