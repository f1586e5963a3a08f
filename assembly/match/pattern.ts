// Path-pattern matcher: runs the image compiled by the host over the current
// node table in one pass, and lists every (pattern, node) match. The image
// layout is documented in src/policy/pattern/image.ts and validated in
// assembly/match/pattern-image.ts.
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
// The image contains two kinds of patterns. Most run through one DFA: each
// node's state follows from its parent's state and its own key or index,
// because rows are in document order and a parent precedes its children.
// Suffix patterns (`**` then steps without `**`) stay out of the DFA and are
// checked per node by walking up the parent chain (pattern-suffix.ts). The
// per-node state and key symbol live in Blocks of u32; nothing managed is
// allocated per document. Without suffix patterns, a node in the dead state
// (0) has no match below it, so its subtree is skipped.

import { Block, documentBlock, ensureCapacity } from "../memory";
import { FLAG_INDEXED, NO_PARENT, ROW_BYTES, tapeBlock, tapeCount } from "../tape";
import { ERR_BAD_PROGRAM, ERR_NO_PROGRAM, ERR_OUT_OF_MEMORY, ERR_RESULT_LIMIT, OK } from "../errors";
import {
  DEAD_STATE, NOT_FOUND, STATE_WORDS, SUFFIX_WORDS, SYMBOL_WORDS,
  acceptsPtr, clearImageHeader, indexTransitionsPtr, keyBytesPtr, keyTransitionsPtr,
  otherIndexCount, otherIndexFirst, otherKeyCount, otherKeyFirst,
  patternCount, startState, stateCount, statesPtr, suffixCount, symbolTableMask, symbolTablePtr,
  suffixesPtr, symbolTriggersPtr, symbolsPtr, triggersPtr, validateImage,
} from "./pattern-image";
import { findIndexTrigger, suffixMatches } from "./pattern-suffix";

/** Default for the most match pairs one document may produce (32 MiB of pairs). */
const DEFAULT_MAX_MATCH_PAIRS: u32 = 1 << 22;
const PAIR_BYTES: usize = 8;
/** Head of an exhausted candidate list in the per-node merge; above every valid pattern id. */
const NO_CANDIDATE: u32 = 0xffffffff;

// The image, copied by the host; it moves only on the next patterns_reserve.
const imageBlock = new Block();
let loaded = false;

// Per-document work blocks, grown as needed and kept between documents.
const nodeStateBlock = new Block();
const nodeSymbolBlock = new Block();
const matchBlock = new Block();
let matchCount: u32 = 0;
let maxMatchPairs: u32 = DEFAULT_MAX_MATCH_PAIRS;

export function patterns_reserve(length: u32): usize {
  loaded = false;
  clearImageHeader();
  if (ensureCapacity(imageBlock, <usize>length, false) != OK) return 0;
  return imageBlock.ptr;
}

export function patterns_load(length: u32): i32 {
  loaded = false;
  clearImageHeader();
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
  const withSuffixes = suffixCount != 0;
  if (withSuffixes && ensureCapacity(nodeSymbolBlock, <usize>count << 2, false) != OK) return ERR_OUT_OF_MEMORY;

  const states = nodeStateBlock.ptr;
  const symbols = nodeSymbolBlock.ptr;
  const tape = tapeBlock.ptr;
  let node: u32 = 0;
  while (node < count) {
    const row = tape + <usize>node * ROW_BYTES;
    const parent = load<u32>(row, 4);
    const indexed = ((load<u32>(row) >> 8) & FLAG_INDEXED) != 0;

    // 1. The state this node starts from: the start state at a root, else the parent's.
    let from = startState;
    if (parent != NO_PARENT) {
      // A parent that does not precede the node (a malformed table) and a stale
      // state of a skipped row both count as dead, so nothing is read out of bounds.
      from = parent < node ? load<u32>(states + (<usize>parent << 2)) : DEAD_STATE;
      if (from >= stateCount) from = DEAD_STATE;
    }
    const record = statesPtr + (<usize>from * STATE_WORDS << 2);

    // 2. The key's symbol, looked up once: the key transition needs it, and
    // suffix patterns need it for every key node and its descendants.
    let symbol = NOT_FOUND;
    if (parent != NO_PARENT && !indexed && (withSuffixes || (from != DEAD_STATE && load<u32>(record, 12) != 0))) {
      symbol = keySymbol(row);
    }
    if (withSuffixes) store<u32>(symbols + (<usize>node << 2), symbol);

    // 3. One transition on the node's key or index.
    let state = DEAD_STATE;
    if (parent == NO_PARENT) {
      state = from;
    } else if (from != DEAD_STATE) {
      if (indexed) {
        state = indexTransition(record, load<u32>(row, 12));
      } else {
        state = load<u32>(record);
        if (symbol != NOT_FOUND && load<u32>(record, 12) != 0) state = keyTransition(record, symbol, state);
      }
    }
    store<u32>(states + (<usize>node << 2), state);

    // 4. Without suffix patterns a dead node has no match in its subtree: jump past it.
    if (!withSuffixes && state == DEAD_STATE) {
      const end = load<u32>(row, 8);
      node = end > node && end <= count ? end : node + 1;
      continue;
    }

    // 5. Append the node's matches in pattern-id order.
    const status = withSuffixes
      ? appendMergedMatches(node, state, parent, indexed, indexed ? load<u32>(row, 12) : symbol)
      : appendAccepts(node, state);
    if (status != OK) {
      matchCount = 0;
      return status;
    }
    node++;
  }
  return OK;
}

/** Appends the pairs of the DFA state's accept list. */
function appendAccepts(node: u32, state: u32): i32 {
  const stateRecord = statesPtr + (<usize>state * STATE_WORDS << 2);
  const acceptCount = load<u32>(stateRecord, 28);
  if (acceptCount == 0) return OK;
  const total = <u64>matchCount + <u64>acceptCount;
  if (total > <u64>maxMatchPairs) return ERR_RESULT_LIMIT;
  if (ensureCapacity(matchBlock, <usize>total * PAIR_BYTES, true) != OK) return ERR_OUT_OF_MEMORY;

  const accepts = acceptsPtr + (<usize>load<u32>(stateRecord, 24) << 2);
  let out = matchBlock.ptr + <usize>matchCount * PAIR_BYTES;
  for (let i: u32 = 0; i < acceptCount; i++) {
    store<u32>(out, load<u32>(accepts + (<usize>i << 2)));
    store<u32>(out, node, 4);
    out += PAIR_BYTES;
  }
  matchCount = <u32>total;
  return OK;
}

/**
 * Appends a node's matches when the image has suffix patterns: the DFA
 * state's accepts merged with the suffix candidates that pass the parent-chain
 * check. `label` is the array index of an indexed node, else the key's symbol.
 * Both lists ascend (suffix ids ascend with pattern ids), so a two-way merge
 * keeps the pairs in pattern-id order.
 */
function appendMergedMatches(node: u32, state: u32, parent: u32, indexed: bool, label: u32): i32 {
  const stateRecord = statesPtr + (<usize>state * STATE_WORDS << 2);
  const acceptsAt = acceptsPtr + (<usize>load<u32>(stateRecord, 24) << 2);
  const acceptCount = load<u32>(stateRecord, 28);

  // 1. The node's one trigger list. The root has no steps, so no suffix pattern matches it.
  let triggerFirst: u32 = 0;
  let triggerCount: u32 = 0;
  if (parent != NO_PARENT) {
    if (indexed) {
      const record = findIndexTrigger(label);
      triggerFirst = record != 0 ? load<u32>(record, 4) : otherIndexFirst;
      triggerCount = record != 0 ? load<u32>(record, 8) : otherIndexCount;
    } else if (label != NOT_FOUND) {
      const range = symbolTriggersPtr + (<usize>label << 3);
      triggerFirst = load<u32>(range);
      triggerCount = load<u32>(range, 4);
    } else {
      triggerFirst = otherKeyFirst;
      triggerCount = otherKeyCount;
    }
  }
  const candidates = <u64>acceptCount + <u64>triggerCount;
  if (candidates == 0) return OK;

  // 2. Room for every candidate, but never past the pair limit: the merge
  // checks the limit before each pair it writes.
  let room = <u64>matchCount + candidates;
  if (room > <u64>maxMatchPairs) room = <u64>maxMatchPairs;
  if (ensureCapacity(matchBlock, <usize>room * PAIR_BYTES, true) != OK) return ERR_OUT_OF_MEMORY;
  let out = matchBlock.ptr + <usize>matchCount * PAIR_BYTES;
  let written: u32 = 0;
  const limit = maxMatchPairs - matchCount;

  // 3. The merge, by pattern id.
  const triggersAt = triggersPtr + (<usize>triggerFirst << 2);
  const symbols = nodeSymbolBlock.ptr;
  let accept: u32 = 0;
  let trigger: u32 = 0;
  while (accept < acceptCount || trigger < triggerCount) {
    // Each round takes the smaller head and advances its list by one.
    const acceptHead = accept < acceptCount ? load<u32>(acceptsAt + (<usize>accept << 2)) : NO_CANDIDATE;
    let pattern = acceptHead;
    if (trigger < triggerCount) {
      const suffix = load<u32>(triggersAt + (<usize>trigger << 2));
      const suffixRecord = suffixesPtr + (<usize>suffix * SUFFIX_WORDS << 2);
      const suffixHead = load<u32>(suffixRecord);
      if (suffixHead < acceptHead) {
        trigger++;
        // The trigger list already matched the last step, so a one-step suffix needs no walk.
        if (load<u32>(suffixRecord, 8) != 1 && !suffixMatches(suffixRecord, node, parent, symbols)) continue;
        pattern = suffixHead;
      } else {
        accept++;
      }
    } else {
      accept++;
    }

    if (written >= limit) return ERR_RESULT_LIMIT;
    store<u32>(out, pattern);
    store<u32>(out, node, 4);
    out += PAIR_BYTES;
    written++;
  }
  matchCount += written;
  return OK;
}

/** Looks up the symbol id of a key row: NOT_FOUND when no pattern names the key or its bytes are out of bounds. */
function keySymbol(row: usize): u32 {
  const keyOffset = load<u32>(row, 12);
  const keyLength = load<u32>(row, 16);
  if (<u64>keyOffset + <u64>keyLength > <u64>documentBlock.capacity) return NOT_FOUND;
  return findSymbol(load<u32>(row, 20), documentBlock.ptr + <usize>keyOffset, keyLength);
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
