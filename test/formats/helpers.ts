// Shared helpers of the format tests: fixture loading and node look-up by path.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/abi.js';
import { formatPath, type Tape } from '../../src/core/tape.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

export const LIMITS: Limits = { ...DEFAULT_LIMITS };

export function fixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + relative));
}

export function fixtureText(relative: string): string {
  return readFileSync(FIXTURES + relative, 'utf8');
}

/** Row indexes whose path prints as `path` (duplicated keys give several). */
export function rowsAt(tape: Tape, path: string): number[] {
  const rows: number[] = [];
  for (let i = 0; i < tape.count; i++) if (formatPath(tape.path(i)) === path) rows.push(i);
  return rows;
}

/** Returns the single row at `path`, failing the test when there is none or several. */
export function rowAt(tape: Tape, path: string): number {
  const rows = rowsAt(tape, path);
  if (rows.length !== 1) throw new Error(`expected one row at ${path}, found ${rows.length}`);
  return rows[0];
}

/** `line:column` of the row at `path`. */
export function positionAt(tape: Tape, path: string): string {
  const row = rowAt(tape, path);
  return `${tape.line(row)}:${tape.column(row)}`;
}

/** Checks the structural invariants every table must keep. */
export function checkTapeInvariants(tape: Tape): void {
  for (let i = 0; i < tape.count; i++) {
    const end = tape.end(i);
    if (end <= i || end > tape.count) throw new Error(`row ${i}: subtree end ${end} out of range`);
    const parent = tape.parent(i);
    if (i === 0 ? parent !== -1 : parent < 0 || parent >= i || tape.end(parent) < end) throw new Error(`row ${i}: bad parent ${parent}`);
    if (i > 0 && tape.depth(i) !== tape.depth(parent) + 1) throw new Error(`row ${i}: depth ${tape.depth(i)} under parent depth ${tape.depth(parent)}`);
    if (tape.line(i) < 1 || tape.column(i) < 1) throw new Error(`row ${i}: position ${tape.line(i)}:${tape.column(i)}`);
  }
}
