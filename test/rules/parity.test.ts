// Parity of the built-in rules with the KICS peer suite. With UPDATE_PARITY=1
// the test rewrites docs/parity.md. Without it, the committed page must match
// what the rules produce now, and the targets must hold.

import { readFileSync, writeFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { createEngine, loadRulePacks } from '../../src/node/check.js';
import { measureAll, renderParity, totalsOf } from './parity-report.js';

const PARITY_PAGE = new URL('../../docs/parity.md', import.meta.url).pathname;
const MINIMUM_FOUND_SHARE = 0.9;

const pack = await loadRulePacks({ builtinRules: true });
const engine = await createEngine(pack, 'wasm');
const rows = measureAll(engine);
const totals = totalsOf(rows);
const page = renderParity(rows);

if (process.env.UPDATE_PARITY === '1') writeFileSync(PARITY_PAGE, page);

describe('parity with KICS', () => {
  it('maps every query to a loaded rule', () => {
    const ids = new Set(pack.rules.map((rule) => rule.id));
    for (const row of rows) expect(ids.has(row.rule), `${row.query} maps to ${row.rule}`).toBe(true);
  });

  it('finds 90 % of expected lines', () => {
    expect(totals.found / totals.expected).toBeGreaterThanOrEqual(MINIMUM_FOUND_SHARE);
  });

  it.each(rows.map((row) => [row.query, row] as const))('%s has no false positives', (_query, row) => {
    expect(row.falsePositives).toBe(0);
  });

  it('matches the committed parity page', () => {
    expect(readFileSync(PARITY_PAGE, 'utf8')).toBe(page);
  });

  it('reference engine gives the same table', async () => {
    const reference = measureAll(await createEngine(pack, 'reference'));
    expect(renderParity(reference)).toBe(page);
  });
});
