/**
 * Byte writing and reading for the container: big-endian fixed-width integers, unsigned LEB128
 * varints (7 bits a byte, low group first, high bit = more follows), raw bytes. The reader never
 * reads past the end of its section: it fails with `BadFormat` naming the field instead.
 */
import { fail, ErrorCode, invariant } from '../errors.js';

/** Bytes of the longest varint this reader accepts: 5 bytes hold any u32. */
const MAX_VARINT_BYTES = 5;

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
  /** An unsigned LEB128 varint of a u32 (1 byte below 128, 2 below 16384, at most 5). */
  varint(value: number): void {
    invariant(Number.isInteger(value) && value >= 0 && value <= 0xffffffff, `varint ${value} is a u32`);
    let rest = value;
    while (rest >= 0x80) {
      this.u8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.u8(rest);
  }
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
  /** A varint as ByteWriter.varint writes it: at most 5 bytes, at most 2^32 − 1, no needless zero groups. */
  varint(what: string): number {
    let value = 0;
    for (let index = 0; index < MAX_VARINT_BYTES; index++) {
      const byte = this.u8(what);
      value += (byte & 0x7f) * 2 ** (7 * index);
      if ((byte & 0x80) === 0) {
        if (index > 0 && byte === 0) fail(ErrorCode.BadFormat, `${this.label}: ${what} is written with a needless zero byte (damaged or not made by this arcompress)`);
        if (value > 0xffffffff) fail(ErrorCode.BadFormat, `${this.label}: ${what} is ${value}, more than 2^32 − 1`);
        return value;
      }
    }
    return fail(ErrorCode.BadFormat, `${this.label}: ${what} runs over ${MAX_VARINT_BYTES} bytes (damaged or not made by this arcompress)`);
  }
  raw(count: number, what: string): Uint8Array {
    const at = this.need(count, what);
    return this.bytes.subarray(at, at + count);
  }
}
