// Shared helpers of the flatten tests: one WASM core, both engines on the
// same bytes, and a row-by-row comparison of their node tables.

import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/abi.js';
import { type FlattenFailure, type FlattenFormat, copyCoreTape, flattenInCore } from '../../src/core/flatten.js';
import { flattenReference } from '../../src/core/reference/flatten/index.js';
import type { Tape } from '../../src/core/tape.js';
import { CoreInstance } from '../../src/core/wasm.js';
import type { Dialect } from '../../src/policy/rule.js';

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../../build/bulwark.wasm', import.meta.url)));

export function createCore(limits: Partial<Limits> = {}): CoreInstance {
  return CoreInstance.createSync(wasmModule, limits);
}

const sharedCore = createCore();
const utf8 = new TextEncoder();

export type EngineOutcome = { ok: true; tape: Tape } | FlattenFailure;

export interface BothOutcomes {
  core: EngineOutcome;
  reference: EngineOutcome;
}

export function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? utf8.encode(input) : input;
}

/** Flattens with the WASM core (the shared instance unless one is given). */
export function flattenCore(format: FlattenFormat, input: string | Uint8Array, dialect?: Dialect, core = sharedCore): EngineOutcome {
  const outcome = flattenInCore(core, format, toBytes(input), dialect);
  return outcome.ok ? { ok: true, tape: copyCoreTape(core) } : outcome;
}

export function flattenRef(format: FlattenFormat, input: string | Uint8Array, dialect?: Dialect, limits: Limits = { ...DEFAULT_LIMITS }): EngineOutcome {
  return flattenReference(format, toBytes(input), { dialect, limits });
}

export function flattenBoth(format: FlattenFormat, input: string | Uint8Array, dialect?: Dialect): BothOutcomes {
  return { core: flattenCore(format, input, dialect), reference: flattenRef(format, input, dialect) };
}

/** Copies one row into plain data, for comparisons and readable failure output. */
export function describeRow(tape: Tape, i: number): Record<string, unknown> {
  return {
    row: i,
    kind: tape.kind(i),
    flags: tape.flags(i),
    depth: tape.depth(i),
    parent: tape.parent(i),
    end: tape.end(i),
    key: tape.key(i),
    keyHash: tape.keyHash(i),
    text: tape.text(i),
    number: tape.number(i),
    line: tape.line(i),
    column: tape.column(i),
  };
}

/** Describes the first difference between two outcomes, or returns undefined when they agree. */
export function differenceOf(a: EngineOutcome, b: EngineOutcome): string | undefined {
  if (!a.ok || !b.ok) {
    const strip = (o: EngineOutcome) => (o.ok ? { ok: true, rows: o.tape.count } : { ...o });
    const left = JSON.stringify(strip(a));
    const right = JSON.stringify(strip(b));
    return left === right ? undefined : `core ${left} vs reference ${right}`;
  }
  if (a.tape.count !== b.tape.count) return `row count ${a.tape.count} vs ${b.tape.count}`;
  for (let i = 0; i < a.tape.count; i++) {
    const left = describeRow(a.tape, i);
    const right = describeRow(b.tape, i);
    for (const field of Object.keys(left)) {
      if (!Object.is(left[field], right[field])) {
        return `row ${i} ${field}: core ${JSON.stringify(left)} vs reference ${JSON.stringify(right)}`;
      }
    }
  }
  return undefined;
}

/** Returns all rows of a successful outcome, and throws with the failure otherwise. */
export function rowsOf(outcome: EngineOutcome): Record<string, unknown>[] {
  if (!outcome.ok) throw new Error(`flatten failed: ${JSON.stringify(outcome)}`);
  return Array.from({ length: outcome.tape.count }, (_, i) => describeRow(outcome.tape, i));
}
