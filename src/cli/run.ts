/**
 * The CLI's one error path: every command's action runs through `action()`, and anything thrown
 * becomes one line on stderr and a non-zero exit code, never a stack trace.
 * Set ARCOMPRESS_DEBUG=1 to see the stack.
 */
import { CommanderError } from 'commander';
import { describeError, InvariantError } from '../errors.js';

export function reportError(error: unknown): void {
  if (error instanceof CommanderError) {
    // Commander has already printed its message.
    process.exitCode = error.exitCode || 1;
    return;
  }
  process.stderr.write(`arcompress: ${describeError(error)}\n`);
  if (process.env.ARCOMPRESS_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(error.stack + '\n');
  }
  process.exitCode = error instanceof InvariantError ? 70 : 1;
}

/** Wraps a command action so that errors take the one path above. */
export function action<Args extends unknown[]>(
  body: (...args: Args) => Promise<void> | void,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await body(...args);
    } catch (error) {
      reportError(error);
    }
  };
}
