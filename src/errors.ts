/**
 * Errors. Two kinds, kept apart on purpose:
 *
 * - `ArcError`: the user gave us something we cannot use (a bad flag, a missing or malformed file,
 *   a damaged bitstream). It carries a stable `code` and a one-line message that says what was
 *   expected and what was found. The CLI prints the message and exits non-zero.
 * - `InvariantError`: our own code broke a promise it made (a bug). The CLI prints it as an
 *   internal error so that it is never mistaken for bad input.
 */

export const ErrorCode = {
  /** A command-line flag or argument is out of range or malformed. */
  BadArgument: 'BadArgument',
  /** A file or directory does not exist or cannot be read. */
  NotFound: 'NotFound',
  /** A file does not start with the magic number its format requires. */
  BadMagic: 'BadMagic',
  /** A file ends before the data its header promises. */
  Truncated: 'Truncated',
  /** A file's length, header fields or contents disagree with each other. */
  BadFormat: 'BadFormat',
  /** A format or container version this build does not read. */
  BadVersion: 'BadVersion',
  /** Stored checksum does not match the data. */
  Checksum: 'Checksum',
  /** A model and a dataset/file/image do not fit together. */
  ModelMismatch: 'ModelMismatch',
  /** A download failed. */
  Network: 'Network',
  /** Writing an output failed. */
  WriteFailed: 'WriteFailed',
} as const;

export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

export class ArcError extends Error {
  readonly code: ErrorCodeName;
  constructor(code: ErrorCodeName, message: string) {
    super(message);
    this.name = 'ArcError';
    this.code = code;
  }
}

/** Throws an `ArcError`; for bad input, never for bugs. */
export function fail(code: ErrorCodeName, message: string): never {
  throw new ArcError(code, message);
}

export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

/** Checks an internal invariant; a failure is a bug in arcompress, not bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

/** One line describing any thrown value, for the CLI's single error path. */
export function describeError(error: unknown): string {
  if (error instanceof ArcError) return error.message;
  if (error instanceof InvariantError) return `internal error (a bug in arcompress): ${error.message}`;
  const nodeError = error as NodeJS.ErrnoException | undefined;
  if (nodeError && typeof nodeError === 'object' && typeof nodeError.code === 'string') {
    const path = nodeError.path ? ` '${nodeError.path}'` : '';
    switch (nodeError.code) {
      case 'ENOENT': return `no such file or directory${path}`;
      case 'EACCES': case 'EPERM': return `permission denied${path}`;
      case 'EISDIR': return `expected a file but found a directory${path}`;
      case 'ENOTDIR': return `expected a directory${path}`;
      case 'ENOSPC': return `no space left on device${path}`;
      case 'EPIPE': return 'output closed early (broken pipe)';
      default: return `${nodeError.code}${path}: ${String(nodeError.message).split('\n')[0]}`;
    }
  }
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}
