import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CoreError } from '../../src/core/errors.js';
import { CoreInstance } from '../../src/core/wasm.js';
import { CheckEngine } from '../../src/check/engine.js';
import { buildPack } from '../../src/check/pack.js';
import { PARSE_ERROR_RULE } from '../../src/check/finding.js';

const wasmBytes = readFileSync('build/bulwark.wasm');

describe('CoreInstance', () => {
  it('instantiates from bytes', async () => {
    const core = await CoreInstance.create(wasmBytes);
    expect(core.exports.memory).toBeInstanceOf(WebAssembly.Memory);
    expect(core.module).toBeInstanceOf(WebAssembly.Module);
  });

  it('instantiates from a compiled module', async () => {
    const module = await WebAssembly.compile(wasmBytes);
    const fromAsync = await CoreInstance.create(module, { maxDepth: 7 });
    const fromSync = CoreInstance.createSync(module);
    expect(fromAsync.limits.maxDepth).toBe(7);
    expect(fromSync.limits.maxDepth).toBe(512);
  });

  it('applies the input limit in the core', async () => {
    const core = await CoreInstance.create(wasmBytes, { maxInputBytes: 100 });
    expect(core.exports.input_check(100)).toBe(0);
    expect(core.exports.input_check(101)).not.toBe(0);
    expect(core.exports.input_reserve(101)).toBe(0);
  });

  it('turns traps into core errors naming the input', async () => {
    const core = await CoreInstance.create(wasmBytes);
    const trap = () => core.call('configs/app.yaml', () => {
      throw new WebAssembly.RuntimeError('unreachable');
    });
    expect(trap).toThrow(CoreError);
    expect(trap).toThrow(/WASM core failed on configs\/app\.yaml: unreachable/);
  });

  it('passes other errors through', async () => {
    const core = await CoreInstance.create(wasmBytes);
    expect(() => core.call('x', () => {
      throw new TypeError('not a core failure');
    })).toThrow(TypeError);
  });

  it('gives fresh memory views', async () => {
    const core = await CoreInstance.create(wasmBytes);
    expect(core.bytes().buffer).toBe(core.exports.memory.buffer);
    expect(core.words().length).toBe(core.bytes().length / 4);
  });
});

describe('CheckEngine error isolation', () => {
  const pack = buildPack({ name: 't', version: '1.0.0' }, [{
    path: 't.yaml',
    text: `rules:
  - id: T-1
    title: t
    severity: low
    frameworks: { SOC2: [CC8.1] }
    match: "**"
    assert: "true"
    message: m
    remediation: r
    examples: { pass: ["a: 1"], fail: ["a: 1"] }
`,
  }]);

  it('reports a core limit as a finding and continues', async () => {
    // The host parser allows 1,000 nodes, the core only 10: loading the table fails.
    const core = await CoreInstance.create(wasmBytes, { maxNodes: 10 });
    const engine = new CheckEngine(pack, { core, limits: { maxNodes: 1000 } });
    const big = Array.from({ length: 50 }, (_, i) => `k${i}: ${i}`).join('\n');

    const failed = engine.checkFile('big.yaml', new TextEncoder().encode(big));
    expect(failed.findings).toHaveLength(1);
    expect(failed.findings[0].ruleId).toBe(PARSE_ERROR_RULE);
    expect(failed.findings[0].message).toMatch(/ERR_TABLE_LIMIT/);

    const next = engine.checkFile('small.yaml', new TextEncoder().encode('a: 1\n'));
    expect(next.findings).toEqual([]);
    expect(next.result.rules[0].evaluated).toBe(2);
  });
});
