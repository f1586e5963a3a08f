import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckEngine } from '../../src/check/engine.js';
import type { CheckReport } from '../../src/check/finding.js';
import { CacheError, CheckCache } from '../../src/node/cache.js';
import { BUILTIN_RULES_DIR, createEngine, loadRulePacks, runCheck } from '../../src/node/check.js';
import { renderJson } from '../../src/report/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/configs');
const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-cache-'));
let counter = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Copies the configuration fixtures to a new folder and names an empty cache folder beside it. */
function workspace(): { root: string; cache: string } {
  const base = path.join(scratch, `run-${++counter}`);
  cpSync(FIXTURES, path.join(base, 'repo'), { recursive: true });
  return { root: path.join(base, 'repo'), cache: path.join(base, 'cache') };
}

/** Runs a check and returns the report and how many files the engine checked. */
async function checkCounted(root: string, options: { cache?: string; rules?: string[]; builtinRules?: boolean; jobs?: number } = {}): Promise<{ report: CheckReport; checked: string[] }> {
  // One job checks in this thread, where the spy records every engine call.
  const spy = vi.spyOn(CheckEngine.prototype, 'checkFile');
  const report = await runCheck({ paths: ['.'], cwd: root, jobs: 1, ...options });
  const checked = spy.mock.calls.map((call) => call[0]);
  spy.mockRestore();
  return { report, checked };
}

function withoutTiming(report: CheckReport): string {
  return renderJson({ ...report, startedAt: '', durationMs: 0 });
}

function entryFiles(cache: string): string[] {
  const folder = path.join(cache, 'v1');
  return readdirSync(folder).flatMap((bucket) => readdirSync(path.join(folder, bucket)).map((name) => path.join(folder, bucket, name)));
}

describe('incremental check cache', () => {
  let plain: CheckReport;

  beforeAll(async () => {
    plain = (await checkCounted(workspace().root)).report;
  });

  it('second run checks nothing', async () => {
    const { root, cache } = workspace();

    const first = await checkCounted(root, { cache });
    const second = await checkCounted(root, { cache });

    expect(first.checked).toHaveLength(first.report.files.length);
    expect(second.checked).toEqual([]);
    expect(withoutTiming(first.report)).toBe(withoutTiming(plain));
    expect(withoutTiming(second.report)).toBe(withoutTiming(plain));
  });

  it('shares entries with worker threads', async () => {
    const { root, cache } = workspace();

    const threaded = await checkCounted(root, { cache, jobs: 2 });
    const rerun = await checkCounted(root, { cache });

    expect(withoutTiming(threaded.report)).toBe(withoutTiming(plain));
    expect(entryFiles(cache)).toHaveLength(plain.files.length);
    expect(rerun.checked).toEqual([]);
    expect(withoutTiming(rerun.report)).toBe(withoutTiming(plain));
  });

  it('rechecks only changed files', async () => {
    const { root, cache } = workspace();
    await checkCounted(root, { cache });

    const changed = 'k8s/psp-pod-priv.yaml';
    writeFileSync(path.join(root, changed), `${readFileSync(path.join(root, changed), 'utf8')}\n# changed\n`);
    const rerun = await checkCounted(root, { cache });
    const fresh = await checkCounted(root);

    expect(rerun.checked).toEqual([changed]);
    expect(withoutTiming(rerun.report)).toBe(withoutTiming(fresh.report));
  });

  it('rechecks renamed files', async () => {
    const { root, cache } = workspace();
    await checkCounted(root, { cache });

    cpSync(path.join(root, 'k8s/psp-pod-priv.yaml'), path.join(root, 'k8s/copy.yaml'));
    const rerun = await checkCounted(root, { cache });

    expect(rerun.checked).toEqual(['k8s/copy.yaml']);
    expect(rerun.report.findings.some((finding) => finding.file === 'k8s/copy.yaml')).toBe(true);
  });

  it('misses after pack digest change', async () => {
    const { root, cache } = workspace();
    const pack = path.join(scratch, `pack-${++counter}`);
    cpSync(path.join(BUILTIN_RULES_DIR, 'kubernetes.yaml'), path.join(pack, 'kubernetes.yaml'), { recursive: true });
    await checkCounted(root, { cache });

    const other = await checkCounted(root, { cache, rules: [pack], builtinRules: false });
    const again = await checkCounted(root, { cache, rules: [pack], builtinRules: false });

    expect(other.report.pack.digest).not.toBe(plain.pack.digest);
    expect(other.checked).toHaveLength(other.report.files.length);
    expect(again.checked).toEqual([]);
  });

  it('replaces corrupt entries', async () => {
    const { root, cache } = workspace();
    const first = await checkCounted(root, { cache });
    const entries = entryFiles(cache);
    expect(entries).toHaveLength(first.report.files.length);

    writeFileSync(entries[0]!, 'not msgpack at all');
    writeFileSync(entries[1]!, Buffer.alloc(0));
    const rerun = await checkCounted(root, { cache });
    const again = await checkCounted(root, { cache });

    expect(rerun.checked).toHaveLength(2);
    expect(withoutTiming(rerun.report)).toBe(withoutTiming(plain));
    expect(again.checked).toEqual([]);
  });
});

describe('CheckCache', () => {
  it('counts hits, misses and corrupt entries', async () => {
    const folder = path.join(scratch, `direct-${++counter}`);
    const engine = await createEngine(await loadRulePacks(), 'reference');
    const cache = await CheckCache.open(folder);
    const bytes = new TextEncoder().encode('services:\n  web:\n    privileged: true\n');

    const missed = await cache.check(engine, 'a/compose.yaml', bytes);
    const hit = await cache.check(engine, 'a/compose.yaml', bytes);
    writeFileSync(entryFiles(folder)[0]!, new Uint8Array([0xc1]));
    await cache.check(engine, 'a/compose.yaml', bytes);

    expect(hit).toEqual(missed);
    expect(cache.stats).toEqual({ hits: 1, misses: 2, corrupt: 1, writes: 2, writeErrors: 0 });
  });

  it('keys on content, path and engine', async () => {
    const folder = path.join(scratch, `keys-${++counter}`);
    const pack = await loadRulePacks();
    const reference = await createEngine(pack, 'reference');
    const limited = await createEngine(pack, 'reference', { maxInputBytes: 1024 });
    const wasm = await createEngine(pack, 'wasm');
    const cache = await CheckCache.open(folder);
    const bytes = new TextEncoder().encode('a: 1\n');

    const keys = new Set([
      cache.keyOf(reference, 'x.yaml', bytes),
      cache.keyOf(reference, 'y.yaml', bytes),
      cache.keyOf(reference, 'x.yaml', new TextEncoder().encode('a: 2\n')),
      cache.keyOf(limited, 'x.yaml', bytes),
      cache.keyOf(wasm, 'x.yaml', bytes),
    ]);

    expect(keys.size).toBe(5);
    expect(cache.keyOf(reference, 'x.yaml', bytes)).toBe(cache.keyOf(await createEngine(pack, 'reference'), 'x.yaml', bytes));
  });

  it('prunes oldest entries over bound', async () => {
    const folder = path.join(scratch, `prune-${++counter}`);
    const engine = await createEngine(await loadRulePacks(), 'reference');
    const cache = await CheckCache.open(folder);
    for (let i = 0; i < 5; i++) await cache.check(engine, `f${i}.env`, new TextEncoder().encode(`KEY${i}=value\n`));
    const entries = entryFiles(folder);
    const sizes = entries.map((entry) => readFileSync(entry).length);

    // Oldest first by modification time: entry i is i hours old, reversed.
    entries.forEach((entry, i) => utimesSync(entry, new Date(Date.now() - (entries.length - i) * 3_600_000), new Date(Date.now() - (entries.length - i) * 3_600_000)));
    const bounded = await CheckCache.open(folder, { maxBytes: sizes[3]! + sizes[4]! });
    const { removed, remainingBytes } = await bounded.prune();

    expect(removed).toBe(3);
    expect(remainingBytes).toBe(sizes[3]! + sizes[4]!);
    expect(entryFiles(folder).sort()).toEqual([entries[3], entries[4]].sort());
  });

  it('removes stale temporary files', async () => {
    const folder = path.join(scratch, `stale-${++counter}`);
    const cache = await CheckCache.open(folder);
    const bucket = path.join(folder, 'v1', 'ab');
    mkdirSync(bucket, { recursive: true });
    const stale = path.join(bucket, 'cd.msgpack.1.abc.tmp');
    const fresh = path.join(bucket, 'ef.msgpack.1.abc.tmp');
    writeFileSync(stale, 'partial');
    writeFileSync(fresh, 'partial');
    utimesSync(stale, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000));

    const { removed } = await cache.prune();

    expect(removed).toBe(1);
    expect(readdirSync(bucket)).toEqual(['ef.msgpack.1.abc.tmp']);
  });

  it('rejects an unusable folder', async () => {
    const file = path.join(scratch, `file-${++counter}`);
    writeFileSync(file, 'not a folder');

    await expect(CheckCache.open(file)).rejects.toThrow(CacheError);
    await expect(CheckCache.open(file)).rejects.toThrow(/cannot create the cache folder .* \(EEXIST|ENOTDIR\)/);
    await expect(CheckCache.open(path.join(scratch, 'x'), { maxBytes: -1 })).rejects.toThrow(/invalid cache size bound/);
  });
});

describe('cache write failures', () => {
  it('keeps checking when the cache folder disappears', async () => {
    const { root, cache } = workspace();
    const first = await runCheck({ paths: ['.'], cwd: root, jobs: 1, cache });
    rmSync(cache, { recursive: true, force: true });
    writeFileSync(path.join(root, 'extra.yaml'), 'debug: true\n');

    const second = await runCheck({ paths: ['.'], cwd: root, jobs: 1, cache });
    expect(second.files.length).toBe(first.files.length + 1);
    expect(second.findings.filter((f) => f.file !== 'extra.yaml')).toEqual(first.findings);
    expect(second.findings.some((f) => f.file === 'extra.yaml')).toBe(true);
  });

  it('counts entries it could not store', async () => {
    const { root, cache } = workspace();
    const pack = await loadRulePacks({});
    const engine = await createEngine(pack, 'wasm');
    const opened = await CheckCache.open(cache);
    rmSync(cache, { recursive: true, force: true });
    writeFileSync(cache, 'not a folder');

    const result = await opened.check(engine, 'a.yaml', new TextEncoder().encode('debug: true\n'));
    expect(result.result.file).toBe('a.yaml');
    expect(opened.stats.writeErrors).toBe(1);
    expect(existsSync(root)).toBe(true);
  });
});
