import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { WasmEvaluator } from '../../src/core/evaluate-wasm.js';
import { evaluateReference } from '../../src/core/reference/evaluate.js';
import { flattenInCore, copyCoreTape } from '../../src/core/flatten.js';
import { compileRules, type CompileInput } from '../../src/policy/compile.js';
import { FILE, sharedCore } from './tables.js';

function lit(v: unknown): string { return JSON.stringify(v); }
function translate(r: { id: string; pattern: string; op: string; value: any }): CompileInput {
  const m = r.pattern;
  switch (r.op) {
    case 'eq': return { id: r.id, match: m, assert: `self == ${lit(r.value)}` };
    case 'ne': return { id: r.id, match: m, assert: `self != ${lit(r.value)}` };
    case 'lt': return { id: r.id, match: m, assert: `self < ${lit(r.value)}` };
    case 'le': return { id: r.id, match: m, assert: `self <= ${lit(r.value)}` };
    case 'gt': return { id: r.id, match: m, assert: `self > ${lit(r.value)}` };
    case 'ge': return { id: r.id, match: m, assert: `self >= ${lit(r.value)}` };
    case 'range': return { id: r.id, match: m, assert: `self >= ${lit(r.value[0])} && self <= ${lit(r.value[1])}` };
    case 'in': return { id: r.id, match: m, assert: `self in ${lit(r.value)}` };
    case 'regex': return { id: r.id, match: m, assert: `self.matches(${lit(r.value)})` };
    case 'exists': return { id: r.id, match: m, assert: 'true', presenceRequired: true };
  }
  throw new Error(r.op);
}

it('bench rules10k', async () => {
  const core = await sharedCore();
  const rules = JSON.parse(readFileSync('/tmp/wl/rules.json', 'utf8'));
  const expected = JSON.parse(readFileSync('/tmp/wl/expected.json', 'utf8'));
  const bytes = readFileSync('/tmp/wl/config.json');
  const program = compileRules(rules.map(translate));
  const evaluator = new WasmEvaluator(core, program);
  (await import('node:fs')).writeFileSync('/tmp/wl/program.bin', program.image); (await import('node:fs')).writeFileSync('/tmp/wl/patterns.bin', program.patterns.image);
  const mask = new Uint8Array(rules.length).fill(1);
  const out = flattenInCore(core, 'json', bytes);
  if (!out.ok) throw new Error('flatten');
  let result = evaluator.evaluate(FILE, mask);
  const violations = new Map<number, number>();
  for (let i = 0; i < result.rows.length; i += 4) violations.set(result.rows[i], (violations.get(result.rows[i]) ?? 0) + 1);
  let mismatches = 0;
  rules.forEach((r: any, i: number) => { if ((violations.get(i) ?? 0) !== expected[r.id]) { mismatches++; if (mismatches < 5) console.log('mismatch', r, violations.get(i), expected[r.id]); } });
  console.log('rows', result.rows.length / 4, 'mismatches', mismatches);
  const tape = copyCoreTape(core);
  const ref = evaluateReference(program, tape, FILE, mask);
  console.log('reference equal', ref.rows.join() === result.rows.join() && ref.counts.join() === result.counts.join());
  const n = 200;
  flattenInCore(core, 'json', bytes);
  let evalMs = Infinity;
  for (let i = 0; i < n; i++) { const t = performance.now(); result = evaluator.evaluate(FILE, mask); evalMs = Math.min(evalMs, performance.now() - t); }
  let t0 = 0;
  t0 = performance.now();
  for (let i = 0; i < n; i++) { flattenInCore(core, 'json', bytes); }
  const flatMs = (performance.now() - t0) / n;
  t0 = performance.now();
  const e = core.exports as any;
  for (let i = 0; i < n; i++) e.patterns_match();
  const matchMs = (performance.now() - t0) / n;
  let evaluated = 0; for (let i = 0; i < result.counts.length; i += 3) evaluated += result.counts[i];
  for (const [label, keep] of [['regex', (r: any) => r.op === 'regex'], ['non-regex', (r: any) => r.op !== 'regex'], ['true', (r: any) => true]] as const) {
    const subset = rules.filter(keep);
    const p2 = compileRules(subset.map((r: any) => label === 'true' ? { id: r.id, match: r.pattern, assert: 'true' } : translate(r)));
    const ev2 = new WasmEvaluator(core, p2);
    flattenInCore(core, 'json', bytes);
    const m2 = new Uint8Array(subset.length).fill(1);
    let r2 = ev2.evaluate(FILE, m2);
    let best = Infinity;
    for (let i = 0; i < n; i++) { const t = performance.now(); r2 = ev2.evaluate(FILE, m2); best = Math.min(best, performance.now() - t); }
    const t1 = performance.now() - best * n;
    let ev = 0; for (let i = 0; i < r2.counts.length; i += 3) ev += r2.counts[i];
    console.log(`${label}: ${subset.length} rules, ${((performance.now() - t1) / n).toFixed(3)} ms, evaluations ${ev}`);
  }
  console.log(`evaluate ${evalMs.toFixed(3)} ms/doc (patterns_match alone ${matchMs.toFixed(3)} ms), flatten ${flatMs.toFixed(3)} ms, assert evaluations ${evaluated}, nodes ${out.count}`);
});
