// Writing a report file so that readers never see a partial one.

import { openAtomicFileSink } from './report-sink.js';

/**
 * Writes `text` to `file` through a temporary file in the same folder, flushed
 * to disk and then renamed over `file` (see `openAtomicFileSink`).
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const sink = await openAtomicFileSink(file);
  try {
    await sink.write(text);
  } catch (error) {
    await sink.discard();
    throw error;
  }
  await sink.commit();
}
