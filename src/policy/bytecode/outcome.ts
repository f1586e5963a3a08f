// Outcomes and error details of rule evaluation, shared by the WASM VM
// (assembly/rules/layout.ts keeps the same numbers) and the reference
// evaluator. An error row's detail is one of EvalError.

import type { CelErrorCode } from '../cel/values.js';

export const Outcome = {
  Pass: 0,
  Fail: 1,
  Error: 2,
  /** A `presence: required` rule whose pattern matched nothing; the row's node is 0. */
  Missing: 3,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/**
 * Error details. Codes 1-11 are CEL evaluation errors, one per CelErrorCode
 * of the closure back end; 20-23 are VM limits, which only the WASM VM reports.
 */
export const EvalError = {
  NoSuchKey: 1,
  NoMatchingOverload: 2,
  DivisionByZero: 3,
  Overflow: 4,
  IndexOutOfBounds: 5,
  InvalidArgument: 6,
  NotBool: 7,
  DuplicateKey: 9,
  UnboundVariable: 10,
  Internal: 11,
  StackLimit: 20,
  StepLimit: 21,
  ScratchLimit: 22,
  BadProgram: 23,
} as const;
export type EvalError = (typeof EvalError)[keyof typeof EvalError];

const DETAIL_BY_CODE: Record<CelErrorCode, EvalError> = {
  no_such_key: EvalError.NoSuchKey,
  no_matching_overload: EvalError.NoMatchingOverload,
  division_by_zero: EvalError.DivisionByZero,
  overflow: EvalError.Overflow,
  index_out_of_bounds: EvalError.IndexOutOfBounds,
  invalid_argument: EvalError.InvalidArgument,
  not_bool: EvalError.NotBool,
  duplicate_key: EvalError.DuplicateKey,
  unbound_variable: EvalError.UnboundVariable,
  internal: EvalError.Internal,
};

const NAMES: Record<number, string> = {
  [EvalError.NoSuchKey]: 'no such key',
  [EvalError.NoMatchingOverload]: 'no matching overload (a value has the wrong type)',
  [EvalError.DivisionByZero]: 'division by zero',
  [EvalError.Overflow]: 'integer overflow',
  [EvalError.IndexOutOfBounds]: 'index out of bounds',
  [EvalError.InvalidArgument]: 'invalid function argument',
  [EvalError.NotBool]: 'the expression did not evaluate to a bool',
  [EvalError.DuplicateKey]: 'map literal has a repeated key',
  [EvalError.UnboundVariable]: 'unbound variable',
  [EvalError.Internal]: 'internal evaluation error',
  [EvalError.StackLimit]: 'evaluation stack limit exceeded',
  [EvalError.StepLimit]: 'evaluation step limit exceeded',
  [EvalError.ScratchLimit]: 'evaluation memory limit exceeded',
  [EvalError.BadProgram]: 'rule program is malformed',
};

/** Returns the detail number of a closure error code (an unknown code counts as internal). */
export function errorDetail(code: string): EvalError {
  return DETAIL_BY_CODE[code as CelErrorCode] ?? EvalError.Internal;
}

/** Returns a readable name of an error detail, for findings. */
export function evalErrorName(detail: number): string {
  return NAMES[detail] ?? `evaluation error ${detail}`;
}
