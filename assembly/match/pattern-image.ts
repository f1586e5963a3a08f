// The path-pattern image: layout constants, validation, and the decoded
// header that the matcher (assembly/match/pattern.ts) reads. The host writes
// the image in src/policy/pattern/image.ts, which documents every word.
//
// Every offset, count and reference is checked before the image is used, so
// a malformed image is rejected instead of trapping later.

import { hashBytes } from "../tape";

// Keep in step with src/policy/pattern/image.ts.
export const IMAGE_MAGIC: u32 = 0x54505742;
export const IMAGE_VERSION: u32 = 2;
export const HEADER_WORDS: u32 = 36;
export const STATE_WORDS: u32 = 8;
export const SYMBOL_WORDS: u32 = 4;
export const SUFFIX_WORDS: u32 = 3;
export const SUFFIX_STEP_WORDS: u32 = 3;
export const INDEX_TRIGGER_WORDS: u32 = 3;
export const DEAD_STATE: u32 = 0;

// Suffix step kinds (word 0 of a suffix step record).
export const STEP_KEY: u32 = 0;
export const STEP_INDEX: u32 = 1;
export const STEP_ANY: u32 = 2;
export const STEP_ANY_INDEX: u32 = 3;

export const NOT_FOUND: u32 = 0xffffffff;

/** Hard ceiling on automaton states an image may declare (the host's default limit is lower). */
const MAX_IMAGE_STATES: u32 = 1 << 22;

// The decoded header of the loaded image; valid while `patternsLoaded()`.
export let patternCount: u32 = 0;
export let stateCount: u32 = 0;
export let startState: u32 = 0;
export let symbolCount: u32 = 0;
export let symbolTableMask: u32 = 0;
export let statesPtr: usize = 0;
export let keyTransitionsPtr: usize = 0;
export let indexTransitionsPtr: usize = 0;
export let acceptsPtr: usize = 0;
export let symbolsPtr: usize = 0;
export let symbolTablePtr: usize = 0;
export let keyBytesPtr: usize = 0;
export let suffixCount: u32 = 0;
export let suffixesPtr: usize = 0;
export let suffixStepsPtr: usize = 0;
export let stepKeysPtr: usize = 0;
export let symbolTriggersPtr: usize = 0;
export let triggersPtr: usize = 0;
export let indexTriggerCount: u32 = 0;
export let indexTriggersPtr: usize = 0;
export let otherKeyFirst: u32 = 0;
export let otherKeyCount: u32 = 0;
export let otherIndexFirst: u32 = 0;
export let otherIndexCount: u32 = 0;

/** Marks no image as loaded: no patterns and no suffix patterns. */
export function clearImageHeader(): void {
  patternCount = 0;
  suffixCount = 0;
}

@inline function word(image: usize, index: u32): u32 {
  return load<u32>(image + (<usize>index << 2));
}

/** Tests whether `count` records of `size` words at word `offset` fit between the header and `lengthWords`. */
function sectionFits(offset: u32, count: u32, size: u32, lengthWords: u32): bool {
  return offset >= HEADER_WORDS && <u64>offset + <u64>count * <u64>size <= <u64>lengthWords;
}

/** Validates the image at `image` and, when it is sound, decodes its header into the globals above. */
export function validateImage(image: usize, length: u32): bool {
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
    if (!validIds(acceptsAt, load<u32>(record, 24), load<u32>(record, 28), acceptCount, patterns)) return false;
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

  // 4. Suffix patterns.
  if (!validateSuffixSections(image, lengthWords, patterns, symbols)) return false;
  const suffixes = word(image, 20);

  // 5. Commit the decoded header.
  patternCount = patterns;
  stateCount = states;
  startState = start;
  symbolCount = symbols;
  symbolTableMask = mask;
  statesPtr = statesAt;
  keyTransitionsPtr = keyTransitionsAt;
  indexTransitionsPtr = indexTransitionsAt;
  acceptsPtr = acceptsAt;
  symbolsPtr = symbolsAt;
  symbolTablePtr = tableAt;
  keyBytesPtr = keyBytesAt;
  suffixCount = suffixes;
  if (suffixes != 0) {
    suffixesPtr = image + (<usize>word(image, 21) << 2);
    suffixStepsPtr = image + (<usize>word(image, 23) << 2);
    stepKeysPtr = image + (<usize>word(image, 25) << 2);
    symbolTriggersPtr = image + (<usize>word(image, 26) << 2);
    triggersPtr = image + (<usize>word(image, 28) << 2);
    indexTriggerCount = word(image, 29);
    indexTriggersPtr = image + (<usize>word(image, 30) << 2);
    otherKeyFirst = word(image, 31);
    otherKeyCount = word(image, 32);
    otherIndexFirst = word(image, 33);
    otherIndexCount = word(image, 34);
  }
  return true;
}

/**
 * Checks the suffix sections: pattern records, their steps and key lists, and
 * the trigger lists that lead from a node's last step to candidate patterns.
 */
function validateSuffixSections(image: usize, lengthWords: u32, patterns: u32, symbols: u32): bool {
  const suffixes = word(image, 20);
  const stepCount = word(image, 22);
  const stepKeyCount = word(image, 24);
  const triggerCount = word(image, 27);
  const indexTriggers = word(image, 29);
  if (!sectionFits(word(image, 21), suffixes, SUFFIX_WORDS, lengthWords)) return false;
  if (!sectionFits(word(image, 23), stepCount, SUFFIX_STEP_WORDS, lengthWords)) return false;
  if (!sectionFits(word(image, 25), stepKeyCount, 1, lengthWords)) return false;
  if (!sectionFits(word(image, 26), symbols, 2, lengthWords)) return false;
  if (!sectionFits(word(image, 28), triggerCount, 1, lengthWords)) return false;
  if (!sectionFits(word(image, 30), indexTriggers, INDEX_TRIGGER_WORDS, lengthWords)) return false;

  const suffixesAt = image + (<usize>word(image, 21) << 2);
  const stepsAt = image + (<usize>word(image, 23) << 2);
  const stepKeysAt = image + (<usize>word(image, 25) << 2);
  const symbolTriggersAt = image + (<usize>word(image, 26) << 2);
  const triggersAt = image + (<usize>word(image, 28) << 2);
  const indexTriggersAt = image + (<usize>word(image, 30) << 2);

  // Records ascend by pattern id, so trigger lists that ascend by suffix id
  // also ascend by pattern id, as the matcher's merge requires.
  for (let suffix: u32 = 0; suffix < suffixes; suffix++) {
    const record = suffixesAt + (<usize>suffix * SUFFIX_WORDS << 2);
    const pattern = load<u32>(record);
    const firstStep = load<u32>(record, 4);
    const steps = load<u32>(record, 8);
    if (pattern >= patterns) return false;
    if (suffix > 0 && pattern <= load<u32>(record - (<usize>SUFFIX_WORDS << 2))) return false;
    if (steps == 0 || <u64>firstStep + <u64>steps > <u64>stepCount) return false;
  }

  for (let step: u32 = 0; step < stepCount; step++) {
    const record = stepsAt + (<usize>step * SUFFIX_STEP_WORDS << 2);
    const kind = load<u32>(record);
    if (kind > STEP_ANY_INDEX) return false;
    if (kind == STEP_KEY && !validIds(stepKeysAt, load<u32>(record, 4), load<u32>(record, 8), stepKeyCount, symbols)) return false;
  }

  for (let symbol: u32 = 0; symbol < symbols; symbol++) {
    const range = symbolTriggersAt + (<usize>symbol << 3);
    if (!validIds(triggersAt, load<u32>(range), load<u32>(range, 4), triggerCount, suffixes)) return false;
  }
  if (!validIds(triggersAt, word(image, 31), word(image, 32), triggerCount, suffixes)) return false;
  if (!validIds(triggersAt, word(image, 33), word(image, 34), triggerCount, suffixes)) return false;

  // Index triggers ascend by array index, for the matcher's binary search.
  for (let i: u32 = 0; i < indexTriggers; i++) {
    const record = indexTriggersAt + (<usize>i * INDEX_TRIGGER_WORDS << 2);
    if (i > 0 && load<u32>(record) <= load<u32>(record - (<usize>INDEX_TRIGGER_WORDS << 2))) return false;
    if (!validIds(triggersAt, load<u32>(record, 4), load<u32>(record, 8), triggerCount, suffixes)) return false;
  }
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

/** Checks a list of ids (accepts, key symbols, trigger entries): in bounds, strictly ascending and below `limit`. */
function validIds(ids: usize, first: u32, count: u32, total: u32, limit: u32): bool {
  if (<u64>first + <u64>count > <u64>total) return false;
  for (let i: u32 = 0; i < count; i++) {
    const id = load<u32>(ids + (<usize>(first + i) << 2));
    if (id >= limit) return false;
    if (i > 0 && id <= load<u32>(ids + (<usize>(first + i - 1) << 2))) return false;
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
