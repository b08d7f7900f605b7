/** Worker thread: trains one class group generatively (see `trainGroupsInWorkers` in train.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImageSet } from '../../data/types.js';
import { predictorToPlain } from '../network.js';
import { loadTensorflow } from '../tensorflow.js';
import { splitByClass, trainGroup, type TrainingGroup, type TrainOptions } from './train-model.js';
import { ImageTraversal, stageShapes } from '../traversal.js';

interface TrainJob {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
  labels: Uint8Array;
  options: TrainOptions;
  group: TrainingGroup;
  groupIndex: number;
}

const job = workerData as TrainJob;
const options = job.options;
const { tf } = await loadTensorflow(options.backend);
const set: ImageSet = { count: job.count, height: job.height, width: job.width, pixels: job.pixels, labels: job.labels };
const split = splitByClass(set, options.validationFraction, options.seed);
const shapes = stageShapes(set.height, set.width, options.pixelMode, options.refinementContext);
const traversal = new ImageTraversal(set.height, set.width, options.pixelMode, options.refinementContext);
const result = trainGroup({ tf, set, split, options, shapes, traversal }, job.group, job.groupIndex, (detail, steps) => parentPort!.postMessage({ type: 'progress', detail, steps }));
parentPort!.postMessage({ type: 'done', stages: result.stages.map(predictorToPlain), epochs: result.epochs, validationBitsByClass: result.validationBitsByClass });
