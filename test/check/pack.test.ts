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
    expect(rule.source).toMatchObject({ file: 'rules/test.yaml', line: 2 });
    expect(rule.source.fields?.assert).toEqual({ line: 9, column: 14 });
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

describe('parseManifest', () => {
  it('reads name, version and description', async () => {
    const { parseManifest } = await import('../../src/check/pack.js');
    expect(parseManifest({ path: 'pack.yaml', text: 'name: acme\nversion: 2.1.0\ndescription: In-house rules\n' }))
      .toEqual({ name: 'acme', version: '2.1.0', description: 'In-house rules' });
  });

  it('rejects a manifest without a version', async () => {
    const { parseManifest } = await import('../../src/check/pack.js');
    expect(() => parseManifest({ path: 'pack.yaml', text: 'name: acme\n' })).toThrow(/pack\.yaml:1: a pack manifest needs `name` and `version`/);
  });

  it('rejects invalid manifest YAML', async () => {
    const { parseManifest } = await import('../../src/check/pack.js');
    expect(() => parseManifest({ path: 'pack.yaml', text: 'name: [acme\n' })).toThrow(/pack\.yaml:\d+: invalid YAML/);
  });
});

describe('rule field validation', () => {
  const cases: [string, (rule: string) => string, RegExp][] = [
    ['non-mapping entry', () => '\n  - just a string\n', /each entry of `rules` must be a mapping/],
    ['missing id', (r) => r.replace('  - id: TEST-001\n', '  - title_only: x\n'), /missing `id`/],
    ['lower-case id', (r) => r.replace('TEST-001', 'test-1'), /invalid id `test-1`/],
    ['unknown status', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    status: live'), /invalid status/],
    ['empty title', (r) => r.replace('title: Debug mode is off', 'title: " "'), /`title` is empty/],
    ['empty assert', (r) => r.replace('assert: "self == false"', 'assert: ""'), /`assert` is empty/],
    ['non-string description', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    description: [a]'), /`description` must be a string/],
    ['bad presence', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    presence: always'), /`presence` must be `required`/],
    ['empty control list', (r) => r.replace('SOC2: [CC8.1]', 'SOC2: []'), /framework `SOC2` needs a list of control ids/],
    ['applies_to not a map', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: yaml'), /`applies_to` must be a mapping/],
    ['unknown applies_to field', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { kinds: [Pod] }'), /unknown field `applies_to\.kinds`/],
    ['unknown format', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { formats: [xml] }'), /unknown format `xml`/],
    ['formats not a list', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { formats: yaml }'), /`applies_to\.formats` must be a list/],
    ['unknown dialect', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { dialects: [lighttpd] }'), /unknown dialect `lighttpd`/],
    ['dialects not a list', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { dialects: sshd }'), /`applies_to\.dialects` must be a list/],
    ['files not a list', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { files: "*.yaml" }'), /`applies_to\.files` must be a list of globs/],
    ['when not a string', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    applies_to: { when: 3 }'), /`applies_to\.when` must be an expression string/],
    ['example not a mapping', (r) => r.replace('        - file: app.yaml\n          content: "debug: false"', '        - [1]'), /an example must be a mapping/],
    ['unknown example field', (r) => r.replace('content: "debug: false"', 'content: "debug: false"\n          expect: 1'), /unknown field `expect`/],
    ['example without content', (r) => r.replace('content: "debug: false"', 'body: x'), /unknown field `body`|missing `content`/],
    ['example file not a string', (r) => r.replace('- file: app.yaml\n          content: "debug: false"', '- file: 3\n          content: "debug: false"'), /`file` must be a file name/],
    ['example unknown format', (r) => r.replace('- file: app.yaml\n          content: "debug: false"', '- format: xml\n          content: "debug: false"'), /unknown format `xml`/],
    ['tags not strings', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    tags: [1, {a: b}]'), /`tags` must be a list of strings/],
    ['references not a list', (r) => r.replace('version: 1.2.0', 'version: 1.2.0\n    references: https://example.com'), /`references` must be a list of URLs/],
  ];

  it.each(cases)('rejects %s', (_name, edit, expected) => {
    expect(errorsOf(`rules:${edit(VALID_RULE)}`).join('\n')).toMatch(expected);
  });

  it('accepts optional fields', () => {
    const text = `rules:${VALID_RULE.replace('version: 1.2.0', 'version: 1.2.0\n    description: d\n    presence: required\n    tags: [a]\n    references: [https://example.com]\n    applies_to: { formats: [yaml], dialects: [sshd], files: ["**/*.yaml"], when: "true" }')}`;
    const [rule] = parseRuleFiles([{ path: 'r.yaml', text }]);
    expect(rule.presence).toBe('required');
    expect(rule.tags).toEqual(['a']);
    expect(rule.appliesTo).toEqual({ formats: ['yaml'], dialects: ['sshd'], files: ['**/*.yaml'], when: 'true' });
  });

  it('accepts string examples', () => {
    const text = `rules:${VALID_RULE.replace('        - file: app.yaml\n          content: "debug: false"', '        - "debug: false"')}`;
    const [rule] = parseRuleFiles([{ path: 'r.yaml', text }]);
    expect(rule.examples.pass[0]).toEqual({ content: 'debug: false' });
  });

  it('rejects unknown top-level fields', () => {
    expect(errorsOf(`version: 2\nrules:${VALID_RULE}`).join('\n')).toMatch(/unknown top-level field `version`/);
  });
});

describe('message and type checks', () => {
  it('rejects unknown placeholders', () => {
    const text = `rules:${VALID_RULE.replace('debug is on at {{path}}', 'debug is {{nope}} at {{path}}')}`;
    expect(errorsOf(text).join('\n')).toMatch(/unknown placeholder `\{\{nope\}\}`/);
  });

  it('rejects unclosed placeholders', () => {
    const text = `rules:${VALID_RULE.replace('debug is on at {{path}}', 'debug is on at {{path')}`;
    expect(errorsOf(text).join('\n')).toMatch(/unclosed `\{\{`/);
  });

  it('explains unquoted boolean asserts', () => {
    const text = `rules:${VALID_RULE.replace('assert: "self == false"', 'assert: true')}`;
    expect(errorsOf(text).join('\n')).toMatch(/`assert` must be a string; quote it \(`assert: "true"`\)/);
  });

  it('names missing fields', () => {
    const text = `rules:${VALID_RULE.replace('    remediation: Set debug to false.\n', '')}`;
    expect(errorsOf(text).join('\n')).toMatch(/missing `remediation`/);
  });
});
