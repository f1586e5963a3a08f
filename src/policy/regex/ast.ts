// Syntax tree of a parsed pattern. Flags are already applied: `(?i)` has
// folded literals and classes into sets, `(?s)` has chosen the kind of `.`,
// `(?m)` has chosen the kind of `^` and `$`.

import type { RangeList } from './charset.js';

/** Zero-width assertions, with the numbers the compiled program uses. */
export const Assertion = {
  /** `\A`, or `^` without `(?m)`. */
  BeginText: 1,
  /** `\z`, or `$` without `(?m)`. */
  EndText: 2,
  /** `^` under `(?m)`: start of text or after `\n`. */
  BeginLine: 3,
  /** `$` under `(?m)`: end of text or before `\n`. */
  EndLine: 4,
  /** `\b`: an ASCII word character on exactly one side. */
  WordBoundary: 5,
  /** `\B`. */
  NotWordBoundary: 6,
} as const;
export type Assertion = (typeof Assertion)[keyof typeof Assertion];

export type RegexNode =
  | { kind: 'empty' }
  /** A literal or a class: the code points it matches, normalized. */
  | { kind: 'set'; ranges: RangeList }
  /** `.`: any code point, `\n` included only under `(?s)`. */
  | { kind: 'any'; matchesNewline: boolean }
  | { kind: 'assert'; assertion: Assertion }
  | { kind: 'concat'; items: RegexNode[] }
  | { kind: 'alternate'; items: RegexNode[] }
  /** `max` is -1 when unbounded. `column` locates the operator for size errors. */
  | { kind: 'repeat'; item: RegexNode; min: number; max: number; greedy: boolean; counted: boolean; column: number }
  | { kind: 'group'; item: RegexNode; name: string | undefined; capturing: boolean };
