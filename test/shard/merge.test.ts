import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSE_ERROR_RULE, type CheckReport } from '../../src/check/finding.js';
import { runCheck } from '../../src/node/check.js';
import { renderJson, renderSarif } from '../../src/report/index.js';
import { detectMergeInput, mergeReports, mergeSarifLogs, MergeError, type MergeInput } from '../../src/report/merge.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const ROOTS = ['fixtures/configs', 'fixtures/formats/configs'];
const SOURCE_ROOT = 'file:///work/repo/';

const unsharded = new Map<string, CheckReport>();
const cleanups: string[] = [];

afterAll(() => {
  for (const folder of cleanups) rmSync(folder, { recursive: true, force: true });
});

beforeAll(async () => {
  for (const root of ROOTS) unsharded.set(root, await runCheck({ paths: [root], cwd: REPO }));
});

const shardRuns = new Map<string, CheckReport[]>();

/** Runs every shard of `root` once per test file; callers get copies they may change. */
async function shards(root: string, count: number): Promise<CheckReport[]> {
  const key = `${count}:${root}`;
  if (!shardRuns.has(key)) {
    const reports: CheckReport[] = [];
    for (let index = 1; index <= count; index++) reports.push(await runCheck({ paths: [root], cwd: REPO, jobs: 1, shard: { index, count } }));
    shardRuns.set(key, reports);
  }
  return structuredClone(shardRuns.get(key)!);
}

function asInputs(reports: readonly CheckReport[]): MergeInput[] {
  return reports.map((report, i) => ({ name: `shard-${i + 1}.json`, value: JSON.parse(renderJson(report)) as unknown }));
}

function sarifInputs(reports: readonly CheckReport[]): MergeInput[] {
  return reports.map((report, i) => ({ name: `shard-${i + 1}.sarif`, value: JSON.parse(renderSarif(report, { sourceRoot: SOURCE_ROOT })) as unknown }));
}

/** Returns the rendered JSON without the timing fields, which no merge can reproduce. */
function withoutTiming(json: string): unknown {
  const { startedAt: _start, durationMs: _duration, ...rest } = JSON.parse(json) as CheckReport;
  return rest;
}

function sarifWithoutTiming(text: string): unknown {
  const log = JSON.parse(text) as { runs: { invocations: Record<string, unknown>[] }[] };
  for (const invocation of log.runs[0]!.invocations) {
    delete invocation.startTimeUtc;
    delete invocation.endTimeUtc;
  }
  return log;
}

function expectMergeError(run: () => unknown, pattern: RegExp): void {
  expect(run).toThrow(MergeError);
  expect(run).toThrow(pattern);
}

describe('merged shards equal one run', () => {
  for (const root of ROOTS) {
    for (const count of [2, 3]) {
      it(`JSON, ${count} shards of ${root}`, async () => {
        const parts = await shards(root, count);
        const full = unsharded.get(root)!;
        expect(parts.every((part) => part.files.length < full.files.length)).toBe(true);

        const merged = mergeReports(asInputs([...parts].reverse()));

        expect(merged.shard).toBeUndefined();
        expect(withoutTiming(renderJson(merged))).toEqual(withoutTiming(renderJson(full)));
        expect(Object.keys(merged)).toEqual(Object.keys(full));
      });

      it(`SARIF, ${count} shards of ${root}`, async () => {
        const parts = await shards(root, count);
        const full = renderSarif(unsharded.get(root)!, { sourceRoot: SOURCE_ROOT });

        const merged = mergeSarifLogs(sarifInputs(parts));

        expect(sarifWithoutTiming(merged)).toEqual(sarifWithoutTiming(full));
      });
    }
  }

  it('keeps parse-error rule last', async () => {
    // Parse errors in one shard only: the other shards' logs lack the parse-error rule.
    const root = mkdtempSync(path.join(tmpdir(), 'bulwark-merge-'));
    cleanups.push(root);
    for (let i = 0; i < 12; i++) writeFileSync(path.join(root, `app-${i}.yaml`), `password: "hunter${i}"\nport: ${8000 + i}\n`);
    writeFileSync(path.join(root, 'broken.json'), '{"a": ');
    const runs: CheckReport[] = [];
    for (let index = 1; index <= 3; index++) runs.push(await runCheck({ paths: ['.'], cwd: root, shard: { index, count: 3 } }));
    const full = renderSarif(await runCheck({ paths: ['.'], cwd: root }), { sourceRoot: SOURCE_ROOT });
    const merged = mergeSarifLogs(sarifInputs(runs));
    expect(sarifWithoutTiming(merged)).toEqual(sarifWithoutTiming(full));
    const ids = (text: string) => (JSON.parse(text) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] }).runs[0]!.tool.driver.rules.map((rule) => rule.id);
    expect(ids(merged)).toContain(PARSE_ERROR_RULE);
    expect(ids(merged)).toEqual(ids(full));
  });
});

describe('merged timing', () => {
  it('spans earliest start to latest end', async () => {
    const parts = await shards(ROOTS[0]!, 2);
    parts[0] = { ...parts[0]!, startedAt: '2026-01-01T00:00:10.000Z', durationMs: 500 };
    parts[1] = { ...parts[1]!, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 2_000 };

    const merged = mergeReports(asInputs(parts));

    expect(merged.startedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(merged.durationMs).toBe(10_500);
  });

  it('spans SARIF invocation times', async () => {
    const parts = await shards(ROOTS[0]!, 2);
    parts[0] = { ...parts[0]!, startedAt: '2026-01-01T00:00:10.000Z', durationMs: 500 };
    parts[1] = { ...parts[1]!, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 2_000 };

    const log = JSON.parse(mergeSarifLogs(sarifInputs(parts))) as { runs: { invocations: { startTimeUtc: string; endTimeUtc: string }[] }[] };

    expect(log.runs[0]!.invocations[0]!.startTimeUtc).toBe('2026-01-01T00:00:00.000Z');
    expect(log.runs[0]!.invocations[0]!.endTimeUtc).toBe('2026-01-01T00:00:10.500Z');
  });
});

describe('merge errors', () => {
  let parts: CheckReport[];

  beforeAll(async () => {
    parts = await shards(ROOTS[0]!, 3);
  });

  it('rejects different pack digests', () => {
    const inputs = asInputs(parts);
    (inputs[2]!.value as CheckReport).pack.digest = 'sha256:other';
    expectMergeError(() => mergeReports(inputs), /shard-3\.json used rule pack digest sha256:other, shard-1\.json used/);
  });

  it('rejects different rules, same digest', () => {
    const inputs = asInputs(parts);
    (inputs[1]!.value as CheckReport).pack.rules.pop();
    expectMergeError(() => mergeReports(inputs), /shard-2\.json lists different rules than shard-1\.json/);
  });

  it('rejects different tool versions', () => {
    const inputs = asInputs(parts);
    (inputs[1]!.value as CheckReport).tool.version = '9.9.9';
    expectMergeError(() => mergeReports(inputs), /shard-2\.json was written by Bulwark 9\.9\.9/);
  });

  it('rejects a missing shard', () => {
    expectMergeError(() => mergeReports(asInputs([parts[0]!, parts[2]!])), /missing shard 2\/3:/);
  });

  it('rejects a repeated shard', () => {
    const inputs = asInputs([parts[0]!, parts[1]!, parts[1]!, parts[2]!]);
    expectMergeError(() => mergeReports(inputs), /shard-2\.json and shard-3\.json are both shard 2\/3/);
  });

  it('rejects mixed shard counts', async () => {
    const other = await runCheck({ paths: [ROOTS[0]!], cwd: REPO, shard: { index: 2, count: 2 } });
    expectMergeError(() => mergeReports(asInputs([parts[0]!, other])), /shard-2\.json is shard 2\/2 but shard-1\.json is one of 3 shards/);
  });

  it('rejects sharded with unsharded', () => {
    expectMergeError(() => mergeReports(asInputs([parts[0]!, unsharded.get(ROOTS[0]!)!])), /shard-2\.json is the report of an unsharded run/);
  });

  it('rejects overlapping unsharded reports', () => {
    const full = unsharded.get(ROOTS[0]!)!;
    expectMergeError(() => mergeReports(asInputs([full, full])), /shard-1\.json and shard-2\.json both contain fixtures\/configs\//);
  });

  it('rejects overlapping SARIF logs', () => {
    expectMergeError(() => mergeSarifLogs(sarifInputs([parts[0]!, parts[0]!])), /shard-1\.sarif and shard-2\.sarif both contain fixtures\/configs\//);
  });

  it('rejects SARIF of another pack', () => {
    const inputs = sarifInputs(parts);
    (inputs[1]!.value as { runs: { properties: { rulePack: { digest: string } } }[] }).runs[0]!.properties.rulePack.digest = 'sha256:x';
    expectMergeError(() => mergeSarifLogs(inputs), /shard-2\.sarif used rule pack digest sha256:x/);
  });

  it.each([
    ['a list', [], /not a JSON object/],
    ['no tool', { findings: [] }, /missing tool name/],
    ['bad findings', { tool: { name: 'bulwark', version: '1' }, pack: { digest: 'd', rules: [] }, findings: [{}], files: [] }, /findings must be a list/],
    ['bad time', { tool: { name: 'bulwark', version: '1' }, pack: { digest: 'd', rules: [] }, findings: [], files: [], startedAt: 'yesterday', durationMs: 1 }, /startedAt/],
    ['bad shard', { tool: { name: 'bulwark', version: '1' }, pack: { digest: 'd', rules: [] }, findings: [], files: [], startedAt: '2026-01-01T00:00:00Z', durationMs: 1, shard: { index: 'x' } }, /shard must/],
  ])('rejects malformed report: %s', (_name, value, pattern) => {
    expectMergeError(() => mergeReports([{ name: 'broken.json', value }]), new RegExp(`broken\\.json is not a Bulwark JSON report \\(${pattern.source}`));
  });

  it.each([
    ['two runs', { version: '2.1.0', runs: [{}, {}] }, /2 runs, expected 1/],
    ['old version', { version: '2.0.0', runs: [] }, /not a SARIF 2\.1\.0 log/],
    ['no driver', { version: '2.1.0', runs: [{ tool: {} }] }, /missing tool driver/],
    ['no location', { version: '2.1.0', runs: [{ tool: { driver: { rules: [] } }, results: [{ ruleId: 'R' }] }] }, /artifact location/],
    ['no digest', { version: '2.1.0', runs: [{ tool: { driver: { rules: [] } }, results: [] }] }, /rule pack digest/],
  ])('rejects malformed SARIF: %s', (_name, value, pattern) => {
    expectMergeError(() => mergeSarifLogs([{ name: 'broken.sarif', value }]), pattern);
  });

  it('accepts an empty shard', () => {
    const full = structuredClone(unsharded.get(ROOTS[0]!)!);
    const empty: CheckReport = { ...structuredClone(full), shard: { index: 2, count: 2 }, findings: [], files: [] };

    const merged = mergeReports(asInputs([empty, { ...full, shard: { index: 1, count: 2 } }]));

    expect(withoutTiming(renderJson(merged))).toEqual(withoutTiming(renderJson(full)));
  });

  it('rejects an empty input list', () => {
    expectMergeError(() => mergeReports([]), /no report to merge/);
    expectMergeError(() => mergeSarifLogs([]), /no SARIF log to merge/);
  });

  it('detects input kinds', () => {
    expect(detectMergeInput(asInputs([parts[0]!])[0]!.value)).toBe('report');
    expect(detectMergeInput(sarifInputs([parts[0]!])[0]!.value)).toBe('sarif');
    expect(detectMergeInput({ hello: 1 })).toBeUndefined();
    expect(detectMergeInput('text')).toBeUndefined();
  });
});
