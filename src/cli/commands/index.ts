/** Every command, registered in the order `--help` lists them. One file per command. */
import type { Command } from 'commander';
import { registerDatasets } from './datasets.js';
import { registerDecode } from './decode.js';
import { registerEncode } from './encode.js';
import { registerFetch } from './fetch.js';
import { registerInfo } from './info.js';
import { registerTrain } from './train.js';
import { registerClassify } from './classify.js';
import { registerZipClassify } from './zip-classify.js';
import { registerBaseline } from './baseline.js';
import { registerReport } from './report.js';
import { registerSample } from './sample.js';
import { registerWeb } from './web.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerDatasets,
  registerInfo,
  registerFetch,
  registerTrain,
  registerClassify,
  registerEncode,
  registerDecode,
  registerZipClassify,
  registerBaseline,
  registerReport,
  registerSample,
  registerWeb,
];
