// Encodes a compiled pattern set into the image that the WASM core matches
// against a node table in a single pass (assembly/match/pattern.ts, validated
// by assembly/match/pattern-image.ts).
//
// Image layout: little-endian u32 words. Offsets are word offsets from the
// start of the image; counts are numbers of records.
//
//   header (IMAGE_HEADER_WORDS words)
//     0  magic 0x54505742 (the bytes "BWPT")
//     1  layout version (IMAGE_VERSION)
//     2  image length in words
//     3  pattern count; pattern ids are 0 .. count-1, in compile order
//     4  state count; state 0 is the dead state
//     5  start state: the state of the root node
//     6  symbol count: distinct literal keys of all patterns
//     7  symbol table size in slots, a power of two larger than the symbol count
//     8  offset of the state records           (STATE_WORDS words each)
//     9  offset of the key transitions         (2 words each: symbol id, target state)
//    10  key transition count
//    11  offset of the index transitions       (2 words each: array index, target state)
//    12  index transition count
//    13  offset of the accept lists            (1 word each: pattern id)
//    14  accept count
//    15  offset of the symbol records          (SYMBOL_WORDS words each)
//    16  offset of the symbol table            (1 word a slot)
//    17  offset of the key bytes
//    18  key bytes length in bytes
//    19  reserved, 0
//    20  suffix pattern count
//    21  offset of the suffix records          (SUFFIX_WORDS words each)
//    22  suffix step count
//    23  offset of the suffix steps            (SUFFIX_STEP_WORDS words each)
//    24  step key count
//    25  offset of the step keys               (1 word each: symbol id)
//    26  offset of the symbol triggers         (2 words per symbol: first trigger entry, count)
//    27  trigger entry count
//    28  offset of the trigger entries         (1 word each: suffix id)
//    29  index trigger count
//    30  offset of the index triggers          (3 words each: array index, first trigger entry, count;
//                                               ascending by array index)
//    31  first trigger entry of the other-key list,   32  its count
//    33  first trigger entry of the other-index list, 34  its count
//    35  reserved, 0
//
//   state record
//     0  target for a key not listed in the state's key transitions
//     1  target for an index not listed in the state's index transitions
//     2  first key transition, 3  key transition count (ascending by symbol id)
//     4  first index transition, 5  index transition count (ascending by index)
//     6  first accept, 7  accept count (pattern ids, ascending)
//
//   symbol record
//     0  FNV-1a hash of the key's UTF-8 bytes (src/core/tape.ts `hashKey`,
//        the same hash as the node table's key word)
//     1  byte offset of the key within the key bytes, 2  byte length, 3  0
//
//   symbol table: open addressing over the key hash. Slot `hash & (size-1)`
//   holds symbol id + 1, or 0 when empty; collisions probe the next slot.
//
//   suffix record (suffix patterns, see suffix.ts; ascending by pattern id)
//     0  pattern id, 1  first suffix step, 2  step count (at least 1)
//
//   suffix step, in path order (the steps after the leading `**`)
//     0  kind: 0 key, 1 index, 2 `*`, 3 `[*]`
//     1  key: first step key; index: the array index; otherwise 0
//     2  key: step key count (symbol ids ascending); otherwise 0
//
//   Trigger lists name the suffix patterns whose LAST step can match a node,
//   so each node has exactly one list: its key symbol's list (that key, or
//   `*`), the other-key list for a key no pattern names (`*` only), its
//   array index's list (`[n]`, `*` or `[*]`), or the other-index list (`*` or
//   `[*]`). Every list ascends by suffix id.
//
// The dead state has no transitions and no accepts: once a node reaches it,
// no DFA pattern matches in its subtree.

import { hashKey } from '../../core/tape.js';
import type { Dfa } from './automaton.js';
import type { SuffixTables } from './suffix.js';

export const IMAGE_MAGIC = 0x54505742;
export const IMAGE_VERSION = 2;
export const IMAGE_HEADER_WORDS = 36;
export const STATE_WORDS = 8;
export const SYMBOL_WORDS = 4;
export const SUFFIX_WORDS = 3;
export const SUFFIX_STEP_WORDS = 3;

/** Encodes the DFA and the suffix tables; `symbols` lists every literal key, DFA symbols first. */
export function encodeImage(dfa: Dfa, suffixes: SuffixTables, symbols: readonly string[], patternCount: number): Uint8Array {
  const { states } = dfa;
  const encoder = new TextEncoder();
  const keyBytes = symbols.map((key) => encoder.encode(key));

  // 1. Trigger entries: every symbol's list in symbol order, the other-key
  // list, every index's list by ascending index, then the other-index list.
  const triggers: number[] = [];
  const addList = (list: readonly number[]): [first: number, count: number] => {
    const first = triggers.length;
    triggers.push(...list);
    return [first, list.length];
  };
  const anyIndexOrStep = mergeAscending(suffixes.anyStep, suffixes.anyIndex);
  const symbolTriggers = symbols.map((_, symbol) => addList(mergeAscending(suffixes.bySymbol.get(symbol) ?? [], suffixes.anyStep)));
  const otherKey = addList(suffixes.anyStep);
  const indexTriggers = [...suffixes.byIndex]
    .sort((a, b) => a[0] - b[0])
    .map(([index, list]) => [index, ...addList(mergeAscending(list, anyIndexOrStep))]);
  const otherIndex = addList(anyIndexOrStep);

  // 2. Size the sections.
  const keyTransitionCount = sum(states.map((state) => state.keyTransitions.length));
  const indexTransitionCount = sum(states.map((state) => state.indexTransitions.length));
  const acceptCount = sum(states.map((state) => state.accepts.length));
  const keyBytesLength = sum(keyBytes.map((bytes) => bytes.length));
  let tableSize = 2;
  while (tableSize < symbols.length * 2) tableSize *= 2;

  const statesOffset = IMAGE_HEADER_WORDS;
  const keyTransitionsOffset = statesOffset + states.length * STATE_WORDS;
  const indexTransitionsOffset = keyTransitionsOffset + keyTransitionCount * 2;
  const acceptsOffset = indexTransitionsOffset + indexTransitionCount * 2;
  const symbolsOffset = acceptsOffset + acceptCount;
  const symbolTableOffset = symbolsOffset + symbols.length * SYMBOL_WORDS;
  const suffixesOffset = symbolTableOffset + tableSize;
  const suffixStepsOffset = suffixesOffset + suffixes.records.length * SUFFIX_WORDS;
  const stepKeysOffset = suffixStepsOffset + suffixes.steps.length * SUFFIX_STEP_WORDS;
  const symbolTriggersOffset = stepKeysOffset + suffixes.stepKeys.length;
  const triggersOffset = symbolTriggersOffset + symbols.length * 2;
  const indexTriggersOffset = triggersOffset + triggers.length;
  const keyBytesOffset = indexTriggersOffset + indexTriggers.length * 3;
  const lengthWords = keyBytesOffset + Math.ceil(keyBytesLength / 4);

  const image = new Uint8Array(lengthWords * 4);
  const view = new DataView(image.buffer);
  const put = (word: number, value: number) => view.setUint32(word * 4, value, true);
  const putAll = (offset: number, values: readonly number[]) => values.forEach((value, i) => put(offset + i, value));

  // 3. Header.
  putAll(0, [
    IMAGE_MAGIC, IMAGE_VERSION, lengthWords, patternCount, states.length, dfa.start, symbols.length, tableSize,
    statesOffset, keyTransitionsOffset, keyTransitionCount, indexTransitionsOffset, indexTransitionCount,
    acceptsOffset, acceptCount, symbolsOffset, symbolTableOffset, keyBytesOffset, keyBytesLength, 0,
    suffixes.records.length, suffixesOffset, suffixes.steps.length, suffixStepsOffset,
    suffixes.stepKeys.length, stepKeysOffset, symbolTriggersOffset, triggers.length, triggersOffset,
    indexTriggers.length, indexTriggersOffset, ...otherKey, ...otherIndex, 0,
  ]);

  // 4. States with their transition and accept lists.
  let keyTransition = 0;
  let indexTransition = 0;
  let accept = 0;
  states.forEach((state, id) => {
    putAll(statesOffset + id * STATE_WORDS, [
      state.keyDefault, state.indexDefault,
      keyTransition, state.keyTransitions.length,
      indexTransition, state.indexTransitions.length,
      accept, state.accepts.length,
    ]);
    for (const pair of state.keyTransitions) putAll(keyTransitionsOffset + 2 * keyTransition++, pair);
    for (const pair of state.indexTransitions) putAll(indexTransitionsOffset + 2 * indexTransition++, pair);
    putAll(acceptsOffset + accept, state.accepts);
    accept += state.accepts.length;
  });

  // 5. Symbols: records, hash table and key bytes.
  let byteOffset = 0;
  keyBytes.forEach((bytes, symbol) => {
    const hash = hashKey(bytes);
    putAll(symbolsOffset + symbol * SYMBOL_WORDS, [hash, byteOffset, bytes.length, 0]);
    image.set(bytes, keyBytesOffset * 4 + byteOffset);
    byteOffset += bytes.length;

    let slot = hash & (tableSize - 1);
    while (view.getUint32((symbolTableOffset + slot) * 4, true) !== 0) slot = (slot + 1) & (tableSize - 1);
    put(symbolTableOffset + slot, symbol + 1);
  });

  // 6. Suffix patterns and their triggers.
  suffixes.records.forEach((record, suffix) => {
    putAll(suffixesOffset + suffix * SUFFIX_WORDS, [record.pattern, record.firstStep, record.stepCount]);
  });
  suffixes.steps.forEach((step, index) => {
    putAll(suffixStepsOffset + index * SUFFIX_STEP_WORDS, [step.kind, step.operand, step.keyCount]);
  });
  putAll(stepKeysOffset, suffixes.stepKeys);
  putAll(symbolTriggersOffset, symbolTriggers.flat());
  putAll(triggersOffset, triggers);
  putAll(indexTriggersOffset, indexTriggers.flat());
  return image;
}

/** Merges two ascending lists of distinct ids into one ascending list. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
