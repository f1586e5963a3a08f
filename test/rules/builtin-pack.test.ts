// The built-in rule pack: its shape (ids, framework mappings, examples) and
// every inline example, run through both evaluators.

import { readFileSync, writeFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { loadRulePacks, runRuleTests } from '../../src/node/check.js';
import { FRAMEWORKS, type Rule } from '../../src/policy/rule.js';
import { renderRulesIndex } from './rules-index.js';

const MINIMUM_RULES = 60;
const RULE_ID = /^BWK-[A-Z0-9]+-\d{3}$/;
const RULES_INDEX = new URL('../../docs/rules.md', import.meta.url).pathname;

const pack = await loadRulePacks({ builtinRules: true });
const active = pack.rules.filter((rule) => rule.status === 'active');
// Rules about credentials must not echo the configured value into findings.
const secretRules = active.filter((rule) => rule.tags?.some((tag) => tag === 'secrets'));

function mappedFrameworks(rule: Rule): string[] {
  return Object.entries(rule.frameworks)
    .filter(([framework, controls]) => (FRAMEWORKS as readonly string[]).includes(framework) && controls.length > 0)
    .map(([framework]) => framework);
}

describe('built-in rule pack', () => {
  it('has the bulwark-builtin manifest', () => {
    expect(pack.name).toBe('bulwark-builtin');
    expect(pack.version).toBe('1.0.0');
  });

  it('matches the committed rule index', () => {
    const index = renderRulesIndex(pack);
    if (process.env.UPDATE_RULES_INDEX === '1') writeFileSync(RULES_INDEX, index);
    expect(readFileSync(RULES_INDEX, 'utf8')).toBe(index);
  });

  it('holds at least 60 active rules', () => {
    expect(active.length).toBeGreaterThanOrEqual(MINIMUM_RULES);
  });

  it.each(active.map((rule) => [rule.id, rule] as const))('%s is well formed', (_id, rule) => {
    expect(rule.id).toMatch(RULE_ID);
    expect(rule.version).toBe('1.0.0');
    expect(mappedFrameworks(rule).length).toBeGreaterThan(0);
    expect(Object.keys(rule.frameworks).every((f) => (FRAMEWORKS as readonly string[]).includes(f))).toBe(true);
    expect(rule.examples.pass.length).toBeGreaterThan(0);
    expect(rule.examples.fail.length).toBeGreaterThan(0);
  });

  it.each(secretRules.map((rule) => [rule.id, rule] as const))('%s never prints the value', (_id, rule) => {
    expect(rule.message).not.toContain('{{value}}');
  });
});

for (const engine of ['wasm', 'reference'] as const) {
  describe(`built-in rule examples (${engine})`, async () => {
    const report = await runRuleTests({ builtinRules: true, engine });
    const cases = report.results.map((r) => [`${r.ruleId} ${r.example}[${r.index}]`, r] as const);

    it('covers every example of every active rule', () => {
      const expected = active.reduce((sum, rule) => sum + rule.examples.pass.length + rule.examples.fail.length, 0);
      expect(report.results.length).toBe(expected);
    });

    it.each(cases)('%s', (_name, result) => {
      expect(result.detail).toBeUndefined();
      expect(result.ok).toBe(true);
    });
  });
}
