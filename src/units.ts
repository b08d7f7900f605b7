/** Unit conversions, in one place. Names carry units: `...Bits`, `...Nats`, `...Bytes`. */

export const LN2 = Math.LN2;

export function natsToBits(nats: number): number {
  return nats / LN2;
}

export function bitsToNats(bits: number): number {
  return bits * LN2;
}

export function bytesToBits(bytes: number): number {
  return bytes * 8;
}

/** −log2(p), the ideal code length of an event of probability p, in bits. */
export function codeLengthBits(probability: number): number {
  return -Math.log2(probability);
}
