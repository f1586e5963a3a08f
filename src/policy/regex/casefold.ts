// Simple case folding for `(?i)`: every code point belongs to an orbit of
// code points that fold together (k, K and U+212A KELVIN SIGN form one). The
// compiler replaces each literal and class by the union of the orbits it
// touches, so the matcher never folds at run time.

import { CASE_ORBIT_TABLE, EVEN_ODD, ODD_EVEN } from './casefold-table.js';

const ROW_WORDS = 3;

/** Returns the next member of `c`'s orbit, or `c` itself when it has no case partner. */
export function nextInOrbit(c: number): number {
  const row = findRow(c);
  if (row < 0) return c;

  const delta = CASE_ORBIT_TABLE[row * ROW_WORDS + 2];
  if (delta === EVEN_ODD) return c % 2 === 0 ? c + 1 : c - 1;
  if (delta === ODD_EVEN) return c % 2 === 1 ? c + 1 : c - 1;
  return c + delta;
}

/** Returns every member of `c`'s orbit, `c` included. */
export function orbitOf(c: number): number[] {
  const members = [c];
  for (let d = nextInOrbit(c); d !== c; d = nextInOrbit(d)) members.push(d);
  return members;
}

/**
 * Calls `visit` for each code point in [lo, hi] that has case partners. It
 * walks the table rows that overlap the range, so a full-range class costs a
 * few thousand steps, not a million.
 */
export function forEachFoldable(lo: number, hi: number, visit: (c: number) => void): void {
  const rows = CASE_ORBIT_TABLE.length / ROW_WORDS;
  for (let row = firstRowEndingAtOrAfter(lo); row < rows; row++) {
    const rowLo = CASE_ORBIT_TABLE[row * ROW_WORDS];
    const rowHi = CASE_ORBIT_TABLE[row * ROW_WORDS + 1];
    if (rowLo > hi) break;
    for (let c = Math.max(lo, rowLo); c <= Math.min(hi, rowHi); c++) visit(c);
  }
}

function findRow(c: number): number {
  const row = firstRowEndingAtOrAfter(c);
  if (row * ROW_WORDS >= CASE_ORBIT_TABLE.length) return -1;
  return CASE_ORBIT_TABLE[row * ROW_WORDS] <= c ? row : -1;
}

// Binary search for the first row whose hi is >= c.
function firstRowEndingAtOrAfter(c: number): number {
  let low = 0;
  let high = CASE_ORBIT_TABLE.length / ROW_WORDS;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (CASE_ORBIT_TABLE[middle * ROW_WORDS + 1] < c) low = middle + 1;
    else high = middle;
  }
  return low;
}
