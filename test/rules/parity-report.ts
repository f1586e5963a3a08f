// Runs the built-in rules over the KICS peer suite and renders the result as
// docs/parity.md. A query's expected results are (file, line) pairs, and a
// pair counts as found when the mapped rule reports a violation on that line
// of that file.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CheckEngine } from '../../src/check/engine.js';
import type { Finding } from '../../src/check/finding.js';
import { PARITY_MAP, UNCOVERED, type ParityEntry } from './parity-map.js';

export const PEER_SUITE = new URL('../../fixtures/peer-suite/kics/', import.meta.url).pathname;

export interface QueryParity {
  query: string;
  queryName: string;
  severity: string;
  rule: string;
  expected: number;
  found: number;
  /** Expected pairs the rule did not report, as `file:line`. */
  missed: string[];
  /** Violations of the rule on negative samples. */
  falsePositives: number;
  /** Distinct lines of positive samples where the rule reported a violation that KICS does not expect. */
  extra: number;
  /** Findings of kind `error` of the rule on any sample. */
  errors: number;
}

interface ExpectedResult {
  line: number;
  fileName?: string;
  filename?: string;
}

const SAMPLE = /^(positive|negative)\d*\.(ya?ml|json)$/;

/** Runs one query's samples through the engine and compares with its expected results. */
export function measureQuery(engine: CheckEngine, entry: ParityEntry): QueryParity {
  const folder = join(PEER_SUITE, entry.query);
  const metadata = JSON.parse(readFileSync(join(folder, 'metadata.json'), 'utf8')) as { queryName: string; severity: string };
  const testFolder = join(folder, 'test');
  const samples = readdirSync(testFolder).filter((name) => SAMPLE.test(name)).sort();
  const positives = samples.filter((name) => name.startsWith('positive'));

  // 1. Expected (file, line) pairs. A query with one positive file may leave the file unnamed.
  const results = JSON.parse(readFileSync(join(testFolder, 'positive_expected_result.json'), 'utf8')) as ExpectedResult[];
  const expected = new Set<string>();
  for (const result of results) {
    const file = result.fileName ?? result.filename ?? (positives.length === 1 ? positives[0] : undefined);
    if (file !== undefined && samples.includes(file)) expected.add(`${file}:${result.line}`);
  }

  // 2. The mapped rule's findings per sample.
  let falsePositives = 0;
  let errors = 0;
  const reported = new Set<string>();
  for (const name of samples) {
    const bytes = readFileSync(join(testFolder, name));
    const own = engine.checkFile(`${entry.query}/test/${name}`, bytes).findings.filter((f: Finding) => f.ruleId === entry.rule);
    errors += own.filter((f) => f.kind === 'error').length;
    const violations = own.filter((f) => f.kind === 'violation');
    if (name.startsWith('negative')) falsePositives += violations.length;
    else for (const finding of violations) reported.add(`${name}:${finding.line}`);
  }

  // 3. Compare.
  const missed = [...expected].filter((pair) => !reported.has(pair));
  const extra = [...reported].filter((pair) => !expected.has(pair)).length;
  return {
    query: entry.query,
    queryName: metadata.queryName,
    severity: metadata.severity,
    rule: entry.rule,
    expected: expected.size,
    found: expected.size - missed.length,
    missed,
    falsePositives,
    extra,
    errors,
  };
}

export function measureAll(engine: CheckEngine): QueryParity[] {
  return PARITY_MAP.map((entry) => measureQuery(engine, entry));
}

export interface ParityTotals {
  queries: number;
  expected: number;
  found: number;
  falsePositives: number;
  extra: number;
  errors: number;
}

export function totalsOf(rows: readonly QueryParity[]): ParityTotals {
  return rows.reduce(
    (sum, row) => ({
      queries: sum.queries + 1,
      expected: sum.expected + row.expected,
      found: sum.found + row.found,
      falsePositives: sum.falsePositives + row.falsePositives,
      extra: sum.extra + row.extra,
      errors: sum.errors + row.errors,
    }),
    { queries: 0, expected: 0, found: 0, falsePositives: 0, extra: 0, errors: 0 },
  );
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`;
}

/** Renders docs/parity.md. The text depends only on the rules and the samples, never on the time of the run. */
export function renderParity(rows: readonly QueryParity[]): string {
  const totals = totalsOf(rows);
  const lines = [
    '# Parity with the KICS peer suite',
    '',
    'Bulwark\'s built-in rules were run over the test samples of the Checkmarx KICS',
    'queries in `fixtures/peer-suite/kics` (KICS commit `2e3a47b9`, Apache-2.0; see',
    '`fixtures/peer-suite/SOURCE.md`). Each covered query maps to one built-in rule',
    '(`test/rules/parity-map.ts`). For each query:',
    '',
    '- **expected**: the (file, line) pairs listed in the query\'s',
    '  `positive_expected_result.json` whose file is present;',
    '- **found**: expected pairs where the mapped rule reports a violation on that line;',
    '- **FP**: violations of the mapped rule on the query\'s negative samples;',
    '- **extra**: lines of positive samples where the rule reports a violation KICS does',
    '  not expect (reported, not counted as failures: they are often a second node of',
    '  the same problem, or a stricter reading);',
    '- **errors**: findings of kind `error` (the rule expression failed on a node).',
    '',
    '`test/rules/parity.test.ts` recomputes this page and fails when it differs from',
    'the committed file, when less than 90 % of the expected lines are found, or when',
    'a negative sample gets a violation. Regenerate it with',
    '`UPDATE_PARITY=1 npx vitest run test/rules/parity.test.ts`.',
    '',
    '## Totals',
    '',
    `- Queries covered: ${totals.queries} of ${totals.queries + UNCOVERED.length}`,
    `- Expected lines found: ${totals.found} of ${totals.expected} (${percent(totals.found, totals.expected)})`,
    `- False positives on negative samples: ${totals.falsePositives}`,
    `- Extra lines on positive samples: ${totals.extra}`,
    `- Rule errors: ${totals.errors}`,
    '',
    '## Per query',
    '',
    '| KICS query | severity | Bulwark rule | expected | found | FP | extra | errors | missed (file:line) |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const missed = row.missed.length === 0 ? '' : row.missed.join(', ');
    lines.push(`| ${row.queryName} (\`${row.query}\`) | ${row.severity} | ${row.rule} | ${row.expected} | ${row.found} | ${row.falsePositives} | ${row.extra} | ${row.errors} | ${missed} |`);
  }
  const notes = PARITY_MAP.filter((entry) => entry.note !== undefined);
  if (notes.length > 0) {
    lines.push('', '## Differences explained', '');
    for (const entry of notes) lines.push(`- \`${entry.query}\` (${entry.rule}): ${entry.note}.`);
  }
  lines.push('', '## Not covered', '');
  for (const query of UNCOVERED) lines.push(`- \`${query.query}\`: ${query.reason}.`);
  lines.push('');
  return lines.join('\n');
}
