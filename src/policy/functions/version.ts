// versionCompare: dotted and semantic versions (semver.org 2.0.0 precedence,
// made total so that any two strings compare).
//
//   1. One leading `v` or `V` before a digit is dropped: `v1.2` == `1.2`.
//   2. Build metadata, from the first `+`, is ignored.
//   3. The first `-` starts the pre-release; the rest is the core.
//   4. Core segments (split on `.`) compare in order; a missing or empty
//      segment counts as 0, so `1.2` == `1.2.0`. Segments of digits compare
//      as numbers of any length; other segments compare byte by byte; a
//      numeric segment sorts before an alphanumeric one.
//   5. With equal cores, a version with a pre-release sorts before one
//      without. Pre-release identifiers compare like core segments, but a
//      shorter list sorts first when all its identifiers are equal
//      (`1.0.0-alpha` < `1.0.0-alpha.1`).

import { compareBytes, compareDigits, indexOfByte, isDigit, utf8 } from './text.js';

const DOT = 0x2e;
const HYPHEN = 0x2d;
const PLUS = 0x2b;

/** A version as offsets into its bytes; `preStart` is -1 without a pre-release. */
interface VersionParts {
  bytes: Uint8Array;
  coreStart: number;
  coreEnd: number;
  preStart: number;
  end: number;
}

/** Compares two versions; returns -1, 0 or 1. Never throws: every string is a version. */
export function versionCompare(a: string, b: string): number {
  const x = splitVersion(utf8(a));
  const y = splitVersion(utf8(b));

  const core = compareSegments(x.bytes, x.coreStart, x.coreEnd, y.bytes, y.coreStart, y.coreEnd, true);
  if (core !== 0) return core;

  if (x.preStart < 0 || y.preStart < 0) return Math.sign(y.preStart - x.preStart) as -1 | 0 | 1;
  return compareSegments(x.bytes, x.preStart, x.end, y.bytes, y.preStart, y.end, false);
}

function splitVersion(bytes: Uint8Array): VersionParts {
  let start = 0;
  if (bytes.length >= 2 && (bytes[0] === 0x76 || bytes[0] === 0x56) && isDigit(bytes[1])) start = 1;

  const end = indexOfByte(bytes, PLUS, start, bytes.length);
  const hyphen = indexOfByte(bytes, HYPHEN, start, end);
  return { bytes, coreStart: start, coreEnd: hyphen, preStart: hyphen < end ? hyphen + 1 : -1, end };
}

/**
 * Compares dot-separated lists. With `zeroFill` (the core) a missing segment
 * counts as 0; without it (the pre-release) the shorter list sorts first.
 */
function compareSegments(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number, zeroFill: boolean): number {
  // A position past the end (end + 1) marks an exhausted list.
  let i = aStart;
  let j = bStart;
  while (i <= aEnd || j <= bEnd) {
    if (!zeroFill && (i > aEnd || j > bEnd)) return i > aEnd ? -1 : 1;

    const iEnd = i <= aEnd ? indexOfByte(a, DOT, i, aEnd) : i;
    const jEnd = j <= bEnd ? indexOfByte(b, DOT, j, bEnd) : j;
    const order = compareIdentifiers(a, i, iEnd, b, j, jEnd);
    if (order !== 0) return order;
    i = iEnd + 1;
    j = jEnd + 1;
  }
  return 0;
}

// An empty identifier (missing or between two dots) counts as the number 0.
function compareIdentifiers(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const aNumeric = isNumeric(a, aStart, aEnd);
  const bNumeric = isNumeric(b, bStart, bEnd);
  if (aNumeric && bNumeric) return compareDigits(a, aStart, aEnd, b, bStart, bEnd);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareBytes(a, aStart, aEnd, b, bStart, bEnd);
}

function isNumeric(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(bytes[i])) return false;
  return true;
}
