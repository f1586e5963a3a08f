import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { mixedReport } from '../report/fixture.js';
import { fakeEngine, fakeIo } from '../cli/fake-io.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/configs/server');
const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-cache-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(argv: string[], engine?: ReturnType<typeof fakeEngine>) {
  const io = fakeIo({ cwd: scratch });
  const code = await main(argv, io, engine);
  return { code, out: io.out(), err: io.err() };
}

describe('check --cache', () => {
  it('passes cache options to runCheck', async () => {
    const engine = fakeEngine(mixedReport());
    await run(['check', '.', '--cache', '.bulwark-cache', '--cache-max-mb', '64'], engine);

    expect(engine.calls.runCheck[0]!.cache).toBe(path.join(scratch, '.bulwark-cache'));
    expect(engine.calls.runCheck[0]!.cacheMaxBytes).toBe(64 * 1024 * 1024);
  });

  it('reruns from the cache', async () => {
    cpSync(FIXTURES, path.join(scratch, 'repo'), { recursive: true });

    const first = await run(['check', 'repo', '--cache', 'cache', '--format', 'json']);
    const second = await run(['check', 'repo', '--cache', 'cache', '--format', 'json']);
    const strip = (text: string) => ({ ...(JSON.parse(text) as object), startedAt: '', durationMs: 0 });

    expect(first.code).toBe(1);
    expect(second.code).toBe(1);
    expect(strip(second.out)).toEqual(strip(first.out));
    expect(readdirSync(path.join(scratch, 'cache', 'v1')).length).toBeGreaterThan(0);
  });

  it.each([
    [['--cache-max-mb', '10'], '--cache-max-mb needs --cache DIR'],
    [['--cache', 'c', '--cache-max-mb', 'lots'], 'invalid value `lots` for --cache-max-mb'],
    [['--cache', 'c', '--cache-max-mb', '-5'], '--cache-max-mb'],
    [['--cache', ''], 'empty value for --cache'],
  ])('rejects %j', async (options, message) => {
    const engine = fakeEngine(mixedReport());
    const { code, err } = await run(['check', '.', ...options], engine);

    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(engine.calls.runCheck).toHaveLength(0);
  });
});
