// Counts and orderings that every report format shares.

import type { CheckReport, Finding } from '../check/finding.js';
import { SEVERITIES, severityRank, type Severity } from '../policy/rule.js';

/** Severity a parse error counts as when a run is compared with `--fail-on`. */
export const PARSE_ERROR_SEVERITY: Severity = 'medium';

export interface ReportSummary {
  /** Files that were read and evaluated (not skipped). */
  filesChecked: number;
  filesSkipped: number;
  /** Rule violations, by the rule's severity. */
  violations: Record<Severity, number>;
  violationCount: number;
  /** Rule expressions that evaluated to an error. */
  ruleErrors: number;
  parseErrors: number;
}

/** Counts what a report contains, for summary lines and totals. */
export function summarize(report: CheckReport): ReportSummary {
  const violations = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  let ruleErrors = 0;
  let parseErrors = 0;

  for (const finding of report.findings) {
    if (finding.kind === 'violation') violations[finding.severity]++;
    else if (finding.kind === 'error') ruleErrors++;
    else parseErrors++;
  }

  const filesSkipped = report.files.filter((file) => file.skipped !== undefined).length;
  return {
    filesChecked: report.files.length - filesSkipped,
    filesSkipped,
    violations,
    violationCount: SEVERITIES.reduce((total, severity) => total + violations[severity], 0),
    ruleErrors,
    parseErrors,
  };
}

/**
 * Returns the severity a finding has when compared with a failure threshold.
 * A parse error counts as {@link PARSE_ERROR_SEVERITY}, whatever the engine put
 * in its `severity` field. A rule error keeps the severity of its rule.
 */
export function thresholdSeverity(finding: Finding): Severity {
  return finding.kind === 'parse-error' ? PARSE_ERROR_SEVERITY : finding.severity;
}

/** Counts the findings whose threshold severity is `threshold` or higher. */
export function countAtOrAbove(findings: readonly Finding[], threshold: Severity): number {
  const minimum = severityRank(threshold);
  return findings.filter((finding) => severityRank(thresholdSeverity(finding)) >= minimum).length;
}

/** Returns the findings ordered by file, then line, column, document and rule id. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.document - b.document ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.path, b.path)
  );
}

/** Compares by UTF-16 code units, so the order does not depend on the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups findings by file, keeping the order in which files first appear. */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group === undefined) groups.set(finding.file, [finding]);
    else group.push(finding);
  }
  return groups;
}

/** Formats framework controls compactly: `PCI-DSS-4.0 2.2.5,2.2.7; SOC2 CC6.1`. */
export function formatControls(frameworks: Record<string, string[]>): string {
  return Object.entries(frameworks)
    .filter(([, controls]) => controls.length > 0)
    .map(([framework, controls]) => `${framework} ${controls.join(',')}`)
    .join('; ');
}

/** Returns one tag a control, `PCI-DSS-4.0/2.2.5`, as code-scanning tools label rules. */
export function controlTags(frameworks: Record<string, string[]>): string[] {
  return Object.entries(frameworks).flatMap(([framework, controls]) => controls.map((control) => `${framework}/${control}`));
}
