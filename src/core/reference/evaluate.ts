// Reference rule evaluation in TypeScript: the same steps and row order as
// the WASM VM driver (assembly/rules/evaluate.ts), with the JS closures of
// each rule and the reference pattern matcher. The differential tests hold
// both to identical rows and counters.

import { evaluateToOutcome, type Activation } from '../../policy/cel/closure.js';
import { NodeRef } from '../../policy/cel/values.js';
import { EvalError, Outcome, errorDetail } from '../../policy/bytecode/outcome.js';
import type { CompiledProgram, CompiledRule } from '../../policy/compile.js';
import { matchPatternsReference } from '../../policy/pattern/reference.js';
import type { EvalResult, EvaluateOptions, FileContext } from '../evaluate-wasm.js';
import { formatPath, type Tape } from '../tape.js';

const STATE_ACTIVE = 1;
const STATE_MATCHED = 2;
const STATE_WHEN_ERROR = 4;

/** Evaluates `program` over `tape`; see WasmEvaluator.evaluate for the result. */
export function evaluateReference(program: CompiledProgram, tape: Tape, context: FileContext, enabled: Uint8Array, options: EvaluateOptions = {}): EvalResult {
  const rules = program.rules;
  const rows: number[] = [];
  const counts = new Uint32Array(rules.length * 3);
  if (tape.count === 0) return { rows: new Uint32Array(0), counts };

  const file = { name: context.name, path: context.path, format: context.format, dialect: context.dialect };
  const pairs = matchPatternsReference(program.patterns, tape);
  const rulesByPattern: number[][] = program.patterns.patterns.map(() => []);
  for (const rule of rules) rulesByPattern[rule.patternId].push(rule.index);

  // 1. Which rules run: enabled, and their `when` holds on the root.
  const state = new Uint8Array(rules.length);
  const whenDetail = new Uint32Array(rules.length);
  for (const rule of rules) {
    if (!enabled[rule.index]) continue;
    if (rule.when === undefined) {
      state[rule.index] = STATE_ACTIVE;
      continue;
    }
    const [outcome, detail] = run(rule, true, tape, 0, file);
    if (outcome === Outcome.Pass) state[rule.index] = STATE_ACTIVE;
    else if (outcome === Outcome.Error) {
      state[rule.index] = STATE_WHEN_ERROR;
      whenDetail[rule.index] = detail;
    }
  }

  // 2. Which active rules matched anything.
  for (let i = 0; i < pairs.length; i += 2) {
    for (const r of rulesByPattern[pairs[i]] ?? []) if (state[r] & STATE_ACTIVE) state[r] |= STATE_MATCHED;
  }

  // 3. Node by node; the root's list also carries `when` errors and missing rows.
  const emit = (rule: number, node: number, outcome: number, detail: number) => {
    counts[rule * 3]++;
    if (outcome === Outcome.Fail || outcome === Outcome.Missing) counts[rule * 3 + 1]++;
    if (outcome === Outcome.Error) counts[rule * 3 + 2]++;
    if (outcome !== Outcome.Pass || options.emitPasses) rows.push(rule, node, outcome, detail);
  };
  const runNode = (node: number, ruleList: number[], withRootEntries: boolean) => {
    const entries = ruleList.map((rule) => ({ rule, kind: 0 }));
    if (withRootEntries) {
      for (const rule of rules) {
        const s = state[rule.index];
        if (s & STATE_WHEN_ERROR) entries.push({ rule: rule.index, kind: 1 });
        else if (s & STATE_ACTIVE && !(s & STATE_MATCHED) && rule.presenceRequired) entries.push({ rule: rule.index, kind: 2 });
      }
    }
    entries.sort((a, b) => a.rule - b.rule || a.kind - b.kind);
    for (const entry of entries) {
      if (entry.kind === 1) emit(entry.rule, 0, Outcome.Error, whenDetail[entry.rule]);
      else if (entry.kind === 2) emit(entry.rule, 0, Outcome.Missing, 0);
      else {
        const [outcome, detail] = run(rules[entry.rule], false, tape, node, file);
        emit(entry.rule, node, outcome, detail);
      }
    }
  };

  let i = 0;
  let rootListed = false;
  while (i < pairs.length || !rootListed) {
    const node = i < pairs.length ? pairs[i + 1] : 0;
    if (!rootListed && (node !== 0 || i >= pairs.length)) {
      runNode(0, [], true);
      rootListed = true;
      continue;
    }
    const ruleList: number[] = [];
    while (i < pairs.length && pairs[i + 1] === node) {
      for (const r of rulesByPattern[pairs[i]] ?? []) if (state[r] & STATE_ACTIVE) ruleList.push(r);
      i += 2;
    }
    const isRoot = node === 0;
    if (isRoot) rootListed = true;
    runNode(node, ruleList, isRoot);
  }

  return { rows: Uint32Array.from(rows), counts };
}

/** Runs a rule's assert (or its `when` with `self` = root) on `node`: [outcome, detail]. */
function run(rule: CompiledRule, when: boolean, tape: Tape, node: number, file: Activation['file']): [number, number] {
  const parent = tape.parent(node);
  const key = tape.key(node);
  const activation: Activation = {
    self: new NodeRef(tape, node),
    root: new NodeRef(tape, 0),
    parent: parent < 0 ? null : new NodeRef(tape, parent),
    key: key === undefined ? null : key,
    file,
  };
  if (when ? rule.whenUsesPath : rule.usesPath) activation.path = formatPath(tape.path(node));

  const program = when ? rule.when! : rule.assert;
  const outcome = evaluateToOutcome(program(activation));
  if (outcome === 'pass') return [Outcome.Pass, 0];
  if (outcome === 'fail') return [Outcome.Fail, 0];
  return [Outcome.Error, outcome.error === 'not_bool' ? EvalError.NotBool : errorDetail(outcome.error)];
}
