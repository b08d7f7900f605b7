/**
 * CRC-32 (ISO-HDLC, as zlib, PNG and gzip use it: reflected polynomial 0xEDB88320, initial and
 * final value 0xFFFFFFFF), over several byte arrays as if they were one. Table-driven, one table
 * of 256 u32 built at load. Plain TypeScript, so it gives the same value on every engine (node's
 * zlib.crc32 exists only since 20.15). `>>> 0` keeps every intermediate an unsigned 32-bit value.
 *
 * It finds every burst of damage up to 32 bits long and any other damage with probability
 * 1 − 2^−32: enough for the compact container's few hundred bytes (it is no protection against
 * deliberate forgery, which no checksum stored next to the data is).
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (0xedb88320 ^ (c >>> 1)) >>> 0 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the concatenation of `parts`. */
export function crc32(...parts: Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) crc = (TABLE[(crc ^ part[i]) & 0xff] ^ (crc >>> 8)) >>> 0;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
