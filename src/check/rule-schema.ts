// Validation of one rule as written in a rule file. Every problem becomes a
// RulePackError naming the file, rule id and line, so an author can fix a
// whole file in one pass.

import { DIALECTS, FORMATS, RULE_STATUSES, SEVERITIES, type Rule, type RuleExample } from '../policy/rule.js';
import { RulePackError } from './errors.js';

const RULE_FIELDS = new Set([
  'id', 'version', 'status', 'title', 'description', 'severity', 'frameworks', 'applies_to',
  'match', 'assert', 'presence', 'message', 'remediation', 'examples', 'tags', 'references',
]);
const APPLIES_FIELDS = new Set(['formats', 'dialects', 'files', 'when']);
const EXAMPLE_FIELDS = new Set(['file', 'format', 'content']);
const MESSAGE_PLACEHOLDERS = new Set(['path', 'key', 'value', 'file']);

const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
// Semantic Versioning 2.0.0, without build metadata.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Checks one raw rule and returns it in model form, or the list of problems.
 * `line` is where the rule starts in `file`.
 */
export function validateRule(raw: unknown, file: string, line: number): { rule?: Rule; errors: RulePackError[] } {
  const errors: RulePackError[] = [];
  if (!isRecord(raw)) {
    return { errors: [new RulePackError(file, undefined, line, 'each entry of `rules` must be a mapping')] };
  }

  const id = typeof raw.id === 'string' ? raw.id : undefined;
  const fail = (reason: string) => errors.push(new RulePackError(file, id, line, reason));

  // 1. Field names: unknown fields are mistakes more often than extensions.
  for (const field of Object.keys(raw)) {
    if (!RULE_FIELDS.has(field)) fail(`unknown field \`${field}\`; allowed fields are ${[...RULE_FIELDS].join(', ')}`);
  }

  // 2. Required scalar fields.
  if (id === undefined) fail('missing `id`; give the rule an id such as BWK-K8S-001');
  else if (!RULE_ID.test(id)) fail(`invalid id \`${id}\`; use upper-case words joined by '-', such as BWK-K8S-001`);
  const version = raw.version === undefined ? '1.0.0' : String(raw.version);
  if (!SEMVER.test(version)) fail(`invalid version \`${version}\`; use semantic versioning such as 1.0.0`);
  const status = raw.status ?? 'active';
  if (typeof status !== 'string' || !(RULE_STATUSES as readonly string[]).includes(status)) {
    fail(`invalid status; use one of ${RULE_STATUSES.join(', ')}`);
  }
  for (const field of ['title', 'match', 'assert', 'message', 'remediation'] as const) {
    const value = raw[field];
    if (value === undefined) fail(`missing \`${field}\``);
    else if (typeof value !== 'string') {
      // YAML reads `assert: true` or `match: 1` as a bool or number, not as text.
      fail(`\`${field}\` must be a string; quote it (\`${field}: "${String(value)}"\`) so YAML does not read it as a ${Array.isArray(value) ? 'list' : typeof value}`);
    }
  }
  if (typeof raw.message === 'string') {
    for (const placeholder of raw.message.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!MESSAGE_PLACEHOLDERS.has(placeholder[1])) fail(`unknown placeholder \`{{${placeholder[1]}}}\` in \`message\`; use {{path}}, {{key}}, {{value}} or {{file}}`);
    }
    if (/\{\{(?![^{}]*\}\})/.test(raw.message)) fail('unclosed `{{` in `message`; close it with `}}`');
  }
  if (typeof raw.title === 'string' && raw.title.trim() === '') fail('`title` is empty');
  if (typeof raw.assert === 'string' && raw.assert.trim() === '') fail('`assert` is empty');
  if (raw.description !== undefined && typeof raw.description !== 'string') fail('`description` must be a string');
  if (typeof raw.severity !== 'string' || !(SEVERITIES as readonly string[]).includes(raw.severity)) {
    fail(`missing or invalid \`severity\`; use one of ${SEVERITIES.join(', ')}`);
  }
  if (raw.presence !== undefined && raw.presence !== 'required') fail('`presence` must be `required` when given');

  // 3. Framework mappings: framework id to a non-empty list of control ids.
  const frameworks: Record<string, string[]> = {};
  if (!isRecord(raw.frameworks) || Object.keys(raw.frameworks).length === 0) {
    fail('missing `frameworks`; map the rule to at least one framework control, e.g. `PCI-DSS-4.0: ["2.2.5"]`');
  } else {
    for (const [framework, controls] of Object.entries(raw.frameworks)) {
      const list = Array.isArray(controls) ? controls.map(String) : typeof controls === 'string' ? [controls] : undefined;
      if (!list || list.length === 0) fail(`framework \`${framework}\` needs a list of control ids`);
      else frameworks[framework] = list;
    }
  }

  // 4. applies_to.
  const appliesTo: Rule['appliesTo'] = {};
  if (raw.applies_to !== undefined) {
    if (!isRecord(raw.applies_to)) {
      fail('`applies_to` must be a mapping with formats, dialects, files or when');
    } else {
      const applies = raw.applies_to;
      for (const field of Object.keys(applies)) {
        if (!APPLIES_FIELDS.has(field)) fail(`unknown field \`applies_to.${field}\`; allowed: ${[...APPLIES_FIELDS].join(', ')}`);
      }
      if (applies.formats !== undefined) {
        if (!isStringList(applies.formats)) fail('`applies_to.formats` must be a list');
        else {
          for (const f of applies.formats) if (!(FORMATS as readonly string[]).includes(f)) fail(`unknown format \`${f}\`; use one of ${FORMATS.join(', ')}`);
          appliesTo.formats = applies.formats as Rule['appliesTo']['formats'];
        }
      }
      if (applies.dialects !== undefined) {
        if (!isStringList(applies.dialects)) fail('`applies_to.dialects` must be a list');
        else {
          for (const d of applies.dialects) if (!(DIALECTS as readonly string[]).includes(d)) fail(`unknown dialect \`${d}\`; use one of ${DIALECTS.join(', ')}`);
          appliesTo.dialects = applies.dialects as Rule['appliesTo']['dialects'];
        }
      }
      if (applies.files !== undefined) {
        if (!isStringList(applies.files)) fail('`applies_to.files` must be a list of globs');
        else appliesTo.files = applies.files;
      }
      if (applies.when !== undefined) {
        if (typeof applies.when !== 'string') fail('`applies_to.when` must be an expression string');
        else appliesTo.when = applies.when;
      }
    }
  }

  // 5. Examples: every rule ships at least one passing and one failing sample.
  const examples = { pass: [] as RuleExample[], fail: [] as RuleExample[] };
  if (!isRecord(raw.examples)) {
    fail('missing `examples`; add `examples.pass` and `examples.fail` with at least one sample each');
  } else {
    for (const kind of ['pass', 'fail'] as const) {
      const list = raw.examples[kind];
      if (!Array.isArray(list) || list.length === 0) {
        fail(`missing \`examples.${kind}\`; add at least one sample`);
        continue;
      }
      list.forEach((entry, index) => {
        const example = readExample(entry);
        if (typeof example === 'string') fail(`examples.${kind}[${index}]: ${example}`);
        else examples[kind].push(example);
      });
    }
  }

  // 6. Optional lists.
  if (raw.tags !== undefined && !isStringList(raw.tags)) fail('`tags` must be a list of strings');
  if (raw.references !== undefined && !isStringList(raw.references)) fail('`references` must be a list of URLs');

  if (errors.length > 0) return { errors };
  const rule: Rule = {
    id: id!,
    version,
    status: status as Rule['status'],
    title: raw.title as string,
    severity: raw.severity as Rule['severity'],
    frameworks,
    appliesTo,
    match: raw.match as string,
    assert: raw.assert as string,
    message: raw.message as string,
    remediation: raw.remediation as string,
    examples,
    source: { file, line },
  };
  if (typeof raw.description === 'string') rule.description = raw.description;
  if (raw.presence === 'required') rule.presence = 'required';
  if (raw.tags !== undefined) rule.tags = raw.tags as string[];
  if (raw.references !== undefined) rule.references = raw.references as string[];
  return { rule, errors };
}

function readExample(entry: unknown): RuleExample | string {
  if (typeof entry === 'string') return { content: entry };
  if (!isRecord(entry)) return 'an example must be a mapping with `content` (and `file` or `format`)';
  for (const field of Object.keys(entry)) {
    if (!EXAMPLE_FIELDS.has(field)) return `unknown field \`${field}\`; allowed: file, format, content`;
  }
  if (typeof entry.content !== 'string') return 'missing `content`';
  if (entry.file !== undefined && typeof entry.file !== 'string') return '`file` must be a file name';
  if (entry.format !== undefined && !(FORMATS as readonly string[]).includes(String(entry.format))) {
    return `unknown format \`${String(entry.format)}\``;
  }
  const example: RuleExample = { content: entry.content };
  if (typeof entry.file === 'string') example.file = entry.file;
  if (entry.format !== undefined) example.format = entry.format as RuleExample['format'];
  return example;
}
