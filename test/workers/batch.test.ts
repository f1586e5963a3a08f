// The batch API over worker threads: order, errors, back-pressure.

import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { BulwarkError } from '../../src/core/errors.js';
import { checkFiles, createBatchStats } from '../../src/node/batch.js';
import { createEngine, loadRulePacks, runCheck } from '../../src/node/check.js';
import { checkTask } from '../../src/node/file-check.js';
import { PARSE_ERROR_RULE } from '../../src/check/finding.js';
import { collectChecks, FIXTURE_PATHS, writeCorpus } from './helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('checkFiles', () => {
  it('yields the same results for jobs 1, 2 and 3', async () => {
    const runs = [];
    for (const jobs of [1, 2, 3]) runs.push(await collectChecks({ paths: FIXTURE_PATHS, jobs }));

    expect(runs[0].length).toBeGreaterThan(50);
    expect(runs[0].map((check) => check.index)).toEqual(runs[0].map((_check, index) => index));
    expect(JSON.stringify(runs[1])).toBe(JSON.stringify(runs[0]));
    expect(JSON.stringify(runs[2])).toBe(JSON.stringify(runs[0]));
  });

  it('matches runCheck in walk order', async () => {
    const report = await runCheck({ paths: FIXTURE_PATHS, jobs: 1 });
    const checks = await collectChecks({ paths: FIXTURE_PATHS, jobs: 2 });

    expect(checks.map((check) => check.result)).toEqual(report.files);
    expect(checks.flatMap((check) => check.findings)).toEqual(report.findings);
  });

  it('fails clearly when a worker crashes', async () => {
    const stats = createBatchStats();
    const all = await collectChecks({ paths: ['fixtures/configs'], jobs: 1 });
    const victim = all[Math.floor(all.length / 2)].result.file;

    const run = collectChecks({ paths: ['fixtures/configs'], jobs: 2, stats, crashOnPath: victim });

    await expect(run).rejects.toThrow(BulwarkError);
    await expect(run).rejects.toThrow(/worker thread \d+ stopped while checking one of .*: test hook: worker crashed/);
    expect(stats.liveThreads).toBe(0);
  });

  it('stops threads when the consumer breaks', async () => {
    const stats = createBatchStats();
    let seen = 0;
    for await (const _check of checkFiles({ paths: FIXTURE_PATHS, jobs: 2, stats })) {
      if (++seen === 3) break;
    }

    expect(seen).toBe(3);
    expect(stats.liveThreads).toBe(0);
  });

  it('keeps in-flight results within the window', async () => {
    const folder = path.join(scratch, 'window');
    writeCorpus(folder, 400);
    const stats = createBatchStats();

    let count = 0;
    for await (const _check of checkFiles({ paths: [folder], jobs: 2, window: 8, stats })) {
      count++;
      // A slow consumer: without back-pressure the workers would run far ahead.
      if (count % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }

    expect(count).toBe(400);
    expect(stats.window).toBe(8);
    expect(stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(stats.maxInFlight).toBeGreaterThan(0);
    expect(stats.maxBuffered).toBeLessThanOrEqual(8);
    expect(stats.inFlight).toBe(0);
  });

  it('rejects a missing path before checking', async () => {
    const run = collectChecks({ paths: ['fixtures/configs', 'fixtures/no-such-folder'], jobs: 2 });

    await expect(run).rejects.toThrow(/path `fixtures\/no-such-folder` not found/);
  });

  it('turns an unreadable file into a parse error', async () => {
    const engine = await createEngine(await loadRulePacks(), 'reference');
    const outcome = await checkTask(engine, { index: 4, path: 'gone.yaml', absolute: path.join(scratch, 'gone.yaml') });

    expect(outcome.index).toBe(4);
    expect('check' in outcome).toBe(true);
    const check = 'check' in outcome ? outcome.check : undefined;
    expect(check?.findings).toHaveLength(1);
    expect(check?.findings[0].ruleId).toBe(PARSE_ERROR_RULE);
    expect(check?.findings[0].message).toContain('ENOENT');
    expect(check?.result.file).toBe('gone.yaml');
  });

  it('rejects an invalid jobs count', async () => {
    await expect(collectChecks({ paths: FIXTURE_PATHS, jobs: 0 })).rejects.toThrow(/invalid jobs count 0/);
  });
});

describe('checkFiles over a large corpus', () => {
  it('stays within the window for 20,000 files', async () => {
    const folder = path.join(scratch, 'corpus');
    mkdirSync(folder, { recursive: true });
    writeCorpus(folder, 20_000);
    writeFileSync(path.join(folder, 'broken.json'), '{"a": ');
    const stats = createBatchStats();

    let count = 0;
    let findings = 0;
    let lastIndex = -1;
    for await (const check of checkFiles({ paths: [folder], jobs: 2, stats })) {
      expect(check.index).toBe(lastIndex + 1);
      lastIndex = check.index;
      count++;
      findings += check.findings.length;
    }

    expect(count).toBe(20_001);
    expect(findings).toBeGreaterThanOrEqual(20_001);
    expect(stats.maxInFlight).toBeLessThanOrEqual(stats.window);
    expect(stats.maxBuffered).toBeLessThanOrEqual(stats.window);
    expect(stats.liveThreads).toBe(0);
  });
});
