// Shared helpers of the path-pattern tests: a WASM core, documents built as
// node tables, and running both matchers over them.

import { readFileSync } from 'node:fs';
import { NodeKind } from '../../src/core/abi.js';
import { matchPatternsInCore, loadPatternsIntoCore } from '../../src/core/pattern-wasm.js';
import { type PathStep, type Tape, TapeBuilder, formatPath } from '../../src/core/tape.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { CoreInstance } from '../../src/core/wasm.js';
import { type PatternSet, compilePatterns, matchPatternsReference } from '../../src/policy/pattern/index.js';

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../../build/bulwark.wasm', import.meta.url)));

export function createCore(): CoreInstance {
  return CoreInstance.createSync(wasmModule);
}

/**
 * A document value for tests: plain JSON values, except that `Entries` keeps
 * duplicate keys in order, as the node table does.
 */
export type DocumentValue = null | boolean | number | string | DocumentValue[] | Entries | { [key: string]: DocumentValue };

export class Entries {
  constructor(readonly entries: [string, DocumentValue][]) {}
}

/** Builds the node table of a document value. */
export function tapeOf(value: unknown): Tape {
  const builder = new TapeBuilder(new Uint8Array(0));
  addNode(builder, undefined, value);
  return builder.finish();
}

function addNode(builder: TapeBuilder, key: PathStep | undefined, value: unknown): void {
  if (value === null) builder.scalar(NodeKind.Null, key, 'null', 1, 1);
  else if (typeof value === 'boolean') builder.scalar(NodeKind.Bool, key, String(value), 1, 1, value ? 1 : 0);
  else if (typeof value === 'number') builder.scalar(NodeKind.Number, key, String(value), 1, 1, value);
  else if (typeof value === 'string') builder.scalar(NodeKind.String, key, value, 1, 1);
  else if (Array.isArray(value)) {
    builder.open(NodeKind.Array, key, 1, 1);
    value.forEach((item, index) => addNode(builder, index, item));
    builder.close();
  } else {
    builder.open(NodeKind.Object, key, 1, 1);
    const entries = value instanceof Entries ? value.entries : Object.entries(value as object);
    for (const [name, item] of entries) addNode(builder, name, item);
    builder.close();
  }
}

/** Match pairs as `pattern -> formatted path` strings, for readable expectations. */
export function describePairs(set: PatternSet, tape: Tape, pairs: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push(`${set.patterns[pairs[i]]} -> ${formatPath(tape.path(pairs[i + 1])) || '$'}`);
  return out;
}

/** Runs the WASM matcher over `tape` with `set` loaded. */
export function matchInWasm(core: CoreInstance, set: PatternSet, tape: Tape): Uint32Array {
  loadPatternsIntoCore(core, set);
  loadTapeIntoCore(core, tape);
  return matchPatternsInCore(core);
}

/** Paths (formatted, `$` for the root) matched by one pattern, by the reference and by the WASM core. */
export function matchedPaths(core: CoreInstance, pattern: string, document: unknown): { reference: string[]; wasm: string[] } {
  const set = compilePatterns([pattern]);
  const tape = tapeOf(document);
  const paths = (pairs: Uint32Array) => describePairs(set, tape, pairs).map((row) => row.slice(pattern.length + 4));
  return { reference: paths(matchPatternsReference(set, tape)), wasm: paths(matchInWasm(core, set, tape)) };
}
