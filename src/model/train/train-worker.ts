/** Worker thread: trains one class group generatively (see workers.ts). */
import type { ImageSet } from '../../data/types.js';
import { serveWorkerTask } from '../../worker-threads.js';
import { predictorToPlain } from '../network.js';
import { loadTensorflow } from '../tensorflow.js';
import { ImageTraversal, stageShapes } from '../traversal.js';
import { trainingSplit } from './class-split.js';
import { trainGroup } from './group.js';
import type { TrainJob, TrainJobProgress, TrainJobResult } from './workers.js';

serveWorkerTask<TrainJob, TrainJobProgress, TrainJobResult>(async (job, progress) => {
  const options = job.options;
  const { tf } = await loadTensorflow(options.backend);
  const set: ImageSet = { count: job.count, height: job.height, width: job.width, pixels: job.pixels, labels: job.labels };
  const split = trainingSplit(set, options);
  const shapes = stageShapes(set.height, set.width, options.pixelMode, options.refinementContext, options.globalContext);
  const traversal = new ImageTraversal(set.height, set.width, options.pixelMode, options.refinementContext, options.globalContext);
  const result = trainGroup({ tf, set, split, options, shapes, traversal }, job.group, job.groupIndex, (detail, steps) => progress({ detail, steps }));
  return { result: { stagesByClass: result.stagesByClass.map((stages) => stages.map(predictorToPlain)), epochs: result.epochs, validationBitsPerPixelByClass: result.validationBitsPerPixelByClass } };
});
