import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fingerprint, FINGERPRINT_KEY, renderSarif, toArtifactLocation } from '../../src/report/sarif.js';
import { finding, fileResult, mixedReport, report } from './fixture.js';

// Official OASIS schema; origin in fixtures/schemas/SOURCE.md.
const schemaText = readFileSync(new URL('../../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8');

/**
 * Ajv 8 has no draft-04 mode, and the schema is draft-04. The only draft-04
 * construct it uses is the top-level `id`, the draft-07 `$id`. Boolean
 * `exclusiveMinimum`/`exclusiveMaximum`, whose meaning changed, do not occur
 * (asserted below), so the schema reads the same under draft-07.
 */
function draft07Schema(): Record<string, unknown> {
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  const { id, $schema: _draft04, ...rest } = schema;
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, ...rest };
}

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped once more.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as FormatsPlugin;

function compileValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(draft07Schema());
}

const validate = compileValidator();

type Json = Record<string, any>;

function sarif(...args: Parameters<typeof renderSarif>): Json {
  return JSON.parse(renderSarif(...args)) as Json;
}

describe('SARIF schema conversion', () => {
  it('finds no draft-04-only keywords', () => {
    expect(schemaText).not.toMatch(/"exclusiveM(?:in|ax)imum"/u);
    expect(JSON.parse(schemaText).$schema).toBe('http://json-schema.org/draft-04/schema#');
  });

  it('rejects an invalid log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
  });

  it('rejects an unknown result level', () => {
    const log = JSON.parse(renderSarif(mixedReport()));
    log.runs[0].results[0].level = 'critical';

    expect(validate(log)).toBe(false);
  });
});

describe('renderSarif', () => {
  it('validates against the OASIS schema', () => {
    const log = sarif(mixedReport(), { sourceRoot: 'file:///repo/', informationUri: 'https://example.org/bulwark' });

    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('validates without optional options', () => {
    const log = sarif(mixedReport());

    expect(validate(log)).toBe(true);
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBeUndefined();
  });

  it('validates an empty report', () => {
    expect(validate(sarif(report([], [])))).toBe(true);
  });

  it('describes tool and run', () => {
    const log = sarif(mixedReport(), { sourceRoot: 'file:///repo/', informationUri: 'https://example.org/bulwark' });
    const run = log.runs[0];

    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/u);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'bulwark', version: '0.1.0', semanticVersion: '0.1.0', informationUri: 'https://example.org/bulwark' });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].startTimeUtc).toBe('2025-01-02T03:04:05.000Z');
    expect(run.invocations[0].endTimeUtc).toBe('2025-01-02T03:04:06.234Z');
    expect(run.properties.rulePack.digest).toBe('ab'.repeat(32));
  });

  it('describes rules for code scanning', () => {
    const rules = sarif(mixedReport()).runs[0].tool.driver.rules as Json[];
    const rule = rules.find((candidate) => candidate.id === 'K8S-RUN-AS-NON-ROOT')!;

    expect(rule.shortDescription.text).toBe('Containers must not run as root');
    expect(rule.fullDescription.text).toMatch(/^A container running as UID 0/u);
    expect(rule.help.text).toBe('Set securityContext.runAsNonRoot: true on the pod or container.');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.properties.tags).toContain('PCI-DSS-4.0/2.2.5');
    expect(rule.properties.tags).toContain('SOC2/CC6.1');
    expect(rule.properties['security-severity']).toBe('8.0');
  });

  it('maps severities to levels and scores', () => {
    const rules = sarif(mixedReport()).runs[0].tool.driver.rules as Json[];
    const byId = Object.fromEntries(rules.map((rule) => [rule.id, rule]));

    expect(byId['SSH-NO-ROOT-LOGIN'].defaultConfiguration.level).toBe('error');
    expect(byId['SSH-NO-ROOT-LOGIN'].properties['security-severity']).toBe('9.5');
    expect(byId['COMPOSE-PRIVILEGED'].defaultConfiguration.level).toBe('warning');
    expect(byId['COMPOSE-PRIVILEGED'].properties['security-severity']).toBe('5.5');
    expect(byId['GENERIC-DEBUG-OFF'].defaultConfiguration.level).toBe('note');
    expect(byId['GENERIC-DEBUG-OFF'].properties['security-severity']).toBe('3.0');
  });

  it('gives info rules no score', () => {
    const info = { ...mixedReport().pack.rules[0], id: 'INFO-ONLY', severity: 'info' as const };
    const rules = sarif(report([], [], [info])).runs[0].tool.driver.rules as Json[];

    expect(rules[0].defaultConfiguration.level).toBe('note');
    expect(rules[0].properties['security-severity']).toBeUndefined();
  });

  it('points results at their rules', () => {
    const run = sarif(mixedReport()).runs[0];

    expect(run.results).toHaveLength(6);
    for (const result of run.results as Json[]) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  it('locates results relative to the source root', () => {
    const result = (sarif(mixedReport()).runs[0].results as Json[]).find((candidate) => candidate.message.text === 'Container `app` runs as root')!;

    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy/pod.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 9 },
    });
    expect(result.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'spec.containers[0].securityContext', kind: 'member' }]);
  });

  it('omits the region for whole-file findings', () => {
    const result = (sarif(mixedReport()).runs[0].results as Json[]).find((candidate) => candidate.ruleId === 'GENERIC-DEBUG-OFF')!;

    expect(result.level).toBe('note');
    expect(result.locations[0].physicalLocation.region).toBeUndefined();
  });

  it('reports parse errors as results', () => {
    const run = sarif(mixedReport()).runs[0];
    const result = (run.results as Json[]).find((candidate) => candidate.ruleId === 'BULWARK-PARSE-ERROR')!;
    const rule = run.tool.driver.rules[result.ruleIndex];

    expect(result.level).toBe('warning');
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 17 });
    expect(rule.id).toBe('BULWARK-PARSE-ERROR');
    expect(rule.defaultConfiguration.level).toBe('warning');
  });

  it('reports skipped files as notifications', () => {
    const notifications = sarif(mixedReport()).runs[0].invocations[0].toolExecutionNotifications as Json[];

    expect(notifications).toHaveLength(1);
    expect(notifications[0].message.text).toBe('File skipped: binary file');
    expect(notifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe('assets/logo.png');
  });

  it('fingerprints ignore line moves', () => {
    const before = finding('K8S-RUN-AS-NON-ROOT', { line: 7, path: 'spec.containers[0]' });
    const after = { ...before, line: 12, column: 3 };
    const results = sarif(report([before, after], [])).runs[0].results as Json[];

    expect(results[0].partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{64}$/u);
    expect(results[0].partialFingerprints[FINGERPRINT_KEY]).toBe(results[1].partialFingerprints[FINGERPRINT_KEY]);
  });

  it('fingerprints separate paths and files', () => {
    const base = finding('K8S-RUN-AS-NON-ROOT', { path: 'spec.containers[0]' });

    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, path: 'spec.containers[1]' }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, file: 'other.yaml' }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, ruleId: 'SSH-NO-ROOT-LOGIN' }));
  });

  it('produces identical output twice', () => {
    expect(renderSarif(mixedReport())).toBe(renderSarif(mixedReport()));
  });

  it('validates hostile file names', () => {
    const odd = finding('K8S-RUN-AS-NON-ROOT', { file: 'dir with space/a#b?c%.yaml' });
    const absolute = finding('K8S-RUN-AS-NON-ROOT', { file: '/etc/ssh/sshd config' });
    const log = sarif(report([odd, absolute], [fileResult('x:y.yaml', [], { skipped: 'too large' })]));

    expect(validate(log)).toBe(true);
  });
});

describe('toArtifactLocation', () => {
  it('encodes relative paths per segment', () => {
    expect(toArtifactLocation('./dir with space/a#b.yaml')).toEqual({ uri: 'dir%20with%20space/a%23b.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('encodes a colon in the first segment', () => {
    expect(toArtifactLocation('c:d.yaml').uri).toBe('c%3Ad.yaml');
  });

  it('turns absolute paths into file URIs', () => {
    expect(toArtifactLocation('/etc/ssh/sshd_config')).toEqual({ uri: 'file:///etc/ssh/sshd_config' });
  });

  it('keeps Windows drive letters', () => {
    expect(toArtifactLocation('C:\\repo\\app.yaml')).toEqual({ uri: 'file:///C:/repo/app.yaml' });
  });
});
