// The text report, streamed. The text report lists files in path order
// (UTF-16 code units), which differs from walk order when a name sorts below
// `/` (`conf.d/` comes before `conf/x`), so each file's block goes to a spill
// buffer and the blocks are copied in path order at the end.

import { SEVERITIES } from '../policy/rule.js';
import { compareText, type ReportSummary } from './summary.js';
import { renderText, renderTextSummaryLine, type TextOptions } from './text.js';
import type { ReportSink, SpillBuffer, SpillFactory, SpillRange } from './stream-sink.js';
import type { ReportShell, StreamedFile, StreamingReportWriter } from './stream.js';

interface BlockEntry {
  file: string;
  range: SpillRange;
}

/** Streams the output of `renderText` for the report that `shell` starts. */
export class TextStreamWriter implements StreamingReportWriter {
  // NOTE: one entry (path and range) per file with findings stays in memory until the end, for the path-order copy.
  private readonly blocks: BlockEntry[] = [];
  private blocksSpill: SpillBuffer | undefined;
  private skippedSpill: SpillBuffer | undefined;
  private skippedHeader = '';
  private files = 0;
  private readonly summary: ReportSummary = {
    filesChecked: 0,
    filesSkipped: 0,
    violations: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as ReportSummary['violations'],
    violationCount: 0,
    ruleErrors: 0,
    parseErrors: 0,
  };

  constructor(private readonly shell: ReportShell, private readonly options: TextOptions, private readonly sink: ReportSink, private readonly spill: SpillFactory) {}

  async begin(): Promise<void> {
    this.blocksSpill = await this.spill();
    this.skippedSpill = await this.spill();
  }

  async addFile(file: StreamedFile): Promise<void> {
    this.count(file);

    if (file.findings.length > 0) {
      // renderText of this file alone gives its block, followed by a summary line that is dropped.
      const text = renderText({ ...this.shell, findings: [...file.findings], files: [] }, this.options);
      const range = await this.blocksSpill!.append(text.slice(0, lastLineStart(text)));
      this.blocks.push({ file: file.result.file, range });
    }

    if (file.result.skipped !== undefined) {
      const lines = renderText({ ...this.shell, findings: [], files: [file.result] }, this.options).split('\n');
      this.skippedHeader = lines[0];
      await this.skippedSpill!.append(`${lines[1]}\n`);
    }
  }

  async end(durationMs: number): Promise<void> {
    const ordered = this.blocks.map((block, order) => ({ block, order }));
    ordered.sort((a, b) => compareText(a.block.file, b.block.file) || a.order - b.order);
    for (const { block } of ordered) await this.blocksSpill!.copyTo(this.sink, block.range);

    if (this.summary.filesSkipped > 0) {
      await this.sink.write(`${this.skippedHeader}\n`);
      await this.skippedSpill!.copyTo(this.sink);
      await this.sink.write('\n');
    }

    this.summary.filesChecked = this.files - this.summary.filesSkipped;
    this.summary.violationCount = SEVERITIES.reduce((total, severity) => total + this.summary.violations[severity], 0);
    await this.sink.write(`${renderTextSummaryLine(this.summary, durationMs, this.options)}\n`);
    await this.abort();
  }

  async abort(): Promise<void> {
    await this.blocksSpill?.dispose();
    await this.skippedSpill?.dispose();
    this.blocksSpill = undefined;
    this.skippedSpill = undefined;
  }

  /** Counts as `summarize` does, one file at a time. */
  private count(file: StreamedFile): void {
    this.files++;
    if (file.result.skipped !== undefined) this.summary.filesSkipped++;
    for (const finding of file.findings) {
      if (finding.kind === 'violation') this.summary.violations[finding.severity]++;
      else if (finding.kind === 'error') this.summary.ruleErrors++;
      else this.summary.parseErrors++;
    }
  }
}

/** Returns the offset of the last line of `text`, which ends with a newline. */
function lastLineStart(text: string): number {
  return text.lastIndexOf('\n', text.length - 2) + 1;
}
