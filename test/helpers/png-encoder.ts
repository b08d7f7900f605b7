/**
 * A tiny PNG encoder for tests: any colour type and bit depth (1/2/4/8/16), palettes and tRNS,
 * so tests can make the encodings pngjs does not write (palettes, 1/2/4-bit gray, 16-bit values).
 * Rows use filter 0; the image data are one zlib stream in one IDAT chunk (or split in `idatParts`).
 * CRCs come from node's zlib.crc32 where it exists (node ≥ 20.15), else from src/crc32.ts.
 */
import zlib from 'node:zlib';
import { crc32 as ownCrc32 } from '../../src/crc32.js';
import { concatBytes, PNG_SIGNATURE } from '../../src/data/png-chunk-writer.js';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const nodeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

export interface PngSpec {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** width·height·channels samples, row-major, each 0 … 2^bitDepth − 1 (palette: indices). */
  samples: ArrayLike<number>;
  /** Palette entries [r, g, b] (colour type 3). */
  palette?: readonly (readonly [number, number, number])[];
  /** The tRNS chunk's bytes, as stored. */
  transparency?: Uint8Array;
  /** Split the zlib stream over this many IDAT chunks (default 1). */
  idatParts?: number;
}

export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  const covered = out.subarray(4, 8 + data.length);
  view.setUint32(8 + data.length, nodeCrc32 ? nodeCrc32(covered) : ownCrc32(covered));
  return out;
}

// The library's (the chunks above keep their own CRC source, so the reader is checked against a second one).
export const concat = concatBytes;
export const SIGNATURE = PNG_SIGNATURE;

export function encodePng(spec: PngSpec): Uint8Array {
  const channels = CHANNELS[spec.colorType];
  const rowBytes = Math.ceil((spec.width * channels * spec.bitDepth) / 8);
  const raw = new Uint8Array(spec.height * (1 + rowBytes));
  for (let y = 0; y < spec.height; y++) {
    const row = raw.subarray(y * (1 + rowBytes) + 1, (y + 1) * (1 + rowBytes));
    for (let x = 0; x < spec.width * channels; x++) {
      const value = spec.samples[y * spec.width * channels + x];
      if (spec.bitDepth === 16) {
        row[2 * x] = value >> 8;
        row[2 * x + 1] = value & 0xff;
      } else if (spec.bitDepth === 8) {
        row[x] = value;
      } else {
        const bit = x * spec.bitDepth;
        row[bit >> 3] |= value << (8 - spec.bitDepth - (bit & 7));
      }
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, spec.width);
  view.setUint32(4, spec.height);
  header[8] = spec.bitDepth;
  header[9] = spec.colorType;
  const compressed = new Uint8Array(zlib.deflateSync(raw));
  const parts = spec.idatParts ?? 1;
  const step = Math.ceil(compressed.length / parts);
  const idats = Array.from({ length: parts }, (_, i) => chunk('IDAT', compressed.subarray(i * step, (i + 1) * step)));
  return concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...(spec.palette ? [chunk('PLTE', Uint8Array.from(spec.palette.flat()))] : []),
    ...(spec.transparency ? [chunk('tRNS', spec.transparency)] : []),
    ...idats,
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Every encoding of the 8-bit gray `pixels` that keeps them exactly (name → PNG bytes). */
export function grayVariants(width: number, height: number, pixels: Uint8Array): Map<string, Uint8Array> {
  const variants = new Map<string, Uint8Array>();
  const repeat = (channels: number, alpha: number | null, scale = 1) => Array.from(pixels).flatMap((v) => {
    const sample = v * scale;
    return alpha === null ? new Array(channels).fill(sample) : [...new Array(channels - 1).fill(sample), alpha];
  });
  variants.set('8-bit gray', encodePng({ width, height, colorType: 0, bitDepth: 8, samples: pixels }));
  variants.set('16-bit gray', encodePng({ width, height, colorType: 0, bitDepth: 16, samples: Array.from(pixels, (v) => v * 257) }));
  variants.set('8-bit RGB', encodePng({ width, height, colorType: 2, bitDepth: 8, samples: repeat(3, null) }));
  variants.set('16-bit RGB', encodePng({ width, height, colorType: 2, bitDepth: 16, samples: repeat(3, null, 257) }));
  variants.set('8-bit RGBA', encodePng({ width, height, colorType: 6, bitDepth: 8, samples: repeat(4, 255) }));
  variants.set('16-bit RGBA', encodePng({ width, height, colorType: 6, bitDepth: 16, samples: repeat(4, 65535, 257) }));
  variants.set('8-bit gray+alpha', encodePng({ width, height, colorType: 4, bitDepth: 8, samples: repeat(2, 255) }));
  const levels = [...new Set(pixels)].sort((a, b) => a - b);
  const palette = levels.map((v) => [v, v, v] as const);
  const indices = Array.from(pixels, (v) => levels.indexOf(v));
  for (const depth of [1, 2, 4, 8] as const) {
    if (levels.length <= 2 ** depth) variants.set(`${depth}-bit palette`, encodePng({ width, height, colorType: 3, bitDepth: depth, samples: indices, palette }));
    const maxSample = 2 ** depth - 1;
    if (depth < 8 && pixels.every((v) => (v * maxSample) % 255 === 0)) {
      variants.set(`${depth}-bit gray`, encodePng({ width, height, colorType: 0, bitDepth: depth, samples: Array.from(pixels, (v) => (v * maxSample) / 255) }));
    }
  }
  return variants;
}
