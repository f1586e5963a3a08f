// Compiles the patterns of a rule pack into one automaton image that the WASM
// core matches against a node table in a single pass (assembly/match/pattern.ts).
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
// The dead state has no transitions and no accepts: once a node reaches it,
// its whole subtree is unmatched and the matcher skips it.

import { hashKey } from '../../../src/core/tape.js';
import { DEFAULT_MAX_PATTERN_STATES, type Dfa, determinize } from './automaton.js';
import { type PatternStep, parsePattern } from '../../../src/policy/pattern/syntax.js';

export const IMAGE_MAGIC = 0x54505742;
export const IMAGE_VERSION = 1;
export const IMAGE_HEADER_WORDS = 20;
export const STATE_WORDS = 8;
export const SYMBOL_WORDS = 4;

/** The patterns of a rule pack, parsed and compiled together. */
export interface PatternSet {
  /** Pattern texts; a pattern's id is its index here. */
  readonly patterns: readonly string[];
  /** Parsed steps, one list per pattern. */
  readonly steps: readonly (readonly PatternStep[])[];
  /** The automaton image for the WASM core (layout above). */
  readonly image: Uint8Array;
  /** Number of automaton states, including the dead state. */
  readonly stateCount: number;
}

export interface CompileOptions {
  /** Maximum automaton states; more raises PatternLimitError. Default DEFAULT_MAX_PATTERN_STATES. */
  maxStates?: number;
}

/**
 * Parses and compiles `patterns` into one automaton. Raises PatternSyntaxError
 * for the first invalid pattern and PatternLimitError when the automaton would
 * exceed `maxStates`.
 */
export function compilePatterns(patterns: readonly string[], options: CompileOptions = {}): PatternSet {
  const steps = patterns.map((pattern) => parsePattern(pattern));
  const dfa = determinize(steps, options.maxStates ?? DEFAULT_MAX_PATTERN_STATES);
  return { patterns: [...patterns], steps, image: encodeImage(dfa, patterns.length), stateCount: dfa.states.length };
}

function encodeImage(dfa: Dfa, patternCount: number): Uint8Array {
  const { states, symbols } = dfa;
  const encoder = new TextEncoder();
  const keyBytes = symbols.map((key) => encoder.encode(key));

  // 1. Size the sections.
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
  const keyBytesOffset = symbolTableOffset + tableSize;
  const lengthWords = keyBytesOffset + Math.ceil(keyBytesLength / 4);

  const image = new Uint8Array(lengthWords * 4);
  const view = new DataView(image.buffer);
  const put = (word: number, value: number) => view.setUint32(word * 4, value, true);

  // 2. Header.
  [
    IMAGE_MAGIC, IMAGE_VERSION, lengthWords, patternCount, states.length, dfa.start, symbols.length, tableSize,
    statesOffset, keyTransitionsOffset, keyTransitionCount, indexTransitionsOffset, indexTransitionCount,
    acceptsOffset, acceptCount, symbolsOffset, symbolTableOffset, keyBytesOffset, keyBytesLength, 0,
  ].forEach((value, word) => put(word, value));

  // 3. States with their transition and accept lists.
  let keyTransition = 0;
  let indexTransition = 0;
  let accept = 0;
  states.forEach((state, id) => {
    const record = statesOffset + id * STATE_WORDS;
    put(record, state.keyDefault);
    put(record + 1, state.indexDefault);
    put(record + 2, keyTransition);
    put(record + 3, state.keyTransitions.length);
    put(record + 4, indexTransition);
    put(record + 5, state.indexTransitions.length);
    put(record + 6, accept);
    put(record + 7, state.accepts.length);
    for (const [symbol, target] of state.keyTransitions) {
      put(keyTransitionsOffset + keyTransition * 2, symbol);
      put(keyTransitionsOffset + keyTransition * 2 + 1, target);
      keyTransition++;
    }
    for (const [index, target] of state.indexTransitions) {
      put(indexTransitionsOffset + indexTransition * 2, index);
      put(indexTransitionsOffset + indexTransition * 2 + 1, target);
      indexTransition++;
    }
    for (const pattern of state.accepts) put(acceptsOffset + accept++, pattern);
  });

  // 4. Symbols: records, hash table and key bytes.
  let byteOffset = 0;
  keyBytes.forEach((bytes, symbol) => {
    const hash = hashKey(bytes);
    const record = symbolsOffset + symbol * SYMBOL_WORDS;
    put(record, hash);
    put(record + 1, byteOffset);
    put(record + 2, bytes.length);
    image.set(bytes, keyBytesOffset * 4 + byteOffset);
    byteOffset += bytes.length;

    let slot = hash & (tableSize - 1);
    while (view.getUint32((symbolTableOffset + slot) * 4, true) !== 0) slot = (slot + 1) & (tableSize - 1);
    put(symbolTableOffset + slot, symbol + 1);
  });
  return image;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
