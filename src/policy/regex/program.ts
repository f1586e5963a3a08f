// Layout of a compiled regular expression (`RegexProgram.words`), shared with
// the WASM matcher in assembly/match/regex.ts. Keep both files in step.
//
// A program is a Uint32Array:
//
//   word 0  REGEX_MAGIC
//   word 1  flags: bit 0 (FLAG_ANCHORED_START) means every match starts at
//           offset 0, so the matcher starts no thread after the first position
//   word 2  start: word offset of the first instruction to run
//   word 3  instruction count
//   word 4  instructions, back to back, up to the end of the array
//
// An instruction's first word holds the opcode in bits 0-7 and an operand in
// bits 8-31. Every target (`out`, `out1`) is the word offset of an
// instruction, counted from word 0:
//
//   OP_MATCH       [op]                              the pattern matched
//   OP_CHAR        [op, out, codePoint]              one code point
//   OP_RANGES      [op | n << 8, out, lo0, hi0, ...] n inclusive ranges, sorted,
//                                                    disjoint; n = 0 never matches
//   OP_ANY         [op, out]                         any code point
//   OP_ANY_NOT_NL  [op, out]                         any code point but \n
//   OP_SPLIT       [op, out, out1]                   continue at both targets
//   OP_JUMP        [op, out]                         continue at out
//   OP_ASSERT      [op | kind << 8, out]             continue when the zero-width
//                                                    assertion `kind` (ast.ts
//                                                    Assertion) holds
//
// Code points are Unicode scalar values; input that is not valid UTF-8 or
// UTF-16 reaches the matcher as U+FFFD, one per invalid byte or unpaired
// surrogate.

export const REGEX_MAGIC = 0x52474550;
export const HEADER_WORDS = 4;
export const FLAG_ANCHORED_START = 1;

export const OP_MATCH = 0;
export const OP_CHAR = 1;
export const OP_RANGES = 2;
export const OP_ANY = 3;
export const OP_ANY_NOT_NL = 4;
export const OP_SPLIT = 5;
export const OP_JUMP = 6;
export const OP_ASSERT = 7;

/** Largest program in words (1 MiB); bigger patterns are rejected at compile time. */
export const MAX_PROGRAM_WORDS = 1 << 18;

const MAX_ASSERTION_KIND = 6;

/** Returns the size in words of the instruction at `pc`, or 0 for an unknown opcode. */
export function instructionWords(words: Uint32Array, pc: number): number {
  const op = words[pc] & 0xff;
  switch (op) {
    case OP_MATCH:
      return 1;
    case OP_CHAR:
    case OP_SPLIT:
      return 3;
    case OP_RANGES:
      return 2 + 2 * (words[pc] >>> 8);
    case OP_ANY:
    case OP_ANY_NOT_NL:
    case OP_JUMP:
    case OP_ASSERT:
      return 2;
    default:
      return 0;
  }
}

/**
 * Checks that a program is well formed: the header, every instruction inside
 * the array, every target on an instruction start, ranges sorted. Returns the
 * reason it is malformed, or undefined.
 */
export function checkProgram(words: Uint32Array): string | undefined {
  const length = words.length;
  if (length < HEADER_WORDS + 1 || words[0] !== REGEX_MAGIC) return 'missing header';
  if (length > MAX_PROGRAM_WORDS) return 'program is too large';

  // Pass 1: find instruction starts.
  const isStart = new Uint8Array(length);
  let count = 0;
  for (let pc = HEADER_WORDS; pc < length; ) {
    const size = instructionWords(words, pc);
    if (size === 0 || pc + size > length) return 'truncated or unknown instruction';
    isStart[pc] = 1;
    count++;
    pc += size;
  }
  if (count !== words[3]) return 'instruction count does not match the header';
  if (isStart[words[2]] !== 1) return 'start is not an instruction';

  // Pass 2: targets and operands.
  for (let pc = HEADER_WORDS; pc < length; pc += instructionWords(words, pc)) {
    const op = words[pc] & 0xff;
    if (op === OP_MATCH) continue;
    if (isStart[words[pc + 1]] !== 1) return 'target is not an instruction';
    if (op === OP_SPLIT && isStart[words[pc + 2]] !== 1) return 'target is not an instruction';
    if (op === OP_ASSERT && ((words[pc] >>> 8) < 1 || (words[pc] >>> 8) > MAX_ASSERTION_KIND)) return 'unknown assertion';
    if (op === OP_RANGES && !rangesAreSorted(words, pc)) return 'ranges are not sorted';
  }
  return undefined;
}

function rangesAreSorted(words: Uint32Array, pc: number): boolean {
  const n = words[pc] >>> 8;
  let previousHi = -1;
  for (let i = 0; i < n; i++) {
    const lo = words[pc + 2 + 2 * i];
    const hi = words[pc + 3 + 2 * i];
    if (lo <= previousHi || hi < lo) return false;
    previousHi = hi;
  }
  return true;
}
