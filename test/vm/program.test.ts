// Whole rule programs: real manifests flattened by the WASM core, row order,
// the enabled mask, `when`, `presence: required`, VM limits, and malformed
// program images.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Status } from '../../src/core/abi.js';
import { WasmEvaluator, type EvalResult } from '../../src/core/evaluate-wasm.js';
import { copyCoreTape, flattenInCore } from '../../src/core/flatten.js';
import { loadPatternsIntoCore } from '../../src/core/pattern-wasm.js';
import { evaluateReference } from '../../src/core/reference/evaluate.js';
import { formatPath } from '../../src/core/tape.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import type { CoreInstance } from '../../src/core/wasm.js';
import { EvalError, Outcome } from '../../src/policy/bytecode/outcome.js';
import { compileRules, type CompileInput } from '../../src/policy/compile.js';
import { FILE, sharedCore, tableOf } from './tables.js';

let core: CoreInstance;
beforeAll(async () => {
  core = await sharedCore();
});

const K8S_RULES: CompileInput[] = [
  { id: 'IMG-TAG', match: '**.containers[*]', assert: 'self.image.contains(":") && !self.image.endsWith(":latest")' },
  { id: 'PORT', match: '**.containerPort', assert: 'self != 80' },
  { id: 'ENV-SECRET', match: '**.env[*]', assert: '!self.name.lowerAscii().matches("pass(word)?")' },
  { id: 'REPLICAS', match: 'spec.replicas', assert: 'self >= 2', presenceRequired: true },
  { id: 'POD-SC', match: 'spec.containers[*]', assert: 'has(self.securityContext)', when: 'root.kind == "Pod"' },
  { id: 'WHEN-ERR', match: '**', assert: 'true', when: 'root.nokey == 1' },
  { id: 'LABEL', match: 'metadata.labels.*', assert: 'key != "role" || path == "metadata.labels.role"' },
];

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`../../fixtures/vm/${name}`, import.meta.url));
}

/** Flattens a fixture in the core and evaluates it with both evaluators. */
function runFixture(name: string, inputs: CompileInput[], emitPasses = false): { wasm: EvalResult; reference: EvalResult; rows: string[] } {
  const program = compileRules(inputs);
  const evaluator = new WasmEvaluator(core, program);
  const mask = new Uint8Array(inputs.length).fill(1);
  const outcome = flattenInCore(core, 'json', fixture(name));
  if (!outcome.ok) throw new Error(`fixture ${name} did not flatten`);
  const wasm = evaluator.evaluate(FILE, mask, { emitPasses });
  const tape = copyCoreTape(core);
  const reference = evaluateReference(program, tape, FILE, mask, { emitPasses });
  const rows: string[] = [];
  for (let i = 0; i < wasm.rows.length; i += 4) {
    rows.push(`${inputs[wasm.rows[i]].id} ${formatPath(tape.path(wasm.rows[i + 1]))} ${wasm.rows[i + 2]}/${wasm.rows[i + 3]}`);
  }
  return { wasm, reference, rows };
}

describe('rule programs on real manifests', () => {
  it('finds violations in a pod', () => {
    const { wasm, reference, rows } = runFixture('k8s-examples__meteor__mongo-pod.json', K8S_RULES);
    expect(rows).toEqual([
      `REPLICAS  ${Outcome.Missing}/0`,
      `WHEN-ERR  ${Outcome.Error}/${EvalError.NoSuchKey}`,
      `IMG-TAG spec.containers[0] ${Outcome.Fail}/0`,
      `POD-SC spec.containers[0] ${Outcome.Fail}/0`,
    ]);
    expect(Array.from(wasm.rows)).toEqual(Array.from(reference.rows));
    expect(Array.from(wasm.counts)).toEqual(Array.from(reference.counts));
  });

  it('finds violations in a controller', () => {
    const { wasm, reference, rows } = runFixture('k8s-examples__phabricator__phabricator-controller.json', K8S_RULES);
    expect(rows).toEqual([
      `WHEN-ERR  ${Outcome.Error}/${EvalError.NoSuchKey}`,
      `REPLICAS spec.replicas ${Outcome.Fail}/0`,
      `IMG-TAG spec.template.spec.containers[0] ${Outcome.Fail}/0`,
      `PORT spec.template.spec.containers[0].ports[0].containerPort ${Outcome.Fail}/0`,
      `ENV-SECRET spec.template.spec.containers[0].env[2] ${Outcome.Fail}/0`,
    ]);
    expect(Array.from(wasm.rows)).toEqual(Array.from(reference.rows));
    expect(Array.from(wasm.counts)).toEqual(Array.from(reference.counts));
  });

  it('counts passes without rows', () => {
    const quiet = runFixture('k8s-examples__meteor__mongo-pod.json', K8S_RULES, false);
    const loud = runFixture('k8s-examples__meteor__mongo-pod.json', K8S_RULES, true);
    expect(Array.from(quiet.wasm.counts)).toEqual(Array.from(loud.wasm.counts));
    expect(loud.rows).toContain(`LABEL metadata.labels.role ${Outcome.Pass}/0`);
    expect(loud.rows.length).toBeGreaterThan(quiet.rows.length);
    expect(Array.from(loud.wasm.rows)).toEqual(Array.from(loud.reference.rows));
    // IMG-TAG ran once and failed once; LABEL ran on both labels.
    expect(Array.from(quiet.wasm.counts.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(Array.from(quiet.wasm.counts.subarray(18, 21))).toEqual([2, 0, 0]);
  });
});

describe('evaluation order and selection', () => {
  it('orders rows by node then rule', () => {
    const program = compileRules([
      { id: 'B', match: '**', assert: 'false' },
      { id: 'A', match: '*', assert: 'false' },
      { id: 'C', match: '', assert: 'false' },
    ]);
    loadTapeIntoCore(core, tableOf({ x: [1, 2], y: 3 }));
    const { rows } = new WasmEvaluator(core, program).evaluate(FILE, new Uint8Array([1, 1, 1]));
    const pairs: string[] = [];
    for (let i = 0; i < rows.length; i += 4) pairs.push(`${rows[i + 1]}:${rows[i]}`);
    expect(pairs).toEqual(['0:0', '0:2', '1:0', '1:1', '2:0', '3:0', '4:0', '4:1']);
  });

  it('skips disabled rules entirely', () => {
    const program = compileRules([
      { id: 'OFF', match: 'nothing', assert: 'false', presenceRequired: true },
      { id: 'ON', match: '*', assert: 'false' },
    ]);
    loadTapeIntoCore(core, tableOf({ a: 1 }));
    const result = new WasmEvaluator(core, program).evaluate(FILE, new Uint8Array([0, 1]));
    expect(Array.from(result.rows)).toEqual([1, 1, Outcome.Fail, 0]);
    expect(Array.from(result.counts)).toEqual([0, 0, 0, 1, 1, 0]);
  });

  it('runs a rule only where when holds', () => {
    const program = compileRules([
      { id: 'W', match: 'a', assert: 'false', when: 'file.format == "yaml"' },
      { id: 'N', match: 'a', assert: 'false', when: '"not bool"' },
    ]);
    loadTapeIntoCore(core, tableOf({ a: 1 }));
    const result = new WasmEvaluator(core, program).evaluate(FILE, new Uint8Array([1, 1]));
    expect(Array.from(result.rows)).toEqual([1, 0, Outcome.Error, EvalError.NotBool]);
  });

  it('keeps the program across documents', () => {
    const program = compileRules([{ id: 'R', match: '**', assert: 'self != 2' }]);
    const evaluator = new WasmEvaluator(core, program);
    const first = tableOf({ a: 2, b: [2, 3] });
    const second = tableOf([1, { c: 2 }]);
    const mask = new Uint8Array([1]);
    loadTapeIntoCore(core, first);
    const a = Array.from(evaluator.evaluate(FILE, mask).rows);
    loadTapeIntoCore(core, second);
    const b = Array.from(evaluator.evaluate(FILE, mask).rows);
    loadTapeIntoCore(core, first);
    expect(Array.from(evaluator.evaluate(FILE, mask).rows)).toEqual(a);
    expect(a).toEqual([0, 1, Outcome.Fail, 0, 0, 3, Outcome.Fail, 0]);
    expect(b).toEqual([0, 3, Outcome.Fail, 0]);
  });

  it('shares a core between two programs', () => {
    const one = new WasmEvaluator(core, compileRules([{ id: 'ONE', match: 'a', assert: 'self == 1' }]));
    const two = new WasmEvaluator(core, compileRules([{ id: 'TWO', match: 'a', assert: 'self == 2' }]));
    loadTapeIntoCore(core, tableOf({ a: 1 }));
    expect(Array.from(one.evaluate(FILE, new Uint8Array([1])).rows)).toEqual([]);
    expect(Array.from(two.evaluate(FILE, new Uint8Array([1])).rows)).toEqual([0, 1, Outcome.Fail, 0]);
    expect(Array.from(one.evaluate(FILE, new Uint8Array([1])).rows)).toEqual([]);
  });
});

describe('VM limits', () => {
  function wasmOutcome(assert: string, value: Parameters<typeof tableOf>[0]): number[] {
    const program = compileRules([{ id: 'L', match: '', assert }]);
    loadTapeIntoCore(core, tableOf(value));
    return Array.from(new WasmEvaluator(core, program).evaluate(FILE, new Uint8Array([1])).rows);
  }

  it('stops at the step limit', () => {
    const list = Array.from({ length: 1500 }, (_, i) => i);
    expect(wasmOutcome('self.all(x, self.all(y, true))', list)).toEqual([0, 0, Outcome.Error, EvalError.StepLimit]);
  });

  it('stops at the stack limit', () => {
    const list = Array.from({ length: 70_000 }, () => 1);
    expect(wasmOutcome('self.map(x, x).size() > 0', list)).toEqual([0, 0, Outcome.Error, EvalError.StackLimit]);
  });

  it('stops at the scratch limit', () => {
    const text = 'x'.repeat(1_200_000);
    expect(wasmOutcome('(self + self + self + self).size() > 0', text)).toEqual([0, 0, Outcome.Error, EvalError.ScratchLimit]);
  });
});

describe('malformed program images', () => {
  interface RawExports {
    program_reserve(length: number): number;
    program_load(length: number): number;
    eval_enabled_reserve(count: number): number;
    eval_document(mask: number, flags: number): number;
  }

  it('never trap on flipped bytes', () => {
    const program = compileRules([
      ...K8S_RULES,
      { id: 'MIX', match: '**', assert: '[1, "a", {"k": [2.5]}].exists(x, x == self) || self.?a.orValue(0) in {1: 2} || string(self).matches("^[a-z]+$")' },
      { id: 'MAP', match: '*', assert: 'self.map(k, k).filter(k, size(k) > 1).size() >= 0' },
    ]);
    const exports = core.exports as unknown as RawExports;
    loadPatternsIntoCore(core, program.patterns);
    const tape = tableOf({ kind: 'Pod', spec: { containers: [{ image: 'a:1', env: [{ name: 'x' }] }], replicas: 3 }, a: 1 });

    let loaded = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(program.image.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(8), (flips, truncate) => {
        const image = program.image.slice(0, program.image.length - (truncate === 8 ? 8 : 0));
        for (const [at, mask] of flips) if (at < image.length) image[at] ^= mask;
        const ptr = exports.program_reserve(image.length) >>> 0;
        core.bytes().set(image, ptr);
        const status = exports.program_load(image.length);
        expect([Status.Ok, Status.BadProgram]).toContain(status);
        if (status !== Status.Ok) return;
        loaded++;
        loadTapeIntoCore(core, tape);
        const maskPtr = exports.eval_enabled_reserve(program.rules.length) >>> 0;
        core.bytes().fill(1, maskPtr, maskPtr + program.rules.length);
        expect([Status.Ok, Status.ResultLimit]).toContain(exports.eval_document(maskPtr, 1));
      }),
      { numRuns: 3000 },
    );
    expect(loaded).toBeGreaterThan(0);
  });
});
