// Temporary files and folders of a run (spill buffers, reports before their
// atomic rename), tracked so that an interrupted run can remove them.

import { rmSync } from 'node:fs';

const tracked = new Set<string>();

/** Records a temporary path until `untrackTemporary` is called for it. */
export function trackTemporary(path: string): void {
  tracked.add(path);
}

export function untrackTemporary(path: string): void {
  tracked.delete(path);
}

/**
 * Removes every tracked path synchronously, for signal handlers that exit
 * right after. Errors are ignored: the process is ending either way.
 */
export function removeTrackedTemporaries(): void {
  for (const path of tracked) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting.
    }
  }
  tracked.clear();
}
