/**
 * An adaptive probability map (secondary estimation, as in PAQ's APM): per head, a curve from the
 * network's p(1) to a corrected p(1) that learns, decision by decision, what this image's own
 * decisions say. A model's networks are fixed; the map gives the coder what is particular to the
 * image it is coding (on MNIST's gray refinement: how this image's strokes shade, which the 12
 * gray neighbours the network sees do not show).
 *
 * All arithmetic is on 32-bit integers (models of precision P ≤ 16; shifts are floors), and the
 * tables of reals are built by exactSigmoid and exactLog2OfInteger (deterministic on every engine),
 * so encoder and decoder compute the very same integers anywhere.
 *
 * The curve of a head: BUCKETS values, bucket k standing for stretch(p) = k/2 − 8 (natural logit,
 * −8 … +8 in steps of 1/2), each a probability × 2^(P + VALUE_FRACTION_BITS) (P the model's
 * precision). For p, its position x on the logit axis (8 fraction bits, from `positions()`) picks
 * buckets lo and lo + 1 and a weight w / 256 between them; the map's p(1) is the interpolation of
 * the two, mixed with the network's own p(1) as (network·(16 − mix) + map·mix) / 16 and rounded to
 * P bits, clamped to [1, 2^P − 1]: the map's prediction q_m. After the decision, both buckets
 * move towards the outcome by 2^−rateShift of the distance, each in proportion to its
 * interpolation weight.
 *
 * A map helps where an image's own statistics say more than the network knows (MNIST's gray
 * levels: 7% fewer bits) and costs where they do not (1% more on anti-aliased shapes). So the
 * p(1) coded is a Bayesian mixture of the two predictors over the image so far: with L_n and L_m
 * the code lengths the network and the map would have given this stage's decisions of this image,
 * p = p_n + w·(q_m − p_n) with w = 1 / (1 + 2^(L_m − L_n)), rounded to P bits. Its code length is
 * never more than about 1 bit above the better of the two per stage and image (the mixture's
 * bound, up to the rounding to P bits and of w). L_n − L_m is an integer count of 1/256 bit (each
 * decision's codeLengthBits rounded so, the sum kept within ±65,536 bits), and w is looked up at
 * steps of 1/16 bit in a table of exactSigmoid values × 2^12, so this part too is integers.
 */
import { exactSigmoid, powerOfTwo } from '../probability/exact-math.js';
import { codeLengthBits } from '../probability/scaled-probability.js';
import { invariant } from '../errors.js';

/** How a model's adaptive map learns (recorded in the manifest: architecture.adaptiveMap). */
export interface AdaptiveMapSpec {
  /** The stages it corrects: the gray refinement's (its network and its context-free table). */
  stages: 'refinement';
  /** Each update moves the two buckets 2^−rateShift of the way to the outcome (an integer 0 … 8). */
  rateShift: number;
  /** Weight of the map against the network, in sixteenths (an integer 0 … 16). */
  mixSixteenths: number;
}

/** The map of models trained now: measured on the recipe's validation images (docs/MODELS.md). */
export const NEW_MODEL_ADAPTIVE_MAP: AdaptiveMapSpec = { stages: 'refinement', rateShift: 2, mixSixteenths: 15 };

/** Why `spec` is not a map this build codes with, or null when it is. */
export function adaptiveMapProblem(spec: unknown): string | null {
  const candidate = spec as Partial<AdaptiveMapSpec> | null;
  if (typeof candidate !== 'object' || candidate === null) return 'not an object';
  if (candidate.stages !== 'refinement') return `stages '${String(candidate.stages)}' is not 'refinement'`;
  if (!Number.isInteger(candidate.rateShift) || candidate.rateShift! < 0 || candidate.rateShift! > 8) return `rateShift ${String(candidate.rateShift)} is not an integer 0 … 8`;
  if (!Number.isInteger(candidate.mixSixteenths) || candidate.mixSixteenths! < 0 || candidate.mixSixteenths! > 16) return `mixSixteenths ${String(candidate.mixSixteenths)} is not an integer 0 … 16`;
  const keys = Object.keys(candidate).filter((key) => !['stages', 'rateShift', 'mixSixteenths'].includes(key));
  return keys.length ? `unknown field '${keys[0]}'` : null;
}

const BUCKETS = 33;
/** Bucket k stands for logit k / LOGIT_STEPS_PER_UNIT − LOGIT_RANGE. */
const LOGIT_RANGE = 8;
const LOGIT_STEPS_PER_UNIT = 2;
const POSITION_FRACTION_BITS = 8;
const POSITION_ONE = 2 ** POSITION_FRACTION_BITS;
/** The largest position: the last bucket, as lo = BUCKETS − 2 with full weight on lo + 1. */
const LAST_POSITION = (BUCKETS - 1) * POSITION_ONE;
/** Positions are looked up by p at 16 bits (p of a lower precision is shifted up to 16 bits first). */
const POSITION_TABLE_BITS = 16;
/** Extra fraction bits of the curves' values beyond the model's precision. */
const VALUE_FRACTION_BITS = 6;

/**
 * positions()[p16]: the position of p16 / 2^16 on the logit axis, the largest x (in 1/256 of a
 * bucket) whose boundary sigmoid(x / 256 / 2 − 8) · 2^16 is ≤ p16; 0 below the first boundary.
 */
let positionTable: Uint16Array | null = null;
function positions(): Uint16Array {
  if (positionTable) return positionTable;
  const table = new Uint16Array(2 ** POSITION_TABLE_BITS);
  const scale = powerOfTwo(POSITION_TABLE_BITS);
  const boundary = (x: number) => exactSigmoid(x / POSITION_ONE / LOGIT_STEPS_PER_UNIT - LOGIT_RANGE) * scale;
  let x = 0;
  for (let p = 0; p < table.length; p++) {
    while (x < LAST_POSITION && boundary(x + 1) <= p) x++;
    table[p] = x;
  }
  positionTable = table;
  return table;
}

/** The starting curve at precision P: bucket k holds sigmoid(its logit) · 2^(P + 6), rounded. */
const initialCurves = new Map<number, Int32Array>();
function initialCurve(precisionBits: number): Int32Array {
  let curve = initialCurves.get(precisionBits);
  if (!curve) {
    const scale = powerOfTwo(precisionBits + VALUE_FRACTION_BITS);
    curve = Int32Array.from({ length: BUCKETS }, (_, k) => Math.round(exactSigmoid(k / LOGIT_STEPS_PER_UNIT - LOGIT_RANGE) * scale));
    initialCurves.set(precisionBits, curve);
  }
  return curve;
}

/** The largest precision a map codes at: every value below then fits a 32-bit integer. */
export const ADAPTIVE_MAP_MAX_PRECISION_BITS = 16;

/** Code lengths in 1/256 bit: round(256 · (P − log2 f)) for every f ≤ 2^P. */
const LENGTH_UNITS_PER_BIT = 256;
const lengthTables = new Map<number, Int32Array>();
function lengthTable(precisionBits: number): Int32Array {
  let table = lengthTables.get(precisionBits);
  if (!table) {
    table = new Int32Array(2 ** precisionBits + 1);
    for (let f = 1; f < table.length; f++) table[f] = Math.round(codeLengthBits(f, precisionBits) * LENGTH_UNITS_PER_BIT);
    lengthTables.set(precisionBits, table);
  }
  return table;
}

/**
 * The map's weight in the mixture for a difference D = L_n − L_m of code lengths: WEIGHT_TABLE[k]
 * = round(sigmoid(D · ln 2) · 2^12) for D = (k − WEIGHT_STEPS) / 16 bits, D clamped to ±32 bits
 * (where the weight rounds to 0 or 1).
 */
const WEIGHT_STEP_SHIFT = 4; // 1/16 bit = 2^4 length units
const WEIGHT_STEPS = 32 << WEIGHT_STEP_SHIFT;
const WEIGHT_BITS = 12;
const WEIGHT_TABLE: Int32Array = Int32Array.from({ length: 2 * WEIGHT_STEPS + 1 }, (_, k) => Math.round(exactSigmoid(((k - WEIGHT_STEPS) / 16) * Math.LN2) * 2 ** WEIGHT_BITS));
/** L_n − L_m is kept within ±2^24 length units (65,536 bits), so that it stays a 32-bit integer on any image. */
const LEAD_LIMIT_UNITS = 2 ** 24;

/** One stage's map: a curve per head, restarted at every image. */
export class AdaptiveMap {
  private readonly curves: Int32Array;
  private readonly initial: Int32Array;
  private readonly positions = positions();
  private readonly total: number;
  /** p at precision P shifted left by this is the position table's 16-bit index. */
  private readonly toTableShift: number;
  private readonly updateShift: number;
  private readonly mix: number;
  private readonly lengths: Int32Array;
  /** The bucket index and weight of the last `probabilityOfOne`, for `learn`. */
  private lastAt = 0;
  private lastWeight = 0;
  /** The last `probabilityOfOne`'s network and map predictions (integers out of 2^P). */
  private lastNetwork = 0;
  private lastMapped = 0;
  /** L_n − L_m: how many length units (1/256 bit) less the map has coded this image's decisions in. */
  private mapLeadUnits = 0;

  constructor(private readonly headCount: number, precisionBits: number, spec: AdaptiveMapSpec) {
    invariant(precisionBits <= ADAPTIVE_MAP_MAX_PRECISION_BITS, `an adaptive map codes at ≤ ${ADAPTIVE_MAP_MAX_PRECISION_BITS} bits, not ${precisionBits}`);
    this.initial = initialCurve(precisionBits);
    this.curves = new Int32Array(headCount * BUCKETS);
    this.total = 2 ** precisionBits;
    this.toTableShift = POSITION_TABLE_BITS - precisionBits;
    this.updateShift = spec.rateShift + POSITION_FRACTION_BITS;
    this.mix = spec.mixSixteenths;
    this.lengths = lengthTable(precisionBits);
    this.restart();
  }

  /** Forgets what it learnt (the start of an image). */
  restart(): void {
    for (let head = 0; head < this.headCount; head++) this.curves.set(this.initial, head * BUCKETS);
    this.mapLeadUnits = 0;
  }

  /** The coded p(1) of head `head` for the network's `scaledOne` (both integers out of 2^P). */
  probabilityOfOne(head: number, scaledOne: number): number {
    const position = this.positions[scaledOne << this.toTableShift];
    const low = Math.min(position >> POSITION_FRACTION_BITS, BUCKETS - 2);
    const weight = position - (low << POSITION_FRACTION_BITS); // 0 … 256
    const at = head * BUCKETS + low;
    this.lastAt = at;
    this.lastWeight = weight;
    const curves = this.curves;
    // Values ≤ 2^(P+6) ≤ 2^22 and weights ≤ 256: every product and sum below is below 2^31, and
    // each >> is a floor.
    const mapped = (curves[at] * (POSITION_ONE - weight) + curves[at + 1] * weight) >> POSITION_FRACTION_BITS;
    const mixed = ((scaledOne << VALUE_FRACTION_BITS) * (16 - this.mix) + mapped * this.mix) >> 4;
    const rounded = (mixed + (1 << (VALUE_FRACTION_BITS - 1))) >> VALUE_FRACTION_BITS;
    const total = this.total;
    const mappedOne = rounded < 1 ? 1 : rounded > total - 1 ? total - 1 : rounded;
    this.lastNetwork = scaledOne;
    this.lastMapped = mappedOne;
    // The mixture: the map's weight 1 / (1 + 2^(L_m − L_n)), from the table.
    let step = this.mapLeadUnits >> WEIGHT_STEP_SHIFT;
    step = step < -WEIGHT_STEPS ? -WEIGHT_STEPS : step > WEIGHT_STEPS ? WEIGHT_STEPS : step;
    const coded = scaledOne + (((mappedOne - scaledOne) * WEIGHT_TABLE[step + WEIGHT_STEPS] + (1 << (WEIGHT_BITS - 1))) >> WEIGHT_BITS);
    return coded < 1 ? 1 : coded > total - 1 ? total - 1 : coded;
  }

  /** Moves the buckets of the last `probabilityOfOne` towards `bit`, and adds up both code lengths. */
  learn(bit: number): void {
    const total = this.total;
    const lengths = this.lengths;
    const lead = this.mapLeadUnits + (bit ? lengths[this.lastNetwork] - lengths[this.lastMapped] : lengths[total - this.lastNetwork] - lengths[total - this.lastMapped]);
    this.mapLeadUnits = lead < -LEAD_LIMIT_UNITS ? -LEAD_LIMIT_UNITS : lead > LEAD_LIMIT_UNITS ? LEAD_LIMIT_UNITS : lead;
    const curves = this.curves;
    const at = this.lastAt;
    const weight = this.lastWeight;
    const target = bit ? total << VALUE_FRACTION_BITS : 0;
    curves[at] += ((target - curves[at]) * (POSITION_ONE - weight)) >> this.updateShift;
    curves[at + 1] += ((target - curves[at + 1]) * weight) >> this.updateShift;
  }
}
