/**
 * `node:crypto` for the browser bundle: the synchronous SHA-256 that the model store and the .arc
 * container use (`createHash('sha256').update(…).digest()`), from @noble/hashes. WebCrypto's
 * `subtle.digest` is asynchronous and so cannot stand in for Node's synchronous hash.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export interface BrowserHash {
  update(data: Uint8Array | string): BrowserHash;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
}

export function createHash(algorithm: string): BrowserHash {
  if (algorithm !== 'sha256') throw new Error(`the browser build of arcompress has SHA-256 only, not ${algorithm}`);
  const state = sha256.create();
  const hash = {
    update(data: Uint8Array | string) {
      // Node hashes a string as its UTF-8 bytes.
      state.update(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      return hash;
    },
    digest(encoding?: 'hex') {
      const bytes = state.digest();
      return encoding === 'hex' ? bytesToHex(bytes) : bytes;
    },
  };
  return hash as BrowserHash;
}

export function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

export default { createHash, randomBytes };
