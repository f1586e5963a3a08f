// Assertion helper: evaluates one expression on a table's root with both
// evaluators and checks the outcome (and error detail) of each.

import { expect } from 'vitest';
import type { CoreInstance } from '../../src/core/wasm.js';
import { Outcome } from '../../src/policy/bytecode/outcome.js';
import { outcomeOf, type TableValue } from './tables.js';

export type Expected = 'pass' | 'fail' | number;

/** `expected` is 'pass', 'fail', or an EvalError detail for an error outcome. */
export function expectOutcome(core: CoreInstance, assert: string, value: TableValue, expected: Expected, match = ''): void {
  const { wasm, reference } = outcomeOf(core, assert, value, match);
  const want = expected === 'pass' ? [Outcome.Pass, 0] : expected === 'fail' ? [Outcome.Fail, 0] : [Outcome.Error, expected];
  expect({ assert, wasm: wasm.slice(2, 4) }).toEqual({ assert, wasm: want });
  expect({ assert, reference: reference.slice(2, 4) }).toEqual({ assert, reference: want });
}
