/**
 * The exact size in bits of one deflate block as zlib writes it, from the block's symbol counts.
 *
 * This is zlib's trees.c without the bit writer: `build_tree` (the same heap, the same tie-break
 * on depth), `gen_bitlen` (the same length-limiting fix-up), `scan_tree` and `build_bl_tree` (the
 * cost of sending the code lengths), then `_tr_flush_block`'s choice between a stored, a static
 * and a dynamic block. Every step must match zlib bit for bit: a different tie-break gives other
 * code lengths and another size, and the classifier compares sizes that differ by a byte or two.
 *
 * Counts live in the caller's arrays and are only read: the literal/length counts (286 symbols:
 * 0..255 literals, 256 end of block, 257..285 lengths) must include the one end-of-block symbol,
 * as zlib's `init_block` puts it there.
 */

export const LITERAL_LENGTH_CODES = 286;
export const DISTANCE_CODES = 30;
export const END_OF_BLOCK = 256;
const BIT_LENGTH_CODES = 19;
const MAX_BITS = 15;
const MAX_BIT_LENGTH_BITS = 7;
const HEAP_SIZE = 2 * LITERAL_LENGTH_CODES + 1;
const REPEAT_3_6 = 16;
const REPEAT_ZEROS_3_10 = 17;
const REPEAT_ZEROS_11_138 = 18;

const EXTRA_LENGTH_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const EXTRA_DISTANCE_BITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const EXTRA_BIT_LENGTH_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
const BIT_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Code (0..28) of a match length minus 3 (0..255), as zlib's `_length_code`: 258 uses code 28. */
export const LENGTH_CODE = new Uint8Array(256);
/** Code (0..29) of a match distance minus 1 (0..32767). */
export const DISTANCE_CODE = new Uint8Array(32768);

const STATIC_LITERAL_LENGTHS = new Uint8Array(LITERAL_LENGTH_CODES + 2);
const STATIC_DISTANCE_LENGTHS = new Uint8Array(DISTANCE_CODES).fill(5);

(function buildStaticTables(): void {
  let length = 0;
  for (let code = 0; code < 28; code++) {
    for (let n = 0; n < 1 << EXTRA_LENGTH_BITS[code]; n++) LENGTH_CODE[length++] = code;
  }
  LENGTH_CODE[255] = 28;
  let distance = 0;
  for (let code = 0; code < DISTANCE_CODES; code++) {
    for (let n = 0; n < 1 << EXTRA_DISTANCE_BITS[code]; n++) DISTANCE_CODE[distance++] = code;
  }
  for (let n = 0; n < STATIC_LITERAL_LENGTHS.length; n++) {
    STATIC_LITERAL_LENGTHS[n] = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8;
  }
})();

/** One alphabet's description, as zlib's `static_tree_desc`. */
interface TreeDescription {
  elements: number;
  extraBits: readonly number[];
  extraBase: number;
  maxLength: number;
  staticLengths: Uint8Array | null;
}

const LITERAL_TREE: TreeDescription = { elements: LITERAL_LENGTH_CODES, extraBits: EXTRA_LENGTH_BITS, extraBase: END_OF_BLOCK + 1, maxLength: MAX_BITS, staticLengths: STATIC_LITERAL_LENGTHS };
const DISTANCE_TREE: TreeDescription = { elements: DISTANCE_CODES, extraBits: EXTRA_DISTANCE_BITS, extraBase: 0, maxLength: MAX_BITS, staticLengths: STATIC_DISTANCE_LENGTHS };
const BIT_LENGTH_TREE: TreeDescription = { elements: BIT_LENGTH_CODES, extraBits: EXTRA_BIT_LENGTH_BITS, extraBase: 0, maxLength: MAX_BIT_LENGTH_BITS, staticLengths: null };

/** A Huffman tree under construction: zlib's `ct_data` split into arrays (frequency, dad, length). */
class Tree {
  readonly frequency = new Int32Array(HEAP_SIZE);
  readonly dad = new Int32Array(HEAP_SIZE);
  readonly length = new Int32Array(HEAP_SIZE + 1);
  maxCode = 0;
}

/**
 * Computes block sizes. Holds scratch arrays, so one instance per thread; not reentrant.
 */
export class DeflateBlockCoster {
  private readonly literalTree = new Tree();
  private readonly distanceTree = new Tree();
  private readonly bitLengthTree = new Tree();
  private readonly heap = new Int32Array(HEAP_SIZE);
  private readonly depth = new Uint8Array(HEAP_SIZE);
  private readonly bitLengthCount = new Int32Array(MAX_BITS + 1);
  private heapLength = 0;
  private heapMax = 0;
  private optimalBits = 0;
  private staticBits = 0;

  /**
   * Bits zlib spends on a block with these counts, header included, when the block starts at bit
   * `bitPosition` of the output (only `bitPosition mod 8` matters, for a stored block's padding).
   * `storedBytes` is the block's length in input bytes, or -1 when zlib may not store it (its bytes
   * have left the window). A last block is padded to a whole byte.
   */
  blockBits(literalCounts: ArrayLike<number>, distanceCounts: ArrayLike<number>, storedBytes: number, bitPosition: number, last: boolean): number {
    this.optimalBits = 0;
    this.staticBits = 0;
    this.literalTree.frequency.fill(0);
    this.distanceTree.frequency.fill(0);
    for (let n = 0; n < LITERAL_LENGTH_CODES; n++) this.literalTree.frequency[n] = literalCounts[n];
    for (let n = 0; n < DISTANCE_CODES; n++) this.distanceTree.frequency[n] = distanceCounts[n];
    this.buildTree(this.literalTree, LITERAL_TREE);
    this.buildTree(this.distanceTree, DISTANCE_TREE);
    const maxBitLengthIndex = this.buildBitLengthTree();
    this.optimalBits += 3 * (maxBitLengthIndex + 1) + 5 + 5 + 4;

    let optimalBytes = (this.optimalBits + 3 + 7) >>> 3;
    const staticBytes = (this.staticBits + 3 + 7) >>> 3;
    if (staticBytes <= optimalBytes) optimalBytes = staticBytes;

    let end: number;
    if (storedBytes >= 0 && storedBytes + 4 <= optimalBytes) {
      end = alignToByte(bitPosition + 3) + 32 + 8 * storedBytes;
    } else if (staticBytes === optimalBytes) {
      end = bitPosition + 3 + this.staticBits;
    } else {
      end = bitPosition + 3 + this.optimalBits;
    }
    if (last) end = alignToByte(end);
    return end - bitPosition;
  }

  private smaller(tree: Tree, n: number, m: number): boolean {
    const fn = tree.frequency[n];
    const fm = tree.frequency[m];
    return fn < fm || (fn === fm && this.depth[n] <= this.depth[m]);
  }

  private downHeap(tree: Tree, k: number): void {
    const heap = this.heap;
    const v = heap[k];
    let j = k << 1;
    while (j <= this.heapLength) {
      if (j < this.heapLength && this.smaller(tree, heap[j + 1], heap[j])) j++;
      if (this.smaller(tree, v, heap[j])) break;
      heap[k] = heap[j];
      k = j;
      j <<= 1;
    }
    heap[k] = v;
  }

  /** zlib's `build_tree`: code lengths into `tree.length`, costs into optimalBits/staticBits. */
  private buildTree(tree: Tree, description: TreeDescription): void {
    const heap = this.heap;
    const frequency = tree.frequency;
    const elements = description.elements;
    let maxCode = -1;
    this.heapLength = 0;
    this.heapMax = HEAP_SIZE;
    for (let n = 0; n < elements; n++) {
      if (frequency[n] !== 0) {
        heap[++this.heapLength] = maxCode = n;
        this.depth[n] = 0;
      } else {
        tree.length[n] = 0;
      }
    }
    // Deflate needs at least two codes of nonzero frequency, so force one or two.
    while (this.heapLength < 2) {
      const node = (heap[++this.heapLength] = maxCode < 2 ? ++maxCode : 0);
      frequency[node] = 1;
      this.depth[node] = 0;
      this.optimalBits--;
      if (description.staticLengths !== null) this.staticBits -= description.staticLengths[node];
    }
    tree.maxCode = maxCode;
    for (let n = this.heapLength >> 1; n >= 1; n--) this.downHeap(tree, n);

    let node = elements;
    do {
      const n = heap[1];
      heap[1] = heap[this.heapLength--];
      this.downHeap(tree, 1);
      const m = heap[1];
      heap[--this.heapMax] = n;
      heap[--this.heapMax] = m;
      frequency[node] = frequency[n] + frequency[m];
      this.depth[node] = ((this.depth[n] >= this.depth[m] ? this.depth[n] : this.depth[m]) + 1) & 0xff;
      tree.dad[n] = tree.dad[m] = node;
      heap[1] = node++;
      this.downHeap(tree, 1);
    } while (this.heapLength >= 2);
    heap[--this.heapMax] = heap[1];
    this.generateBitLengths(tree, description);
  }

  /** zlib's `gen_bitlen`, including its fix-up of lengths longer than the alphabet allows. */
  private generateBitLengths(tree: Tree, description: TreeDescription): void {
    const heap = this.heap;
    const { frequency, dad, length } = tree;
    const { extraBits, extraBase, maxLength, staticLengths } = description;
    const maxCode = tree.maxCode;
    const bitLengthCount = this.bitLengthCount;
    bitLengthCount.fill(0);
    length[heap[this.heapMax]] = 0;
    let overflow = 0;
    let h: number;
    for (h = this.heapMax + 1; h < HEAP_SIZE; h++) {
      const n = heap[h];
      let bits = length[dad[n]] + 1;
      if (bits > maxLength) {
        bits = maxLength;
        overflow++;
      }
      length[n] = bits;
      if (n > maxCode) continue;
      bitLengthCount[bits]++;
      const extra = n >= extraBase ? extraBits[n - extraBase] : 0;
      const f = frequency[n];
      this.optimalBits += f * (bits + extra);
      if (staticLengths !== null) this.staticBits += f * (staticLengths[n] + extra);
    }
    if (overflow === 0) return;
    do {
      let bits = maxLength - 1;
      while (bitLengthCount[bits] === 0) bits--;
      bitLengthCount[bits]--;
      bitLengthCount[bits + 1] += 2;
      bitLengthCount[maxLength]--;
      overflow -= 2;
    } while (overflow > 0);
    h = HEAP_SIZE;
    for (let bits = maxLength; bits !== 0; bits--) {
      let n = bitLengthCount[bits];
      while (n !== 0) {
        const m = heap[--h];
        if (m > maxCode) continue;
        if (length[m] !== bits) {
          this.optimalBits += (bits - length[m]) * frequency[m];
          length[m] = bits;
        }
        n--;
      }
    }
  }

  /** zlib's `scan_tree`: counts the run-length codes that would send `tree`'s code lengths. */
  private scanTree(tree: Tree): void {
    const length = tree.length;
    const maxCode = tree.maxCode;
    const counts = this.bitLengthTree.frequency;
    let previousLength = -1;
    let nextLength = length[0];
    let count = 0;
    let maxCount = 7;
    let minCount = 4;
    if (nextLength === 0) {
      maxCount = 138;
      minCount = 3;
    }
    const guard = length[maxCode + 1];
    length[maxCode + 1] = 0xffff;
    for (let n = 0; n <= maxCode; n++) {
      const currentLength = nextLength;
      nextLength = length[n + 1];
      if (++count < maxCount && currentLength === nextLength) continue;
      if (count < minCount) counts[currentLength] += count;
      else if (currentLength !== 0) {
        if (currentLength !== previousLength) counts[currentLength]++;
        counts[REPEAT_3_6]++;
      } else if (count <= 10) counts[REPEAT_ZEROS_3_10]++;
      else counts[REPEAT_ZEROS_11_138]++;
      count = 0;
      previousLength = currentLength;
      if (nextLength === 0) {
        maxCount = 138;
        minCount = 3;
      } else if (currentLength === nextLength) {
        maxCount = 6;
        minCount = 3;
      } else {
        maxCount = 7;
        minCount = 4;
      }
    }
    length[maxCode + 1] = guard;
  }

  /** zlib's `build_bl_tree`: returns the index in BIT_LENGTH_ORDER of the last code length sent. */
  private buildBitLengthTree(): number {
    this.bitLengthTree.frequency.fill(0);
    this.scanTree(this.literalTree);
    this.scanTree(this.distanceTree);
    this.buildTree(this.bitLengthTree, BIT_LENGTH_TREE);
    let maxIndex: number;
    for (maxIndex = BIT_LENGTH_CODES - 1; maxIndex >= 3; maxIndex--) {
      if (this.bitLengthTree.length[BIT_LENGTH_ORDER[maxIndex]] !== 0) break;
    }
    return maxIndex;
  }
}

function alignToByte(bits: number): number {
  return Math.ceil(bits / 8) * 8;
}
