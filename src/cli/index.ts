#!/usr/bin/env node
/**
 * The `arcompress` command. This file only builds the command tree; each command lives in its own
 * file under `commands/` and the work itself lives in the library modules.
 */
import { createProgram } from './program.js';
import { reportError } from './run.js';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => reportError(error));
