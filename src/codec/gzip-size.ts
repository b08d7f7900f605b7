/**
 * gzip −9's size of the restored data, which .arc files with several images record for ratios
 * (docs/FORMAT.md). It needs zlib: Node has it; a browser has no zlib −9, so there the size is
 * unknown (null) and files record 0xFFFFFFFF ("not recorded"). The size is never decoded from,
 * so decoding does not depend on it.
 */
// A variable specifier, so that bundlers leave node:zlib out of a browser bundle of the core.
const ZLIB_MODULE: string = 'node:zlib';

/** What files and summaries record when the gzip size is unknown (also: ≥ 4 GiB). */
export const GZIP_SIZE_NOT_RECORDED = 0xffffffff;

type Zlib = typeof import('node:zlib');
let zlib: Promise<Zlib | null> | undefined;

/** The size in bytes of gzip −9 of `data`, or null where this engine has no zlib. */
export async function gzipSizeBytes(data: Uint8Array): Promise<number | null> {
  zlib ??= import(ZLIB_MODULE).then((module: Zlib) => module, () => null);
  const loaded = await zlib;
  if (loaded === null) return null;
  return new Promise<number>((resolve, reject) => loaded.gzip(data, { level: 9 }, (error, bytes) => (error ? reject(error) : resolve(bytes.length))));
}
