// The SARIF report, streamed. Results and skipped-file notifications go to
// spill buffers. The log's header (rules, invocation times) is written at the
// end, because it lists rules that only findings mention (the parse-error
// rule) and the end time.

import type { Finding } from '../check/finding.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { arraySlot, JsonArrayFormatter, splitAtSlots } from './stream-json-array.js';
import type { ReportSink, SpillBuffer, SpillFactory } from './stream-sink.js';
import { withDuration, type ReportShell, type StreamedFile, type StreamingReportWriter } from './stream.js';

interface SarifLog {
  runs: [{ invocations: [Record<string, unknown>]; results: Record<string, unknown>[] }];
}

/** Indents of the results and notification arrays in a SARIF log from renderSarif. */
const RESULTS_SLOT = 0;
const NOTIFICATIONS_SLOT = 1;

/** Streams the output of `renderSarif` for the report that `shell` starts. */
export class SarifStreamWriter implements StreamingReportWriter {
  private readonly ruleIndex: Map<string, number>;
  /** First finding of each rule id missing from the pack, in order of appearance; renderSarif lists those rules after the pack's. */
  private readonly extraRuleFindings: Finding[] = [];
  private results!: JsonArrayFormatter;
  private notifications!: JsonArrayFormatter;
  private resultsSpill: SpillBuffer | undefined;
  private notificationsSpill: SpillBuffer | undefined;

  constructor(
    private readonly shell: ReportShell,
    private readonly options: SarifOptions,
    private readonly sink: ReportSink,
    private readonly spill: SpillFactory,
  ) {
    this.ruleIndex = new Map(shell.pack.rules.map((rule, index) => [rule.id, index]));
  }

  async begin(): Promise<void> {
    // The slots' indentation does not depend on any value, so a log without files gives it.
    const { indents } = this.split(0, true);
    this.results = new JsonArrayFormatter(indents[RESULTS_SLOT]);
    this.notifications = new JsonArrayFormatter(indents[NOTIFICATIONS_SLOT]);
    this.resultsSpill = await this.spill();
    this.notificationsSpill = await this.spill();
  }

  async addFile(file: StreamedFile): Promise<void> {
    if (file.findings.length === 0 && file.result.skipped === undefined) return;

    for (const finding of file.findings) {
      if (this.ruleIndex.has(finding.ruleId)) continue;
      this.ruleIndex.set(finding.ruleId, this.ruleIndex.size);
      this.extraRuleFindings.push(finding);
    }

    // renderSarif of this file alone gives its results and notification; only rule indexes depend on the whole run.
    const log = JSON.parse(renderSarif({ ...this.shell, pack: { ...this.shell.pack, rules: [] }, findings: [...file.findings], files: [file.result] }, this.options)) as SarifLog;
    const run = log.runs[0];
    for (const result of run.results) {
      result.ruleIndex = this.ruleIndex.get(result.ruleId as string);
      await this.resultsSpill!.append(this.results.item(result));
    }
    const notifications = (run.invocations[0].toolExecutionNotifications ?? []) as unknown[];
    for (const notification of notifications) await this.notificationsSpill!.append(this.notifications.item(notification));
  }

  async end(durationMs: number): Promise<void> {
    const hasNotifications = this.notifications.length > 0;
    const { pieces } = this.split(durationMs, hasNotifications);

    // Pieces come in document order: notifications sit in the invocation, before the results.
    await this.sink.write(pieces[0]);
    if (hasNotifications) {
      await this.notificationsSpill!.copyTo(this.sink);
      await this.sink.write(this.notifications.close());
      await this.sink.write(pieces[1]);
    }
    await this.resultsSpill!.copyTo(this.sink);
    await this.sink.write(this.results.close());
    await this.sink.write(`${pieces[pieces.length - 1]}\n`);
    await this.abort();
  }

  async abort(): Promise<void> {
    await this.resultsSpill?.dispose();
    await this.notificationsSpill?.dispose();
    this.resultsSpill = undefined;
    this.notificationsSpill = undefined;
  }

  /**
   * Renders the log of the whole run without its results and notifications,
   * and splits it where they go. The first finding of each extra rule makes
   * renderSarif list that rule; its result is replaced by the slot.
   */
  private split(durationMs: number, withNotifications: boolean): { pieces: string[]; indents: string[] } {
    const report = { ...withDuration(this.shell, durationMs), findings: this.extraRuleFindings };
    const log = JSON.parse(renderSarif(report, this.options)) as SarifLog;
    const run = log.runs[0] as unknown as Record<string, unknown>;
    run.results = arraySlot(RESULTS_SLOT) as unknown as [];

    if (!withNotifications) {
      const { pieces, indents } = splitAtSlots(log, 1);
      return { pieces, indents: [indents[0], ''] };
    }

    // Notifications come first in the text, so the slots are numbered in text order there.
    run.results = arraySlot(1) as unknown as [];
    log.runs[0].invocations[0].toolExecutionNotifications = arraySlot(0);
    const { pieces, indents } = splitAtSlots(log, 2);
    return { pieces, indents: [indents[1], indents[0]] };
  }
}
