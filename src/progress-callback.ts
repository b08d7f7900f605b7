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
