import { describe, expect, it } from 'vitest';

import { CheckEngine } from '../../src/check/engine.js';
import { RulePackErrors } from '../../src/check/errors.js';
import { buildPack } from '../../src/check/pack.js';

function rule(id: string, field: string): string {
  return `
  - id: ${id}
    title: t
    severity: low
    frameworks: { SOC2: [CC8.1] }
    match: a
${field}
    message: m
    remediation: r
    examples: { pass: ["a: 1"], fail: ["a: 2"] }
`;
}

function compileErrors(text: string): string[] {
  const pack = buildPack({ name: 'p', version: '1.0.0' }, [{ path: 'rules/p.yaml', text }]);
  try {
    new CheckEngine(pack);
  } catch (error) {
    if (error instanceof RulePackErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  return [];
}

describe('rule compile errors', () => {
  it('lists every broken rule at once', () => {
    const text = `rules:${rule('T-1', '    assert: "self.size( > 1"')}${rule('T-2', "    assert: \"self == 'a\"")}${rule('T-3', '    assert: "nosuch(self)"')}`;
    const messages = compileErrors(text);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^rules\/p\.yaml:\d+: rule T-1: assert, line 1 column \d+/);
    expect(messages[2]).toMatch(/rule T-3: .*nosuch/);
  });

  it('points at the expression line in the file', () => {
    const text = `rules:${rule('T-4', '    assert: |\n      self == 1 &&\n        self.size( > 1')}`;
    const [message] = compileErrors(text);
    // The rule starts on line 2; the broken second expression line is line 9 of the file.
    expect(message).toMatch(/^rules\/p\.yaml:9: rule T-4: assert, line 2 column \d+ \(file line 9 /);
  });

  it('does not repeat the rule id', () => {
    const [message] = compileErrors(`rules:${rule('T-5', '    assert: "self ="')}`);
    expect(message.match(/T-5/g)).toHaveLength(1);
  });

  it('reports bad match patterns', () => {
    const text = `rules:${rule('T-6', '    assert: "true"').replace('match: a', 'match: "a..b"')}`;
    const [message] = compileErrors(text);
    expect(message).toMatch(/rule T-6: match column/);
  });
});
