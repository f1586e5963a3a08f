import { readFileSync, readdirSync } from 'node:fs';
import { it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadRulePacks } from '../../src/node/check.js';
import { compilePatterns, parsePattern } from '../../src/policy/pattern/index.js';
import { determinize } from '../../src/policy/pattern/automaton.js';
import { loadPatternsIntoCore, matchPatternsInCore } from '../../src/core/pattern-wasm.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { matchPatternsReference } from '../../src/policy/pattern/index.js';
import { createCore, tapeOf } from './helpers.js';

it('bench', async () => {
  const pack = await loadRulePacks({});
  const texts = [...new Set(pack.rules.map((r) => r.match))];
  const steps = texts.map((t) => parsePattern(t));
  let t0 = performance.now();
  const dfa = determinize(steps);
  console.log('determinize ms', (performance.now() - t0).toFixed(1), 'states', dfa.states.length, 'patterns', texts.length);
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
  for (let i = 0; i < 50; i++) pairs = matchPatternsInCore(core);
  console.log('match ms/doc', ((performance.now() - t0) / 50).toFixed(3), 'pairs', pairs.length / 2);
  const ref = matchPatternsReference(set, tape);
  console.log('equal', ref.length === pairs.length && ref.every((v, i) => v === pairs[i]));
});
