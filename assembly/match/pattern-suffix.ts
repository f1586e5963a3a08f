// Suffix patterns: `**` followed by steps with no further `**`. A node matches
// one when the node's last n path steps match the n steps after the `**`, so
// the matcher checks them by walking up the parent chain instead of carrying
// them through the automaton, where they would be live in every state.

import { FLAG_INDEXED, NO_PARENT, ROW_BYTES, tapeBlock } from "../tape";
import {
  NOT_FOUND, STEP_ANY_INDEX, STEP_INDEX, STEP_KEY, SUFFIX_STEP_WORDS, SUFFIX_WORDS,
  indexTriggerCount, indexTriggersPtr, stepKeysPtr, suffixStepsPtr, suffixesPtr,
} from "./pattern-image";

/** Pattern id of suffix record `suffix`. */
@inline export function suffixPattern(suffix: u32): u32 {
  return load<u32>(suffixesPtr + (<usize>suffix * SUFFIX_WORDS << 2));
}

/**
 * Tests whether suffix pattern `suffix` matches `node`, a non-root node whose
 * own step the pattern's last step already matched (that is how the pattern
 * came up as a candidate). `nodeSymbols` holds one u32 per row already
 * visited: the key's symbol id, or NOT_FOUND for an index, the root, or a key
 * no pattern names.
 */
export function suffixMatches(suffix: u32, node: u32, parent: u32, nodeSymbols: usize): bool {
  const record = suffixesPtr + (<usize>suffix * SUFFIX_WORDS << 2);
  const stepCount = load<u32>(record, 8);
  if (stepCount == 1) return true;
  const firstStep = load<u32>(record, 4);
  const tape = tapeBlock.ptr;

  // Each earlier step against one ancestor further up.
  let child = node;
  let current = parent;
  for (let remaining = stepCount - 1; remaining > 0; remaining--) {
    // A parent that does not precede its child (NO_PARENT, or a malformed
    // table) ends the walk, so it always terminates and reads only visited rows.
    if (current >= child) return false;
    const row = tape + <usize>current * ROW_BYTES;
    const grandparent = load<u32>(row, 4);
    if (grandparent == NO_PARENT) return false;

    const step = suffixStepsPtr + (<usize>(firstStep + remaining - 1) * SUFFIX_STEP_WORDS << 2);
    const kind = load<u32>(step);
    const indexed = ((load<u32>(row) >> 8) & FLAG_INDEXED) != 0;
    if (kind == STEP_KEY) {
      if (indexed) return false;
      const symbol = load<u32>(nodeSymbols + (<usize>current << 2));
      if (symbol == NOT_FOUND || !containsId(stepKeysPtr, load<u32>(step, 4), load<u32>(step, 8), symbol)) return false;
    } else if (kind == STEP_INDEX) {
      if (!indexed || load<u32>(row, 12) != load<u32>(step, 4)) return false;
    } else if (kind == STEP_ANY_INDEX) {
      if (!indexed) return false;
    }

    child = current;
    current = grandparent;
  }
  return true;
}

/** Binary search of an ascending id list. */
function containsId(ids: usize, first: u32, count: u32, id: u32): bool {
  let low = first;
  let high = first + count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const candidate = load<u32>(ids + (<usize>middle << 2));
    if (candidate == id) return true;
    if (candidate < id) low = middle + 1;
    else high = middle;
  }
  return false;
}

/** First index trigger whose array index is `index` or more (lower bound). */
export function firstIndexTrigger(index: u32): u32 {
  let low: u32 = 0;
  let high = indexTriggerCount;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (load<u32>(indexTriggersPtr + (<usize>middle << 3)) < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Number of index triggers from `first` on whose array index is `index`. */
export function indexTriggerRun(first: u32, index: u32): u32 {
  let end = first;
  while (end < indexTriggerCount && load<u32>(indexTriggersPtr + (<usize>end << 3)) == index) end++;
  return end - first;
}
