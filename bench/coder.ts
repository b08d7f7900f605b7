/**
 * Range coder throughput: encode and decode symbols per second for binary symbols and for 256-ary
 * symbols with precomputed cumulative tables (decoded by binary search), on MNIST-like skew.
 *
 *   flock /tmp/arcompress-heavy.lock node --import tsx bench/coder.ts
 *
 * Writes bench/results/coder.json. The models are fixed before timing: only the coder is timed.
 */

import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRECISION_BITS, RangeDecoder, RangeEncoder } from '../src/coding/index.js';
import { bitCodeLengthBits, codeLengthBits } from '../src/probability/scaled-probability.js';
import { cdfFromProbabilities, quantizeBit } from '../test/coding/quantize.js';
import { SeededRandom } from '../src/random.js';

const BINARY_SYMBOLS = 10_000_000;
const BYTE_SYMBOLS = 4_000_000;
const BYTE_TABLES = 256;
const REPEATS = 5;

interface Measurement {
  name: string;
  symbols: number;
  precisionBits: number;
  encodeSymbolsPerSecond: number;
  decodeSymbolsPerSecond: number;
  codedBytes: number;
  codedBitsPerSymbol: number;
  idealBitsPerSymbol: number;
  overheadPercent: number;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Best of REPEATS runs of `run`, in seconds (the least disturbed by other load). */
function bestSeconds(run: () => void): number {
  let best = Infinity;
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, seconds(start));
  }
  return best;
}

/** MNIST-like binary pixels: mostly near-certain background, some uncertain strokes. */
function benchmarkBinary(precisionBits: number): Measurement {
  const random = new SeededRandom(1);
  const probabilities = new Uint32Array(BINARY_SYMBOLS);
  const bits = new Uint8Array(BINARY_SYMBOLS);
  let idealBits = 0;
  for (let i = 0; i < BINARY_SYMBOLS; i++) {
    const u = random.next();
    const probabilityOfOne = u < 0.8 ? 0.0005 * random.next() : u < 0.9 ? 1 - 0.01 * random.next() : random.next();
    probabilities[i] = quantizeBit(probabilityOfOne, precisionBits);
    bits[i] = random.nextInt(2 ** precisionBits) < probabilities[i] ? 1 : 0;
    idealBits += bitCodeLengthBits(bits[i], probabilities[i], precisionBits);
  }
  let coded: Uint8Array = new Uint8Array(0);
  const encodeSeconds = bestSeconds(() => {
    const encoder = new RangeEncoder(precisionBits);
    for (let i = 0; i < BINARY_SYMBOLS; i++) encoder.encodeBit(bits[i], probabilities[i]);
    coded = encoder.finish();
  });
  const decoded = new Uint8Array(BINARY_SYMBOLS);
  const decodeSeconds = bestSeconds(() => {
    const decoder = new RangeDecoder(coded, precisionBits);
    for (let i = 0; i < BINARY_SYMBOLS; i++) decoded[i] = decoder.decodeBit(probabilities[i]);
    decoder.verifyEnd();
  });
  for (let i = 0; i < BINARY_SYMBOLS; i++) if (decoded[i] !== bits[i]) throw new Error(`binary symbol ${i} differs`);
  return measurement(`binary, MNIST-like skew, P=${precisionBits}`, BINARY_SYMBOLS, precisionBits, encodeSeconds, decodeSeconds, coded.length, idealBits);
}

/** Discretized logistic over 0..255 (as a gray-level pixel model would give). */
function logisticWeights(mean: number, scale: number): Float64Array {
  const weights = new Float64Array(256);
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  for (let k = 0; k < 256; k++) {
    const lower = k === 0 ? 0 : sigmoid((k - 0.5 - mean) / scale);
    const upper = k === 255 ? 1 : sigmoid((k + 0.5 - mean) / scale);
    weights[k] = upper - lower;
  }
  return weights;
}

/** MNIST-like gray pixels: tables peaked at 0 (background), at 255 (ink) and in between. */
function benchmarkBytes(precisionBits: number): Measurement {
  const random = new SeededRandom(2);
  const tables: Uint32Array[] = [];
  for (let t = 0; t < BYTE_TABLES; t++) {
    const kind = t % 4;
    const mean = kind === 0 || kind === 1 ? 0 : kind === 2 ? 255 : 256 * random.next();
    const scale = kind === 0 ? 0.05 + 0.2 * random.next() : 1 + 20 * random.next();
    tables.push(cdfFromProbabilities(logisticWeights(mean, scale), precisionBits));
  }
  const tableIndex = new Uint16Array(BYTE_SYMBOLS);
  const symbols = new Uint8Array(BYTE_SYMBOLS);
  const total = 2 ** precisionBits;
  let idealBits = 0;
  for (let i = 0; i < BYTE_SYMBOLS; i++) {
    const u = random.next();
    // 60% near-certain background, the rest spread over the other tables.
    const index = u < 0.6 ? 4 * random.nextInt(BYTE_TABLES / 4) : random.nextInt(BYTE_TABLES);
    const cdf = tables[index];
    const target = random.nextInt(total);
    let lowIndex = 0;
    let highIndex = 256;
    while (highIndex - lowIndex > 1) {
      const middle = (lowIndex + highIndex) >>> 1;
      if (cdf[middle] <= target) lowIndex = middle;
      else highIndex = middle;
    }
    tableIndex[i] = index;
    symbols[i] = lowIndex;
    idealBits += codeLengthBits(cdf[lowIndex + 1] - cdf[lowIndex], precisionBits);
  }
  let coded: Uint8Array = new Uint8Array(0);
  const encodeSeconds = bestSeconds(() => {
    const encoder = new RangeEncoder(precisionBits);
    for (let i = 0; i < BYTE_SYMBOLS; i++) encoder.encodeWithCdf(tables[tableIndex[i]], symbols[i]);
    coded = encoder.finish();
  });
  const decoded = new Uint8Array(BYTE_SYMBOLS);
  const decodeSeconds = bestSeconds(() => {
    const decoder = new RangeDecoder(coded, precisionBits);
    for (let i = 0; i < BYTE_SYMBOLS; i++) decoded[i] = decoder.decodeWithCdf(tables[tableIndex[i]]);
    decoder.verifyEnd();
  });
  for (let i = 0; i < BYTE_SYMBOLS; i++) if (decoded[i] !== symbols[i]) throw new Error(`byte symbol ${i} differs`);
  return measurement(`256-ary, MNIST-like gray tables, P=${precisionBits}`, BYTE_SYMBOLS, precisionBits, encodeSeconds, decodeSeconds, coded.length, idealBits);
}

/** cdfFromProbabilities on 256 float32 softmax-like outputs (once per pixel in a gray model). */
function benchmarkQuantization(precisionBits: number): { name: string; calls: number; callsPerSecond: number } {
  const random = new SeededRandom(3);
  const calls = 200_000;
  const inputs: Float32Array[] = [];
  for (let t = 0; t < 64; t++) {
    const weights = logisticWeights(256 * random.next(), 0.2 + 20 * random.next());
    inputs.push(Float32Array.from(weights));
  }
  const cdf = new Uint32Array(257);
  const callSeconds = bestSeconds(() => {
    for (let i = 0; i < calls; i++) cdfFromProbabilities(inputs[i & 63], precisionBits, cdf);
  });
  return { name: `cdfFromProbabilities, 256 symbols, P=${precisionBits}`, calls, callsPerSecond: Math.round(calls / callSeconds) };
}

function measurement(
  name: string,
  symbols: number,
  precisionBits: number,
  encodeSeconds: number,
  decodeSeconds: number,
  codedBytes: number,
  idealBits: number,
): Measurement {
  return {
    name,
    symbols,
    precisionBits,
    encodeSymbolsPerSecond: Math.round(symbols / encodeSeconds),
    decodeSymbolsPerSecond: Math.round(symbols / decodeSeconds),
    codedBytes,
    codedBitsPerSymbol: Number(((8 * codedBytes) / symbols).toFixed(6)),
    idealBitsPerSymbol: Number((idealBits / symbols).toFixed(6)),
    overheadPercent: Number(((100 * (8 * codedBytes - idealBits)) / idealBits).toFixed(5)),
  };
}

const measurements = [
  benchmarkBinary(DEFAULT_PRECISION_BITS),
  benchmarkBinary(24),
  benchmarkBytes(DEFAULT_PRECISION_BITS),
  benchmarkBytes(24),
];

const result = {
  benchmark: 'coder',
  date: new Date().toISOString(),
  command: 'flock /tmp/arcompress-heavy.lock node --import tsx bench/coder.ts',
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpuCount: os.cpus().length,
  repeats: `best of ${REPEATS}`,
  goal: 'encode ≥ 20 M binary and ≥ 5 M 256-ary symbols/s; decode within 2× of that',
  measurements,
  quantization: [benchmarkQuantization(DEFAULT_PRECISION_BITS), benchmarkQuantization(24)],
};

const outputPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'coder.json');
mkdirSync(dirname(outputPath), { recursive: true });
writeFileSync(outputPath, `${JSON.stringify(result, null, 2)}\n`);
for (const m of measurements) {
  process.stdout.write(
    `${m.name}: encode ${(m.encodeSymbolsPerSecond / 1e6).toFixed(1)} M/s, decode ${(m.decodeSymbolsPerSecond / 1e6).toFixed(1)} M/s, ` +
      `${m.codedBitsPerSymbol} bits/symbol (ideal ${m.idealBitsPerSymbol}, +${m.overheadPercent}%)\n`,
  );
}
for (const q of result.quantization) process.stdout.write(`${q.name}: ${(q.callsPerSecond / 1e6).toFixed(2)} M calls/s\n`);
process.stdout.write(`wrote ${outputPath}\n`);
