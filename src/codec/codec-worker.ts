/**
 * Worker thread: loads the model directory, checks it is the expected model, and encodes or
 * decodes one share of the images (shares.ts). Errors go back as messages so the main thread can
 * rethrow them with their code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ArcError, ErrorCode, fail, InvariantError } from '../errors.js';
import { loadModel } from '../model/store.js';
import { RecordCoder } from './image-record.js';
import { decodeShare, encodeShare } from './shares.js';
import type { CodecJob, WorkerMessage } from './workers.js';

const job = workerData as CodecJob;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  const { model } = await loadModel(job.modelDirectory);
  if (model.info.fingerprint !== job.fingerprint) {
    fail(ErrorCode.ModelMismatch, `model directory ${job.modelDirectory} changed while in use (fingerprint ${model.info.fingerprint.slice(0, 12)}…, expected ${job.fingerprint.slice(0, 12)}…)`);
  }
  const coder = new RecordCoder(model);
  const progress = (done: number) => post({ type: 'progress', done });
  if (job.task === 'encode') {
    const share = encodeShare(coder, job.pixels, job.count, job.classIndices, progress);
    post({ type: 'encoded', share }, [share.recordBytes.buffer, share.recordLengths.buffer, share.classIndices.buffer, share.imageIdealBits.buffer, share.classIndexBits.buffer, share.streamBits.buffer] as ArrayBuffer[]);
  } else {
    const pixels = decodeShare(coder, job.payload, job.recordLengths, job.firstImage, progress);
    post({ type: 'decoded', pixels }, [pixels.buffer as ArrayBuffer]);
  }
} catch (error) {
  if (error instanceof ArcError) post({ type: 'error', kind: 'arc', code: error.code, message: error.message });
  else if (error instanceof InvariantError) post({ type: 'error', kind: 'invariant', message: error.message });
  else post({ type: 'error', kind: 'other', message: String((error as Error)?.stack ?? error) });
}
