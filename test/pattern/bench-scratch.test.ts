import { readFileSync, readdirSync } from 'node:fs';
import { it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadRulePacks } from '../../src/node/check.js';
import { compilePatterns, parsePattern } from '../../src/policy/pattern/index.js';
import { determinize } from '../../src/policy/pattern/automaton.js';
import { loadPatternsIntoCore, matchPatternsInCore } from '../../src/core/pattern-wasm.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { matchPatternsReference } from '../../src/policy/pattern/index.js';
import { isSuffixPattern } from '../../src/policy/pattern/suffix.js';
import { createCore, tapeOf } from './helpers.js';

it('bench', async () => {
  const pack = await loadRulePacks({});
  const texts = [...new Set(pack.rules.map((r) => r.match))];
  const steps = texts.map((t) => parsePattern(t));
  let t0 = performance.now();
  const dfa = determinize(steps.map((s) => (isSuffixPattern(s) ? undefined : s)));
  console.log('determinize ms', (performance.now() - t0).toFixed(1), 'states', dfa.states.length, 'patterns', texts.length);
  console.log('suffix', steps.filter(isSuffixPattern).length);
  t0 = performance.now();
  const set = compilePatterns(texts);
  console.log('compilePatterns ms', (performance.now() - t0).toFixed(1), 'image bytes', set.image.length, 'states', set.stateCount);
  t0 = performance.now();
  compilePatterns(texts);
  console.log('compilePatterns again ms', (performance.now() - t0).toFixed(1));

  const dir = 'fixtures/formats/configs/';
  const docs: unknown[] = [];
  for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f)) for (const d of parseAllDocuments(readFileSync(dir + f, 'utf8'))) docs.push(d.toJS());
  const big: unknown[] = [];
  let tape = tapeOf(big);
  while (tape.count < 15000) { big.push(...docs); tape = tapeOf(big); }
  console.log('nodes', tape.count);
  const core = createCore();
  loadPatternsIntoCore(core, set);
  loadTapeIntoCore(core, tape);
  let pairs = matchPatternsInCore(core);
  t0 = performance.now();
  for (let i = 0; i < 300; i++) pairs = matchPatternsInCore(core);
  t0 = performance.now();
  for (let i = 0; i < 100; i++) pairs = matchPatternsInCore(core);
  console.log('match ms/doc', ((performance.now() - t0) / 100).toFixed(3), 'pairs', pairs.length / 2);
  {
    const suffixSet = compilePatterns(texts.filter((t) => isSuffixPattern(parsePattern(t))));
    const dfaSet = compilePatterns(texts.filter((t) => !isSuffixPattern(parsePattern(t))));
    for (const [name, s2] of [['suffix only', suffixSet], ['dfa only', dfaSet], ['all again', set], ['suffix only', suffixSet]] as const) {
      loadPatternsIntoCore(core, s2);
      for (let i = 0; i < 300; i++) matchPatternsInCore(core);
      const t1 = performance.now();
      for (let i = 0; i < 100; i++) matchPatternsInCore(core);
      console.log(name, ((performance.now() - t1) / 100).toFixed(3));
    }
    const sx = suffixSet.steps;
    let cands = 0;
    for (let n = 0; n < tape.count; n++) { const p = tape.path(n); if (!p.length) continue; const last = p[p.length - 1];
      for (const st of sx) { const l = st[st.length - 1]; if (l.kind === 'wildcard' || (l.kind === 'indexWildcard' && typeof last === 'number') || (l.kind === 'index' && l.index === last) || (l.kind === 'key' && l.keys.includes(last as string))) cands++; } }
    console.log('candidates', cands);
  }
  const ref = matchPatternsReference(set, tape);
  console.log('equal', ref.length === pairs.length && ref.every((v, i) => v === pairs[i]));
});
