/**
 * Worker thread: loads the model directory, checks it is the expected model, and encodes or
 * decodes one share of the images (shares.ts). Errors go back with their code (worker-threads.ts).
 */
import { ErrorCode, fail } from '../errors.js';
import { loadModel } from '../model/store.js';
import { serveWorkerTask } from '../worker-threads.js';
import { RecordCoder } from './image-record.js';
import { decodeShare, encodeShare, type EncodedShare } from './shares.js';
import type { CodecJob } from './workers.js';

serveWorkerTask<CodecJob, number, EncodedShare | Uint8Array>(async (job, progress) => {
  const { model } = await loadModel(job.modelDirectory);
  if (model.info.fingerprint !== job.fingerprint) {
    fail(ErrorCode.ModelMismatch, `model directory ${job.modelDirectory} changed while in use (fingerprint ${model.info.fingerprint.slice(0, 12)}…, expected ${job.fingerprint.slice(0, 12)}…)`);
  }
  // The fingerprint covers the recorded arithmetic; a caller's model evaluated in another is another model.
  if (model.arithmetic !== job.arithmetic) fail(ErrorCode.ModelMismatch, `model directory ${job.modelDirectory} is evaluated in ${model.arithmetic}, the model given in ${job.arithmetic}`);
  const coder = new RecordCoder(model);
  if (job.task === 'encode') {
    const share = encodeShare(coder, job.pixels, job.count, job.imagesPerRecord, job.classIndices, progress);
    return { result: share, transfer: [share.recordBytes.buffer, share.recordLengths.buffer, share.classIndices.buffer, share.imageIdealBits.buffer, share.classIndexBits.buffer, share.streamBits.buffer] as ArrayBuffer[] };
  }
  const pixels = decodeShare(coder, job.payload, job.recordLengths, job.imagesPerRecord, job.count, job.firstImage, progress);
  return { result: pixels, transfer: [pixels.buffer as ArrayBuffer] };
});
