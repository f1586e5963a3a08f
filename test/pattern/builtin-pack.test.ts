// The built-in rule pack's patterns against real configuration files: the
// WASM matcher must agree with the reference matcher on every document.

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/abi.js';
import { loadPatternsIntoCore, matchPatternsInCore } from '../../src/core/pattern-wasm.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { parseDocuments } from '../../src/formats/index.js';
import { loadRulePacks } from '../../src/node/check.js';
import { compilePatterns, isSuffixPattern, matchPatternsReference } from '../../src/policy/pattern/index.js';
import { createCore } from './helpers.js';

const CONFIGS = new URL('../../fixtures/formats/configs/', import.meta.url);

describe('built-in pack patterns', async () => {
  const pack = await loadRulePacks({});
  const patterns = [...new Set(pack.rules.map((rule) => rule.match))];
  const set = compilePatterns(patterns);

  it('keeps suffix patterns out of the automaton', () => {
    // In one DFA with the rest, the pack's `**.{...}` patterns need 2,216
    // states. Kept out of it, the DFA follows the other patterns only.
    expect(set.steps.filter(isSuffixPattern).length).toBeGreaterThan(30);
    expect(set.stateCount).toBeLessThan(1_000);
  });

  it('returns the cached set for the same list', () => {
    expect(compilePatterns([...patterns])).toBe(set);
  });

  it('WASM equals reference on fixtures', () => {
    const core = createCore();
    loadPatternsIntoCore(core, set);
    let documents = 0;
    let suffixPairs = 0;
    for (const name of readdirSync(CONFIGS).sort()) {
      const parsed = parseDocuments(name, new Uint8Array(readFileSync(new URL(name, CONFIGS))), { limits: DEFAULT_LIMITS });
      for (const document of parsed.documents) {
        loadTapeIntoCore(core, document.tape);
        const expected = matchPatternsReference(set, document.tape);
        expect([...matchPatternsInCore(core, name)], `${name} document ${document.index}`).toEqual([...expected]);
        documents++;
        for (let i = 0; i < expected.length; i += 2) if (isSuffixPattern(set.steps[expected[i]])) suffixPairs++;
      }
    }
    expect(documents).toBeGreaterThan(40);
    expect(suffixPairs).toBeGreaterThan(100);
  });
});
