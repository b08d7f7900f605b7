/** How library code reports progress without printing: the caller decides how to show it. */
export interface ProgressEvent {
  /** Units of work done so far. */
  done: number;
  /** Units of work in all (may grow). */
  total: number;
  /** A short status, e.g. 'class 3 epoch 2 val 0.112 bpp'. */
  detail?: string;
}

export type ProgressCallback = (event: ProgressEvent) => void;

/**
 * Progress of work cut into `parts` running side by side: the returned `(part, done)` records
 * part `part`'s units done so far and reports their sum out of `total`.
 */
export function partsProgress(parts: number, total: number, onProgress: ProgressCallback | undefined): (part: number, done: number) => void {
  const doneByPart = new Array<number>(parts).fill(0);
  return (part, done) => {
    doneByPart[part] = done;
    onProgress?.({ done: doneByPart.reduce((a, b) => a + b, 0), total });
  };
}
