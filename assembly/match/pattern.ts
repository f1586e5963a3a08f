// Path-pattern matcher: runs the automaton image compiled by the host
// (src/policy/pattern/compile.ts documents the layout) over the current node
// table in one pass, and lists every (pattern, node) match.
//
// Host entry points (exported from the module):
//   patterns_reserve(length)   reserves `length` bytes for an image and returns
//                              where the host copies it (0 when out of memory);
//                              the previous image is unloaded
//   patterns_load(length)      validates the copied image: OK, or
//                              ERR_BAD_PROGRAM for any malformed image
//   patterns_match()           matches the current node table: OK,
//                              ERR_NO_PROGRAM, ERR_RESULT_LIMIT or ERR_OUT_OF_MEMORY
//   pattern_matches_ptr(), pattern_matches_count()
//                              the match pairs of the last patterns_match
//   pattern_count()            patterns in the loaded image (0 when none)
//   set_max_pattern_matches(n) the most pairs one document may produce
//
// For the rule VM (AssemblyScript callers):
//   patternsMatchAll(): i32    the same as patterns_match
//   matchPairsPtr(): usize     pairs `[patternId u32, node u32]`, ascending by node,
//                              then by pattern id; valid until the next match
//   matchPairsCount(): u32     number of pairs
//   patternsLoaded(): bool     whether an image is loaded
//
// Each node's state follows from its parent's state and its own key or index,
// because rows are in document order and a parent precedes its children. The
// per-node state lives in a Block of u32 (node -> state id); nothing managed
// is allocated per document. A node in the dead state (0) has no match below
// it, so its subtree is skipped.

import { Block, documentBlock, ensureCapacity } from "../memory";
import { FLAG_INDEXED, NO_PARENT, ROW_BYTES, hashBytes, tapeBlock, tapeCount } from "../tape";
import { ERR_BAD_PROGRAM, ERR_NO_PROGRAM, ERR_OUT_OF_MEMORY, ERR_RESULT_LIMIT, OK } from "../errors";

// Image layout constants; keep in step with src/policy/pattern/compile.ts.
const IMAGE_MAGIC: u32 = 0x54505742;
const IMAGE_VERSION: u32 = 1;
const HEADER_WORDS: u32 = 20;
const STATE_WORDS: u32 = 8;
const SYMBOL_WORDS: u32 = 4;
const DEAD_STATE: u32 = 0;

/** Hard ceiling on automaton states an image may declare (the host's default limit is lower). */
const MAX_IMAGE_STATES: u32 = 1 << 22;
/** Default for the most match pairs one document may produce (32 MiB of pairs). */
const DEFAULT_MAX_MATCH_PAIRS: u32 = 1 << 22;
const PAIR_BYTES: usize = 8;
const NOT_FOUND: u32 = 0xffffffff;

// The image, copied by the host; it moves only on the next patterns_reserve.
const imageBlock = new Block();
let loaded = false;
let patternCount: u32 = 0;
let stateCount: u32 = 0;
let startState: u32 = 0;
let symbolTableMask: u32 = 0;
let statesPtr: usize = 0;
let keyTransitionsPtr: usize = 0;
let indexTransitionsPtr: usize = 0;
let acceptsPtr: usize = 0;
let symbolsPtr: usize = 0;
let symbolTablePtr: usize = 0;
let keyBytesPtr: usize = 0;

// Per-document work blocks, grown as needed and kept between documents.
const nodeStateBlock = new Block();
const matchBlock = new Block();
let matchCount: u32 = 0;
let maxMatchPairs: u32 = DEFAULT_MAX_MATCH_PAIRS;

export function patterns_reserve(length: u32): usize {
  loaded = false;
  patternCount = 0;
  if (ensureCapacity(imageBlock, <usize>length, false) != OK) return 0;
  return imageBlock.ptr;
}

export function patterns_load(length: u32): i32 {
  loaded = false;
  patternCount = 0;
  if (imageBlock.ptr == 0 || <usize>length > imageBlock.capacity) return ERR_BAD_PROGRAM;
  if (!validateImage(imageBlock.ptr, length)) return ERR_BAD_PROGRAM;
  loaded = true;
  return OK;
}

export function patterns_match(): i32 {
  return patternsMatchAll();
}

export function pattern_matches_ptr(): usize {
  return matchBlock.ptr;
}

export function pattern_matches_count(): u32 {
  return matchCount;
}

export function pattern_count(): u32 {
  return patternCount;
}

export function set_max_pattern_matches(value: u32): void {
  maxMatchPairs = value;
}

export function matchPairsPtr(): usize {
  return matchBlock.ptr;
}

export function matchPairsCount(): u32 {
  return matchCount;
}

export function patternsLoaded(): bool {
  return loaded;
}

/**
 * Matches every loaded pattern against the current node table in one pass
 * and writes the match pairs. An empty table gives OK with no pairs.
 */
export function patternsMatchAll(): i32 {
  matchCount = 0;
  if (!loaded) return ERR_NO_PROGRAM;
  const count = tapeCount;
  if (count == 0) return OK;
  if (ensureCapacity(nodeStateBlock, <usize>count << 2, false) != OK) return ERR_OUT_OF_MEMORY;

  const states = nodeStateBlock.ptr;
  const tape = tapeBlock.ptr;
  const documentEnd = <u64>documentBlock.capacity;
  let node: u32 = 0;
  while (node < count) {
    const row = tape + <usize>node * ROW_BYTES;
    const parent = load<u32>(row, 4);

    // 1. The state this node starts from: the start state at a root, else the parent's.
    let from = startState;
    if (parent != NO_PARENT) {
      // A parent that does not precede the node (a malformed table) and a stale
      // state of a skipped row both count as dead, so nothing is read out of bounds.
      from = parent < node ? load<u32>(states + (<usize>parent << 2)) : DEAD_STATE;
      if (from >= stateCount) from = DEAD_STATE;
    }

    // 2. One transition on the node's key or index.
    let state = DEAD_STATE;
    if (parent == NO_PARENT) {
      state = from;
    } else if (from != DEAD_STATE) {
      const record = statesPtr + (<usize>from * STATE_WORDS << 2);
      if ((load<u32>(row) >> 8) & FLAG_INDEXED) {
        state = indexTransition(record, load<u32>(row, 12));
      } else {
        state = load<u32>(record);
        if (load<u32>(record, 12) != 0) {
          const keyOffset = load<u32>(row, 12);
          const keyLength = load<u32>(row, 16);
          if (<u64>keyOffset + <u64>keyLength <= documentEnd) {
            const symbol = findSymbol(load<u32>(row, 20), documentBlock.ptr + <usize>keyOffset, keyLength);
            if (symbol != NOT_FOUND) state = keyTransition(record, symbol, state);
          }
        }
      }
    }
    store<u32>(states + (<usize>node << 2), state);

    // 3. A dead node has no match in its subtree: jump past it.
    if (state == DEAD_STATE) {
      const end = load<u32>(row, 8);
      node = end > node && end <= count ? end : node + 1;
      continue;
    }

    // 4. Append the state's accepted patterns.
    const stateRecord = statesPtr + (<usize>state * STATE_WORDS << 2);
    const acceptCount = load<u32>(stateRecord, 28);
    if (acceptCount != 0) {
      const status = appendMatches(acceptsPtr + (<usize>load<u32>(stateRecord, 24) << 2), acceptCount, node);
      if (status != OK) {
        matchCount = 0;
        return status;
      }
    }
    node++;
  }
  return OK;
}

function appendMatches(accepts: usize, acceptCount: u32, node: u32): i32 {
  const total = <u64>matchCount + <u64>acceptCount;
  if (total > <u64>maxMatchPairs) return ERR_RESULT_LIMIT;
  if (ensureCapacity(matchBlock, <usize>total * PAIR_BYTES, true) != OK) return ERR_OUT_OF_MEMORY;
  let out = matchBlock.ptr + <usize>matchCount * PAIR_BYTES;
  for (let i: u32 = 0; i < acceptCount; i++) {
    store<u32>(out, load<u32>(accepts + (<usize>i << 2)));
    store<u32>(out, node, 4);
    out += PAIR_BYTES;
  }
  matchCount = <u32>total;
  return OK;
}

/** Finds the symbol id of a key by hash, then bytes; NOT_FOUND for keys no pattern names. */
function findSymbol(hash: u32, key: usize, length: u32): u32 {
  let slot = hash & symbolTableMask;
  for (let probes: u32 = 0; probes <= symbolTableMask; probes++) {
    const entry = load<u32>(symbolTablePtr + (<usize>slot << 2));
    if (entry == 0) return NOT_FOUND;
    const symbol = entry - 1;
    const record = symbolsPtr + (<usize>symbol * SYMBOL_WORDS << 2);
    if (load<u32>(record) == hash && load<u32>(record, 8) == length) {
      if (memory.compare(keyBytesPtr + <usize>load<u32>(record, 4), key, <usize>length) == 0) return symbol;
    }
    slot = (slot + 1) & symbolTableMask;
  }
  return NOT_FOUND;
}

/** Binary search of a state's key transitions (ascending by symbol id). */
function keyTransition(record: usize, symbol: u32, fallback: u32): u32 {
  let low: u32 = load<u32>(record, 8);
  let high: u32 = low + load<u32>(record, 12);
  while (low < high) {
    const middle = (low + high) >>> 1;
    const pair = keyTransitionsPtr + (<usize>middle << 3);
    const candidate = load<u32>(pair);
    if (candidate == symbol) return load<u32>(pair, 4);
    if (candidate < symbol) low = middle + 1;
    else high = middle;
  }
  return fallback;
}

/** Binary search of a state's index transitions (ascending by index), else its index default. */
function indexTransition(record: usize, index: u32): u32 {
  let low: u32 = load<u32>(record, 16);
  let high: u32 = low + load<u32>(record, 20);
  while (low < high) {
    const middle = (low + high) >>> 1;
    const pair = indexTransitionsPtr + (<usize>middle << 3);
    const candidate = load<u32>(pair);
    if (candidate == index) return load<u32>(pair, 4);
    if (candidate < index) low = middle + 1;
    else high = middle;
  }
  return load<u32>(record, 4);
}

// ---------------------------------------------------------------------------
// Image validation. Every offset, count and reference is checked before the
// image is used, so a malformed image is rejected instead of trapping later.

@inline function word(image: usize, index: u32): u32 {
  return load<u32>(image + (<usize>index << 2));
}

/** Tests whether `count` records of `size` words at word `offset` fit in `lengthWords`. */
function sectionFits(offset: u32, count: u32, size: u32, lengthWords: u32): bool {
  return offset >= HEADER_WORDS && <u64>offset + <u64>count * <u64>size <= <u64>lengthWords;
}

function validateImage(image: usize, length: u32): bool {
  // 1. Header and section bounds.
  if (length < HEADER_WORDS << 2 || (length & 3) != 0) return false;
  const lengthWords = length >> 2;
  if (word(image, 0) != IMAGE_MAGIC || word(image, 1) != IMAGE_VERSION || word(image, 2) != lengthWords) return false;
  const patterns = word(image, 3);
  const states = word(image, 4);
  const start = word(image, 5);
  const symbols = word(image, 6);
  const tableSize = word(image, 7);
  const keyTransitionCount = word(image, 10);
  const indexTransitionCount = word(image, 12);
  const acceptCount = word(image, 14);
  const keyBytesLength = word(image, 18);
  if (states == 0 || states > MAX_IMAGE_STATES || start >= states) return false;
  if (tableSize == 0 || (tableSize & (tableSize - 1)) != 0 || tableSize <= symbols) return false;
  if (!sectionFits(word(image, 8), states, STATE_WORDS, lengthWords)) return false;
  if (!sectionFits(word(image, 9), keyTransitionCount, 2, lengthWords)) return false;
  if (!sectionFits(word(image, 11), indexTransitionCount, 2, lengthWords)) return false;
  if (!sectionFits(word(image, 13), acceptCount, 1, lengthWords)) return false;
  if (!sectionFits(word(image, 15), symbols, SYMBOL_WORDS, lengthWords)) return false;
  if (!sectionFits(word(image, 16), tableSize, 1, lengthWords)) return false;
  if (!sectionFits(word(image, 17), <u32>((<u64>keyBytesLength + 3) >> 2), 1, lengthWords)) return false;

  const statesAt = image + (<usize>word(image, 8) << 2);
  const keyTransitionsAt = image + (<usize>word(image, 9) << 2);
  const indexTransitionsAt = image + (<usize>word(image, 11) << 2);
  const acceptsAt = image + (<usize>word(image, 13) << 2);
  const symbolsAt = image + (<usize>word(image, 15) << 2);
  const tableAt = image + (<usize>word(image, 16) << 2);
  const keyBytesAt = image + (<usize>word(image, 17) << 2);

  // 2. States: targets in range, lists in bounds and strictly ascending.
  for (let state: u32 = 0; state < states; state++) {
    const record = statesAt + (<usize>state * STATE_WORDS << 2);
    const keyDefault = load<u32>(record);
    const indexDefault = load<u32>(record, 4);
    if (keyDefault >= states || indexDefault >= states) return false;
    if (!validPairs(keyTransitionsAt, load<u32>(record, 8), load<u32>(record, 12), keyTransitionCount, symbols, states)) return false;
    if (!validPairs(indexTransitionsAt, load<u32>(record, 16), load<u32>(record, 20), indexTransitionCount, NOT_FOUND, states)) return false;
    if (!validAccepts(acceptsAt, load<u32>(record, 24), load<u32>(record, 28), acceptCount, patterns)) return false;
  }

  // The dead state must really be dead: the matcher skips subtrees on it.
  const dead = statesAt;
  if (load<u32>(dead) != DEAD_STATE || load<u32>(dead, 4) != DEAD_STATE) return false;
  if (load<u32>(dead, 12) != 0 || load<u32>(dead, 20) != 0 || load<u32>(dead, 28) != 0) return false;

  // 3. Symbols: bytes in bounds, hash of the bytes, and reachable through the table.
  const mask = tableSize - 1;
  for (let slot: u32 = 0; slot < tableSize; slot++) {
    if (load<u32>(tableAt + (<usize>slot << 2)) > symbols) return false;
  }
  for (let symbol: u32 = 0; symbol < symbols; symbol++) {
    const record = symbolsAt + (<usize>symbol * SYMBOL_WORDS << 2);
    const hash = load<u32>(record);
    const offset = load<u32>(record, 4);
    const keyLength = load<u32>(record, 8);
    if (<u64>offset + <u64>keyLength > <u64>keyBytesLength) return false;
    if (hashBytes(keyBytesAt + <usize>offset, keyLength) != hash) return false;
    if (!inTable(tableAt, mask, hash, symbol)) return false;
  }

  // 4. Commit the decoded header.
  patternCount = patterns;
  stateCount = states;
  startState = start;
  symbolTableMask = mask;
  statesPtr = statesAt;
  keyTransitionsPtr = keyTransitionsAt;
  indexTransitionsPtr = indexTransitionsAt;
  acceptsPtr = acceptsAt;
  symbolsPtr = symbolsAt;
  symbolTablePtr = tableAt;
  keyBytesPtr = keyBytesAt;
  return true;
}

/** Checks a transition list: in bounds, labels strictly ascending and below `labelLimit`, targets below `states`. */
function validPairs(pairs: usize, first: u32, count: u32, total: u32, labelLimit: u32, states: u32): bool {
  if (<u64>first + <u64>count > <u64>total) return false;
  for (let i: u32 = 0; i < count; i++) {
    const pair = pairs + (<usize>(first + i) << 3);
    const label = load<u32>(pair);
    if (labelLimit != NOT_FOUND && label >= labelLimit) return false;
    if (i > 0 && label <= load<u32>(pair - 8)) return false;
    if (load<u32>(pair, 4) >= states) return false;
  }
  return true;
}

/** Checks an accept list: in bounds, pattern ids strictly ascending and below `patterns`. */
function validAccepts(accepts: usize, first: u32, count: u32, total: u32, patterns: u32): bool {
  if (<u64>first + <u64>count > <u64>total) return false;
  for (let i: u32 = 0; i < count; i++) {
    const id = load<u32>(accepts + (<usize>(first + i) << 2));
    if (id >= patterns) return false;
    if (i > 0 && id <= load<u32>(accepts + (<usize>(first + i - 1) << 2))) return false;
  }
  return true;
}

/** Tests whether probing from `hash` reaches `symbol` before an empty slot. */
function inTable(table: usize, mask: u32, hash: u32, symbol: u32): bool {
  let slot = hash & mask;
  for (let probes: u32 = 0; probes <= mask; probes++) {
    const entry = load<u32>(table + (<usize>slot << 2));
    if (entry == 0) return false;
    if (entry == symbol + 1) return true;
    slot = (slot + 1) & mask;
  }
  return false;
}
