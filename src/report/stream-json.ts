// The JSON report, streamed: findings go straight to the sink, file results
// to a spill buffer that is copied after them.

import { arraySlot, JsonArrayFormatter, splitAtSlots } from './stream-json-array.js';
import type { ReportSink, SpillBuffer, SpillFactory } from './stream-sink.js';
import { withDuration, type ReportShell, type StreamedFile, type StreamingReportWriter } from './stream.js';

/** Streams the output of `renderJson` for the report that `shell` starts. */
export class JsonStreamWriter implements StreamingReportWriter {
  private findings!: JsonArrayFormatter;
  private files!: JsonArrayFormatter;
  private filesSpill: SpillBuffer | undefined;

  constructor(private readonly shell: ReportShell, private readonly sink: ReportSink, private readonly spill: SpillFactory) {}

  async begin(): Promise<void> {
    const { pieces, indents } = this.split(0);
    this.findings = new JsonArrayFormatter(indents[0]);
    this.files = new JsonArrayFormatter(indents[1]);
    this.filesSpill = await this.spill();
    await this.sink.write(pieces[0]);
  }

  async addFile(file: StreamedFile): Promise<void> {
    for (const finding of file.findings) await this.sink.write(this.findings.item(finding));
    await this.filesSpill!.append(this.files.item(file.result));
  }

  async end(durationMs: number): Promise<void> {
    const { pieces } = this.split(durationMs);
    await this.sink.write(this.findings.close());
    await this.sink.write(pieces[1]);
    await this.filesSpill!.copyTo(this.sink);
    await this.sink.write(this.files.close());
    await this.sink.write(`${pieces[2]}\n`);
    await this.abort();
  }

  async abort(): Promise<void> {
    await this.filesSpill?.dispose();
    this.filesSpill = undefined;
  }

  private split(durationMs: number) {
    return splitAtSlots({ ...withDuration(this.shell, durationMs), findings: arraySlot(0), files: arraySlot(1) }, 2);
  }
}
