// What a check run produces. Findings carry no configuration value
// unless the rule's message template contains `{{value}}`, and the built-in
// rules never use it on a sensitive key.

import type { Dialect, Format, Severity } from '../policy/rule.js';

export type FindingKind = 'violation' | 'error' | 'parse-error';

/** Rule id used for files that could not be parsed. */
export const PARSE_ERROR_RULE = 'BULWARK-PARSE-ERROR';

export interface Finding {
  kind: FindingKind;
  ruleId: string;
  ruleVersion: string;
  title: string;
  severity: Severity;
  message: string;
  remediation: string;
  frameworks: Record<string, string[]>;
  /** Path as given on the command line or relative to the scanned root, with `/`. */
  file: string;
  /** 1-based; 0 when the finding concerns the whole file. */
  line: number;
  column: number;
  /** Config path of the node, e.g. `spec.containers[0].securityContext`. */
  path: string;
  /** Index of the document in a multi-document file, 0-based. */
  document: number;
}

/** Per-file outcome, for reports that list what was checked. */
export interface FileResult {
  file: string;
  format?: Format;
  dialect?: Dialect;
  documents: number;
  /** Set when the file was not checked: binary, too large, unknown format. */
  skipped?: string;
  /** Rules that applied to this file, with how many nodes each evaluated and failed. */
  rules: { ruleId: string; evaluated: number; failed: number; errors: number }[];
}

export interface CheckReport {
  tool: { name: 'bulwark'; version: string };
  pack: { name: string; version: string; digest: string; rules: { id: string; version: string; title: string; severity: Severity; frameworks: Record<string, string[]>; remediation: string; description?: string }[] };
  /** Set when the run checked one shard of the files (`--shard K/N`); `bulwark merge` checks that every shard is present once. */
  shard?: { index: number; count: number };
  findings: Finding[];
  files: FileResult[];
  startedAt: string;
  durationMs: number;
}
