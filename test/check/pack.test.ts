import { describe, expect, it } from 'vitest';

import { RulePackErrors } from '../../src/check/errors.js';
import { buildPack, mergePacks, packDigest, parseRuleFiles } from '../../src/check/pack.js';

const VALID_RULE = `
  - id: TEST-001
    version: 1.2.0
    title: Debug mode is off
    severity: medium
    frameworks:
      SOC2: [CC8.1]
    match: debug
    assert: "self == false"
    message: "debug is on at {{path}}"
    remediation: Set debug to false.
    examples:
      pass:
        - file: app.yaml
          content: "debug: false"
      fail:
        - file: app.yaml
          content: "debug: true"
`;

function errorsOf(text: string): string[] {
  try {
    parseRuleFiles([{ path: 'rules/test.yaml', text }]);
  } catch (error) {
    if (error instanceof RulePackErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  return [];
}

describe('parseRuleFiles', () => {
  it('reads a valid rule', () => {
    const [rule] = parseRuleFiles([{ path: 'rules/test.yaml', text: `rules:${VALID_RULE}` }]);
    expect(rule.id).toBe('TEST-001');
    expect(rule.version).toBe('1.2.0');
    expect(rule.status).toBe('active');
    expect(rule.source).toEqual({ file: 'rules/test.yaml', line: 2 });
    expect(rule.examples.fail[0].file).toBe('app.yaml');
  });

  it('rejects unknown fields with file and line', () => {
    const messages = errorsOf(`rules:${VALID_RULE}    severty: high\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^rules\/test\.yaml:2: rule TEST-001: unknown field `severty`/);
  });

  it('rejects rules without examples', () => {
    const text = `rules:${VALID_RULE.replace(/    examples:[\s\S]*$/, '')}`;
    expect(errorsOf(text).join('\n')).toMatch(/missing `examples`/);
  });

  it('rejects rules without framework mappings', () => {
    const text = `rules:${VALID_RULE.replace('      SOC2: [CC8.1]\n', '').replace('    frameworks:\n', '')}`;
    expect(errorsOf(text).join('\n')).toMatch(/missing `frameworks`/);
  });

  it('rejects duplicate rule ids', () => {
    const messages = errorsOf(`rules:${VALID_RULE}${VALID_RULE}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/duplicate rule id; it is already defined at rules\/test\.yaml:2/);
  });

  it('rejects invalid severity and version', () => {
    const text = `rules:${VALID_RULE.replace('severity: medium', 'severity: urgent').replace('version: 1.2.0', 'version: one')}`;
    const joined = errorsOf(text).join('\n');
    expect(joined).toMatch(/invalid `severity`/);
    expect(joined).toMatch(/invalid version `one`/);
  });

  it('reports invalid YAML with its line', () => {
    const messages = errorsOf('rules:\n  - id: [unclosed\n');
    expect(messages[0]).toMatch(/^rules\/test\.yaml:\d+: invalid YAML/);
  });

  it('requires a top-level rules list', () => {
    expect(errorsOf('checks: []\n')[0]).toMatch(/needs a top-level `rules:` list/);
  });
});

describe('packDigest', () => {
  it('ignores rule order and source positions', () => {
    const one = parseRuleFiles([{ path: 'a.yaml', text: `rules:${VALID_RULE}${VALID_RULE.replace('TEST-001', 'TEST-002')}` }]);
    const two = parseRuleFiles([{ path: 'b.yaml', text: `rules:${VALID_RULE.replace('TEST-001', 'TEST-002')}\n\n${VALID_RULE}` }]);
    expect(packDigest(one)).toBe(packDigest(two));
    expect(packDigest(one)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when an assert changes', () => {
    const one = parseRuleFiles([{ path: 'a.yaml', text: `rules:${VALID_RULE}` }]);
    const two = parseRuleFiles([{ path: 'a.yaml', text: `rules:${VALID_RULE.replace('self == false', 'self != true')}` }]);
    expect(packDigest(one)).not.toBe(packDigest(two));
  });
});

describe('mergePacks', () => {
  it('rejects ids duplicated across packs', () => {
    const a = buildPack({ name: 'a', version: '1.0.0' }, [{ path: 'a.yaml', text: `rules:${VALID_RULE}` }]);
    const b = buildPack({ name: 'b', version: '1.0.0' }, [{ path: 'b.yaml', text: `rules:${VALID_RULE}` }]);
    expect(() => mergePacks([a, b])).toThrow(RulePackErrors);
  });
});
