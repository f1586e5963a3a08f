// Pike VM: runs a program from program.ts over a sequence of code points and
// reports whether it matches anywhere (unanchored search). A thread list
// accepts each instruction once per input position (the sparse-set check in
// addThread), so the time is O(program x input) whatever the pattern, and
// `(a*)*b` cannot backtrack catastrophically.
// This is the reference for the WASM matcher in assembly/match/regex.ts.

import { Assertion } from './ast.js';
import { FLAG_ANCHORED_START, OP_ANY, OP_ANY_NOT_NL, OP_ASSERT, OP_CHAR, OP_JUMP, OP_MATCH, OP_RANGES, OP_SPLIT } from './program.js';

const NEWLINE = 0x0a;
/** Stands for "no code point" before the start and after the end of the input. */
const NONE = -1;

/**
 * A thread list: a sparse set of instruction offsets. Membership needs no
 * clearing between steps, because `dense[sparse[pc]] === pc` only holds for
 * members added since the last reset.
 */
class ThreadList {
  sparse: Uint32Array;
  dense: Uint32Array;
  size = 0;

  constructor(words: number, instructions: number) {
    this.sparse = new Uint32Array(words);
    this.dense = new Uint32Array(instructions);
  }

  has(pc: number): boolean {
    const index = this.sparse[pc];
    return index < this.size && this.dense[index] === pc;
  }

  add(pc: number): void {
    this.sparse[pc] = this.size;
    this.dense[this.size++] = pc;
  }
}

// Scratch reused between calls and grown only for a bigger program; the VM
// never re-enters itself, so one set of lists is enough.
let current = new ThreadList(0, 0);
let next = new ThreadList(0, 0);
let stack = new Uint32Array(0);

/**
 * Returns whether `program` (already checked by checkProgram) matches
 * anywhere in `input[0 .. length)`, an array of code points.
 */
export function pikeSearch(program: Uint32Array, input: Uint32Array, length: number): boolean {
  reserveScratch(program.length, program[3]);
  const anchored = (program[1] & FLAG_ANCHORED_START) !== 0;
  const start = program[2];
  let list = current;
  let following = next;
  list.size = 0;

  for (let position = 0; ; position++) {
    const previous = position > 0 ? input[position - 1] : NONE;
    const here = position < length ? input[position] : NONE;
    if (position === 0 || !anchored) {
      if (addThread(program, list, start, previous, here, position, length)) return true;
    }
    if (position >= length || (list.size === 0 && anchored)) return false;

    // Step every thread over the code point at `position`.
    const after = position + 1 < length ? input[position + 1] : NONE;
    following.size = 0;
    for (let i = 0; i < list.size; i++) {
      const pc = list.dense[i];
      if (consumes(program, pc, here) && addThread(program, following, program[pc + 1], here, after, position + 1, length)) {
        return true;
      }
    }
    [list, following] = [following, list];
  }
}

function reserveScratch(words: number, instructions: number): void {
  if (current.sparse.length < words || current.dense.length < instructions) {
    current = new ThreadList(words, instructions);
    next = new ThreadList(words, instructions);
  }
  if (stack.length < 2 * instructions + 1) stack = new Uint32Array(2 * instructions + 1);
}

/**
 * Adds `pc` and everything reachable from it without consuming input to
 * `list`, evaluating assertions at `position`. Returns true when OP_MATCH is
 * reachable. An explicit stack replaces recursion, and it never has more
 * than two entries per instruction added.
 */
function addThread(
  program: Uint32Array,
  list: ThreadList,
  pc: number,
  previous: number,
  here: number,
  position: number,
  length: number,
): boolean {
  let top = 0;
  stack[top++] = pc;
  while (top > 0) {
    const at = stack[--top];
    if (list.has(at)) continue;
    list.add(at);

    const word = program[at];
    switch (word & 0xff) {
      case OP_MATCH:
        return true;
      case OP_JUMP:
        stack[top++] = program[at + 1];
        break;
      case OP_SPLIT:
        stack[top++] = program[at + 2];
        stack[top++] = program[at + 1];
        break;
      case OP_ASSERT:
        if (assertionHolds(word >>> 8, previous, here, position, length)) stack[top++] = program[at + 1];
        break;
    }
  }
  return false;
}

function consumes(program: Uint32Array, pc: number, c: number): boolean {
  const word = program[pc];
  switch (word & 0xff) {
    case OP_CHAR:
      return program[pc + 2] === c;
    case OP_RANGES:
      return inRanges(program, pc + 2, word >>> 8, c);
    case OP_ANY:
      return true;
    case OP_ANY_NOT_NL:
      return c !== NEWLINE;
    default:
      return false;
  }
}

// Binary search over `count` sorted [lo, hi] pairs starting at `base`.
function inRanges(program: Uint32Array, base: number, count: number, c: number): boolean {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (program[base + 2 * middle + 1] < c) low = middle + 1;
    else high = middle;
  }
  return low < count && program[base + 2 * low] <= c;
}

function assertionHolds(kind: number, previous: number, here: number, position: number, length: number): boolean {
  switch (kind) {
    case Assertion.BeginText:
      return position === 0;
    case Assertion.EndText:
      return position === length;
    case Assertion.BeginLine:
      return position === 0 || previous === NEWLINE;
    case Assertion.EndLine:
      return position === length || here === NEWLINE;
    case Assertion.WordBoundary:
      return isWordChar(previous) !== isWordChar(here);
    case Assertion.NotWordBoundary:
      return isWordChar(previous) === isWordChar(here);
    default:
      return false;
  }
}

/** ASCII word characters [0-9A-Za-z_], as RE2's `\b` uses. */
function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
