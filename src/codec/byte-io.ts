/**
 * Big-endian byte writing and bounds-checked reading for the .arc container: the writer grows by
 * doubling and can patch a length it wrote earlier; the reader refuses to run past the end of its
 * section with a one-line BadFormat naming the field.
 */
import { ErrorCode, fail } from '../errors.js';

export class ByteWriter {
  private bytes = new Uint8Array(1024);
  length = 0;
  private reserve(count: number): DataView {
    if (this.length + count > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    const view = new DataView(this.bytes.buffer, this.length, count);
    this.length += count;
    return view;
  }
  u8(value: number): void { this.reserve(1).setUint8(0, value); }
  u16(value: number): void { this.reserve(2).setUint16(0, value); }
  u32(value: number): void { this.reserve(4).setUint32(0, value); }
  u64(value: number): void { this.reserve(8).setBigUint64(0, BigInt(value)); }
  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length - data.length);
  }
  patchU32(offset: number, value: number): void { new DataView(this.bytes.buffer).setUint32(offset, value); }
  patchU64(offset: number, value: number): void { new DataView(this.bytes.buffer).setBigUint64(offset, BigInt(value)); }
  finish(): Uint8Array { return this.bytes.slice(0, this.length); }
}

export class ByteReader {
  offset = 0;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array, readonly end: number, readonly label: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(count: number, what: string): number {
    if (this.offset + count > this.end) fail(ErrorCode.BadFormat, `${this.label}: ${what} runs past the end of its section (damaged or not made by this arcompress)`);
    const at = this.offset;
    this.offset += count;
    return at;
  }
  u8(what: string): number { return this.view.getUint8(this.need(1, what)); }
  u16(what: string): number { return this.view.getUint16(this.need(2, what)); }
  u32(what: string): number { return this.view.getUint32(this.need(4, what)); }
  u64(what: string): number {
    const value = this.view.getBigUint64(this.need(8, what));
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  }
  raw(count: number, what: string): Uint8Array {
    const at = this.need(count, what);
    return this.bytes.subarray(at, at + count);
  }
}
