// A one-line progress bar on stderr, redrawn in place and erased at the end.

import type { CliStream } from './io.js';

/** A run with more files than this shows the bar from the start. */
export const PROGRESS_MIN_FILES = 50;
/** A smaller run shows the bar once it has lasted this long, in milliseconds. */
export const PROGRESS_MIN_MS = 1000;
/** Minimum time between redraws, in milliseconds, so drawing never slows the run. */
export const PROGRESS_REDRAW_MS = 100;

const BAR_WIDTH = 30;
const CLEAR_LINE = '\r\u001b[K';

export class ProgressBar {
  private readonly stream: CliStream;
  private readonly now: () => number;
  private readonly startedAt: number;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private visible = false;

  /** Starts the clock; nothing is drawn until `update` decides the run is large or slow enough. */
  constructor(stream: CliStream, now: () => number) {
    this.stream = stream;
    this.now = now;
    this.startedAt = now();
  }

  /** Redraws the bar for `done` of `total` files, at most once every {@link PROGRESS_REDRAW_MS}. */
  update(done: number, total: number): void {
    const now = this.now();
    if (!this.visible && total <= PROGRESS_MIN_FILES && now - this.startedAt < PROGRESS_MIN_MS) return;
    if (this.visible && now - this.lastDrawAt < PROGRESS_REDRAW_MS && done < total) return;

    this.stream.write(`${CLEAR_LINE}${formatBar(done, total)}`);
    this.visible = true;
    this.lastDrawAt = now;
  }

  /** Erases the bar, leaving the cursor at the start of an empty line. */
  clear(): void {
    if (!this.visible) return;
    this.stream.write(CLEAR_LINE);
    this.visible = false;
  }
}

/** Formats `[#######.......] 120/400 files`. */
export function formatBar(done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} files`;
}
