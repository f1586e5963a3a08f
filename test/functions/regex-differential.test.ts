// Differential property test: the TypeScript Pike VM, the WASM Pike VM and
// JavaScript's RegExp (the oracle, `u` mode) must agree on random patterns
// from the subset where RE2 and JavaScript mean the same thing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex, regexTest } from '../../src/policy/regex/index.js';
import { wasm } from './helpers.js';
import { patternAndInputArbitrary } from './regex-arbitraries.js';

const RUNS = 10_000;

describe('regex differential', () => {
  it('agrees with RegExp in both engines', () => {
    fc.assert(
      fc.property(patternAndInputArbitrary, ([pattern, input]) => {
        const oracle = new RegExp(pattern.js, pattern.flags).test(input);
        const program = compileRegex(pattern.re2);
        expect({ pattern: pattern.re2, input, typescript: regexTest(program, input), wasm: wasm.regexTest(program, input) }).toEqual({
          pattern: pattern.re2,
          input,
          typescript: oracle,
          wasm: oracle,
        });
      }),
      { numRuns: RUNS },
    );
  });
});
