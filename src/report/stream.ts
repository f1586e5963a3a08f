// Streaming report writers: each file's results are written (or spilled) as
// they arrive, so memory stays flat however many files a run checks. The
// output is byte-identical to the matching render* function of the finished
// report.

import type { CheckReport, FileResult, Finding } from '../check/finding.js';

export type { ReportSink, SpillBuffer, SpillFactory, SpillRange } from './stream-sink.js';
export { memorySpill, StringSink } from './stream-sink.js';

/**
 * A report without its per-file data: `findings` and `files` empty and
 * `durationMs` 0, with its keys in the order of the finished report.
 */
export type ReportShell = CheckReport;

/** The results of one file, in walk order. */
export interface StreamedFile {
  findings: readonly Finding[];
  result: FileResult;
}

export interface StreamingReportWriter {
  /** Writes what can be written before the first file. */
  begin(): Promise<void>;
  addFile(file: StreamedFile): Promise<void>;
  /** Writes the rest, given the run's duration, and releases spill buffers. */
  end(durationMs: number): Promise<void>;
  /** Releases spill buffers of a run that failed; nothing more is written. */
  abort(): Promise<void>;
}

/** Returns `shell` with its `durationMs` replaced, keeping the key order. */
export function withDuration(shell: ReportShell, durationMs: number): ReportShell {
  return { ...shell, durationMs };
}
