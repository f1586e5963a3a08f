// Shared helpers of the YAML tests: the core's fast path and the `yaml`
// package on the same text, and a row-by-row comparison of their tables.

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/abi.js';
import { copyCoreTape } from '../../src/core/flatten.js';
import type { Tape } from '../../src/core/tape.js';
import { CoreInstance } from '../../src/core/wasm.js';
import { forEachYamlDocumentInCore, type YamlCoreOptions, type YamlFallback } from '../../src/core/yaml-core.js';
import { parseYaml } from '../../src/formats/yaml.js';

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../../build/bulwark.wasm', import.meta.url)));

export function createCore(limits: Partial<Limits> = {}): CoreInstance {
  return CoreInstance.createSync(wasmModule, limits);
}

export const sharedCore = createCore();
const utf8 = new TextEncoder();

export interface CoreDocuments {
  tapes: Tape[];
  indexes: number[];
  fallback?: YamlFallback;
}

/** Flattens every document with the core, copying each table out. */
export function coreDocuments(text: string | Uint8Array, options: YamlCoreOptions = {}, core = sharedCore): CoreDocuments {
  const bytes = typeof text === 'string' ? utf8.encode(text) : text;
  const tapes: Tape[] = [];
  const indexes: number[] = [];
  const outcome = forEachYamlDocumentInCore(core, bytes, options, (index) => {
    tapes.push(copyCoreTape(core));
    indexes.push(index);
  });
  return outcome.ok ? { tapes, indexes } : { tapes, indexes, fallback: outcome.fallback };
}

export function packageDocuments(text: string, options: { yaml11Booleans?: boolean } = {}, limits: Limits = { ...DEFAULT_LIMITS }) {
  return parseYaml('test.yaml', text, limits, options);
}

/** One row as comparable values: texts instead of offsets. */
export function describeRow(tape: Tape, i: number) {
  return {
    row: i,
    kind: tape.kind(i),
    flags: tape.flags(i),
    depth: tape.depth(i),
    parent: tape.parent(i),
    end: tape.end(i),
    key: tape.key(i),
    text: tape.text(i),
    number: Object.is(tape.number(i), -0) ? '-0' : tape.number(i),
    line: tape.line(i),
    column: tape.column(i),
  };
}

export function describeTape(tape: Tape) {
  const rows = [];
  for (let i = 0; i < tape.count; i++) rows.push(describeRow(tape, i));
  return rows;
}

/**
 * Asserts that the core gives the package's tables, or falls back. Returns
 * whether it fell back. A fallback is only allowed when `allowFallback` holds.
 */
export function expectSameAsPackage(text: string, options: YamlCoreOptions = {}, allowFallback = true): boolean {
  const core = coreDocuments(text, options);
  const expected = packageDocuments(text, options);
  if (core.fallback) {
    if (!allowFallback) expect.fail(`core fell back: status ${core.fallback.status} at ${core.fallback.line}:${core.fallback.column}`);
    return true;
  }
  expect(expected.failures.map((f) => f.code), 'package failures on a document the core took').toEqual([]);
  expect(core.indexes).toEqual(expected.documentIndexes);
  for (let d = 0; d < core.tapes.length; d++) {
    expect(describeTape(core.tapes[d])).toEqual(describeTape(expected.documents[d]));
  }
  return false;
}
