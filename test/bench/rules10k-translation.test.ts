// The rules10k benchmark only means something if its rules mean the same in
// every engine: these tests run the translated rules and the peers' versions
// on the generated workload and compare per-rule violations with the
// workload's own expected counts.

import { beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS } from '../../src/core/abi.js';
import { WasmEvaluator } from '../../src/core/evaluate-wasm.js';
import { flattenInCore } from '../../src/core/flatten.js';
import { evaluateReference } from '../../src/core/reference/evaluate.js';
import { flattenReference } from '../../src/core/reference/flatten/index.js';
import { createCore } from '../../src/node/wasm.js';
import { compileRules } from '../../src/policy/compile.js';
import { countAjvViolations } from '../../bench/peers/ajv-schema.mjs';
import { assertExpression, countViolations, toBulwarkRules } from '../../bench/peers/bulwark-rules.mjs';
import { compilePlainLoop, countsById } from '../../bench/peers/plain-loop.mjs';
import { countRulesEngineViolations } from '../../bench/peers/rules-engine.mjs';
import { loadRules10k } from '../../bench/workloads/rules10k-load.mjs';

type Counts = Record<string, number>;

interface Workload {
  configBytes: Uint8Array;
  config: unknown;
  rules: { id: string; pattern: string; op: string; value?: unknown }[];
  expected: Counts;
}

const CONTEXT = { name: 'config.json', path: 'config.json', format: 'json' as const, dialect: '' };

let workload: Workload;

beforeAll(() => {
  workload = loadRules10k();
});

describe('rules10k translation', () => {
  it('writes every operator as CEL', () => {
    expect(assertExpression({ op: 'eq', value: true })).toBe('self == true');
    expect(assertExpression({ op: 'ne', value: 'Never' })).toBe('self != "Never"');
    expect(assertExpression({ op: 'lt', value: 5 })).toBe('self < 5');
    expect(assertExpression({ op: 'range', value: [2, 9] })).toBe('self >= 2 && self <= 9');
    expect(assertExpression({ op: 'in', value: ['1.2', '1.3'] })).toBe('self in ["1.2", "1.3"]');
    expect(assertExpression({ op: 'regex', value: '^vault://' })).toBe('self.matches(r"^vault://")');
    expect(assertExpression({ op: 'regex', value: 'a"b' })).toBe('self.matches("a\\"b")');
    expect(assertExpression({ op: 'exists' })).toBe('true');
  });

  it('covers all ten workload operators', () => {
    const operators = new Set(workload.rules.map((rule) => rule.op));
    expect([...operators].sort()).toEqual(['eq', 'exists', 'ge', 'gt', 'in', 'le', 'lt', 'ne', 'range', 'regex']);
  });

  it('matches expected counts in WASM', async () => {
    const program = compileRules(toBulwarkRules(workload.rules));
    const core = await createCore();
    const outcome = flattenInCore(core, 'json', workload.configBytes);
    expect(outcome.ok).toBe(true);

    const enabled = new Uint8Array(workload.rules.length).fill(1);
    const { rows } = new WasmEvaluator(core, program).evaluate(CONTEXT, enabled);
    const counts: Counts = countViolations(workload.rules, rows);
    for (const rule of workload.rules) expect({ rule: rule.id, violations: counts[rule.id] }).toEqual({ rule: rule.id, violations: workload.expected[rule.id] });
  });

  it('matches expected counts in reference', () => {
    const program = compileRules(toBulwarkRules(workload.rules));
    const flattened = flattenReference('json', workload.configBytes, { limits: { ...DEFAULT_LIMITS } });
    if (!flattened.ok) throw new Error(`reference flatten failed: ${flattened.code}`);

    const enabled = new Uint8Array(workload.rules.length).fill(1);
    const { rows } = evaluateReference(program, flattened.tape, CONTEXT, enabled);
    const counts: Counts = countViolations(workload.rules, rows);
    for (const rule of workload.rules) expect({ rule: rule.id, violations: counts[rule.id] }).toEqual({ rule: rule.id, violations: workload.expected[rule.id] });
  });

  it('matches expected counts in peers', async () => {
    expect(countAjvViolations(workload.rules, workload.config)).toEqual(workload.expected);
    expect(await countRulesEngineViolations(workload.rules, workload.config, 'dotted')).toEqual(workload.expected);
    expect(await countRulesEngineViolations(workload.rules, workload.config, 'jsonpath')).toEqual(workload.expected);
    expect(countsById(workload.rules, compilePlainLoop(workload.rules)(workload.config))).toEqual(workload.expected);
  });
});
