import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadRulePacks } from '../../src/node/check.js';
import { compilePatterns } from '../../src/policy/pattern/index.js';
import { compilePatterns as compileOld } from './oldscratch/compile.js';
import { loadPatternsIntoCore, matchPatternsInCore } from '../../src/core/pattern-wasm.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { CoreInstance } from '../../src/core/wasm.js';
import { tapeOf, createCore } from './helpers.js';

it('compare', async () => {
  const pack = await loadRulePacks({});
  const texts = [...new Set(pack.rules.map((r) => r.match))];
  const cacheFile = '/tmp/pbench/old-image.bin';
  let oldImage: Uint8Array;
  if (existsSync(cacheFile)) oldImage = new Uint8Array(readFileSync(cacheFile));
  else { oldImage = compileOld(texts).image; writeFileSync(cacheFile, oldImage); }
  const oldSet = { ...compilePatterns(texts), image: oldImage };
  const newSet = compilePatterns(texts);
  const dir = 'fixtures/formats/configs/';
  const docs: unknown[] = [];
  for (const f of readdirSync(dir)) if (/\.ya?ml$/.test(f)) for (const d of parseAllDocuments(readFileSync(dir + f, 'utf8'))) docs.push(d.toJS());
  const big: unknown[] = [];
  let tape = tapeOf(big);
  while (tape.count < 15000) { big.push(...docs); tape = tapeOf(big); }
  const oldCore = CoreInstance.createSync(new WebAssembly.Module(readFileSync('/tmp/pbench/bulwark_before.wasm')));
  const newCore = createCore();
  loadPatternsIntoCore(oldCore, oldSet); loadTapeIntoCore(oldCore, tape);
  loadPatternsIntoCore(newCore, newSet); loadTapeIntoCore(newCore, tape);
  const a = matchPatternsInCore(oldCore), b = matchPatternsInCore(newCore);
  console.log('same', a.length === b.length && a.every((v, i) => v === b[i]), a.length / 2);
  const best = { old: Infinity, new: Infinity };
  for (let round = 0; round < 20; round++) {
    for (const [name, core] of [['old', oldCore], ['new', newCore]] as const) {
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        matchPatternsInCore(core);
        best[name] = Math.min(best[name], performance.now() - t0);
      }
    }
  }
  console.log('best ms/doc', best, 'nodes', tape.count);
});
