// Evaluating the loaded rule program over the current node table: match all
// patterns once, run each enabled rule's `when` with `self` = root, run the
// asserts of active rules on their matched nodes, and write result rows in
// document order (node ascending, then rule index).
//
// Result row: [rule, node, outcome, detail] (u32 each). Pass rows are written
// only when `flags & EMIT_PASSES`. Per-rule counters [evaluated, failed,
// errors] count every outcome, written or not. `evaluated` counts each assert
// evaluation plus each `when` error and each missing row. `failed` counts
// fail and missing outcomes, and `errors` counts error outcomes.

import { Block, ensureCapacity } from "../memory";
import { ERR_NO_DOCUMENT, ERR_NO_PROGRAM, ERR_OUT_OF_MEMORY, ERR_RESULT_LIMIT, OK } from "../errors";
import { tapeCount } from "../tape";
import { matchPairsCount, matchPairsPtr, patternsLoaded, patternsMatchAll } from "../match/pattern";
import {
  OUTCOME_ERROR, OUTCOME_FAIL, OUTCOME_MISSING, OUTCOME_PASS, RULE_ASSERT_LENGTH, RULE_ASSERT_SLOTS,
  RULE_ASSERT_START, RULE_FLAG_HAS_WHEN, RULE_FLAG_PRESENCE, RULE_FLAGS, RULE_PATTERN, RULE_WHEN_LENGTH, RULE_WHEN_SLOTS,
  RULE_WHEN_START,
} from "./layout";
import { patternCount, patternIndexPtr, patternRulesPtr, programLoaded, ruleCount, ruleWord } from "./program";
import { evaluate, resultDetail } from "./vm";

export const EMIT_PASSES: u32 = 1;

/** Most result rows one document may produce. */
const MAX_RESULT_ROWS: u32 = 1 << 24;
const ROW_BYTES: usize = 16;

const STATE_ACTIVE: u32 = 1;
const STATE_MATCHED: u32 = 2;
const STATE_WHEN_ERROR: u32 = 4;

// Entry kinds of a node's work list, in the low two bits (rule index above).
const ENTRY_ASSERT: u32 = 0;
const ENTRY_WHEN_ERROR: u32 = 1;
const ENTRY_MISSING: u32 = 2;

const resultBlock = new Block();
const countsBlock = new Block();
/** Per rule: [state, when error detail]. */
const ruleStateBlock = new Block();
/** Work list of one node: rule << 2 | entry kind. */
const groupBlock = new Block();
const enabledBlock = new Block();
/** Per pattern while marking matches: 1 when a presence rule still waits for it. */
const pendingBlock = new Block();

let resultCount: u32 = 0;
let groupCount: u32 = 0;
let status: i32 = OK;

export function eval_results_ptr(): usize {
  return resultBlock.ptr;
}

export function eval_results_count(): u32 {
  return resultCount;
}

export function eval_counts_ptr(): usize {
  return countsBlock.ptr;
}

/** Reserves the enabled-rule mask (one byte per rule) for the host to fill. */
export function eval_enabled_reserve(count: u32): usize {
  if (ensureCapacity(enabledBlock, <usize>count + 8, false) != OK) return 0;
  return enabledBlock.ptr;
}

/**
 * Evaluates the program over the current table. `enabledPtr` points to one
 * byte per rule (non-zero = enabled). Returns OK or an ERR_* status.
 */
export function eval_document(enabledPtr: usize, flags: u32): i32 {
  if (!programLoaded || !patternsLoaded()) return ERR_NO_PROGRAM;
  if (tapeCount == 0) return ERR_NO_DOCUMENT;
  resultCount = 0;
  status = OK;
  if (ensureCapacity(countsBlock, <usize>ruleCount * 12 + 12, false) != OK) return ERR_OUT_OF_MEMORY;
  if (ensureCapacity(ruleStateBlock, <usize>ruleCount * 8 + 8, false) != OK) return ERR_OUT_OF_MEMORY;
  memory.fill(countsBlock.ptr, 0, <usize>ruleCount * 12);

  const matched = patternsMatchAll();
  if (matched != OK) return matched;
  const pairs = matchPairsPtr();
  const pairCount = matchPairsCount();

  // 1. Which rules run: enabled, and their `when` holds on the root.
  let hasPresenceRules = false;
  for (let r: u32 = 0; r < ruleCount; r++) {
    if ((ruleWord(r, RULE_FLAGS) & RULE_FLAG_PRESENCE) != 0) hasPresenceRules = true;
    let state: u32 = 0;
    let detail: u32 = 0;
    if (load<u8>(enabledPtr + r) != 0) {
      if ((ruleWord(r, RULE_FLAGS) & RULE_FLAG_HAS_WHEN) == 0) {
        state = STATE_ACTIVE;
      } else {
        const outcome = evaluate(ruleWord(r, RULE_WHEN_START), ruleWord(r, RULE_WHEN_LENGTH), ruleWord(r, RULE_WHEN_SLOTS), 0);
        if (outcome == OUTCOME_PASS) {
          state = STATE_ACTIVE;
        } else if (outcome == OUTCOME_ERROR) {
          state = STATE_WHEN_ERROR;
          detail = resultDetail;
        }
      }
    }
    store<u32>(ruleStateBlock.ptr + (<usize>r << 3), state);
    store<u32>(ruleStateBlock.ptr + (<usize>r << 3), detail, 4);
  }

  // 2. Which active rules matched anything (for `presence: required`). Only
  // patterns of active presence rules are looked at, each until its first pair.
  if (hasPresenceRules && markPendingPatterns() != OK) return ERR_OUT_OF_MEMORY;
  for (let i: u32 = 0; i < pairCount && hasPresenceRules; i++) {
    const pattern = load<u32>(pairs + (<usize>i << 3));
    if (pattern >= patternCount || load<u8>(pendingBlock.ptr + pattern) == 0) continue;
    store<u8>(pendingBlock.ptr + pattern, 0);
    const first = load<u32>(patternIndexPtr + (<usize>pattern << 3));
    const count = load<u32>(patternIndexPtr + (<usize>pattern << 3), 4);
    for (let k: u32 = 0; k < count; k++) {
      const rule = load<u32>(patternRulesPtr + (<usize>(first + k) << 2));
      const stateAt = ruleStateBlock.ptr + (<usize>rule << 3);
      const state = load<u32>(stateAt);
      if ((state & STATE_ACTIVE) != 0) store<u32>(stateAt, state | STATE_MATCHED);
    }
  }

  // 3. Node by node, in document order. The root's list also carries the
  // rules whose `when` failed with an error and the missing required rules.
  let i: u32 = 0;
  let rootListed = false;
  while (i < pairCount || !rootListed) {
    const node = i < pairCount ? load<u32>(pairs + (<usize>i << 3), 4) : 0;
    groupCount = 0;
    if (!rootListed && (node != 0 || i >= pairCount)) {
      // No pair names the root: its list holds only the root-level rows.
      addRootEntries();
      rootListed = true;
      if (runGroup(0, flags) != OK) return status;
      continue;
    }
    while (i < pairCount && load<u32>(pairs + (<usize>i << 3), 4) == node) {
      addPatternEntries(load<u32>(pairs + (<usize>i << 3)));
      i++;
    }
    if (node == 0) {
      addRootEntries();
      rootListed = true;
    }
    if (runGroup(node, flags) != OK) return status;
  }
  return OK;
}

/** Sets one byte per pattern: 1 when an active rule with `presence: required` uses it. */
function markPendingPatterns(): i32 {
  if (ensureCapacity(pendingBlock, <usize>patternCount + 8, false) != OK) return ERR_OUT_OF_MEMORY;
  memory.fill(pendingBlock.ptr, 0, <usize>patternCount);
  for (let r: u32 = 0; r < ruleCount; r++) {
    const active = (load<u32>(ruleStateBlock.ptr + (<usize>r << 3)) & STATE_ACTIVE) != 0;
    if (active && (ruleWord(r, RULE_FLAGS) & RULE_FLAG_PRESENCE) != 0) store<u8>(pendingBlock.ptr + ruleWord(r, RULE_PATTERN), 1);
  }
  return OK;
}

function addEntry(entry: u32): bool {
  if ((<usize>groupCount + 1) << 2 > groupBlock.capacity && ensureCapacity(groupBlock, (<usize>groupCount + 1) << 2, true) != OK) {
    status = ERR_OUT_OF_MEMORY;
    return false;
  }
  store<u32>(groupBlock.ptr + (<usize>groupCount << 2), entry);
  groupCount++;
  return true;
}

function addPatternEntries(pattern: u32): void {
  if (pattern >= patternCount) return;
  const first = load<u32>(patternIndexPtr + (<usize>pattern << 3));
  const count = load<u32>(patternIndexPtr + (<usize>pattern << 3), 4);
  for (let k: u32 = 0; k < count; k++) {
    const rule = load<u32>(patternRulesPtr + (<usize>(first + k) << 2));
    if ((load<u32>(ruleStateBlock.ptr + (<usize>rule << 3)) & STATE_ACTIVE) != 0) addEntry(rule << 2 | ENTRY_ASSERT);
  }
}

function addRootEntries(): void {
  for (let r: u32 = 0; r < ruleCount; r++) {
    const state = load<u32>(ruleStateBlock.ptr + (<usize>r << 3));
    if ((state & STATE_WHEN_ERROR) != 0) {
      addEntry(r << 2 | ENTRY_WHEN_ERROR);
    } else if ((state & STATE_ACTIVE) != 0 && (state & STATE_MATCHED) == 0
      && (ruleWord(r, RULE_FLAGS) & RULE_FLAG_PRESENCE) != 0) {
      addEntry(r << 2 | ENTRY_MISSING);
    }
  }
}

/** Sorts the node's work list by rule and runs it. */
function runGroup(node: u32, flags: u32): i32 {
  if (status != OK) return status;
  const list = groupBlock.ptr;
  // Insertion sort: a node's list is short, and often already in order.
  for (let a: u32 = 1; a < groupCount; a++) {
    const entry = load<u32>(list + (<usize>a << 2));
    let b = a;
    while (b > 0 && load<u32>(list + (<usize>(b - 1) << 2)) > entry) {
      store<u32>(list + (<usize>b << 2), load<u32>(list + (<usize>(b - 1) << 2)));
      b--;
    }
    store<u32>(list + (<usize>b << 2), entry);
  }

  for (let g: u32 = 0; g < groupCount; g++) {
    const entry = load<u32>(groupBlock.ptr + (<usize>g << 2));
    const rule = entry >>> 2;
    const kind = entry & 3;
    let outcome: u32 = OUTCOME_PASS;
    let detail: u32 = 0;
    let rowNode = node;
    if (kind == ENTRY_ASSERT) {
      outcome = evaluate(ruleWord(rule, RULE_ASSERT_START), ruleWord(rule, RULE_ASSERT_LENGTH), ruleWord(rule, RULE_ASSERT_SLOTS), node);
      if (outcome == OUTCOME_ERROR) detail = resultDetail;
    } else if (kind == ENTRY_WHEN_ERROR) {
      outcome = OUTCOME_ERROR;
      detail = load<u32>(ruleStateBlock.ptr + (<usize>rule << 3), 4);
      rowNode = 0;
    } else {
      outcome = OUTCOME_MISSING;
      rowNode = 0;
    }

    const counts = countsBlock.ptr + <usize>rule * 12;
    store<u32>(counts, load<u32>(counts) + 1);
    if (outcome == OUTCOME_FAIL || outcome == OUTCOME_MISSING) store<u32>(counts, load<u32>(counts, 4) + 1, 4);
    if (outcome == OUTCOME_ERROR) store<u32>(counts, load<u32>(counts, 8) + 1, 8);

    if (outcome != OUTCOME_PASS || (flags & EMIT_PASSES) != 0) {
      if (resultCount >= MAX_RESULT_ROWS) {
        status = ERR_RESULT_LIMIT;
        return status;
      }
      if (ensureCapacity(resultBlock, (<usize>resultCount + 1) * ROW_BYTES, true) != OK) {
        status = ERR_OUT_OF_MEMORY;
        return status;
      }
      const row = resultBlock.ptr + <usize>resultCount * ROW_BYTES;
      store<u32>(row, rule);
      store<u32>(row, rowNode, 4);
      store<u32>(row, outcome, 8);
      store<u32>(row, detail, 12);
      resultCount++;
    }
  }
  return OK;
}
