// Suffix patterns: `**` followed by steps with no further `**`. A node matches
// one when the node's last n path steps match the n steps after the `**`. The
// matcher checks that by walking up the parent chain, because in the DFA
// such a pattern would be live in every state.

import { FLAG_INDEXED, NO_PARENT, ROW_BYTES, tapeBlock } from "../tape";
import {
  INDEX_TRIGGER_WORDS, NOT_FOUND, STEP_ANY_INDEX, STEP_INDEX, STEP_KEY, SUFFIX_STEP_WORDS,
  indexTriggerCount, indexTriggersPtr, stepKeysPtr, suffixStepsPtr,
} from "./pattern-image";

/**
 * Tests whether the suffix pattern at `record` (an address in the image)
 * matches `node`. The caller found the pattern in the node's trigger list, so
 * its last step already matches the node and only the earlier steps are
 * checked. `nodeSymbols` contains one u32 per row already visited: the key's
 * symbol id, or NOT_FOUND for an index, the root, or a key no pattern names.
 */
export function suffixMatches(record: usize, node: u32, parent: u32, nodeSymbols: usize): bool {
  const stepCount = load<u32>(record, 8);
  if (stepCount == 1) return true;
  const firstStep = load<u32>(record, 4);
  const tape = tapeBlock.ptr;

  // Each earlier step against one ancestor further up.
  let child = node;
  let current = parent;
  for (let remaining = stepCount - 1; remaining > 0; remaining--) {
    // A parent that does not precede its child (NO_PARENT, or a malformed
    // table) ends the walk. Row indexes only decrease, so the walk terminates
    // and reads only rows already visited.
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

/** Tests whether an ascending id list contains `id`, by binary search. */
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

/** Finds the index trigger record of array index `index`; 0 when no suffix pattern ends in `[index]`. */
export function findIndexTrigger(index: u32): usize {
  let low: u32 = 0;
  let high = indexTriggerCount;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const record = indexTriggersPtr + (<usize>middle * INDEX_TRIGGER_WORDS << 2);
    const candidate = load<u32>(record);
    if (candidate == index) return record;
    if (candidate < index) low = middle + 1;
    else high = middle;
  }
  return 0;
}
