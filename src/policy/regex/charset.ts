// Sets of Unicode code points as sorted, disjoint, non-adjacent ranges
// [lo0, hi0, lo1, hi1, ...]: the form classes take in the compiled program.

import { forEachFoldable, orbitOf } from './casefold.js';

export const MAX_CODE_POINT = 0x10ffff;

export type RangeList = number[];

/** Sorts ranges and merges the ones that overlap or touch. */
export function normalize(ranges: RangeList): RangeList {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);

  const out: RangeList = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last] + 1) {
      if (hi > out[last]) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Returns the code points (0 to U+10FFFF) not in a normalized set. */
export function complement(ranges: RangeList): RangeList {
  const out: RangeList = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > next) out.push(next, ranges[i] - 1);
    next = ranges[i + 1] + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/** Adds the case-folding orbit of every member, for `(?i)`. */
export function foldCase(ranges: RangeList): RangeList {
  const out = ranges.slice();
  for (let i = 0; i < ranges.length; i += 2) {
    forEachFoldable(ranges[i], ranges[i + 1], (c) => {
      for (const member of orbitOf(c)) out.push(member, member);
    });
  }
  return normalize(out);
}

// Perl classes, ASCII only as in RE2. `\s` is [\t\n\f\r ]: RE2 leaves out \v.
const PERL_CLASSES: Record<string, RangeList> = {
  d: [0x30, 0x39],
  s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  w: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
};

// POSIX bracket classes `[[:name:]]`, ASCII only as in RE2.
const POSIX_CLASSES: Record<string, RangeList> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** Returns the ranges of `\d`, `\s` or `\w` (lower-case letter), or undefined. */
export function perlClass(letter: string): RangeList | undefined {
  return Object.hasOwn(PERL_CLASSES, letter) ? PERL_CLASSES[letter] : undefined;
}

/** Returns the ranges of a POSIX class name such as `alpha`, or undefined. */
export function posixClass(name: string): RangeList | undefined {
  return Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
}

/**
 * Builds the set of one class item (a Perl or POSIX class, possibly negated)
 * under the case flag. As in RE2, a negated item is folded before it is
 * complemented, so `(?i)\W` excludes both `k` and U+212A.
 */
export function classItem(ranges: RangeList, negated: boolean, caseInsensitive: boolean): RangeList {
  const positive = caseInsensitive ? foldCase(ranges) : ranges.slice();
  return negated ? complement(positive) : positive;
}
