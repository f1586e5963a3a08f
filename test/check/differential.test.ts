// The WASM engine and the TypeScript reference engine must report the same
// findings for every input: real configs, random documents and mutations of
// real configs.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import type { CheckEngine } from '../../src/check/engine.js';
import { createEngine, loadRulePacks } from '../../src/node/check.js';

const FIXTURE_DIRS = ['fixtures/configs', 'fixtures/formats/configs'];

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

let wasm: CheckEngine;
let reference: CheckEngine;
const samples = FIXTURE_DIRS.flatMap(listFiles).map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));

beforeAll(async () => {
  const pack = await loadRulePacks({});
  wasm = await createEngine(pack, 'wasm');
  reference = await createEngine(pack, 'reference');
});

function bothEngines(path: string, bytes: Uint8Array) {
  return { fromWasm: wasm.checkFile(path, bytes), fromReference: reference.checkFile(path, bytes) };
}

describe('engine differential', () => {
  it('has real samples to compare', () => {
    expect(samples.length).toBeGreaterThan(20);
  });

  it('agrees on every real config', () => {
    for (const { path, bytes } of samples) {
      const { fromWasm, fromReference } = bothEngines(path, bytes);
      expect(fromWasm, path).toEqual(fromReference);
    }
  });

  it('agrees on mutated real configs', () => {
    const mutation = fc.record({
      sample: fc.integer({ min: 0, max: Math.max(samples.length - 1, 0) }),
      at: fc.nat(),
      cut: fc.integer({ min: 0, max: 40 }),
      insert: fc.string({ maxLength: 12, unit: fc.constantFrom('{', '}', '[', ']', ':', ',', '"', "'", '\n', ' ', '-', '=', '#', ';', 'a', '1', '\\', '\t', 'é') }),
    });
    fc.assert(
      fc.property(mutation, ({ sample, at, cut, insert }) => {
        const { path, bytes } = samples[sample];
        const text = new TextDecoder().decode(bytes);
        const position = at % (text.length + 1);
        const mutated = new TextEncoder().encode(text.slice(0, position) + insert + text.slice(position + cut));
        const { fromWasm, fromReference } = bothEngines(path, mutated);
        expect(fromWasm).toEqual(fromReference);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees on random JSON documents', () => {
    const keys = fc.constantFrom('spec', 'containers', 'securityContext', 'privileged', 'image', 'env', 'name', 'value', 'password', 'tls', 'debug', 'ports', 'hostPath', 'path', 'kind', 'apiVersion', 'services', 'environment', 'x');
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, fc.constantFrom(null, true, false, 0, 1, 80, 1.5, 'true', 'no', 'latest', 'nginx:latest', '0.0.0.0/0', '*', 'TLSv1'), fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(keys, tie('tree'), { maxKeys: 5 })),
    }));
    fc.assert(
      fc.property(tree, fc.constantFrom('doc.json', 'doc.yaml'), (value, name) => {
        const text = name.endsWith('.json') ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        const { fromWasm, fromReference } = bothEngines(name, new TextEncoder().encode(text));
        expect(fromWasm).toEqual(fromReference);
      }),
      { numRuns: 1500 },
    );
  });
});
