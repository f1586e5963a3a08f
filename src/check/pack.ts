// Loading rule packs from rule-file text. Portable: the caller reads files
// (src/node/check.ts does it from disk) and hands over their text.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, Scalar } from 'yaml';

import type { Rule, RulePack } from '../policy/rule.js';
import { canonicalJson } from './canonical.js';
import { RulePackError, RulePackErrors } from './errors.js';
import { validateRule } from './rule-schema.js';

export interface RuleFileText {
  /** Path shown in errors and recorded as each rule's source. */
  path: string;
  text: string;
}

export interface PackManifest {
  name: string;
  version: string;
  description?: string;
}

/** Parses the `pack.yaml` manifest of a rule pack folder. */
export function parseManifest(file: RuleFileText): PackManifest {
  const document = parseDocument(file.text);
  if (document.errors.length > 0) {
    const error = document.errors[0];
    throw new RulePackError(file.path, undefined, error.linePos?.[0].line ?? 1, `invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const raw = document.toJS() as Record<string, unknown> | null;
  if (!raw || typeof raw.name !== 'string' || raw.version === undefined) {
    throw new RulePackError(file.path, undefined, 1, 'a pack manifest needs `name` and `version`');
  }
  const manifest: PackManifest = { name: raw.name, version: String(raw.version) };
  if (typeof raw.description === 'string') manifest.description = raw.description;
  return manifest;
}

/**
 * Reads the rules of several rule files. All problems of all files are
 * collected and thrown together as RulePackErrors.
 */
export function parseRuleFiles(files: readonly RuleFileText[]): Rule[] {
  const rules: Rule[] = [];
  const errors: RulePackError[] = [];
  const seen = new Map<string, Rule>();

  for (const file of files) {
    const lineCounter = new LineCounter();
    const document = parseDocument(file.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const line = lineCounter.linePos(error.pos[0]).line;
        errors.push(new RulePackError(file.path, undefined, line, `invalid YAML: ${error.message.split('\n')[0]}`));
      }
      continue;
    }

    const root = document.contents;
    const list = isMap(root) ? root.get('rules', true) : undefined;
    if (!isMap(root) || !isSeq(list)) {
      errors.push(new RulePackError(file.path, undefined, 1, 'a rule file needs a top-level `rules:` list'));
      continue;
    }
    for (const key of root.items.map((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key))) {
      if (key !== 'rules') errors.push(new RulePackError(file.path, undefined, 1, `unknown top-level field \`${key}\`; a rule file has only \`rules\``));
    }

    for (const item of list.items) {
      const offset = (item as { range?: [number, number, number] }).range?.[0] ?? 0;
      const line = lineCounter.linePos(offset).line;
      const raw = (item as { toJS?: (doc: unknown) => unknown }).toJS?.(document) ?? item;
      const { rule, errors: ruleErrors } = validateRule(raw, file.path, line);
      errors.push(...ruleErrors);
      if (!rule) continue;
      rule.source.fields = fieldPositions(item, file.text, lineCounter);

      const earlier = seen.get(rule.id);
      if (earlier) {
        errors.push(new RulePackError(file.path, rule.id, line, `duplicate rule id; it is already defined at ${earlier.source.file}:${earlier.source.line}`));
        continue;
      }
      seen.set(rule.id, rule);
      rules.push(rule);
    }
  }

  if (errors.length > 0) throw new RulePackErrors(errors);
  return rules;
}

/**
 * SHA-256 over the canonical content of the rules (sorted by id, source
 * locations left out), so a report can name exactly the pack it used.
 */
export function packDigest(rules: readonly Rule[]): string {
  const content = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(({ source: _source, ...rest }) => rest);
  return bytesToHex(sha256(new TextEncoder().encode(canonicalJson(content))));
}

/** Builds a pack from a manifest and rule files. */
export function buildPack(manifest: PackManifest, files: readonly RuleFileText[]): RulePack {
  const rules = parseRuleFiles(files);
  return { name: manifest.name, version: manifest.version, digest: packDigest(rules), rules };
}

/** Merges packs into one; rule ids must stay unique across them. */
export function mergePacks(packs: readonly RulePack[]): RulePack {
  if (packs.length === 1) return packs[0];
  const seen = new Map<string, Rule>();
  const errors: RulePackError[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const earlier = seen.get(rule.id);
      if (earlier) errors.push(new RulePackError(rule.source.file, rule.id, rule.source.line, `duplicate rule id; it is already defined at ${earlier.source.file}:${earlier.source.line}`));
      else seen.set(rule.id, rule);
    }
  }
  if (errors.length > 0) throw new RulePackErrors(errors);
  const rules = [...seen.values()];
  return {
    name: packs.map((p) => p.name).join('+'),
    version: packs.map((p) => p.version).join('+'),
    digest: packDigest(rules),
    rules,
  };
}

/**
 * Where the text of `assert`, `match` and `applies_to.when` starts, so
 * expression errors point at the file's line and column. Quoted scalars start
 * after the quote; block scalars on the line after the indicator.
 */
function fieldPositions(item: unknown, text: string, lineCounter: LineCounter): NonNullable<Rule['source']['fields']> {
  const positions: NonNullable<Rule['source']['fields']> = {};
  if (!isMap(item)) return positions;

  const locate = (node: unknown) => {
    if (!isScalar(node) || !node.range) return undefined;
    const start = node.range[0];
    const { line, col } = lineCounter.linePos(start);
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      const next = text.indexOf('\n', start) + 1;
      const indent = /^[ ]*/.exec(text.slice(next))![0].length;
      return { line: line + 1, column: indent + 1 };
    }
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    return { line, column: quoted ? col + 1 : col };
  };

  const assert = locate(item.get('assert', true));
  const match = locate(item.get('match', true));
  const applies = item.get('applies_to', true);
  const when = isMap(applies) ? locate(applies.get('when', true)) : undefined;
  if (assert) positions.assert = assert;
  if (match) positions.match = match;
  if (when) positions.when = when;
  return positions;
}
