/** Shared pieces for the coder tests: random models, streams of coding steps, round trips. */

import * as assert from 'uvu/assert';
import { RangeDecoder, RangeEncoder } from '../../src/coding/index.js';
import { bitCodeLengthBits, codeLengthBits } from '../../src/probability/scaled-probability.js';
import { cdfFromProbabilities, quantizeBit } from './quantize.js';
import { SeededRandom } from '../../src/random.js';

/** One coding step: a bit with its scaled probability of one, or a symbol with its table. */
export type CodingStep =
  | { kind: 'bit'; bit: number; probabilityOfOneScaled: number }
  | { kind: 'cdf'; symbol: number; cdf: Uint32Array };

/** Random weights from a peaked family: `exponent` 1 is flat-ish, larger is sharper. */
export function randomWeights(random: SeededRandom, symbolCount: number, exponent: number): Float64Array {
  const weights = new Float64Array(symbolCount);
  for (let i = 0; i < symbolCount; i++) weights[i] = random.next() ** exponent;
  return weights;
}

/** Draws a symbol from a cumulative table (as the model's source would). */
export function sampleFromCdf(random: SeededRandom, cdf: Uint32Array): number {
  const total = cdf[cdf.length - 1];
  const target = random.nextInt(total);
  let symbol = 0;
  while (cdf[symbol + 1] <= target) symbol++;
  return symbol;
}

/** `count` symbols, each from a fresh random distribution over `symbolCount` values. */
export function randomCdfSteps(
  random: SeededRandom,
  count: number,
  symbolCount: number,
  precisionBits: number,
  exponent = 4,
): CodingStep[] {
  const steps: CodingStep[] = [];
  for (let i = 0; i < count; i++) {
    const cdf = cdfFromProbabilities(randomWeights(random, symbolCount, exponent), precisionBits);
    steps.push({ kind: 'cdf', symbol: sampleFromCdf(random, cdf), cdf });
  }
  return steps;
}

/** `count` bits, each with a random probability drawn by `drawProbability`, sampled from it. */
export function randomBitSteps(
  random: SeededRandom,
  count: number,
  precisionBits: number,
  drawProbability: () => number,
): CodingStep[] {
  const total = 2 ** precisionBits;
  const steps: CodingStep[] = [];
  for (let i = 0; i < count; i++) {
    const probabilityOfOneScaled = quantizeBit(drawProbability(), precisionBits);
    const bit = random.nextInt(total) < probabilityOfOneScaled ? 1 : 0;
    steps.push({ kind: 'bit', bit, probabilityOfOneScaled });
  }
  return steps;
}

export function encodeSteps(steps: readonly CodingStep[], precisionBits: number): Uint8Array {
  const encoder = new RangeEncoder(precisionBits);
  for (const step of steps) {
    if (step.kind === 'bit') encoder.encodeBit(step.bit, step.probabilityOfOneScaled);
    else encoder.encodeWithCdf(step.cdf, step.symbol);
  }
  return encoder.finish();
}

/** Decodes as many symbols as `steps` has, with the same models; returns the decoder too. */
export function decodeSteps(
  bytes: Uint8Array,
  steps: readonly CodingStep[],
  precisionBits: number,
): { symbols: number[]; decoder: RangeDecoder } {
  const decoder = new RangeDecoder(bytes, precisionBits);
  const symbols: number[] = [];
  for (const step of steps) {
    symbols.push(step.kind === 'bit' ? decoder.decodeBit(step.probabilityOfOneScaled) : decoder.decodeWithCdf(step.cdf));
  }
  return { symbols, decoder };
}

export function idealStepsCodeLengthBits(steps: readonly CodingStep[], precisionBits: number): number {
  let bits = 0;
  for (const step of steps) {
    bits +=
      step.kind === 'bit'
        ? bitCodeLengthBits(step.bit, step.probabilityOfOneScaled, precisionBits)
        : codeLengthBits(step.cdf[step.symbol + 1] - step.cdf[step.symbol], precisionBits);
  }
  return bits;
}

export function stepSymbols(steps: readonly CodingStep[]): number[] {
  return steps.map((step) => (step.kind === 'bit' ? step.bit : step.symbol));
}

/**
 * Encodes, decodes, checks the symbols, the end of the stream, and the size bound:
 * real bits ≤ ideal · 1.001 + 32 (and not below ideal − 16, which would mean a measuring bug).
 * Returns the stream and both lengths.
 */
export function assertRoundTrip(
  steps: readonly CodingStep[],
  precisionBits: number,
  label: string,
): { bytes: Uint8Array; realBits: number; idealBits: number } {
  const bytes = encodeSteps(steps, precisionBits);
  const { symbols, decoder } = decodeSteps(bytes, steps, precisionBits);
  const expected = stepSymbols(steps);
  for (let i = 0; i < expected.length; i++) {
    if (symbols[i] !== expected[i]) assert.unreachable(`${label}: symbol ${i} decoded as ${symbols[i]}, coded ${expected[i]}`);
  }
  decoder.verifyEnd();
  const realBits = 8 * bytes.length;
  const idealBits = idealStepsCodeLengthBits(steps, precisionBits);
  assert.ok(
    realBits <= idealBits * 1.001 + 32,
    `${label}: ${realBits} bits coded, ideal ${idealBits.toFixed(2)}: over 0.1% + 4 bytes`,
  );
  assert.ok(realBits >= idealBits - 16, `${label}: ${realBits} bits coded, below ideal ${idealBits.toFixed(2)}`);
  return { bytes, realBits, idealBits };
}
