// Host side of the WASM rule VM (assembly/rules): loads a compiled program
// and its path patterns into a core, then evaluates the node table that is
// currently in the core (flattened there or copied with loadTapeIntoCore).

import type { CompiledProgram } from '../policy/compile.js';
import { Status, STATUS_REASON } from './abi.js';
import { CoreError, LimitError } from './errors.js';
import { loadPatternsIntoCore } from './pattern-wasm.js';
import type { CoreInstance } from './wasm.js';

/** The `file` variable of rule expressions. */
export interface FileContext {
  name: string;
  path: string;
  format: string;
  dialect: string;
}

/** Result rows `[rule, node, outcome, detail]` and per-rule counters `[evaluated, failed, errors]`. */
export interface EvalResult {
  rows: Uint32Array;
  counts: Uint32Array;
}

export interface EvaluateOptions {
  /** Also write a row for every pass (counters include passes either way). */
  emitPasses?: boolean;
}

/** Flag of `eval_document`: write pass rows too. */
const EMIT_PASSES = 1;
const ROW_WORDS = 4;
const COUNT_WORDS = 3;

interface RuleExports {
  program_reserve(length: number): number;
  program_load(length: number): number;
  eval_file_reserve(length: number): number;
  eval_set_file(nameLength: number, pathLength: number, formatLength: number, dialectLength: number): number;
  eval_enabled_reserve(count: number): number;
  eval_document(enabledPtr: number, flags: number): number;
  eval_results_ptr(): number;
  eval_results_count(): number;
  eval_counts_ptr(): number;
}

/** The evaluator whose program each core has loaded, so two evaluators can share a core. */
const loadedPrograms = new WeakMap<CoreInstance, WasmEvaluator>();
const utf8 = new TextEncoder();

export class WasmEvaluator {
  private readonly exports: RuleExports;
  private readonly ruleCount: number;
  private lastContext: FileContext | undefined;

  constructor(
    private readonly core: CoreInstance,
    private readonly program: CompiledProgram,
  ) {
    this.exports = core.exports as unknown as RuleExports;
    this.ruleCount = program.rules.length;
    this.load();
  }

  /**
   * Evaluates the program over the core's current node table. `enabled` has
   * one byte per rule (non-zero runs the rule); missing bytes count as disabled.
   */
  evaluate(context: FileContext, enabled: Uint8Array, options: EvaluateOptions = {}): EvalResult {
    if (loadedPrograms.get(this.core) !== this) this.load();
    this.setFile(context);

    const maskPtr = this.exports.eval_enabled_reserve(this.ruleCount) >>> 0;
    if (maskPtr === 0 && this.ruleCount > 0) throw new CoreError(`could not reserve the rule mask for ${this.ruleCount} rules in the WASM core`);
    const mask = this.core.bytes().subarray(maskPtr, maskPtr + this.ruleCount);
    mask.fill(0);
    mask.set(enabled.subarray(0, this.ruleCount));

    const status = this.exports.eval_document(maskPtr, options.emitPasses ? EMIT_PASSES : 0);
    if (status !== Status.Ok) throw statusError(status, context.path);

    const words = this.core.words();
    const rowsPtr = this.exports.eval_results_ptr() >>> 0;
    const rowCount = this.exports.eval_results_count() >>> 0;
    const countsPtr = this.exports.eval_counts_ptr() >>> 0;
    return {
      rows: words.slice(rowsPtr >>> 2, (rowsPtr >>> 2) + rowCount * ROW_WORDS),
      counts: words.slice(countsPtr >>> 2, (countsPtr >>> 2) + this.ruleCount * COUNT_WORDS),
    };
  }

  private load(): void {
    loadPatternsIntoCore(this.core, this.program.patterns);

    const image = this.program.image;
    const ptr = this.exports.program_reserve(image.length) >>> 0;
    if (ptr === 0) throw new CoreError(`could not reserve ${image.length} bytes for the rule program in the WASM core`);
    this.core.bytes().set(image, ptr);
    const status = this.exports.program_load(image.length);
    if (status !== Status.Ok) {
      throw new CoreError(`the WASM core rejected the rule program (${STATUS_REASON[status] ?? `status ${status}`}); recompile the rules with this version of Bulwark`);
    }
    loadedPrograms.set(this.core, this);
    this.lastContext = undefined;
  }

  private setFile(context: FileContext): void {
    const last = this.lastContext;
    if (last && last.name === context.name && last.path === context.path && last.format === context.format && last.dialect === context.dialect) return;

    const parts = [context.name, context.path, context.format, context.dialect].map((text) => utf8.encode(text));
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const ptr = this.exports.eval_file_reserve(total) >>> 0;
    if (ptr === 0) throw new CoreError(`could not reserve ${total} bytes for the file context in the WASM core`);
    const bytes = this.core.bytes();
    let at = ptr;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    if (this.exports.eval_set_file(parts[0].length, parts[1].length, parts[2].length, parts[3].length) !== Status.Ok) {
      throw new CoreError('the WASM core rejected the file context');
    }
    this.lastContext = { ...context };
  }
}

function statusError(status: number, what: string): Error {
  const reason = STATUS_REASON[status] ?? `status ${status}`;
  if (status === Status.ResultLimit) {
    return new LimitError('ERR_RESULT_LIMIT', `rule evaluation of ${what} produced more result rows or pattern matches than the core can store (${reason}); the file has too many findings to report one by one: split it or fix the bulk of them first`);
  }
  if (status === Status.NoDocument) return new CoreError(`rule evaluation of ${what} failed: no node table is loaded in the WASM core; flatten or load a document first`);
  return new CoreError(`rule evaluation of ${what} failed in the WASM core: ${reason}`);
}
