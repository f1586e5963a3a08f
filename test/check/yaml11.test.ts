import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CheckEngine } from '../../src/check/engine.js';
import { buildPack } from '../../src/check/pack.js';
import { runCheck } from '../../src/node/check.js';
import { createCore } from '../../src/node/wasm.js';

const RULES = `rules:
  - id: Y-1
    title: TLS is on
    severity: high
    frameworks: { SOC2: [CC6.7] }
    match: tls
    assert: "self == true"
    message: tls is not the boolean true
    remediation: Set tls to true.
    examples: { pass: ["tls: true"], fail: ["tls: false"] }
`;
const pack = buildPack({ name: 'y', version: '1.0.0' }, [{ path: 'y.yaml', text: RULES }]);
const fast = new TextEncoder().encode('tls: yes\n');
// An anchor sends the file to the host parser, so both YAML paths are covered.
const slow = new TextEncoder().encode('base: &b 1\ntls: on\n');

describe.each(['reference', 'wasm'])('YAML 1.1 booleans (%s)', (kind) => {
  async function engine(yaml11Booleans: boolean) {
    return kind === 'wasm' ? new CheckEngine(pack, { core: await createCore(), yaml11Booleans }) : new CheckEngine(pack, { yaml11Booleans });
  }

  it('reads yes as a string by default', async () => {
    expect((await engine(false)).checkFile('a.yaml', fast).findings.map((f) => f.ruleId)).toEqual(['Y-1']);
    expect((await engine(false)).checkFile('a.yaml', slow).findings.map((f) => f.ruleId)).toEqual(['Y-1']);
  });

  it('reads yes as true when asked', async () => {
    expect((await engine(true)).checkFile('a.yaml', fast).findings).toEqual([]);
    expect((await engine(true)).checkFile('a.yaml', slow).findings).toEqual([]);
  });
});

describe('runCheck YAML 1.1 option', () => {
  it('reaches worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-yaml11-'));
    const rules = join(dir, 'rules');
    const configs = join(dir, 'configs');
    mkdirSync(rules);
    mkdirSync(configs);
    writeFileSync(join(rules, 'y.yaml'), RULES);
    for (let i = 0; i < 4; i++) writeFileSync(join(configs, `c${i}.yaml`), 'tls: yes\n');

    const plain = await runCheck({ paths: [configs], rules: [rules], builtinRules: false, jobs: 2 });
    const kubernetes = await runCheck({ paths: [configs], rules: [rules], builtinRules: false, jobs: 2, yaml11Booleans: true });
    expect(plain.findings).toHaveLength(4);
    expect(kubernetes.findings).toHaveLength(0);
  });
});
