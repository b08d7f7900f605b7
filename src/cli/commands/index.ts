/** Every command, registered in the order `--help` lists them. One file per command. */
import type { Command } from 'commander';
import { registerDatasets } from './datasets.js';
import { registerFetch } from './fetch.js';
import { registerInfo } from './info.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerDatasets,
  registerInfo,
  registerFetch,
];
