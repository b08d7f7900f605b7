/**
 * `--images 3,5,10-20`: which images of a file to decode. Indices count from 0 (as in the file
 * and in error messages: "holds images 0..N−1"); a range A-B includes both ends. The result is in
 * file order, each image once, so overlapping items are harmless.
 */
import { ErrorCode, fail } from '../errors.js';

/** Largest list length accepted before the file is read (a guard against absurd ranges). */
const MAX_ITEMS = 10_000;

/** The image indices `text` names, checked against a file of `imageCount` images. */
export function selectImages(text: string, imageCount: number, label: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') fail(ErrorCode.BadArgument, `--images: empty list; give indices and ranges such as 3,5,10-20 (images count from 0)`);
  const items = trimmed.split(',');
  if (items.length > MAX_ITEMS) fail(ErrorCode.BadArgument, `--images: ${items.length} items, at most ${MAX_ITEMS}`);
  const chosen = new Uint8Array(imageCount);
  for (const raw of items) {
    const item = raw.trim();
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(item);
    if (!match) fail(ErrorCode.BadArgument, `--images: '${item.slice(0, 30)}' is not an index or a range A-B (e.g. 3,5,10-20; images count from 0)`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) fail(ErrorCode.BadArgument, `--images: range ${item} runs backwards; write ${last}-${first}`);
    if (last >= imageCount) fail(ErrorCode.BadArgument, `--images: ${label} holds images 0..${imageCount - 1}, not ${last}`);
    chosen.fill(1, first, last + 1);
  }
  const indices: number[] = [];
  for (let i = 0; i < imageCount; i++) if (chosen[i]) indices.push(i);
  return indices;
}

/** "3, 5, 10–20": a short description of `indices` (sorted, unique) for messages. */
export function describeImages(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(j === i ? `${indices[i]}` : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
