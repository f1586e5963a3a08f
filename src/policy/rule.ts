// The rule model: what a rule file declares, after validation.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities: info < low < medium < high < critical. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const RULE_STATUSES = ['draft', 'active', 'deprecated', 'retired'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const FORMATS = ['yaml', 'json', 'toml', 'env', 'ini', 'properties', 'directives'] as const;
export type Format = (typeof FORMATS)[number];

/** Directive-file dialects; `generic` when the file name says nothing more. */
export const DIALECTS = ['sshd', 'nginx', 'redis', 'postgresql', 'apache', 'generic'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** Framework ids used as keys of `frameworks`. */
export const FRAMEWORKS = ['PCI-DSS-4.0', 'HIPAA', 'SOC2', 'GDPR'] as const;

export interface RuleExample {
  /** File name used for format detection, e.g. `sshd_config` or `pod.yaml`. */
  file?: string;
  /** Format, when the file name does not decide it. */
  format?: Format;
  content: string;
}

export interface RuleAppliesTo {
  formats?: Format[];
  dialects?: Dialect[];
  /** Globs over the file path relative to the scanned root (`**` crosses folders). */
  files?: string[];
  /** A rule-language expression over `root` and `file`; the rule runs only where it holds. */
  when?: string;
}

export interface Rule {
  id: string;
  version: string;
  status: RuleStatus;
  title: string;
  description?: string;
  severity: Severity;
  /** Framework id to control ids, e.g. `{ 'PCI-DSS-4.0': ['2.2.5'] }`. */
  frameworks: Record<string, string[]>;
  appliesTo: RuleAppliesTo;
  /** Path pattern; the rule runs once per matched node, with `self` bound to it. */
  match: string;
  /** Expression that must hold for every matched node. */
  assert: string;
  /** `required`: a document where `match` finds nothing is one violation. */
  presence?: 'required';
  /** Message template; `{{path}}`, `{{key}}`, `{{value}}`, `{{file}}` are substituted. */
  message: string;
  remediation: string;
  examples: { pass: RuleExample[]; fail: RuleExample[] };
  tags?: string[];
  references?: string[];
  /** Where the rule was declared, and where its expressions start (for compile errors). */
  source: { file: string; line: number; fields?: Partial<Record<'assert' | 'when' | 'match', { line: number; column: number }>> };
}

export interface RulePack {
  name: string;
  version: string;
  /** SHA-256 over the pack's canonical content, hex. */
  digest: string;
  rules: Rule[];
}
