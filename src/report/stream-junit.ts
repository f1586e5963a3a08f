// The JUnit report, streamed: one <testsuite> per file, in walk order, into a
// spill buffer. The <testsuites> element carries totals, so it is written at
// the end, followed by the spilled suites.

import { renderJunit } from './junit.js';
import type { ReportSink, SpillBuffer, SpillFactory } from './stream-sink.js';
import { withDuration, type ReportShell, type StreamedFile, type StreamingReportWriter } from './stream.js';

const TOTAL_NAMES = ['tests', 'failures', 'errors', 'skipped'] as const;
type Totals = Record<(typeof TOTAL_NAMES)[number], number>;

/** Streams the output of `renderJunit` for the report that `shell` starts. */
export class JunitStreamWriter implements StreamingReportWriter {
  private suitesSpill: SpillBuffer | undefined;
  private readonly totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };

  constructor(private readonly shell: ReportShell, private readonly sink: ReportSink, private readonly spill: SpillFactory) {}

  async begin(): Promise<void> {
    this.suitesSpill = await this.spill();
  }

  async addFile(file: StreamedFile): Promise<void> {
    // renderJunit of this file alone: declaration, <testsuites> with this file's totals, its suite, </testsuites>.
    const lines = renderJunit({ ...this.shell, findings: [...file.findings], files: [file.result] }).split('\n');
    const fileTotals = readTotals(lines[1]);
    for (const name of TOTAL_NAMES) this.totals[name] += fileTotals[name];
    await this.suitesSpill!.append(`${lines.slice(2, -2).join('\n')}\n`);
  }

  async end(durationMs: number): Promise<void> {
    const lines = renderJunit(withDuration(this.shell, durationMs)).split('\n');
    let root = lines[1];
    for (const name of TOTAL_NAMES) root = root.replace(` ${name}="0"`, ` ${name}="${this.totals[name]}"`);

    await this.sink.write(`${lines[0]}\n${root}\n`);
    await this.suitesSpill!.copyTo(this.sink);
    await this.sink.write(`${lines.slice(2).join('\n')}`);
    await this.abort();
  }

  async abort(): Promise<void> {
    await this.suitesSpill?.dispose();
    this.suitesSpill = undefined;
  }
}

function readTotals(root: string): Totals {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const name of TOTAL_NAMES) {
    const match = new RegExp(` ${name}="(\\d+)"`, 'u').exec(root);
    if (match === null) throw new Error(`JUnit root element has no ${name} count: ${root}`);
    totals[name] = Number(match[1]);
  }
  return totals;
}
