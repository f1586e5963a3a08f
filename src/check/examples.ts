// Running every rule's inline examples: a `pass` sample must produce no
// finding of the rule, a `fail` sample at least one violation of it, and
// neither may fail to parse or make the rule error.

import type { Format, Rule } from '../policy/rule.js';
import type { CheckEngine } from './engine.js';

export interface ExampleResult {
  ruleId: string;
  example: 'pass' | 'fail';
  index: number;
  ok: boolean;
  detail?: string;
}

export interface RuleTestReport {
  results: ExampleResult[];
}

const EXTENSIONS: Record<Format, string> = {
  yaml: 'yaml', json: 'json', toml: 'toml', env: 'env', ini: 'ini', properties: 'properties', directives: 'conf',
};

/** File name an example is checked under: its own, or one implied by its format. */
function exampleFileName(rule: Rule, kind: 'pass' | 'fail', index: number, file: string | undefined, format: Format | undefined): string {
  if (file) return `examples/${rule.id}/${kind}-${index}/${file}`;
  const extension = EXTENSIONS[format ?? rule.appliesTo.formats?.[0] ?? 'yaml'];
  return `examples/${rule.id}/${kind}-${index}/example.${extension}`;
}

export function runRuleExamples(engine: CheckEngine, filter?: (rule: Rule) => boolean): RuleTestReport {
  const results: ExampleResult[] = [];
  const encoder = new TextEncoder();

  for (const rule of engine.pack.rules) {
    if (rule.status === 'retired' || (filter && !filter(rule))) continue;

    for (const kind of ['pass', 'fail'] as const) {
      rule.examples[kind].forEach((example, index) => {
        const path = exampleFileName(rule, kind, index, example.file, example.format);
        const override = example.format ? { format: example.format } : {};
        const { findings, result } = engine.checkFile(path, encoder.encode(example.content), override);

        const own = findings.filter((f) => f.ruleId === rule.id);
        const parseErrors = findings.filter((f) => f.kind === 'parse-error');
        const errors = own.filter((f) => f.kind === 'error');
        const violations = own.filter((f) => f.kind === 'violation');

        let detail: string | undefined;
        if (result.skipped) detail = `example was skipped: ${result.skipped}`;
        else if (parseErrors.length > 0) detail = `example does not parse: ${parseErrors[0].message} at line ${parseErrors[0].line}`;
        else if (errors.length > 0) detail = `rule errored: ${errors[0].message}`;
        else if (kind === 'pass' && violations.length > 0) detail = `expected no violation, got ${violations.length} (first at line ${violations[0].line}, ${violations[0].path || '$'})`;
        else if (kind === 'fail' && violations.length === 0) detail = 'expected at least one violation, got none';

        const entry: ExampleResult = { ruleId: rule.id, example: kind, index, ok: detail === undefined };
        if (detail) entry.detail = detail;
        results.push(entry);
      });
    }
  }
  return { results };
}
