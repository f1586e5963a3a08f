// The incremental cache on a repository of 5,000+ files: a full check, a check
// that fills the cache, and a re-check after 1 % of the files changed.
//
//   npx tsc -p tsconfig.build.json && node bench/incremental.bench.mjs [--jobs N] [--copies N]
//
// The fixtures under fixtures/configs are copied N times (136 by default,
// 37 files each) into a temporary folder. Each run starts a new pack and
// engine, as a CI job does. Times are wall-clock on whatever machine runs it.

import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDist } from './lib/dist.mjs';
import { describeMachine } from './lib/machine.mjs';

const FIXTURES = new URL('../fixtures/configs/', import.meta.url).pathname;
const CHANGED_FRACTION = 0.01;

const { values } = parseArgs({ options: { jobs: { type: 'string' }, copies: { type: 'string', default: '136' } } });
const copies = Number(values.copies);
const jobs = values.jobs === undefined ? undefined : Number(values.jobs);

const { check } = await loadDist(['check']);
const root = mkdtempSync(path.join(tmpdir(), 'bulwark-incremental-'));
const repo = path.join(root, 'repo');
const cache = path.join(root, 'cache');

try {
  for (let i = 0; i < copies; i++) cpSync(FIXTURES, path.join(repo, `copy-${String(i).padStart(4, '0')}`), { recursive: true });

  const options = { paths: ['.'], cwd: repo, ...(jobs === undefined ? {} : { jobs }) };
  const timed = async (label, extra = {}) => {
    const started = performance.now();
    const report = await check.runCheck({ ...options, ...extra });
    const ms = performance.now() - started;
    console.log(`${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${report.files.length} files, ${report.findings.length} findings`);
    return { ms, report };
  };

  console.log(describeMachine());
  const full = await timed('full run, no cache');
  const cold = await timed('full run, filling the cache', { cache });
  const warm = await timed('re-run, nothing changed', { cache });

  // Every 100th file gets a trailing newline: a new content hash, still valid in every format.
  const files = full.report.files.map((file) => file.file);
  const changed = files.filter((_, i) => i % Math.round(1 / CHANGED_FRACTION) === 0);
  for (const file of changed) appendFileSync(path.join(repo, file), '\n');
  const incremental = await timed(`re-run, ${changed.length} files changed`, { cache });
  const fresh = await timed('full run after the change, no cache');

  // The cached report must equal a fresh one apart from the timing fields.
  const body = ({ findings, files: results }) => JSON.stringify({ findings, files: results });
  const same = body(incremental.report) === body(fresh.report);
  const baseline = (full.ms + fresh.ms) / 2;
  console.log(`\nfiles: ${files.length}, changed: ${changed.length} (${((changed.length / files.length) * 100).toFixed(1)} %), reports equal: ${same}`);
  console.log(`full (mean of 2) / incremental: ${(baseline / incremental.ms).toFixed(1)}x   full / unchanged: ${(baseline / warm.ms).toFixed(1)}x   cache fill overhead: ${(((cold.ms - baseline) / baseline) * 100).toFixed(0)} %`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
