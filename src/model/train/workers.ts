/**
 * Per-class generative training on worker threads (train-worker.ts), one TensorFlow.js per thread.
 * Groups are independent and seeded by their index, so the weights do not depend on the thread count.
 */
import type { ImageSet } from '../../data/types.js';
import { runWorkerTasks } from '../../worker-threads.js';
import { predictorFromPlain, type PlainPredictor } from '../network.js';
import type { BackendPreference } from '../tensorflow.js';
import type { GroupResult, TrainingGroup } from './group.js';
import type { TrainOptions } from './options.js';

/** The options a worker can be sent: no callbacks, no models. */
export type WorkerTrainOptions = Omit<TrainOptions, 'onProgress' | 'levelsFrom' | 'initialModel'>;

/** What one worker is given: the images (shared, not copied) and the group to train. */
export interface TrainJob {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
  labels: Uint8Array;
  options: WorkerTrainOptions;
  group: TrainingGroup;
  groupIndex: number;
}

export type TrainJobProgress = { detail: string; steps: number };
export type TrainJobResult = { stagesByClass: PlainPredictor[][]; epochs: number; validationBitsPerPixelByClass: number[] };

/** The preference that loads backend `name` (as loadTensorflow reports it): workers use this thread's. */
export function backendPreferenceOf(name: string): BackendPreference {
  return name === 'wasm' || name === 'cpu' ? name : 'node';
}

/**
 * Trains `groups` (no donor) on `options.workers` threads, results in group order.
 * `onEpoch(groupIndex, detail, steps)` reports progress in epochs.
 */
export async function trainGroupsInWorkers(set: ImageSet, groups: TrainingGroup[], options: TrainOptions, onEpoch: (groupIndex: number, detail: string, steps: number) => void): Promise<GroupResult[]> {
  const pixels = new Uint8Array(new SharedArrayBuffer(set.pixels.length));
  pixels.set(set.pixels);
  const labels = new Uint8Array(new SharedArrayBuffer(set.labels!.length));
  labels.set(set.labels!);
  const { onProgress: _progress, levelsFrom: _levels, initialModel: _initial, ...plainOptions } = options;
  const tasks = groups.map((group, groupIndex) => ({ input: { count: set.count, height: set.height, width: set.width, pixels, labels, options: plainOptions, group, groupIndex } satisfies TrainJob }));
  const results = await runWorkerTasks<TrainJob, TrainJobProgress, TrainJobResult>(import.meta.url, 'train-worker', tasks, {
    workers: options.workers,
    onProgress: (groupIndex, { detail, steps }) => onEpoch(groupIndex, detail, steps),
  });
  return results.map((result) => ({ stagesByClass: result.stagesByClass.map((stages) => stages.map(predictorFromPlain)), epochs: result.epochs, validationBitsPerPixelByClass: result.validationBitsPerPixelByClass }));
}
