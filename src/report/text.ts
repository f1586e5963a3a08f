// The report for people at a terminal: findings grouped by file, then one summary line.

import type { CheckReport, Finding } from '../check/finding.js';
import { SEVERITIES, type Severity } from '../policy/rule.js';
import { formatControls, groupByFile, sortFindings, summarize, thresholdSeverity, type ReportSummary } from './summary.js';

export interface TextOptions {
  /** Adds ANSI colour codes. The CLI sets it only for a terminal without `NO_COLOR`. */
  color: boolean;
}

/** Widest severity label, so that rule ids line up. */
const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((severity) => severity.length));

const SGR = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: SGR.bold + SGR.magenta,
  high: SGR.red,
  medium: SGR.yellow,
  low: SGR.cyan,
  info: SGR.dim,
};

type Paint = (style: string, text: string) => string;

/** Renders `report` as text for a terminal, ending with a newline. */
export function renderText(report: CheckReport, options: TextOptions): string {
  const paint: Paint = options.color ? (style, text) => `${style}${text}${SGR.reset}` : (_style, text) => text;
  const lines: string[] = [];

  for (const [file, findings] of groupByFile(sortFindings(report.findings))) {
    lines.push(paint(SGR.bold + SGR.underline, toTerminalText(file)));
    lines.push(...renderFileFindings(findings, paint));
    lines.push('');
  }

  const skipped = report.files.filter((file) => file.skipped !== undefined);
  if (skipped.length > 0) {
    lines.push(paint(SGR.bold, 'Skipped files'));
    for (const file of skipped) lines.push(`  ${toTerminalText(file.file)}  ${paint(SGR.dim, toTerminalText(file.skipped ?? ''))}`);
    lines.push('');
  }

  lines.push(renderSummaryLine(summarize(report), report.durationMs, paint));
  return `${lines.join('\n')}\n`;
}

/** Renders the summary line that ends a text report; the streaming writer (src/report/stream-text.ts) calls it with counts it kept. */
export function renderTextSummaryLine(summary: ReportSummary, durationMs: number, options: TextOptions): string {
  const paint: Paint = options.color ? (style, text) => `${style}${text}${SGR.reset}` : (_style, text) => text;
  return renderSummaryLine(summary, durationMs, paint);
}

function renderFileFindings(findings: Finding[], paint: Paint): string[] {
  const locations = findings.map(formatLocation);
  const locationWidth = Math.max(...locations.map((location) => location.length));
  const ruleIds = findings.map((finding) => toTerminalText(finding.ruleId));
  const ruleIdWidth = Math.max(...ruleIds.map((ruleId) => ruleId.length));
  // The remediation starts under the severity column.
  const indent = ' '.repeat(2 + locationWidth + 2);
  const lines: string[] = [];

  findings.forEach((finding, index) => {
    const shown = thresholdSeverity(finding);
    const severity = paint(SEVERITY_STYLE[shown], shown.padEnd(SEVERITY_WIDTH));
    const message = finding.kind === 'error' ? `rule error: ${finding.message}` : finding.message;
    const controls = formatControls(finding.frameworks);
    const parts = [
      `  ${locations[index].padEnd(locationWidth)}`,
      severity,
      paint(SGR.dim, ruleIds[index].padEnd(ruleIdWidth)),
      toTerminalText(message),
    ];
    if (controls !== '') parts.push(paint(SGR.dim, `[${toTerminalText(controls)}]`));
    lines.push(parts.join('  '));

    if (finding.remediation !== '') lines.push(`${indent}${paint(SGR.green, toTerminalText(finding.remediation))}`);
  });

  return lines;
}

/** `line:column`, or `-` for a finding about the whole file. */
function formatLocation(finding: Finding): string {
  return finding.line > 0 ? `${finding.line}:${finding.column}` : '-';
}

function renderSummaryLine(summary: ReportSummary, durationMs: number, paint: Paint): string {
  const parts = [plural(summary.filesChecked, 'file') + ' checked'];

  if (summary.violationCount === 0) {
    parts.push('no findings');
  } else {
    const bySeverity = [...SEVERITIES]
      .reverse()
      .filter((severity) => summary.violations[severity] > 0)
      .map((severity) => `${summary.violations[severity]} ${severity}`);
    parts.push(`${plural(summary.violationCount, 'finding')} (${bySeverity.join(', ')})`);
  }

  if (summary.ruleErrors > 0) parts.push(plural(summary.ruleErrors, 'rule error'));
  if (summary.parseErrors > 0) parts.push(plural(summary.parseErrors, 'parse error'));
  if (summary.filesSkipped > 0) parts.push(`${plural(summary.filesSkipped, 'file')} skipped`);

  const clean = summary.violationCount + summary.ruleErrors + summary.parseErrors === 0;
  const text = `${parts.join(', ')} in ${Math.round(durationMs)} ms`;
  return paint(SGR.bold + (clean ? SGR.green : SGR.red), text);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Makes text safe to print on a terminal. Messages and file names can carry
 * text from the scanned files, so C0 and C1 control characters (which could
 * start escape sequences) and bidirectional overrides (which could reorder
 * what the reader sees) are shown as `\u{...}` escapes. A tab becomes a space.
 */
export function toTerminalText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (char) =>
    char === '\t' ? ' ' : `\\u{${char.codePointAt(0)!.toString(16)}}`,
  );
}
