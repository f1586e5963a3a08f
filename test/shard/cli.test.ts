import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { mixedReport } from '../report/fixture.js';
import { fakeEngine, fakeIo } from '../cli/fake-io.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-shard-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(argv: string[], engine?: ReturnType<typeof fakeEngine>) {
  const io = fakeIo({ cwd: REPO });
  const code = await main(argv, io, engine);
  return { code, out: io.out(), err: io.err() };
}

function file(name: string): string {
  return path.join(scratch, name);
}

function withoutTiming(text: string): unknown {
  const value = JSON.parse(text) as Record<string, unknown> & { runs?: { invocations: Record<string, unknown>[] }[] };
  delete value.startedAt;
  delete value.durationMs;
  for (const invocation of value.runs?.[0]?.invocations ?? []) {
    delete invocation.startTimeUtc;
    delete invocation.endTimeUtc;
  }
  return value;
}

describe('check --shard', () => {
  it('passes the shard to runCheck', async () => {
    const engine = fakeEngine(mixedReport());
    await run(['check', 'fixtures/configs', '--shard', '2/3'], engine);
    expect(engine.calls.runCheck[0]!.shard).toEqual({ index: 2, count: 3 });
  });

  it.each([
    ['0/3', /invalid shard 0\/3: the shard number must be from 1 to 3 \(shards are numbered from 1/],
    ['4/3', /invalid shard 4\/3/],
    ['two/three', /invalid shard `two\/three`: write K\/N/],
    ['1/0', /invalid shard count 0/],
  ])('rejects --shard %s', async (value, pattern) => {
    const engine = fakeEngine(mixedReport());
    const { code, err } = await run(['check', '.', '--shard', value], engine);

    expect(code).toBe(2);
    expect(err).toMatch(pattern);
    expect(err).toContain('(--shard)');
    expect(engine.calls.runCheck).toHaveLength(0);
  });
});

describe('bulwark merge', () => {
  it('merges JSON shards into one run', async () => {
    for (const index of [1, 2, 3]) {
      expect((await run(['check', 'fixtures/configs', '--shard', `${index}/3`, '--format', 'json', '--output', file(`s${index}.json`)])).code).toBe(1);
    }
    await run(['check', 'fixtures/configs', '--format', 'json', '--output', file('full.json')]);

    const merged = await run(['merge', file('s3.json'), file('s1.json'), file('s2.json')]);

    expect(merged.code).toBe(0);
    expect(withoutTiming(merged.out)).toEqual(withoutTiming(readFileSync(file('full.json'), 'utf8')));
  });

  it('merges JSON shards into SARIF', async () => {
    await run(['check', 'fixtures/configs', '--format', 'sarif', '--output', file('full.sarif')]);

    const merged = await run(['merge', file('s1.json'), file('s2.json'), file('s3.json'), '--format', 'sarif', '--output', file('merged.sarif')]);

    expect(merged.code).toBe(0);
    expect(merged.err).toContain('wrote merged sarif report of 3 inputs');
    expect(withoutTiming(readFileSync(file('merged.sarif'), 'utf8'))).toEqual(withoutTiming(readFileSync(file('full.sarif'), 'utf8')));
  });

  it('merges SARIF shards', async () => {
    for (const index of [1, 2]) await run(['check', 'fixtures/configs', '--shard', `${index}/2`, '--format', 'sarif', '--output', file(`s${index}.sarif`)]);

    const merged = await run(['merge', file('s1.sarif'), file('s2.sarif')]);

    expect(merged.code).toBe(0);
    expect(withoutTiming(merged.out)).toEqual(withoutTiming(readFileSync(file('full.sarif'), 'utf8')));
  });

  it('fails on findings with --fail-on', async () => {
    const failing = await run(['merge', file('s1.json'), file('s2.json'), file('s3.json'), '--fail-on', 'low', '--output', file('gate.json')]);
    const passing = await run(['merge', file('s1.json'), file('s2.json'), file('s3.json'), '--fail-on', 'never', '--output', file('gate.json')]);

    expect(failing.code).toBe(1);
    expect(failing.err).toMatch(/\d+ findings at or above severity low \(--fail-on\)/);
    expect(passing.code).toBe(0);
  });

  it('rejects --fail-on with SARIF', async () => {
    const { code, err } = await run(['merge', file('s1.sarif'), file('s2.sarif'), '--fail-on', 'high']);
    expect(code).toBe(2);
    expect(err).toContain('--fail-on needs JSON reports as inputs');
  });

  it('rejects a missing shard', async () => {
    const { code, err } = await run(['merge', file('s1.json'), file('s3.json')]);
    expect(code).toBe(2);
    expect(err).toContain('missing shard 2/3:');
  });

  it('rejects SARIF to JSON', async () => {
    const { code, err } = await run(['merge', file('s1.sarif'), file('s2.sarif'), '--format', 'json']);
    expect(code).toBe(2);
    expect(err).toContain('cannot write a JSON report from SARIF logs');
  });

  it('rejects mixed input kinds', async () => {
    const { code, err } = await run(['merge', file('s1.json'), file('s2.sarif')]);
    expect(code).toBe(2);
    expect(err).toContain(`${file('s2.sarif')} is a SARIF log but ${file('s1.json')} is a JSON report`);
  });

  it('rejects unreadable and invalid files', async () => {
    writeFileSync(file('truncated.json'), '{"tool": {"name": "bulw');
    writeFileSync(file('other.json'), '{"hello": "world"}');

    const missing = await run(['merge', file('nope.json')]);
    const truncated = await run(['merge', file('truncated.json')]);
    const other = await run(['merge', file('other.json')]);

    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`cannot read ${file('nope.json')} (ENOENT)`);
    expect(truncated.code).toBe(2);
    expect(truncated.err).toContain(`${file('truncated.json')} is not valid JSON`);
    expect(other.code).toBe(2);
    expect(other.err).toContain(`${file('other.json')} is neither a Bulwark JSON report nor a SARIF log`);
  });

  it('rejects bad arguments', async () => {
    expect((await run(['merge'])).err).toContain('missing FILE');
    expect((await run(['merge', 'a.json', '--format', 'junit'])).err).toContain('invalid value `junit` for --format: use one of json, sarif');
    expect((await run(['merge', 'a.json', '--output', ''])).code).toBe(2);
  });

  it('prints its help', async () => {
    const direct = await run(['merge', '--help']);
    const topic = await run(['help', 'merge']);

    expect(direct.code).toBe(0);
    expect(direct.out).toContain('Usage: bulwark merge FILE...');
    expect(topic.out).toBe(direct.out);
    expect((await run(['--help'])).out).toContain('merge FILE...');
  });
});
