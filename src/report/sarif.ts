// The report for code scanning: a SARIF 2.1.0 log (OASIS Standard, Errata 01)
// with the fields GitHub code scanning reads (rule tags, `security-severity`,
// `partialFingerprints`, `%SRCROOT%`-relative artifact locations).
//
// Parse errors are results of the `BULWARK-PARSE-ERROR` rule, not entries of
// `toolExecutionNotifications`. They count towards the exit code like findings,
// so they must show where findings show: code-scanning alerts, which only come
// from results. Notifications hold what is not a finding: skipped files.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { PARSE_ERROR_RULE, type CheckReport, type Finding } from '../check/finding.js';
import type { Severity } from '../policy/rule.js';
import { controlTags, thresholdSeverity } from './summary.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The `uriBaseId` that every relative artifact location is resolved against. */
export const SOURCE_ROOT_ID = '%SRCROOT%';

/** Key under `partialFingerprints`; the suffix changes whenever the inputs of the hash change. */
export const FINGERPRINT_KEY = 'bulwarkFindingHash/v1';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** Result level of each severity. */
export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * `security-severity` of each severity. GitHub's "SARIF support for code
 * scanning" page bands the score: over 9.0 critical, 7.0 to 8.9 high, 4.0 to
 * 6.9 medium, 3.9 or less low. Any score would show an `info` rule as a low
 * security alert, so `info` rules get none and show by their level (note).
 */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

export interface SarifOptions {
  /**
   * Absolute `file:` URI of the folder relative paths start from, ending in `/`.
   * The CLI passes the working directory. Without it, `%SRCROOT%` is declared
   * with a description only, and consumers supply the root themselves.
   */
  sourceRoot?: string;
  /** Home page of the tool, for `tool.driver.informationUri`. */
  informationUri?: string;
}

/** Rule facts the log needs, from the pack or made up for the parse-error rule. */
interface RuleFacts {
  id: string;
  version: string;
  title: string;
  description?: string;
  severity: Severity;
  frameworks: Record<string, string[]>;
  remediation: string;
}

const PARSE_ERROR_FACTS: RuleFacts = {
  id: PARSE_ERROR_RULE,
  version: '1',
  title: 'Configuration file could not be parsed',
  description: 'The file is not valid in the format it was read as, so no rule could be evaluated on it.',
  severity: 'medium',
  frameworks: {},
  remediation: 'Fix the syntax error at the reported position, or exclude the file with --exclude if it is not a configuration file.',
};

/** Renders `report` as a SARIF 2.1.0 log with one run, two-space indented, ending with a newline. */
export function renderSarif(report: CheckReport, options: SarifOptions = {}): string {
  const rules = collectRules(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const endTime = new Date(Date.parse(report.startedAt) + report.durationMs);

  const driver: Record<string, unknown> = {
    name: report.tool.name,
    version: report.tool.version,
  };
  if (isSemanticVersion(report.tool.version)) driver.semanticVersion = report.tool.version;
  if (options.informationUri !== undefined) driver.informationUri = options.informationUri;
  driver.rules = rules.map(toReportingDescriptor);

  const invocation: Record<string, unknown> = { executionSuccessful: true };
  if (!Number.isNaN(endTime.getTime())) {
    invocation.startTimeUtc = new Date(Date.parse(report.startedAt)).toISOString();
    invocation.endTimeUtc = endTime.toISOString();
  }
  const notifications = skippedFileNotifications(report);
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const run = {
    tool: { driver },
    invocations: [invocation],
    originalUriBaseIds: {
      [SOURCE_ROOT_ID]:
        options.sourceRoot !== undefined
          ? { uri: options.sourceRoot }
          : { description: { text: 'The folder the scan ran in; relative paths in this log start there.' } },
    },
    results: report.findings.map((finding) => toResult(finding, ruleIndex)),
    // The pack digest and version make the run reproducible with the same rules.
    properties: { rulePack: { name: report.pack.name, version: report.pack.version, digest: report.pack.digest } },
  };

  const log = { $schema: SARIF_SCHEMA_URI, version: SARIF_VERSION, runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Returns the pack's rules, then any rule id that only findings mention (the parse-error rule). */
function collectRules(report: CheckReport): RuleFacts[] {
  const rules: RuleFacts[] = report.pack.rules.map((rule) => ({ ...rule }));
  const known = new Set(rules.map((rule) => rule.id));

  for (const finding of report.findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    rules.push(
      finding.ruleId === PARSE_ERROR_RULE
        ? PARSE_ERROR_FACTS
        : {
            id: finding.ruleId,
            version: finding.ruleVersion,
            title: finding.title,
            severity: finding.severity,
            frameworks: finding.frameworks,
            remediation: finding.remediation,
          },
    );
  }

  return rules;
}

function toReportingDescriptor(rule: RuleFacts): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    tags: ['security', 'configuration', ...controlTags(rule.frameworks)],
    ruleVersion: rule.version,
    frameworks: rule.frameworks,
  };
  const securitySeverity = rule.id === PARSE_ERROR_RULE ? undefined : SECURITY_SEVERITY[rule.severity];
  if (securitySeverity !== undefined) properties['security-severity'] = securitySeverity;

  return {
    id: rule.id,
    name: toRuleName(rule.title, rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description ?? rule.title },
    help: { text: rule.remediation === '' ? rule.title : rule.remediation },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties,
  };
}

function toResult(finding: Finding, ruleIndex: Map<string, number>): Record<string, unknown> {
  const physicalLocation: Record<string, unknown> = { artifactLocation: toArtifactLocation(finding.file) };
  // Line 0 means the whole file, which SARIF expresses by leaving out the region.
  if (finding.line > 0) {
    // NOTE: columns go out as the engine counts them; SARIF's default `columnKind` is UTF-16 code units.
    physicalLocation.region = finding.column > 0 ? { startLine: finding.line, startColumn: finding.column } : { startLine: finding.line };
  }

  const location: Record<string, unknown> = { physicalLocation };
  if (finding.path !== '') location.logicalLocations = [{ fullyQualifiedName: finding.path, kind: 'member' }];

  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: SARIF_LEVEL[thresholdSeverity(finding)],
    message: { text: finding.kind === 'error' ? `Rule could not be evaluated: ${finding.message}` : finding.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding) },
    properties: { kind: finding.kind, document: finding.document, configPath: finding.path },
  };
}

/**
 * Hashes what identifies a finding across runs: rule, file, document and config
 * path. Line numbers are left out, so a finding keeps its identity when lines
 * above it move.
 */
export function fingerprint(finding: Pick<Finding, 'ruleId' | 'file' | 'document' | 'path'>): string {
  const identity = [finding.ruleId, finding.file, String(finding.document), finding.path].join('\u0000');
  return bytesToHex(sha256(utf8ToBytes(identity)));
}

/**
 * Returns an artifact location for a finding's file. A relative path becomes a
 * relative URI under `%SRCROOT%`, an absolute path a `file:` URI.
 */
export function toArtifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//u.test(slashed);

  if (slashed.startsWith('/') || drive) {
    const absolute = drive ? `/${slashed}` : slashed;
    return { uri: `file://${encodePath(absolute)}` };
  }

  const relative = slashed.replace(/^(\.\/)+/u, '');
  return { uri: encodePath(relative), uriBaseId: SOURCE_ROOT_ID };
}

/** Percent-encodes each segment, keeping `/` and a Windows drive colon. */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment, index) => (index === 1 && /^[A-Za-z]:$/u.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}

function skippedFileNotifications(report: CheckReport): Record<string, unknown>[] {
  return report.files
    .filter((file) => file.skipped !== undefined)
    .map((file) => ({
      level: 'note',
      message: { text: `File skipped: ${file.skipped}` },
      locations: [{ physicalLocation: { artifactLocation: toArtifactLocation(file.file) } }],
    }));
}

/** Turns a title into the PascalCase identifier SARIF viewers show as the rule name. */
function toRuleName(title: string, fallback: string): string {
  const name = title
    .split(/[^A-Za-z0-9]+/u)
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
  return name === '' ? fallback : name;
}

function isSemanticVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/u.test(version);
}
