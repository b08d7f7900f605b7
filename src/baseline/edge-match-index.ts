/**
 * An index that finds zlib's longest match without walking the hash chain, for the lazy levels
 * (4..9, where zlib inserts every position). It is exact: it returns what `longest_match` returns,
 * and the match_start it leaves, or says that it cannot decide, and the caller walks the chain.
 *
 * Why it works. Let the scan start with R bytes c (R ≥ 1, its whole run: data[s + R] ≠ c). A
 * candidate q that matches at least R + K bytes holds c^R then the byte that ends the scan's run,
 * so q + R − 1 is the last byte of a run of c's at least R long (an "edge"), and the K + 1 bytes
 * from that edge equal those from the scan's edge s + R − 1. The index links every edge e by the
 * hash of data[e .. e + K] and the class of its run's length; walking the scan's key in every
 * class that can hold runs of R or more, most recent first, visits every candidate q = e − R + 1
 * that matches R + K bytes or more (and some that do not, as keys collide and classes are wide:
 * their lengths are measured like any other's). Every other candidate matches fewer than R + K.
 *
 * So if one such candidate lies within zlib's search (position ≥ the lowest candidate zlib
 * examines, and among the first max_chain of its hash chain: see `chainRank` in the simulator),
 * the longest match over the whole chain is among them, and zlib's "first strictly longer,
 * stop at nice_match" rule applied to them alone gives the same length and start, provided
 * nice_match ≥ R + K (then a candidate reaching nice_match is among them too). If none does, the
 * match is shorter than R + K: the caller either knows that nothing beats the previous match, or
 * walks the chain. The scan's run, the edge's run and the K + 1 key bytes must lie in the input
 * read so far (R + K ≤ lookahead), so the key never depends on bytes past the input.
 *
 * Edges are linked as zlib links its hash chains: links[e mod window] is the previous edge with
 * e's key. An edge within the window (the only ones a search reaches) still has its own entry, as
 * the next edge to take its slot, e + window, lies beyond the scan. The simulator logs the writes
 * to heads and links of a continuation, to undo them.
 */

import { invariant } from '../errors.js';

const MAX_MATCH = 258;
/** Bits of the edge hash: 2^15 heads (128 KiB) per index. */
const EDGE_HASH_BITS = 15;
export const EDGE_HASH_SIZE = 1 << EDGE_HASH_BITS;

/**
 * Base of the simulator's prefix hashes: prefixHash[i + 1] = prefixHash[i] · BASE + data[i] mod
 * 2^32 (Math.imul keeps it exact), so the hash of data[i .. j) is prefixHash[j] − prefixHash[i] ·
 * BASE^(j − i). Keys may collide; every candidate's bytes are compared anyway.
 */
const PREFIX_HASH_BASE = 0x01000193;

/** Appends the prefix hashes of data[from .. to) (prefixHash[from] must be set). */
export function extendPrefixHashes(prefixHash: Int32Array, data: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) prefixHash[i + 1] = (Math.imul(prefixHash[i], PREFIX_HASH_BASE) + data[i]) | 0;
}

export class EdgeMatchIndex {
  /** K: bytes after the edge byte that the key covers; every candidate matching R + K bytes is on a chain. */
  readonly continuationBytes: number;
  /** heads[key]: absolute position of the latest edge with that key (0 or out of window: none). */
  readonly heads = new Int32Array(EDGE_HASH_SIZE);
  /** links[e & windowMask]: absolute position of the previous edge with the key of edge e. */
  readonly links: Int32Array;
  private readonly windowMask: number;
  /** Start (absolute) of the best match found by the last `longestMatch`, or -1 if none beat the best. */
  matchStart = -1;

  /** PREFIX_HASH_BASE^(K + 1) mod 2^32. */
  private readonly basePower: number;

  constructor(continuationBytes: number, windowSize: number) {
    this.continuationBytes = continuationBytes;
    this.links = new Int32Array(windowSize);
    this.windowMask = windowSize - 1;
    let power = 1;
    for (let n = 0; n <= continuationBytes; n++) power = Math.imul(power, PREFIX_HASH_BASE);
    this.basePower = power;
  }

  /**
   * Hash of the edge bytes data[i .. i + K] from the simulator's prefix hashes (see
   * `PREFIX_HASH_BASE`): one multiplication, whatever K. `keyOf` adds the run-length class.
   */
  bytesHash(prefixHash: Int32Array, i: number): number {
    return (prefixHash[i + this.continuationBytes + 1] - Math.imul(prefixHash[i], this.basePower)) | 0;
  }

  /** The key of an edge: its bytes' hash and the class of its run's length, folded to EDGE_HASH_BITS. */
  keyOf(bytesHash: number, lengthClass: number): number {
    const hash = Math.imul(bytesHash ^ (bytesHash >>> 16) ^ lengthClass, 0x85ebca6b);
    return hash >>> (32 - EDGE_HASH_BITS);
  }

  /**
   * zlib's longest_match over the candidates that match at least R + K bytes (see the file
   * comment). `scan` and every index are data indices; `lowest` is the lowest candidate zlib
   * examines and `rankLimit` the lowest chain rank it reaches. Needs prevLength < niceMatch.
   * Returns the new best length, or -1 when no such candidate lies within zlib's search. Sets
   * `matchStart` (absolute) when a candidate beats `prevLength`, else -1.
   *
   * The candidates sit on one chain per run-length class at least R's, walked one after another,
   * so zlib's order is recovered from positions: zlib takes the most recent candidate among those
   * whose length, capped at nice_match, is largest (the first longer one, or the first to reach
   * nice_match), if it beats prevLength.
   */
  longestMatch(
    data: Uint8Array,
    prefixHash: Int32Array,
    runBegin: Int32Array,
    chainRank: Int32Array,
    dataStart: number,
    scan: number,
    runLength: number,
    lowest: number,
    rankLimit: number,
    prevLength: number,
    niceMatch: number,
  ): number {
    const links = this.links;
    const windowMask = this.windowMask;
    const scanEdge = scan + runLength - 1;
    const guaranteed = runLength + this.continuationBytes;
    const c = data[scan];
    const scan1 = data[scan + 1];
    const scan2 = data[scan + 2];
    const lowestEdge = lowest + runLength - 1;
    let bestLength = prevLength;
    /** min(bestLength, niceMatch): what zlib ranks candidates by. */
    let bestCapped = prevLength;
    let matchStart = -1;
    let longest = 0;
    const scanHash = this.bytesHash(prefixHash, scanEdge);
    for (let lengthClass = runLengthClass(runLength); lengthClass <= MAX_RUN_CLASS; lengthClass++) {
      // Edges of the scan's own run and later ones are not candidates (q would be ≥ scan).
      let edge = this.heads[this.keyOf(scanHash, lengthClass)] - dataStart;
      // Links go back in the stream; a chain that does not is a bug, not a reason to loop forever.
      for (let newer = 0x7fffffff; edge >= lowestEdge; newer = edge, edge = links[(edge + dataStart) & windowMask] - dataStart) {
        invariant(edge < newer, 'edge chain does not go back in the stream');
        if (edge >= scanEdge || data[edge] !== c || edge - runBegin[edge] + 1 < runLength) continue;
        const match = edge - runLength + 1;
        // Once a candidate reached nice_match, only a more recent one can take its place.
        if (bestCapped === niceMatch && match < matchStart - dataStart) break;
        // zlib's quick reject, with ties: a candidate more recent than the best needs bestCapped
        // bytes, an older one (or any while none beat prevLength) one more. (Skipping a candidate
        // is right even if it is out of zlib's reach; only one that is used must be within it.)
        const check = matchStart >= 0 && match + dataStart > matchStart ? bestCapped - 1 : bestCapped;
        if (data[match + check] !== data[scan + check]) continue;
        // The candidate's first three bytes must be the scan's, as on its hash chain; then its
        // rank compares with the head's. (It starts with R ≥ 1 c's; the key may still collide.)
        if (data[match + 1] !== scan1 || data[match + 2] !== scan2) continue;
        if (chainRank[match] < rankLimit) break;
        // The first R bytes are c's (the run check); the K after them are the key's, which may collide.
        let length = runLength;
        while (length < guaranteed && data[scan + length] === data[match + length]) length++;
        if (length === guaranteed) {
          while (length < MAX_MATCH && data[scan + length] === data[match + length]) length++;
        }
        if (length > longest) longest = length;
        const capped = length < niceMatch ? length : niceMatch;
        if (capped > bestCapped || (capped === bestCapped && matchStart >= 0 && match + dataStart > matchStart)) {
          matchStart = match + dataStart;
          bestLength = length;
          bestCapped = capped;
        }
        if (capped === niceMatch) break;
      }
    }
    this.matchStart = matchStart;
    return longest >= guaranteed ? bestLength : -1;
  }
}

/** Run lengths 1, 2–3, 4–7, …, 128 and more: classes 0..7 (the key holds the class). */
const MAX_RUN_CLASS = 7;

export function runLengthClass(runLength: number): number {
  const lengthClass = 31 - Math.clz32(runLength);
  return lengthClass < MAX_RUN_CLASS ? lengthClass : MAX_RUN_CLASS;
}
