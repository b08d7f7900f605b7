/**
 * The page: wires the drawing pad, the model choice, the results, encoding, opening files and the
 * samples view to the worker (all computing happens there). Everything a test needs to compare
 * with the library in Node is also published on `window.__arcompress` (see PageState).
 */
import { DrawingPad } from './drawing-pad.js';
import { EngineClient } from './engine-client.js';
import { reduceToDigit } from './mnist-reduce.js';
import { drawGray, drawGrid, drawHeat, renderBars } from './pictures.js';
import { MAX_OPEN_BYTES, type PageModel } from './protocol.js';

/** What the page shows, for tests and for the curious (plain arrays: easy to read from outside). */
export interface PageState {
  ready: boolean;
  models: PageModel[];
  modelIndex: number;
  /** What computes the probabilities: 'wasm' (SIMD kernel) or 'js' (the reference); ?evaluator=js|wasm picks. */
  evaluator: string;
  /** Bumped after every finished update (score, encode, open, sample, error). */
  revision: number;
  /** The 28×28 gray image (drawn or opened), and the same as the model codes it. */
  image: number[];
  view: number[];
  realBits: number[];
  idealBits: number[];
  bestClassIndex: number;
  /** The best class's bits per pixel (the heat map). */
  bitsByPixel: number[];
  /** Last update: from the end of the stroke (reduction, worker round trip, drawing) in ms; and the worker's share. */
  updateMs: number;
  computeMs: number;
  /** The worker's model loading, and the page's start until the models were ready. */
  modelLoadMs: number;
  readyMs: number;
  lastArc: number[];
  decoded: { count: number; names: string[]; pixels: number[] } | null;
  samples: number[];
  message: string;
}

declare global {
  interface Window {
    __arcompress: PageState;
    /** The pad's ink (alpha, 0..255, row-major) that the 28×28 image was reduced from. */
    __arcompressInk: () => number[];
  }
}

const SAMPLE_COUNT = 16;
const SAMPLES_PER_ROW = 8;

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

export function startPage(scriptUrl: string): void {
  const state: PageState = {
    ready: false, models: [], modelIndex: 0, evaluator: '', revision: 0, image: [], view: [], realBits: [], idealBits: [], bestClassIndex: -1, bitsByPixel: [],
    updateMs: NaN, computeMs: NaN, modelLoadMs: NaN, readyMs: NaN, lastArc: [], decoded: null, samples: [], message: '',
  };
  window.__arcompress = state;
  const asked = new URLSearchParams(location.search).get('evaluator');
  const client = new EngineClient(scriptUrl, asked === 'js' || asked === 'wasm' ? asked : 'auto');
  const message = element<HTMLParagraphElement>('message');
  let source: Uint8Array = new Uint8Array(28 * 28);
  let scoring = 0;
  let downloadUrl: string | null = null;

  const say = (text: string, isError = false) => {
    message.textContent = text;
    message.classList.toggle('error', isError);
    state.message = text;
  };
  const failed = (error: unknown) => {
    say(String((error as Error)?.message ?? error).split('\n')[0], true);
    state.revision++;
  };
  const model = () => state.models[state.modelIndex];

  const resetEncode = () => {
    for (const id of ['arc-bytes', 'png-bytes', 'gzip-bytes']) element(id).textContent = '–';
    element('download').hidden = true;
  };

  /** Scores the current image and shows the results; `started`: when the stroke ended. */
  const update = async (started = performance.now()) => {
    if (!state.ready) return;
    const ticket = ++scoring;
    try {
      const reply = await client.score(state.modelIndex, source);
      if (ticket !== scoring) return;
      const { height, width, classLabels } = model();
      drawGray(element('digit'), reply.view, height, width);
      const maximum = drawHeat(element('heat'), reply.bitsByPixel, height, width);
      element('heat-caption').textContent = `bits per pixel under class ${classLabels[reply.bestClassIndex]} (brightest ${maximum.toFixed(2)})`;
      renderBars(element('bars'), classLabels, reply.realBits, reply.idealBits, reply.bestClassIndex);
      const margin = reply.marginBits;
      element('prediction').innerHTML = '';
      element('prediction').append('Predicted ', Object.assign(document.createElement('strong'), { textContent: String(classLabels[reply.bestClassIndex]) }),
        margin > 0
          ? ` by ${margin} bits (ideal ${reply.idealMarginBits.toFixed(1)}) over the next class`
          : ` on a tie in whole bytes, broken by the ideal length (by ${reply.idealMarginBits.toFixed(1)} bits)`,
        source.some((value) => value > 0) ? '' : ' for the empty image: draw a digit');
      Object.assign(state, {
        image: Array.from(source), view: Array.from(reply.view), realBits: Array.from(reply.realBits), idealBits: Array.from(reply.idealBits),
        bestClassIndex: reply.bestClassIndex, bitsByPixel: Array.from(reply.bitsByPixel), computeMs: reply.computeMs, updateMs: performance.now() - started,
      });
      element('update-ms').textContent = state.updateMs.toFixed(1);
      resetEncode();
      state.revision++;
    } catch (error) {
      failed(error);
    }
  };

  const pad = new DrawingPad(element('pad'), () => {
    const started = performance.now();
    source = reduceToDigit(pad.ink());
    void update(started);
  });
  window.__arcompressInk = () => Array.from(pad.ink().ink);

  /** Makes `index` the current model (the Samples view lists its classes); the caller updates. */
  const selectModel = (index: number) => {
    state.modelIndex = index;
    const select = element<HTMLSelectElement>('sample-class');
    select.replaceChildren(...model().classLabels.map((label, c) => Object.assign(document.createElement('option'), { value: String(c), textContent: String(label) })));
  };
  const chooseModel = (index: number) => {
    selectModel(index);
    void update();
  };

  const showModels = () => {
    const fieldset = element('model-choice');
    state.models.forEach((entry, index) => {
      const label = document.createElement('label');
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'model', value: String(index), checked: index === state.modelIndex, id: `model-${entry.name}` });
      input.addEventListener('change', () => input.checked && chooseModel(index));
      label.append(input, ` ${entry.pixelMode} (${entry.name})`);
      fieldset.append(label);
    });
  };

  element('undo').addEventListener('click', () => pad.undo());
  element('clear').addEventListener('click', () => pad.clear());

  element('encode').addEventListener('click', async () => {
    try {
      const reply = await client.encode(state.modelIndex, source, 'digit.png');
      element('arc-bytes').textContent = `${reply.arc.length} bytes: image record ${reply.recordBytes} (class ${model().classLabels[reply.classIndex]}${reply.binarized ? ', binarized' : ''}), header and checksums ${reply.arc.length - reply.recordBytes}`;
      element('png-bytes').textContent = `${reply.pngBytes} bytes`;
      element('gzip-bytes').textContent = `${reply.gzipBytes} bytes`;
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      downloadUrl = URL.createObjectURL(new Blob([reply.arc as BlobPart], { type: 'application/octet-stream' }));
      const link = element<HTMLAnchorElement>('download');
      link.href = downloadUrl;
      link.hidden = false;
      state.lastArc = Array.from(reply.arc);
      say(`encoded: ${reply.arc.length} bytes of .arc, ${reply.pngBytes} of PNG, ${reply.gzipBytes} of gzip`);
      state.revision++;
    } catch (error) {
      failed(error);
    }
  });

  const openFile = async (file: File) => {
    try {
      if (file.size > MAX_OPEN_BYTES) throw new Error(`${file.name} is ${file.size} bytes; the page opens files up to ${MAX_OPEN_BYTES} bytes`);
      const reply = await client.open(state.modelIndex, file.name, new Uint8Array(await file.arrayBuffer()));
      if (reply.kind === 'arc') {
        state.decoded = { count: reply.count, names: reply.names, pixels: Array.from(reply.pixels) };
        (element(`model-${state.models[reply.modelIndex].name}`) as HTMLInputElement).checked = true;
        selectModel(reply.modelIndex);
        source = reply.pixels.slice(0, reply.height * reply.width);
        say(`decoded ${file.name}: ${reply.count} image${reply.count === 1 ? '' : 's'} ${reply.height}×${reply.width}${reply.count > 1 ? ', showing the first' : ''} (${reply.names[0] ?? 'IDX'})`);
      } else {
        source = reply.pixels;
        say(`opened ${file.name}; encode it with the button below`);
      }
      await update();
    } catch (error) {
      failed(error);
    }
  };
  element<HTMLInputElement>('open-file').addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.files?.[0]) void openFile(input.files[0]);
    input.value = '';
  });
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files?.[0];
    if (file) void openFile(file);
  });

  const showView = (samples: boolean) => {
    element('draw-view').hidden = samples;
    element('samples-view').hidden = !samples;
    element('show-draw').setAttribute('aria-pressed', String(!samples));
    element('show-samples').setAttribute('aria-pressed', String(samples));
  };
  element('show-draw').addEventListener('click', () => showView(false));
  element('show-samples').addEventListener('click', () => showView(true));
  element('sample').addEventListener('click', async () => {
    const seed = Number(element<HTMLInputElement>('sample-seed').value);
    const classIndex = Number(element<HTMLSelectElement>('sample-class').value);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) return failed(new Error(`seed: expected an integer between 0 and 2147483647, found '${element<HTMLInputElement>('sample-seed').value}'`));
    try {
      const { height, width } = model();
      const reply = await client.sample(state.modelIndex, classIndex, SAMPLE_COUNT, seed);
      drawGrid(element('sample-grid'), reply.pixels, SAMPLE_COUNT, height, width, SAMPLES_PER_ROW);
      state.samples = Array.from(reply.pixels);
      say(`${SAMPLE_COUNT} samples of class ${model().classLabels[classIndex]} from the ${model().pixelMode} model, seed ${seed}`);
      state.revision++;
    } catch (error) {
      failed(error);
    }
  });

  client.load().then(
    (reply) => {
      state.models = reply.models;
      state.modelLoadMs = reply.loadMs;
      state.evaluator = reply.evaluator;
      state.modelIndex = Math.max(0, reply.models.findIndex((entry) => entry.pixelMode === 'gray'));
      showModels();
      state.ready = true;
      state.readyMs = performance.now();
      say(`ready: ${reply.models.length} models loaded in ${reply.loadMs.toFixed(0)} ms (${reply.evaluator === 'wasm' ? 'WebAssembly SIMD' : 'JavaScript'} evaluator); draw a digit`);
      chooseModel(state.modelIndex);
    },
    (error) => failed(error),
  );
}
