/**
 * The page's side of the worker: requests with promises, answered in order. A request that takes
 * longer than its limit (a hostile file, say) ends the worker; a fresh one is started and the models
 * reloaded, so the page never freezes and stays usable.
 */
import type { EncodeReply, LoadReply, OpenReply, SampleReply, ScoreReply, WorkerReply, WorkerRequest } from './protocol.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  request: WorkerRequest;
  /** Set once this is the oldest request still waiting: only that one is timed (see armOldest). */
  timer: ReturnType<typeof setTimeout> | null;
}

/** Limits in milliseconds: scoring a 28×28 image takes milliseconds; loading depends on the network. */
const LIMIT_MS: Record<WorkerRequest['kind'], number> = { load: 60_000, score: 10_000, encode: 10_000, open: 20_000, sample: 30_000 };

export class EngineClient {
  private worker!: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loading: Promise<LoadReply> | null = null;

  constructor(private readonly scriptUrl: string, private readonly evaluator: 'auto' | 'wasm' | 'js' = 'auto') {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(this.scriptUrl);
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (waiting.timer !== null) clearTimeout(waiting.timer);
      this.armOldest();
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.message));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.restart(`the page's worker failed (${event.message || 'unknown error'})`);
    };
    this.loading = null;
  }

  /** Ends the worker (every waiting request fails with `reason`) and starts a fresh one. */
  private restart(reason: string): void {
    this.worker.terminate();
    for (const [, waiting] of this.pending) {
      if (waiting.timer !== null) clearTimeout(waiting.timer);
      waiting.reject(new Error(reason));
    }
    this.pending.clear();
    this.start();
  }

  /**
   * Times the oldest request still waiting (Map order is sending order). A request's limit counts
   * from when every earlier one has been answered, so one queued behind a slow but legitimate
   * request is not stopped for the time it waited.
   */
  private armOldest(): void {
    const oldest = this.pending.values().next();
    if (oldest.done || oldest.value.timer !== null) return;
    const { request } = oldest.value;
    oldest.value.timer = setTimeout(() => this.restart(`${request.kind === 'open' ? 'opening the file' : request.kind} took longer than ${LIMIT_MS[request.kind] / 1000} s and was stopped`), LIMIT_MS[request.kind]);
  }

  private request<T>(request: WorkerRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, request, timer: null });
      this.armOldest();
      // A file's bytes are handed over, not copied (the page keeps no use for them).
      this.worker.postMessage({ id, request }, request.kind === 'open' ? [request.bytes.buffer] : []);
    });
  }

  /** Loads the models (once per worker). */
  load(): Promise<LoadReply> {
    if (!this.loading) {
      this.loading = this.request<LoadReply>({ kind: 'load', evaluator: this.evaluator });
      this.loading.catch(() => (this.loading = null));
    }
    return this.loading;
  }

  async score(model: number, pixels: Uint8Array): Promise<ScoreReply> {
    await this.load();
    return this.request({ kind: 'score', model, pixels });
  }

  async encode(model: number, pixels: Uint8Array, name: string): Promise<EncodeReply> {
    await this.load();
    return this.request({ kind: 'encode', model, pixels, name });
  }

  async open(model: number, name: string, bytes: Uint8Array): Promise<OpenReply> {
    await this.load();
    return this.request({ kind: 'open', model, name, bytes });
  }

  async sample(model: number, classIndex: number, count: number, seed: number): Promise<SampleReply> {
    await this.load();
    return this.request({ kind: 'sample', model, classIndex, count, seed });
  }
}
