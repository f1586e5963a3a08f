// Pike VM for compiled regular expressions, the WASM twin of
// src/policy/regex/pike.ts. Programs come from the TypeScript compiler
// (src/policy/regex/compiler.ts); their layout is documented in
// src/policy/regex/program.ts and repeated below. Keep both in step.
//
// Exported to the rule VM:
//
//   regexTestAt(programPtr: usize, programWords: u32,
//               inputPtr: usize, inputLength: u32): i32
//     Unanchored search (CEL `matches`) of the program at `programPtr`
//     (`programWords` u32 words) over `inputLength` bytes of UTF-8 at
//     `inputPtr`. Returns 1 on a match, 0 on no match, REGEX_BAD_PROGRAM (-1)
//     for a malformed program and REGEX_OUT_OF_MEMORY (-2) when the thread
//     lists cannot grow. Invalid UTF-8 bytes count as U+FFFD, one per byte.
//     The program is checked on every call. The caller owns both buffers;
//     nothing is written to them.
//   regexTestChecked(programPtr: usize, programWords: u32,
//                    inputPtr: usize, inputLength: u32): i32
//     The same search without the program check, for a caller that already
//     got a result >= 0 from regexTestAt for this program at this address
//     (the rule VM checks each program once, when it loads). Returns 1, 0 or
//     REGEX_OUT_OF_MEMORY. A malformed program here reads out of bounds.
//
// Program layout (u32 words): header [magic, flags, start, instruction
// count], then instructions [op | operand << 8, ...]:
//   MATCH [op] · CHAR [op, out, codePoint] · RANGES [op | n << 8, out, lo, hi, ...]
//   ANY [op, out] · ANY_NOT_NL [op, out] · SPLIT [op, out, out1] · JUMP [op, out]
//   ASSERT [op | kind << 8, out], kinds 1 \A, 2 \z, 3 (?m)^, 4 (?m)$, 5 \b, 6 \B.
// Targets are word offsets from the start of the program.

import { Block, ensureCapacity } from "../memory";
import { OK } from "../errors";

export const REGEX_BAD_PROGRAM: i32 = -1;
export const REGEX_OUT_OF_MEMORY: i32 = -2;

const REGEX_MAGIC: u32 = 0x52474550;
const HEADER_WORDS: u32 = 4;
const FLAG_ANCHORED_START: u32 = 1;
const MAX_PROGRAM_WORDS: u32 = 1 << 18;

const OP_MATCH: u32 = 0;
const OP_CHAR: u32 = 1;
const OP_RANGES: u32 = 2;
const OP_ANY: u32 = 3;
const OP_ANY_NOT_NL: u32 = 4;
const OP_SPLIT: u32 = 5;
const OP_JUMP: u32 = 6;
const OP_ASSERT: u32 = 7;

const ASSERT_BEGIN_TEXT: u32 = 1;
const ASSERT_END_TEXT: u32 = 2;
const ASSERT_BEGIN_LINE: u32 = 3;
const ASSERT_END_LINE: u32 = 4;
const ASSERT_WORD_BOUNDARY: u32 = 5;
const ASSERT_NOT_WORD_BOUNDARY: u32 = 6;

const NEWLINE: i32 = 0x0a;
const REPLACEMENT_CHARACTER: i32 = 0xfffd;
/** Stands for "no code point" before the start and after the end of the input. */
const NONE: i32 = -1;
/** addThread's result when OP_MATCH is reachable. */
const MATCHED: i32 = -1;

// Thread lists and the work stack live in one raw block kept between calls.
// For a program of W words and N instructions the block holds, in order:
//   [0, 4W)         the sparse index of list A. While a program is checked,
//                   its first W bytes mark the instruction starts.
//   [4W, 8W)        the sparse index of list B.
//   [8W, 8W+4N)     the dense members of list A.
//   [8W+4N, 8W+8N)  the dense members of list B.
//   then 2N+1 u32   the stack of addThread.
// Sparse sets need no clearing: a word is a member only when its dense slot,
// below the list size, points back at it.
const threads = new Block();

let sparseA: usize = 0;
let sparseB: usize = 0;
let denseA: usize = 0;
let denseB: usize = 0;
let stackBase: usize = 0;

// Size in bytes of the code point decoded last by decodeAt.
let decodedSize: u32 = 0;

export function regexTestAt(programPtr: usize, programWords: u32, inputPtr: usize, inputLength: u32): i32 {
  if (programWords < HEADER_WORDS + 1 || programWords > MAX_PROGRAM_WORDS) return REGEX_BAD_PROGRAM;
  const count = load<u32>(programPtr + 12);
  if (count > programWords) return REGEX_BAD_PROGRAM;
  if (!reserveThreads(programWords, count)) return REGEX_OUT_OF_MEMORY;
  if (!checkProgram(programPtr, programWords)) return REGEX_BAD_PROGRAM;

  return search(programPtr, inputPtr, inputLength);
}

/**
 * regexTestAt without the per-call program check, for a caller that checked
 * the same program once with regexTestAt (the rule VM does so when it loads
 * a rule program). Added by the rule VM for speed: the check costs more than
 * the search on short config values.
 */
export function regexTestChecked(programPtr: usize, programWords: u32, inputPtr: usize, inputLength: u32): i32 {
  if (!reserveThreads(programWords, load<u32>(programPtr + 12))) return REGEX_OUT_OF_MEMORY;
  return search(programPtr, inputPtr, inputLength);
}

function reserveThreads(words: u32, count: u32): bool {
  const wordBytes = <usize>words << 2;
  const countBytes = <usize>count << 2;
  const bytes = (wordBytes << 1) + (countBytes << 1) + (countBytes << 1) + 4;
  if (ensureCapacity(threads, bytes, false) != OK) return false;

  sparseA = threads.ptr;
  sparseB = sparseA + wordBytes;
  denseA = sparseB + wordBytes;
  denseB = denseA + countBytes;
  stackBase = denseB + countBytes;
  return true;
}

// Sizes in words by opcode; 0 marks an unknown opcode. RANGES adds 2 per range.
function instructionWords(program: usize, pc: u32): u32 {
  const word = load<u32>(program + (<usize>pc << 2));
  const op = word & 0xff;
  if (op == OP_MATCH) return 1;
  if (op == OP_CHAR || op == OP_SPLIT) return 3;
  if (op == OP_RANGES) return 2 + ((word >>> 8) << 1);
  if (op <= OP_ASSERT) return 2;
  return 0;
}

/**
 * Checks the header, that every instruction fits, that every target is an
 * instruction start, that assertion kinds are known and that ranges are
 * sorted. Uses the first `words` bytes of list A's sparse index as a map.
 */
function checkProgram(program: usize, words: u32): bool {
  if (load<u32>(program) != REGEX_MAGIC) return false;
  const isStart = sparseA;
  memory.fill(isStart, 0, <usize>words);

  // Pass 1: instruction starts.
  let count: u32 = 0;
  let pc = HEADER_WORDS;
  while (pc < words) {
    const size = instructionWords(program, pc);
    // Compared by subtraction so a huge RANGES count cannot wrap around.
    if (size == 0 || size > words - pc) return false;
    store<u8>(isStart + pc, 1);
    count++;
    pc += size;
  }
  if (count != load<u32>(program + 12)) return false;
  if (!isInstruction(isStart, words, load<u32>(program + 8))) return false;

  // Pass 2: targets and operands.
  pc = HEADER_WORDS;
  while (pc < words) {
    const at = program + (<usize>pc << 2);
    const word = load<u32>(at);
    const op = word & 0xff;
    if (op != OP_MATCH) {
      if (!isInstruction(isStart, words, load<u32>(at, 4))) return false;
      if (op == OP_SPLIT && !isInstruction(isStart, words, load<u32>(at, 8))) return false;
      if (op == OP_ASSERT && ((word >>> 8) < ASSERT_BEGIN_TEXT || (word >>> 8) > ASSERT_NOT_WORD_BOUNDARY)) return false;
      if (op == OP_RANGES && !rangesAreSorted(at + 8, word >>> 8)) return false;
    }
    pc += instructionWords(program, pc);
  }
  return true;
}

@inline
function isInstruction(isStart: usize, words: u32, target: u32): bool {
  return target < words && load<u8>(isStart + target) == 1;
}

function rangesAreSorted(base: usize, n: u32): bool {
  let previousHi: i64 = -1;
  for (let i: u32 = 0; i < n; i++) {
    const lo = <i64>load<u32>(base + (<usize>i << 3));
    const hi = <i64>load<u32>(base + (<usize>i << 3), 4);
    if (lo <= previousHi || hi < lo) return false;
    previousHi = hi;
  }
  return true;
}

function search(program: usize, input: usize, length: u32): i32 {
  const anchored = (load<u32>(program + 4) & FLAG_ANCHORED_START) != 0;
  const start = load<u32>(program + 8);
  let listSparse = sparseA;
  let listDense = denseA;
  let nextSparse = sparseB;
  let nextDense = denseB;
  let listSize: i32 = 0;

  let position: u32 = 0;
  let previous: i32 = NONE;
  let here: i32 = length > 0 ? decodeAt(input, 0, length) : NONE;
  let hereSize = decodedSize;
  const filtered = !anchored && computeStartFilter(program, start, nextSparse, nextDense);

  while (true) {
    // With no live thread, a match can only start at a character that some
    // first instruction accepts: skip the start closure everywhere else.
    const skip = filtered && listSize == 0 && here >= 0 && here < 0x80 && !startFilterHas(here);
    if ((position == 0 || !anchored) && !skip) {
      listSize = addThread(program, listSparse, listDense, listSize, start, previous, here, position, length);
      if (listSize == MATCHED) return 1;
    }
    if (position >= length || (listSize == 0 && anchored)) return 0;

    // Step every thread over the code point at `position`.
    const following = position + hereSize;
    const after = following < length ? decodeAt(input, following, length) : NONE;
    const afterSize = decodedSize;
    let nextSize: i32 = 0;
    for (let i: i32 = 0; i < listSize; i++) {
      const pc = load<u32>(listDense + (<usize>i << 2));
      if (consumes(program, pc, here)) {
        const out = load<u32>(program + (<usize>pc << 2), 4);
        nextSize = addThread(program, nextSparse, nextDense, nextSize, out, here, after, following, length);
        if (nextSize == MATCHED) return 1;
      }
    }

    // Swap the lists and move one code point on.
    let swap = listSparse;
    listSparse = nextSparse;
    nextSparse = swap;
    swap = listDense;
    listDense = nextDense;
    nextDense = swap;
    listSize = nextSize;
    previous = here;
    here = after;
    hereSize = afterSize;
    position = following;
  }
  return 0;
}

// ASCII bytes that can begin a match, one bit each (256 bits), for the
// current search.
const startFilter: usize = memory.data(32);

@inline
function startFilterHas(c: i32): bool {
  return (load<u32>(startFilter + (<usize>(c >>> 5) << 2)) & (1 << (c & 31))) != 0;
}

/**
 * Fills `startFilter` with the ASCII characters that the consuming
 * instructions reachable from `start` accept. Returns false, meaning "do not
 * filter", when that set is useless or may be wrong: a MATCH or an
 * assertion is reachable without consuming (empty matches, anchors and word
 * boundaries depend on the position), or an instruction accepts any
 * character. Non-ASCII characters are never skipped, so only the ASCII part
 * of each range matters. `sparse` and `dense` are scratch lists.
 */
function computeStartFilter(program: usize, start: u32, sparse: usize, dense: usize): bool {
  for (let i: usize = 0; i < 8; i++) store<u32>(startFilter + (i << 2), 0);

  let size: u32 = 0;
  let top: usize = stackBase;
  store<u32>(top, start);
  top += 4;
  while (top > stackBase) {
    top -= 4;
    const at = load<u32>(top);
    if (sparseContains(sparse, dense, size, at)) continue;
    sparseInsert(sparse, dense, size, at);
    size++;

    const address = program + (<usize>at << 2);
    const word = load<u32>(address);
    const op = word & 0xff;
    if (op == OP_MATCH || op == OP_ASSERT || op == OP_ANY || op == OP_ANY_NOT_NL) return false;
    if (op == OP_JUMP || op == OP_SPLIT) {
      top = pushTargets(address, op, top);
    } else if (op == OP_CHAR) {
      const c = load<u32>(address, 8);
      if (c < 0x80) setStartFilter(c, c);
    } else if (op == OP_RANGES) {
      const count = word >>> 8;
      for (let r: u32 = 0; r < count; r++) {
        const lo = load<u32>(address + 8 + (<usize>r << 3));
        const hi = load<u32>(address + 8 + (<usize>r << 3), 4);
        if (lo < 0x80) setStartFilter(lo, hi < 0x80 ? hi : 0x7f);
      }
    }
  }
  return true;
}

function setStartFilter(lo: u32, hi: u32): void {
  for (let c = lo; c <= hi; c++) {
    const word = startFilter + (<usize>(c >>> 5) << 2);
    store<u32>(word, load<u32>(word) | (<u32>1 << (c & 31)));
  }
}

/**
 * Adds `pc` and every instruction reachable from it without consuming input
 * to the list, evaluating assertions at `position`. Returns the new list
 * size, or MATCHED when OP_MATCH is reachable. The stack never has more than
 * two entries per instruction added, so 2N+1 words suffice.
 */
function addThread(
  program: usize, sparse: usize, dense: usize, size: i32, pc: u32,
  previous: i32, here: i32, position: u32, length: u32,
): i32 {
  let top: usize = stackBase;
  store<u32>(top, pc);
  top += 4;
  while (top > stackBase) {
    top -= 4;
    const at = load<u32>(top);

    if (sparseContains(sparse, dense, <u32>size, at)) continue;
    sparseInsert(sparse, dense, <u32>size, at);
    size++;

    const address = program + (<usize>at << 2);
    const word = load<u32>(address);
    const op = word & 0xff;
    if (op == OP_MATCH) return MATCHED;
    if (op == OP_JUMP || op == OP_SPLIT) {
      top = pushTargets(address, op, top);
    } else if (op == OP_ASSERT) {
      if (assertionHolds(word >>> 8, previous, here, position, length)) {
        store<u32>(top, load<u32>(address, 4));
        top += 4;
      }
    }
  }
  return size;
}

/** Whether the sparse set of `size` entries contains instruction `at`. */
@inline
function sparseContains(sparse: usize, dense: usize, size: u32, at: u32): bool {
  const index = load<u32>(sparse + (<usize>at << 2));
  return index < size && load<u32>(dense + (<usize>index << 2)) == at;
}

/** Adds instruction `at` as entry `size` of the sparse set; the caller counts it. */
@inline
function sparseInsert(sparse: usize, dense: usize, size: u32, at: u32): void {
  store<u32>(sparse + (<usize>at << 2), size);
  store<u32>(dense + (<usize>size << 2), at);
}

/**
 * Pushes the targets of the JUMP or SPLIT at `address` (SPLIT's first target
 * on top, so it is followed first) and returns the new stack top.
 */
@inline
function pushTargets(address: usize, op: u32, top: usize): usize {
  if (op == OP_JUMP) {
    store<u32>(top, load<u32>(address, 4));
    return top + 4;
  }
  store<u32>(top, load<u32>(address, 8));
  store<u32>(top, load<u32>(address, 4), 4);
  return top + 8;
}

function consumes(program: usize, pc: u32, c: i32): bool {
  const address = program + (<usize>pc << 2);
  const word = load<u32>(address);
  const op = word & 0xff;
  if (op == OP_CHAR) return load<u32>(address, 8) == <u32>c;
  if (op == OP_RANGES) return inRanges(address + 8, word >>> 8, <u32>c);
  if (op == OP_ANY) return true;
  if (op == OP_ANY_NOT_NL) return c != NEWLINE;
  return false;
}

// Binary search over `count` sorted [lo, hi] pairs at `base`.
function inRanges(base: usize, count: u32, c: u32): bool {
  let low: u32 = 0;
  let high: u32 = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (load<u32>(base + (<usize>middle << 3), 4) < c) low = middle + 1;
    else high = middle;
  }
  return low < count && load<u32>(base + (<usize>low << 3)) <= c;
}

function assertionHolds(kind: u32, previous: i32, here: i32, position: u32, length: u32): bool {
  if (kind == ASSERT_BEGIN_TEXT) return position == 0;
  if (kind == ASSERT_END_TEXT) return position == length;
  if (kind == ASSERT_BEGIN_LINE) return position == 0 || previous == NEWLINE;
  if (kind == ASSERT_END_LINE) return position == length || here == NEWLINE;
  if (kind == ASSERT_WORD_BOUNDARY) return isWordChar(previous) != isWordChar(here);
  if (kind == ASSERT_NOT_WORD_BOUNDARY) return isWordChar(previous) == isWordChar(here);
  return false;
}

/** ASCII word characters [0-9A-Za-z_], as RE2's `\b` uses. */
@inline
function isWordChar(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f;
}

/**
 * Decodes the code point at `offset` (< length) and sets decodedSize. Overlong
 * forms, surrogates and values past U+10FFFF are invalid; an invalid or
 * truncated sequence yields U+FFFD for its first byte only.
 */
function decodeAt(input: usize, offset: u32, length: u32): i32 {
  const b0 = <i32>load<u8>(input + offset);
  decodedSize = 1;
  if (b0 < 0x80) return b0;

  let size: u32;
  let c: i32;
  let low: i32 = 0x80;
  let high: i32 = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    size = 2;
    c = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    c = b0 & 0x0f;
    if (b0 == 0xe0) low = 0xa0;
    if (b0 == 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    c = b0 & 0x07;
    if (b0 == 0xf0) low = 0x90;
    if (b0 == 0xf4) high = 0x8f;
  } else {
    return REPLACEMENT_CHARACTER;
  }

  if (size > length - offset) return REPLACEMENT_CHARACTER;
  for (let k: u32 = 1; k < size; k++) {
    const b = <i32>load<u8>(input + offset + k);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xbf)) return REPLACEMENT_CHARACTER;
    c = (c << 6) | (b & 0x3f);
  }
  decodedSize = size;
  return c;
}
