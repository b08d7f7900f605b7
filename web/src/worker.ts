/**
 * The page's Web Worker: loads the models and does every computation (scoring, heat maps,
 * encoding, decoding dropped files, sampling), so that nothing a file does can freeze the page.
 * The same bundled script runs as page and as worker (main.ts).
 */
import { bitsByPixel, classLengths, decodeArc, describeError, drawSamples, encodeArc, ErrorCode, fail, looksLikeArc, modelFromFiles, modelView, resolveEvaluatorKind, type ArModel, type EvaluatorKind, type Model } from './engine.js';
import { checkGrayPng, decodeCheckedPng, encodeGrayPng, gzipBytes, isPng } from './gray-png.js';
import { MAX_OPEN_BYTES, type EncodeReply, type LoadReply, type OpenReply, type PageModel, type SampleReply, type ScoreReply, type WorkerReply, type WorkerRequest } from './protocol.js';

interface Loaded {
  info: PageModel;
  model: ArModel;
  /** The model with its manifest, as the library's API takes it. */
  loaded: Model;
  /** One traversal per model for the heat map, reused across strokes. */
  traversal: ReturnType<ArModel['createTraversal']>;
}

let loaded: Loaded[] = [];

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) fail(ErrorCode.NotFound, `${url.pathname}: the server answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function load(evaluator: EvaluatorKind): Promise<LoadReply> {
  const started = performance.now();
  const base = new URL('./', self.location.href);
  const list = JSON.parse(new TextDecoder().decode(await fetchBytes(new URL('models.json', base)))) as { models: PageModel[] };
  loaded = await Promise.all(
    list.models.map(async (info) => {
      const [manifest, weights] = await Promise.all([fetchBytes(new URL(info.manifest, base)), fetchBytes(new URL(info.weights, base))]);
      const model = modelFromFiles(new TextDecoder().decode(manifest), weights, `models/${info.name}`, evaluator);
      return { info, model: model.model, loaded: model, traversal: model.model.createTraversal() };
    }),
  );
  // Warm-up: score one drawn sample per model, so the engine has compiled the coding path before
  // the first stroke (results unused; the first stroke otherwise waits for the JIT).
  for (const { model, traversal } of loaded) {
    const image = modelView(model, drawSamples(model, 0, 1, 1));
    bitsByPixel(model, classLengths(model, image).bestClassIndex, image, traversal);
  }
  return { models: loaded.map((entry) => entry.info), loadMs: performance.now() - started, evaluator: resolveEvaluatorKind(evaluator) };
}

function modelAt(index: number): Loaded {
  const entry = loaded[index];
  if (!entry) fail(ErrorCode.BadArgument, `no model ${index}`);
  return entry;
}

/** The model at `index`, which must code images of `pixels.length` pixels (the pad draws 28×28). */
function modelFor(index: number, pixels: Uint8Array): Loaded {
  const entry = modelAt(index);
  const { height, width } = entry.model.info;
  if (pixels.length !== height * width) fail(ErrorCode.ModelMismatch, `model ${entry.info.name} codes ${height}×${width} images; the page's image has ${pixels.length} pixels (it draws 28×28)`);
  return entry;
}

function score(index: number, pixels: Uint8Array): ScoreReply {
  const started = performance.now();
  const { model, traversal } = modelFor(index, pixels);
  const view = modelView(model, pixels);
  const lengths = classLengths(model, view);
  const costs = bitsByPixel(model, lengths.bestClassIndex, view, traversal);
  return { view, ...lengths, bitsByPixel: costs, computeMs: performance.now() - started };
}

async function encode(index: number, pixels: Uint8Array, name: string): Promise<EncodeReply> {
  const { model, loaded: publicModel } = modelFor(index, pixels);
  // The .arc codes the drawn image as `arcompress encode` would (a binary model thresholds it and
  // says so in the file); PNG and gzip code what it restores, the model's view.
  const view = modelView(model, pixels);
  const gzip = await gzipBytes(view);
  const png = await encodeGrayPng(view, model.info.height, model.info.width);
  const arc = await encodeArc(publicModel, name, pixels);
  return { arc: arc.bytes, classIndex: arc.classIndex, recordBytes: arc.recordBytes, binarized: arc.binarized, pngBytes: png.length, gzipBytes: gzip.length };
}

async function open(index: number, name: string, bytes: Uint8Array): Promise<OpenReply> {
  if (bytes.length > MAX_OPEN_BYTES) fail(ErrorCode.BadArgument, `${name} is ${bytes.length} bytes; the page opens files up to ${MAX_OPEN_BYTES} bytes`);
  if (looksLikeArc(bytes)) {
    const decoded = await decodeArc(bytes, name, loaded.map((entry) => entry.loaded));
    return { kind: 'arc', ...decoded };
  }
  if (isPng(bytes)) {
    const { model } = modelAt(index);
    const header = checkGrayPng(bytes, name, model.info.height, model.info.width);
    return { kind: 'png', pixels: await decodeCheckedPng(bytes, header, name) };
  }
  fail(ErrorCode.BadMagic, `${name} is neither an .arc file nor a PNG`);
}

function sample(index: number, classIndex: number, count: number, seed: number): SampleReply {
  return { pixels: drawSamples(modelAt(index).model, classIndex, count, seed) };
}

async function answer(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'load':
      return load(request.evaluator);
    case 'score':
      return score(request.model, request.pixels);
    case 'encode':
      return encode(request.model, request.pixels, request.name);
    case 'open':
      return open(request.model, request.name, request.bytes);
    case 'sample':
      return sample(request.model, request.classIndex, request.count, request.seed);
  }
}

/** Answers requests one at a time, in order; errors go back as one line. */
export function startWorker(): void {
  let queue = Promise.resolve();
  self.onmessage = (event: MessageEvent<{ id: number; request: WorkerRequest }>) => {
    const { id, request } = event.data;
    queue = queue.then(async () => {
      let reply: WorkerReply;
      try {
        reply = { id, ok: true, value: await answer(request) };
      } catch (error) {
        reply = { id, ok: false, message: describeError(error) };
      }
      (self as unknown as Worker).postMessage(reply);
    });
  };
}
