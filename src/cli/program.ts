import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.js';

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/**
 * Builds the command tree. Commander's own errors (unknown flag, missing argument, bad value)
 * come out as one line on stderr with exit code 1 (see `exitOverride` in run.ts).
 */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('arcompress')
    .description('Lossless image compression with autoregressive pixel models and an arithmetic coder; classification by code length.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .configureOutput({
      outputError: (text, write) => write(text.trimEnd().split('\n')[0] + '\n'),
    });
  for (const register of COMMANDS) register(program);
  return program;
}

export { CommanderError };
