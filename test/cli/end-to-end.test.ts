// The CLI over the real check engine and the built-in rule pack.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

// A real manifest (source in fixtures/formats/SOURCE.md).
const MANIFEST = 'fixtures/formats/configs/microservices-demo__kubernetes-manifests__frontend.yaml';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as FormatsPlugin;

function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('../../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  // Draft-04 `id` read as draft-07 `$id`; see test/report/sarif.test.ts.
  const { id, $schema: _draft04, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile({ $schema: 'http://json-schema.org/draft-07/schema#', $id: id, ...rest });
}

describe('bulwark check end to end', () => {
  it('reports a privileged pod', async () => {
    const file = path.join(scratch, 'pod.yaml');
    writeFileSync(file, PRIVILEGED_POD);
    const io = fakeIo();

    const code = await main(['check', file, '--format', 'json', '--no-progress'], io);
    const report = JSON.parse(io.out());

    expect(code).toBe(1);
    expect(report.files).toHaveLength(1);
    expect(report.pack.digest).toMatch(/^[0-9a-f]{64}$/u);
    const privileged = report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'BWK-K8S-001');
    expect(privileged).toMatchObject({ kind: 'violation', file, line: 10, severity: 'high' });
  });

  it('writes valid SARIF for a manifest', async () => {
    const io = fakeIo();

    const code = await main(['check', MANIFEST, '--format', 'sarif', '--fail-on', 'never'], io);
    const log = JSON.parse(io.out());
    const validate = sarifValidator();

    expect(code).toBe(0);
    expect(validate(log)).toBe(true);
    expect(log.runs[0].tool.driver.rules.length).toBeGreaterThan(0);
    expect(io.err()).toBe('');
  });

  it('rejects a missing path', async () => {
    const io = fakeIo();

    const code = await main(['check', 'no/such/config.yaml'], io);

    expect(code).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('no/such/config.yaml');
  });

  it('lists the built-in rules', async () => {
    const io = fakeIo();

    const code = await main(['rules', 'list', '--format', 'json'], io);
    const ids = JSON.parse(io.out()).rules.map((rule: { id: string }) => rule.id);

    expect(code).toBe(0);
    expect(ids).toContain('BWK-K8S-001');
  });
});
