// Test helpers: node tables built from plain values, a WASM core, and
// one-call evaluation of an expression by both evaluators.

import { NodeFlag, NodeKind } from '../../src/core/abi.js';
import { WasmEvaluator, type EvalResult, type FileContext } from '../../src/core/evaluate-wasm.js';
import { evaluateReference } from '../../src/core/reference/evaluate.js';
import { TapeBuilder, type PathStep, type Tape } from '../../src/core/tape.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import type { CoreInstance } from '../../src/core/wasm.js';
import { createCore } from '../../src/node/wasm.js';
import { compileRules, type CompileInput, type CompiledProgram } from '../../src/policy/compile.js';

/** An int that the table marks FLAG_INT (JSON numbers without a fraction). */
export class IntValue {
  constructor(readonly value: bigint) {}
}

/** A plain value for a table: objects may repeat keys when given as entry lists. */
export type TableValue = null | boolean | number | string | IntValue | TableValue[] | { entries: [string, TableValue][] } | { [key: string]: TableValue };

export const FILE: FileContext = { name: 'app.json', path: 'config/app.json', format: 'json', dialect: '' };

/** Builds a node table from a value; integral JS numbers become int nodes. */
export function tableOf(value: TableValue): Tape {
  const builder = new TapeBuilder(new Uint8Array(0));
  let line = 1;
  const add = (v: TableValue, key: PathStep | undefined) => {
    line++;
    if (v === null) builder.scalar(NodeKind.Null, key, 'null', line, 1);
    else if (typeof v === 'boolean') builder.scalar(NodeKind.Bool, key, String(v), line, 1, v ? 1 : 0);
    else if (typeof v === 'number') {
      const isInt = Number.isInteger(v) && !Object.is(v, -0);
      builder.scalar(NodeKind.Number, key, String(v), line, 1, v, isInt ? NodeFlag.Int : 0);
    } else if (v instanceof IntValue) builder.scalar(NodeKind.Number, key, String(v.value), line, 1, Number(v.value), NodeFlag.Int);
    else if (typeof v === 'string') builder.scalar(NodeKind.String, key, v, line, 1);
    else if (Array.isArray(v)) {
      builder.open(NodeKind.Array, key, line, 1);
      v.forEach((item, index) => add(item, index));
      builder.close();
    } else {
      builder.open(NodeKind.Object, key, line, 1);
      const entries = Array.isArray((v as { entries?: unknown }).entries) ? (v as { entries: [string, TableValue][] }).entries : Object.entries(v);
      for (const [k, item] of entries) add(item, k);
      builder.close();
    }
  };
  add(value, undefined);
  return builder.finish();
}

let corePromise: Promise<CoreInstance> | undefined;

/** One core per test file (instances are cheap, compiling the module is not). */
export function sharedCore(): Promise<CoreInstance> {
  corePromise ??= createCore();
  return corePromise;
}

/** Evaluates a program over a table with both evaluators. */
export function evaluateBoth(core: CoreInstance, program: CompiledProgram, tape: Tape, enabled?: Uint8Array, emitPasses = true): { wasm: EvalResult; reference: EvalResult } {
  const mask = enabled ?? new Uint8Array(program.rules.length).fill(1);
  const evaluator = new WasmEvaluator(core, program);
  loadTapeIntoCore(core, tape);
  const wasm = evaluator.evaluate(FILE, mask, { emitPasses });
  const reference = evaluateReference(program, tape, FILE, mask, { emitPasses });
  return { wasm, reference };
}

/** Outcome and detail of one expression on the root of a table, by both evaluators. */
export function outcomeOf(core: CoreInstance, assert: string, value: TableValue, match = ''): { wasm: number[]; reference: number[] } {
  const program = compileRules([{ id: 'T1', match, assert }]);
  const { wasm, reference } = evaluateBoth(core, program, tableOf(value));
  return { wasm: Array.from(wasm.rows), reference: Array.from(reference.rows) };
}

export function rules(...inputs: CompileInput[]): CompiledProgram {
  return compileRules(inputs);
}
