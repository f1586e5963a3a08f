import { describe, expect, it } from 'vitest';

import { CheckEngine } from '../../src/check/engine.js';
import { buildPack } from '../../src/check/pack.js';
import { PARSE_ERROR_RULE } from '../../src/check/finding.js';
import { createCore } from '../../src/node/wasm.js';

const RULES = `
rules:
  - id: TEST-DEBUG
    title: Debug mode is off
    severity: high
    frameworks: { SOC2: [CC8.1] }
    match: "**.debug"
    assert: "!toBool(self)"
    message: "debug is {{value}} at {{path}} in {{file}}"
    remediation: Set debug to false.
    examples:
      pass: [{ file: a.yaml, content: "debug: false" }]
      fail: [{ file: a.yaml, content: "debug: true" }]
  - id: TEST-TLS
    title: TLS section is present
    severity: medium
    frameworks: { PCI-DSS-4.0: ["4.2.1"] }
    applies_to: { formats: [yaml, json] }
    match: tls
    presence: required
    assert: "true"
    message: "no tls section"
    remediation: Add a tls section.
    examples:
      pass: [{ file: a.yaml, content: "tls: {}" }]
      fail: [{ file: a.yaml, content: "x: 1" }]
  - id: TEST-PORT
    title: Port is an integer
    severity: low
    frameworks: { GDPR: [Art.32] }
    match: port
    assert: "self > 1024"
    message: "port {{value}} is privileged"
    remediation: Use a port above 1024.
    examples:
      pass: [{ file: a.yaml, content: "port: 8080" }]
      fail: [{ file: a.yaml, content: "port: 80" }]
  - id: TEST-RETIRED
    status: retired
    title: Retired rules never run
    severity: critical
    frameworks: { SOC2: [CC6.1] }
    match: "**"
    assert: "false"
    message: "retired"
    remediation: none
    examples:
      pass: [{ file: a.yaml, content: "a: 1" }]
      fail: [{ file: a.yaml, content: "a: 1" }]
`;

const pack = buildPack({ name: 'test', version: '1.0.0' }, [{ path: 'test.yaml', text: RULES }]);
const encode = (text: string) => new TextEncoder().encode(text);

async function engines(): Promise<[string, CheckEngine][]> {
  return [
    ['reference', new CheckEngine(pack)],
    ['wasm', new CheckEngine(pack, { core: await createCore() })],
  ];
}

describe.each(['reference', 'wasm'])('CheckEngine (%s)', (kind) => {
  const engine = async () => (await engines()).find(([name]) => name === kind)![1];

  it('reports violations with line and path', async () => {
    const { findings } = (await engine()).checkFile('app/config.yaml', encode('tls: {}\nserver:\n  debug: yes\n  port: 80\n'));
    const debug = findings.find((f) => f.ruleId === 'TEST-DEBUG')!;
    expect(debug.line).toBe(3);
    expect(debug.column).toBe(3);
    expect(debug.path).toBe('server.debug');
    expect(debug.message).toBe('debug is yes at server.debug in app/config.yaml');
    expect(debug.frameworks).toEqual({ SOC2: ['CC8.1'] });
  });

  it('skips rules whose pattern finds nothing', async () => {
    const { findings } = (await engine()).checkFile('app/config.json', encode('{"tls": {}, "port": 8443}'));
    expect(findings).toEqual([]);
  });

  it('reports a missing required section', async () => {
    const { findings } = (await engine()).checkFile('a.json', encode('{"port": 8443}'));
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['TEST-TLS', 1]]);
  });

  it('reports rule errors, not passes', async () => {
    const { findings } = (await engine()).checkFile('a.yaml', encode('tls: {}\nport: "eighty"\n'));
    const error = findings.find((f) => f.ruleId === 'TEST-PORT')!;
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(/could not be evaluated at `port`/);
  });

  it('never runs retired rules', async () => {
    const { findings, result } = (await engine()).checkFile('a.yaml', encode('tls: {}\n'));
    expect(findings.filter((f) => f.ruleId === 'TEST-RETIRED')).toEqual([]);
    expect(result.rules.map((r) => r.ruleId)).not.toContain('TEST-RETIRED');
  });

  it('turns syntax errors into parse-error findings', async () => {
    const { findings } = (await engine()).checkFile('broken.json', encode('{\n  "a": [1, 2,\n}'));
    expect(findings).toHaveLength(1);
    expect(findings[0].ruleId).toBe(PARSE_ERROR_RULE);
    expect(findings[0].kind).toBe('parse-error');
    expect(findings[0].line).toBe(3);
  });

  it('keeps good documents of a broken stream', async () => {
    const { findings } = (await engine()).checkFile('s.yaml', encode('tls: {}\ndebug: true\n---\n[unclosed\n---\ntls: {}\nport: 22\n'));
    expect(findings.map((f) => [f.ruleId, f.document]).sort()).toEqual([
      [PARSE_ERROR_RULE, 1], ['TEST-DEBUG', 0], ['TEST-PORT', 2],
    ].sort());
  });

  it('skips binary files with a note', async () => {
    const { findings, result } = (await engine()).checkFile('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    expect(findings).toEqual([]);
    expect(result.skipped).toMatch(/binary/);
  });

  it('rejects files over the size limit', async () => {
    const small = new CheckEngine(pack, { limits: { maxInputBytes: 16 } });
    const { findings } = small.checkFile('big.yaml', encode('tls: {}\nport: 8080\n'));
    expect(findings[0].message).toMatch(/over the 16-byte limit/);
  });

  it('counts evaluations per rule', async () => {
    const { result } = (await engine()).checkFile('a.yaml', encode('tls: {}\nport: 80\nx:\n  port: 9000\n'));
    expect(result.rules.find((r) => r.ruleId === 'TEST-PORT')).toEqual({ ruleId: 'TEST-PORT', evaluated: 1, failed: 1, errors: 0 });
  });
});
