/**
 * A zlib deflate stream, simulated exactly but without writing any bits: it follows zlib's match
 * finder (`deflate_slow` for levels 4..9, `deflate_fast` for 1..3, `longest_match`, `fill_window`)
 * step by step, counts symbols per block as `_tr_tally` does, and sizes each block it closes with
 * `DeflateBlockCoster`. Its `outputBits` is at every moment the number of bits zlib has emitted.
 *
 * What makes it useful is that its state can be saved and restored cheaply (`save`/`restore`),
 * which node's zlib binding cannot do (there is no deflateCopy). The zip classifier primes one
 * stream per class, then for each test image restores it, feeds the image, finishes, and reads the
 * size: exactly the "copy the compressor, compress, flush" of the reference, for a fraction of
 * the cost. test/baseline checks the sizes against node's zlib byte for byte.
 *
 * Positions are absolute offsets in the stream, never window offsets, so sliding the window moves
 * no data: `windowBase` (zlib's shift of window index 0) only decides which hash entries count as
 * NIL (a position p is NIL when p <= windowBase, as after zlib's `slide_hash`) and whether a block
 * may still be stored. Settings fixed to zlib's defaults: memLevel 8 (hash of 15 bits, blocks of at
 * most 16383 symbols), default strategy.
 */
import { invariant } from '../errors.js';
import { DeflateBlockCoster, DISTANCE_CODE, DISTANCE_CODES, END_OF_BLOCK, LENGTH_CODE, LITERAL_LENGTH_CODES } from './deflate-block-cost.js';
import { EDGE_HASH_SIZE, EdgeMatchIndex, extendPrefixHashes, runLengthClass } from './edge-match-index.js';

const MIN_MATCH = 3;
const MAX_MATCH = 258;
const MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
const TOO_FAR = 4096;
const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
/** zlib's lit_bufsize for memLevel 8 is 2^14; a block closes after lit_bufsize − 1 symbols. */
const SYMBOLS_PER_BLOCK = (1 << 14) - 1;
/** Bytes past the data that the match finder may read (zlib reads up to 258 past the scan). */
const READ_PADDING = MAX_MATCH + 8;
/**
 * K of the edge indexes, tried in this order (see edge-match-index.ts). The first whose chains hold
 * a candidate decides, walking every candidate that matches R + K bytes; so the steps are small,
 * and a long key comes first, whose chains are short. Each index costs one entry per run end.
 */
const EDGE_CONTINUATION_BYTES = [48, 32, 26, 20, 16, 12, 9, 6, 4, 2];

/** zlib's configuration_table: [good_length, max_lazy, nice_length, max_chain] by level. */
const LEVEL_CONFIGURATION: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 0, 0],
  [4, 4, 8, 4],
  [4, 5, 16, 8],
  [4, 6, 32, 32],
  [4, 4, 16, 16],
  [8, 16, 32, 32],
  [8, 16, 128, 128],
  [8, 32, 128, 256],
  [32, 128, 258, 1024],
  [32, 258, 258, 4096],
];

export interface DeflateSettings {
  /** zlib level, 1..9 (level 0 stores and is not simulated). */
  level: number;
  /** log2 of the window size, 9..15 (zlib's windowBits without the sign or wrapper offset). */
  windowBits: number;
}

export interface DeflateSimulatorOptions {
  /**
   * Find matches that start in a run of one byte value from the run structure instead of walking
   * the hash chain (same result, much faster on images with large flat areas), where that is exact:
   * when the chain limit cannot bind, or when every byte so far is below 32 (then zlib's hash is
   * one-to-one on three bytes, the chain holds exactly the candidates, and the limit can be
   * counted). Default true; false only to test the shortcut against the plain search.
   */
  runShortcut?: boolean;
  /**
   * Find long matches through the edge indexes instead of the hash chain (same result; see
   * edge-match-index.ts); only at levels 4..9. Default: at levels 8 and 9, whose chains (up to
   * 1024 and 4096 candidates) are long enough for the indexes to pay for their upkeep (one entry
   * per index and run end); below, walking at most 256 candidates is cheaper. True or false only
   * to test them.
   */
  edgeIndex?: boolean;
}

/** Everything a continuation may change, copied by `save` and put back by `restore`. */
export interface DeflateSnapshot {
  scalars: Float64Array;
  literalCounts: Int32Array;
  distanceCounts: Int32Array;
  undoLength: number;
}

export class DeflateSimulator {
  readonly settings: DeflateSettings;
  private readonly windowSize: number;
  private readonly maxDistance: number;
  private readonly goodMatch: number;
  private readonly maxLazy: number;
  private readonly niceMatch: number;
  private readonly maxChain: number;
  private readonly lazy: boolean;

  /** Stream bytes: data[i] is the byte at absolute position i + dataStart; zero padded. */
  private data: Uint8Array = new Uint8Array(READ_PADDING);
  /** runBegin[i]: index in `data` of the first byte of the run of equal bytes holding data[i]. */
  private runBegin: Int32Array = new Int32Array(READ_PADDING);
  /**
   * chainRank[i]: how many positions precede the one at data index i in its hash chain, counted
   * from some earlier point (rank of the previous head + 1). Only differences between positions of
   * one chain are used: zlib examines a candidate iff its rank is within max_chain of the head's.
   */
  private chainRank: Int32Array = new Int32Array(READ_PADDING);
  /**
   * chainLink[i]: the previous position of the hash chain of the position at data index i (zlib's
   * prev[], by data index instead of modulo the window: within the window it holds the same
   * values, and since an entry is written only when its position is inserted, a continuation
   * never overwrites one that the primed state needs, so it needs no undo).
   */
  private chainLink: Int32Array = new Int32Array(READ_PADDING);
  /** prefixHash[i]: polynomial hash of data[0 .. i) (edge-match-index.ts), one entry more than data. */
  private prefixHash: Int32Array = new Int32Array(READ_PADDING + 1);
  /** Edge indexes, longest key first; empty when not used (levels 1..3 or disabled). */
  private readonly edgeIndexes: EdgeMatchIndex[];
  /** Where the edge links start in the undo log's index space (after the heads). */
  private readonly edgeLinkBase: number;
  /** The shortcut may be used whatever the chain limit (see DeflateSimulatorOptions). */
  private readonly runShortcutUnbound: boolean;
  /** The shortcut may be used while every byte fed is below 32 (1 while true). */
  private readonly runShortcutSmallBytes: boolean;
  private smallBytes = 1;
  private dataStart = 0;
  /** Absolute end of the bytes fed so far (zlib's total_in). */
  private available = 0;

  private windowBase = 0;
  private strstart = 0;
  /** Absolute end of the bytes read into the window: lookahead = readEnd − strstart. */
  private readEnd = 0;
  private matchLength = MIN_MATCH - 1;
  private matchStart = 0;
  private prevLength = MIN_MATCH - 1;
  private prevMatch = 0;
  private matchAvailable = 0;
  private blockStart = 0;
  private symbolCount = 0;
  private finished = 0;
  /** Bits emitted so far by closed blocks. */
  outputBits = 0;

  private readonly head = new Int32Array(HASH_SIZE);
  private readonly literalCounts = new Int32Array(LITERAL_LENGTH_CODES);
  private readonly distanceCounts = new Int32Array(DISTANCE_CODES);
  private readonly coster: DeflateBlockCoster;

  /**
   * Undo log of hash-table writes since the last save: (index, old value). Index: a hash head
   * (below HASH_SIZE), an edge index's head (HASH_SIZE + level · EDGE_HASH_SIZE + key), or an edge
   * link (edgeLinkBase + level · windowSize + slot).
   */
  private undo = new Int32Array(1 << 14);
  private undoLength = 0;
  private logging = false;

  constructor(settings: DeflateSettings, coster: DeflateBlockCoster = new DeflateBlockCoster(), options: DeflateSimulatorOptions = {}) {
    invariant(Number.isInteger(settings.level) && settings.level >= 1 && settings.level <= 9, `deflate level must be 1..9, got ${settings.level}`);
    invariant(Number.isInteger(settings.windowBits) && settings.windowBits >= 9 && settings.windowBits <= 15, `windowBits must be 9..15, got ${settings.windowBits}`);
    this.settings = settings;
    this.windowSize = 1 << settings.windowBits;
    this.maxDistance = this.windowSize - MIN_LOOKAHEAD;
    [this.goodMatch, this.maxLazy, this.niceMatch, this.maxChain] = LEVEL_CONFIGURATION[settings.level];
    this.lazy = settings.level >= 4;
    this.coster = coster;
    this.literalCounts[END_OF_BLOCK] = 1;
    // deflate_fast does not hash every position, so its chains are not the run candidates.
    const shortcut = (options.runShortcut ?? true) && this.lazy;
    // At most maxDistance candidates: with a chain limit at least that, none is ever cut off.
    this.runShortcutUnbound = shortcut && this.maxChain >> 2 >= this.maxDistance;
    this.runShortcutSmallBytes = shortcut;
    this.edgeIndexes = (options.edgeIndex ?? this.maxChain >= 1024) && this.lazy ? EDGE_CONTINUATION_BYTES.map((bytes) => new EdgeMatchIndex(bytes, this.windowSize)) : [];
    this.edgeLinkBase = HASH_SIZE + this.edgeIndexes.length * EDGE_HASH_SIZE;
  }

  /**
   * Compresses `bytes` with Z_NO_FLUSH: like zlib, it stops while fewer than 262 bytes are left to
   * look ahead, so the last bytes wait for more input or for `finish`.
   */
  feed(bytes: Uint8Array): void {
    invariant(this.finished === 0, 'cannot feed a finished deflate stream');
    this.appendData(bytes);
    this.run(false);
  }

  /** Compresses what is left with Z_FINISH; returns the whole raw deflate stream's length in bytes. */
  finish(): number {
    invariant(this.finished === 0, 'deflate stream finished twice');
    this.run(true);
    this.finished = 1;
    return this.outputBits / 8;
  }

  /**
   * Keeps only the bytes a continuation can reach (the window and lookahead) so that `feed` after
   * `save` copies little. Call once, after priming.
   */
  compact(): void {
    const keepFrom = Math.max(this.dataStart, Math.min(this.strstart, this.windowBase) - 8);
    const kept = this.data.subarray(keepFrom - this.dataStart, this.available - this.dataStart);
    const data = new Uint8Array(kept.length + READ_PADDING + 1024);
    data.set(kept);
    this.data = data;
    this.runBegin = new Int32Array(data.length);
    this.indexRuns(0, kept.length);
    const from = keepFrom - this.dataStart;
    const chainRank = new Int32Array(data.length);
    chainRank.set(this.chainRank.subarray(from, from + kept.length));
    this.chainRank = chainRank;
    const chainLink = new Int32Array(data.length);
    chainLink.set(this.chainLink.subarray(from, from + kept.length));
    this.chainLink = chainLink;
    const prefixHash = new Int32Array(data.length + 1);
    prefixHash.set(this.prefixHash.subarray(from, from + kept.length + 1));
    this.prefixHash = prefixHash;
    this.dataStart = keepFrom;
  }

  /** Starts logging hash writes and returns what `restore` needs to come back here. */
  save(): DeflateSnapshot {
    this.logging = true;
    this.undoLength = 0;
    return {
      scalars: Float64Array.of(
        this.available, this.windowBase, this.strstart, this.readEnd, this.matchLength, this.matchStart,
        this.prevLength, this.prevMatch, this.matchAvailable, this.blockStart, this.symbolCount, this.finished, this.outputBits,
        this.smallBytes,
      ),
      literalCounts: this.literalCounts.slice(),
      distanceCounts: this.distanceCounts.slice(),
      undoLength: 0,
    };
  }

  /** Returns to the state of `snapshot` (the last `save`), undoing every hash write since. */
  restore(snapshot: DeflateSnapshot): void {
    const undo = this.undo;
    const head = this.head;
    const edgeLinkBase = this.edgeLinkBase;
    const windowSize = this.windowSize;
    for (let i = this.undoLength - 2; i >= snapshot.undoLength; i -= 2) {
      const index = undo[i];
      if (index < HASH_SIZE) head[index] = undo[i + 1];
      else if (index < edgeLinkBase) this.edgeIndexes[((index - HASH_SIZE) / EDGE_HASH_SIZE) | 0].heads[(index - HASH_SIZE) % EDGE_HASH_SIZE] = undo[i + 1];
      else this.edgeIndexes[((index - edgeLinkBase) / windowSize) | 0].links[(index - edgeLinkBase) % windowSize] = undo[i + 1];
    }
    this.undoLength = snapshot.undoLength;
    const s = snapshot.scalars;
    this.available = s[0];
    this.windowBase = s[1];
    this.strstart = s[2];
    this.readEnd = s[3];
    this.matchLength = s[4];
    this.matchStart = s[5];
    this.prevLength = s[6];
    this.prevMatch = s[7];
    this.matchAvailable = s[8];
    this.blockStart = s[9];
    this.symbolCount = s[10];
    this.finished = s[11];
    this.outputBits = s[12];
    this.smallBytes = s[13];
    this.literalCounts.set(snapshot.literalCounts);
    this.distanceCounts.set(snapshot.distanceCounts);
  }

  private appendData(bytes: Uint8Array): void {
    const used = this.available - this.dataStart;
    if (used + bytes.length + READ_PADDING > this.data.length) {
      const grown = new Uint8Array(Math.max(2 * this.data.length, used + bytes.length + READ_PADDING));
      grown.set(this.data.subarray(0, used));
      this.data = grown;
      const grownRuns = new Int32Array(grown.length);
      grownRuns.set(this.runBegin.subarray(0, used));
      this.runBegin = grownRuns;
      const grownRanks = new Int32Array(grown.length);
      grownRanks.set(this.chainRank.subarray(0, used));
      this.chainRank = grownRanks;
      const grownLinks = new Int32Array(grown.length);
      grownLinks.set(this.chainLink.subarray(0, used));
      this.chainLink = grownLinks;
      const grownHashes = new Int32Array(grown.length + 1);
      grownHashes.set(this.prefixHash.subarray(0, used + 1));
      this.prefixHash = grownHashes;
    }
    this.data.set(bytes, used);
    this.indexRuns(used, used + bytes.length);
    if (this.edgeIndexes.length > 0) extendPrefixHashes(this.prefixHash, this.data, used, used + bytes.length);
    if (this.smallBytes === 1) {
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] >= 32) {
          this.smallBytes = 0;
          break;
        }
      }
    }
    // Bytes past the end may hold an earlier continuation's input: zlib's window holds stale bytes
    // there too, and neither lets them change a decision (see longestMatch).
    this.available += bytes.length;
  }

  private indexRuns(from: number, to: number): void {
    const data = this.data;
    const runBegin = this.runBegin;
    for (let i = from; i < to; i++) runBegin[i] = i > 0 && data[i] === data[i - 1] ? runBegin[i - 1] : i;
  }

  /** zlib's fill_window, less the copying: slides the window base and reads what fits. */
  private fillWindow(): void {
    const windowSize = this.windowSize;
    do {
      let more = 2 * windowSize - (this.readEnd - this.windowBase);
      if (this.strstart - this.windowBase >= windowSize + this.maxDistance) {
        this.windowBase += windowSize;
        more += windowSize;
      }
      if (this.available === this.readEnd) break;
      this.readEnd += Math.min(this.available - this.readEnd, more);
    } while (this.readEnd - this.strstart < MIN_LOOKAHEAD && this.available !== this.readEnd);
  }

  /** zlib's INSERT_STRING: links position p into its hash chain, returns the previous head. */
  private insertString(p: number): number {
    const data = this.data;
    const i = p - this.dataStart;
    const hash = ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & HASH_MASK;
    const head = this.head;
    const previousHead = head[hash];
    this.chainLink[i] = previousHead;
    this.chainRank[i] = previousHead >= this.dataStart ? this.chainRank[previousHead - this.dataStart] + 1 : 0;
    if (this.edgeIndexes.length > 0 && data[i] !== data[i + 1]) this.insertEdge(p, i);
    if (this.logging) this.logUndo(hash, previousHead);
    head[hash] = p;
    return previousHead;
  }

  /** Links the edge (last byte of a run) at position p, data index i, into every edge index whose key fits in the input. */
  private insertEdge(p: number, i: number): void {
    const prefixHash = this.prefixHash;
    const indexes = this.edgeIndexes;
    const lastIndex = this.available - this.dataStart - 1;
    const lengthClass = runLengthClass(i - this.runBegin[i] + 1);
    const windowSize = this.windowSize;
    const slot = p & (windowSize - 1);
    const logging = this.logging;
    if (logging) this.reserveUndo(4 * indexes.length);
    const undo = this.undo;
    for (let level = 0; level < indexes.length; level++) {
      const index = indexes[level];
      if (i + index.continuationBytes > lastIndex) continue;
      const key = index.keyOf(index.bytesHash(prefixHash, i), lengthClass);
      const heads = index.heads;
      const links = index.links;
      if (logging) {
        undo[this.undoLength++] = HASH_SIZE + level * EDGE_HASH_SIZE + key;
        undo[this.undoLength++] = heads[key];
        undo[this.undoLength++] = this.edgeLinkBase + level * windowSize + slot;
        undo[this.undoLength++] = links[slot];
      }
      links[slot] = heads[key];
      heads[key] = p;
    }
  }

  /** Makes room for `entries` more undo entries. */
  private reserveUndo(entries: number): void {
    if (this.undoLength + entries <= this.undo.length) return;
    const grown = new Int32Array(Math.max(this.undo.length * 2, this.undoLength + entries));
    grown.set(this.undo);
    this.undo = grown;
  }

  private logUndo(index: number, oldValue: number): void {
    this.reserveUndo(2);
    this.undo[this.undoLength++] = index;
    this.undo[this.undoLength++] = oldValue;
  }


  /**
   * longest_match through the edge indexes (see edge-match-index.ts), or -1 when they cannot
   * decide and the chain must be walked. Leaves match_start as zlib does.
   */
  private longestEdgeMatch(hashHead: number): number {
    const data = this.data;
    const dataStart = this.dataStart;
    const scan = this.strstart - dataStart;
    const lookahead = this.readEnd - this.strstart;
    const niceMatch = this.niceMatch > lookahead ? lookahead : this.niceMatch;
    const indexes = this.edgeIndexes;
    const prevLength = this.prevLength;
    if (prevLength >= niceMatch) return -1;
    // The scan's run must end within reach of the shortest key: R + K ≤ nice_match ≤ lookahead.
    const longestRun = niceMatch - indexes[indexes.length - 1].continuationBytes;
    const c = data[scan];
    let runLength = 1;
    while (runLength <= longestRun && data[scan + runLength] === c) runLength++;
    if (runLength > longestRun) return -1;
    const limit = this.strstart - this.windowBase > this.maxDistance ? this.strstart - this.maxDistance : this.windowBase;
    const lowest = (hashHead <= limit ? hashHead : limit + 1) - dataStart;
    const chain = this.prevLength >= this.goodMatch ? this.maxChain >> 2 : this.maxChain;
    const rankLimit = this.chainRank[hashHead - dataStart] - chain + 1;
    for (const index of indexes) {
      const guaranteed = runLength + index.continuationBytes;
      if (guaranteed > niceMatch) continue;
      const length = index.longestMatch(data, this.prefixHash, this.runBegin, this.chainRank, dataStart, scan, runLength, lowest, rankLimit, prevLength, niceMatch);
      if (length >= 0) {
        if (index.matchStart >= 0) this.matchStart = index.matchStart;
        return length <= lookahead ? length : lookahead;
      }
      // Every candidate matches fewer than R + K bytes: none can beat the previous match.
      if (prevLength >= guaranteed - 1) return prevLength <= lookahead ? prevLength : lookahead;
    }
    return -1;
  }

  /**
   * zlib's longest_match. Its result never depends on bytes past the input: a candidate that
   * matches up to the end of the input reaches nice_match (capped at the lookahead) and stops the
   * search, and quick rejects read at offsets below the lookahead.
   */
  private longestMatch(currentMatch: number): number {
    if (this.edgeIndexes.length > 0) {
      const length = this.longestEdgeMatch(currentMatch);
      if (length >= 0) return length;
    }
    if (this.runShortcutUnbound || (this.runShortcutSmallBytes && this.smallBytes === 1)) {
      const i = this.strstart - this.dataStart;
      const data = this.data;
      if (data[i] === data[i + 1] && data[i] === data[i + 2]) return this.longestRunMatch(currentMatch);
    }
    const data = this.data;
    const dataStart = this.dataStart;
    const chainLink = this.chainLink;
    let chainLength = this.maxChain;
    const scan = this.strstart - dataStart;
    let bestLength = this.prevLength;
    const lookahead = this.readEnd - this.strstart;
    const niceMatch = this.niceMatch > lookahead ? lookahead : this.niceMatch;
    const limit = this.strstart - this.windowBase > this.maxDistance ? this.strstart - this.maxDistance : this.windowBase;
    if (this.prevLength >= this.goodMatch) chainLength >>= 2;
    const scan0 = data[scan];
    const scan1 = data[scan + 1];
    let scanEnd1 = data[scan + bestLength - 1];
    let scanEnd = data[scan + bestLength];
    let candidate = currentMatch;
    do {
      const match = candidate - dataStart;
      if (data[match + bestLength] !== scanEnd || data[match + bestLength - 1] !== scanEnd1 || data[match] !== scan0 || data[match + 1] !== scan1) continue;
      let length = 2;
      while (length < MAX_MATCH && data[scan + length] === data[match + length]) length++;
      if (length < MIN_MATCH) continue;
      if (length > bestLength) {
        this.matchStart = candidate;
        bestLength = length;
        if (length >= niceMatch) break;
        scanEnd1 = data[scan + bestLength - 1];
        scanEnd = data[scan + bestLength];
      }
    } while ((candidate = chainLink[candidate - dataStart]) > limit && --chainLength !== 0);
    return bestLength <= lookahead ? bestLength : lookahead;
  }

  /**
   * What longest_match returns, and the match_start it leaves, when the scan starts with at least
   * three bytes c and every candidate is examined. The candidates are then exactly the positions q
   * in range with three c's, most recent first. In a run of c's ending at b (data[b] != c), q
   * offers r_q = b − q c's: it matches min(r_q, R) bytes, R being the run length at the scan,
   * except q = b − R, which continues past both runs. So each run has an increasing stretch, at
   * most one longer match, and a flat stretch, and zlib's "first longer match, stop at nice_match"
   * loop is replayed on those three pieces instead of on each candidate. zlib examines at most
   * `chain` candidates (max_chain, a quarter of it after a good match); so do we, counting them.
   */
  private longestRunMatch(hashHead: number): number {
    const data = this.data;
    const runBegin = this.runBegin;
    const dataStart = this.dataStart;
    const scan = this.strstart - dataStart;
    const c = data[scan];
    const lookahead = this.readEnd - this.strstart;
    const niceMatch = this.niceMatch > lookahead ? lookahead : this.niceMatch;
    const runCap = lookahead < MAX_MATCH + 1 ? lookahead : MAX_MATCH + 1;
    let runLength = 3;
    while (runLength < runCap && data[scan + runLength] === c) runLength++;
    const flatLength = runLength < MAX_MATCH ? runLength : MAX_MATCH;
    const runReachesEnd = runLength >= MAX_MATCH || runLength === lookahead;
    const limit = this.strstart - this.windowBase > this.maxDistance ? this.strstart - this.maxDistance : this.windowBase;
    // Lowest candidate (data index): zlib examines the chain head even when it sits at `limit`.
    const lowest = (hashHead <= limit ? hashHead : limit + 1) - dataStart;
    let bestLength = this.prevLength;
    let matchStart = -1;
    let chain = this.prevLength >= this.goodMatch ? this.maxChain >> 2 : this.maxChain;
    let p = scan - 1;
    let done = false;
    while (p >= lowest && !done) {
      const runStart = runBegin[p];
      if (data[p] !== c) {
        p = runStart - 1;
        continue;
      }
      // The run holding the scan itself runs past it: every candidate there is flat.
      const runEnd = p === scan - 1 ? scan + runLength + 1 : p + 1;
      const highest = p === scan - 1 ? scan - 1 : runEnd - 3;
      let low = runStart > lowest ? runStart : lowest;
      p = runStart - 1;
      if (highest < low) continue;
      if (highest - low + 1 >= chain) {
        // The chain limit ends the search inside this run.
        low = highest - chain + 1;
        done = true;
      } else {
        chain -= highest - low + 1;
      }
      // Increasing stretch: r_q < R, matches r_q = runEnd − q bytes.
      const increasingLow = Math.max(low, runEnd - runLength + 1);
      if (highest >= increasingLow) {
        const firstBetter = Math.min(highest, runEnd - bestLength - 1);
        if (firstBetter >= increasingLow) {
          const breakAt = Math.min(firstBetter, runEnd - niceMatch);
          if (breakAt >= increasingLow) {
            matchStart = breakAt;
            bestLength = runEnd - breakAt;
            done = true;
            break;
          }
          matchStart = increasingLow;
          bestLength = runEnd - increasingLow;
        }
      }
      // The one candidate that matches the whole run and continues.
      const exact = runEnd - runLength;
      if (exact >= low && exact <= highest) {
        let length = flatLength;
        if (!runReachesEnd) {
          while (length < MAX_MATCH && data[scan + length] === data[exact + length]) length++;
        }
        if (length > bestLength) {
          matchStart = exact;
          bestLength = length;
          if (length >= niceMatch) {
            done = true;
            break;
          }
        }
      }
      // Flat stretch: r_q > R, all match R bytes; only the first can be longer than the best.
      const flat = Math.min(highest, exact - 1);
      if (flat >= low && flatLength > bestLength) {
        matchStart = flat;
        bestLength = flatLength;
        if (flatLength >= niceMatch) break;
      }
    }
    if (matchStart >= 0) this.matchStart = matchStart + dataStart;
    return bestLength <= lookahead ? bestLength : lookahead;
  }

  /** zlib's _tr_tally_lit; true when the block is full. */
  private tallyLiteral(byte: number): boolean {
    this.literalCounts[byte]++;
    return ++this.symbolCount === SYMBOLS_PER_BLOCK;
  }

  /** zlib's _tr_tally_dist; true when the block is full. */
  private tallyMatch(distance: number, length: number): boolean {
    this.literalCounts[LENGTH_CODE[length - MIN_MATCH] + END_OF_BLOCK + 1]++;
    this.distanceCounts[DISTANCE_CODE[distance - 1]]++;
    return ++this.symbolCount === SYMBOLS_PER_BLOCK;
  }

  /** zlib's FLUSH_BLOCK_ONLY: sizes the block, then starts an empty one at strstart. */
  private flushBlock(last: boolean): void {
    const storedBytes = this.blockStart >= this.windowBase ? this.strstart - this.blockStart : -1;
    this.outputBits += this.coster.blockBits(this.literalCounts, this.distanceCounts, storedBytes, this.outputBits, last);
    this.blockStart = this.strstart;
    this.literalCounts.fill(0);
    this.distanceCounts.fill(0);
    this.literalCounts[END_OF_BLOCK] = 1;
    this.symbolCount = 0;
  }

  private run(finish: boolean): void {
    if (this.lazy) this.runLazy(finish);
    else this.runFast(finish);
  }

  /** zlib's deflate_slow (levels 4..9): a match is taken only if the next position has no longer one. */
  private runLazy(finish: boolean): void {
    for (;;) {
      if (this.readEnd - this.strstart < MIN_LOOKAHEAD) {
        this.fillWindow();
        if (this.readEnd - this.strstart < MIN_LOOKAHEAD && !finish) return;
        if (this.readEnd === this.strstart) break;
      }
      let hashHead = this.windowBase;
      if (this.readEnd - this.strstart >= MIN_MATCH) hashHead = this.insertString(this.strstart);
      this.prevLength = this.matchLength;
      this.prevMatch = this.matchStart;
      this.matchLength = MIN_MATCH - 1;
      if (hashHead > this.windowBase && this.prevLength < this.maxLazy && this.strstart - hashHead <= this.maxDistance) {
        this.matchLength = this.longestMatch(hashHead);
        if (this.matchLength === MIN_MATCH && this.strstart - this.matchStart > TOO_FAR) this.matchLength = MIN_MATCH - 1;
      }
      if (this.prevLength >= MIN_MATCH && this.matchLength <= this.prevLength) {
        const maxInsert = this.readEnd - MIN_MATCH;
        const full = this.tallyMatch(this.strstart - 1 - this.prevMatch, this.prevLength);
        let remaining = this.prevLength - 2;
        do {
          if (++this.strstart <= maxInsert) this.insertString(this.strstart);
        } while (--remaining !== 0);
        this.matchAvailable = 0;
        this.matchLength = MIN_MATCH - 1;
        this.strstart++;
        if (full) this.flushBlock(false);
      } else if (this.matchAvailable) {
        if (this.tallyLiteral(this.data[this.strstart - 1 - this.dataStart])) this.flushBlock(false);
        this.strstart++;
      } else {
        this.matchAvailable = 1;
        this.strstart++;
      }
    }
    if (this.matchAvailable) {
      this.tallyLiteral(this.data[this.strstart - 1 - this.dataStart]);
      this.matchAvailable = 0;
    }
    this.flushBlock(true);
  }

  /** zlib's deflate_fast (levels 1..3): greedy, and long matches are not inserted in the hash. */
  private runFast(finish: boolean): void {
    for (;;) {
      if (this.readEnd - this.strstart < MIN_LOOKAHEAD) {
        this.fillWindow();
        if (this.readEnd - this.strstart < MIN_LOOKAHEAD && !finish) return;
        if (this.readEnd === this.strstart) break;
      }
      let hashHead = this.windowBase;
      if (this.readEnd - this.strstart >= MIN_MATCH) hashHead = this.insertString(this.strstart);
      if (hashHead > this.windowBase && this.strstart - hashHead <= this.maxDistance) {
        this.matchLength = this.longestMatch(hashHead);
      }
      let full: boolean;
      if (this.matchLength >= MIN_MATCH) {
        full = this.tallyMatch(this.strstart - this.matchStart, this.matchLength);
        const lookaheadAfter = this.readEnd - this.strstart - this.matchLength;
        if (this.matchLength <= this.maxLazy && lookaheadAfter >= MIN_MATCH) {
          let remaining = this.matchLength - 1;
          do {
            this.strstart++;
            this.insertString(this.strstart);
          } while (--remaining !== 0);
          this.strstart++;
        } else {
          this.strstart += this.matchLength;
        }
        this.matchLength = 0;
      } else {
        full = this.tallyLiteral(this.data[this.strstart - this.dataStart]);
        this.strstart++;
      }
      if (full) this.flushBlock(false);
    }
    this.flushBlock(true);
  }
}
