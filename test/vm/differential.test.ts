// Differential property tests. The WASM VM and the JS closures evaluate the
// same random expressions over the same random node tables and must agree on
// every outcome and error detail. Whole random rule programs must give
// identical result rows and counters in both evaluators.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WasmEvaluator } from '../../src/core/evaluate-wasm.js';
import { evaluateReference } from '../../src/core/reference/evaluate.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { compileRules, type CompileInput } from '../../src/policy/compile.js';
import { celExpression, celPredicate, dataObject, dataToTape, dataValue } from '../cel/arbitraries.js';
import { FILE, sharedCore } from './tables.js';

/** Expressions the bytecode compiler rejects (none expected from the generator). */
function compileOrSkip(inputs: CompileInput[]) {
  try {
    return compileRules(inputs);
  } catch (error) {
    throw new Error(`compile failed for ${JSON.stringify(inputs.map((i) => i.assert))}: ${(error as Error).message}`);
  }
}

describe('VM against JS closures', () => {
  it('agrees on random expressions', async () => {
    const core = await sharedCore();
    let cases = 0;
    fc.assert(
      fc.property(fc.array(celExpression(4), { minLength: 10, maxLength: 10 }), dataObject, (expressions, data) => {
        const program = compileOrSkip(expressions.map((assert, i) => ({ id: `E${i}`, match: '', assert })));
        const tape = dataToTape(data);
        const mask = new Uint8Array(expressions.length).fill(1);
        loadTapeIntoCore(core, tape);
        const wasm = new WasmEvaluator(core, program).evaluate(FILE, mask, { emitPasses: true });
        const reference = evaluateReference(program, tape, FILE, mask, { emitPasses: true });
        cases += expressions.length;
        for (let r = 0; r < expressions.length; r++) {
          const got = Array.from(wasm.rows.subarray(r * 4, r * 4 + 4));
          const want = Array.from(reference.rows.subarray(r * 4, r * 4 + 4));
          if (got.join() !== want.join()) {
            throw new Error(`${expressions[r]} on ${JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}: wasm ${got} reference ${want}`);
          }
        }
      }),
      { numRuns: 1000 },
    );
    expect(cases).toBeGreaterThanOrEqual(10_000);
  });

  it('agrees on random rule programs', async () => {
    const core = await sharedCore();
    const pattern = fc.constantFrom('', '**', '*', 'a', 'a.*', '*.b', '**.c', '[*]', 'k[0]', '{a,b}', '**[*]');
    const rule = fc.record({ match: pattern, assert: celPredicate(3), when: fc.option(celPredicate(2), { nil: undefined }), presenceRequired: fc.boolean() });
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 6 }), dataValue, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.boolean(), (specs, data, enabledBits, emitPasses) => {
        const program = compileOrSkip(specs.map((spec, i) => ({ id: `R${i}`, ...spec })));
        const tape = dataToTape(data);
        const mask = Uint8Array.from(enabledBits.slice(0, specs.length), (bit) => (bit ? 1 : 0));
        loadTapeIntoCore(core, tape);
        const wasm = new WasmEvaluator(core, program).evaluate(FILE, mask, { emitPasses });
        const reference = evaluateReference(program, tape, FILE, mask, { emitPasses });
        expect(Array.from(wasm.rows)).toEqual(Array.from(reference.rows));
        expect(Array.from(wasm.counts)).toEqual(Array.from(reference.counts));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('VM against JS closures on extensions', () => {
  it('agrees on optionals, helpers and repeated keys', async () => {
    const core = await sharedCore();
    const { configValue, extensionPredicate } = await import('./arbitraries.js');
    const { tableOf } = await import('./tables.js');
    let cases = 0;
    fc.assert(
      fc.property(fc.array(extensionPredicate, { minLength: 6, maxLength: 6 }), configValue, (asserts, value) => {
        const program = compileOrSkip(asserts.map((assert, i) => ({ id: `X${i}`, match: '**', assert })));
        const tape = tableOf(value);
        const mask = new Uint8Array(asserts.length).fill(1);
        loadTapeIntoCore(core, tape);
        const wasm = new WasmEvaluator(core, program).evaluate(FILE, mask, { emitPasses: true });
        const reference = evaluateReference(program, tape, FILE, mask, { emitPasses: true });
        cases += wasm.rows.length / 4;
        if (wasm.rows.join() !== reference.rows.join()) {
          for (let i = 0; i < wasm.rows.length; i += 4) {
            if (wasm.rows.subarray(i, i + 4).join() !== reference.rows.subarray(i, i + 4).join()) {
              throw new Error(`${asserts[wasm.rows[i]]} at node ${wasm.rows[i + 1]} of ${JSON.stringify(value)}: wasm ${wasm.rows.subarray(i, i + 4)} reference ${reference.rows.subarray(i, i + 4)}`);
            }
          }
        }
        expect(Array.from(wasm.counts)).toEqual(Array.from(reference.counts));
      }),
      { numRuns: 1500 },
    );
    expect(cases).toBeGreaterThanOrEqual(10_000);
  });
});
