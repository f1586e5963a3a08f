// Per-evaluation state of the VM: the scratch heap cursor, the step budget and
// the limit that ended an evaluation early. Everything here is reset at the
// start of each evaluation, so nothing leaks from one node to the next.

import { SCRATCH_BYTES, STEP_LIMIT, scratchHeap } from "./value";
import { EVAL_SCRATCH_LIMIT } from "./layout";

/** Non-zero once a limit ended the evaluation: the EVAL_* detail to report. */
export let abortDetail: u32 = 0;
export let scratchUsed: u32 = 0;
export let stepsLeft: u32 = STEP_LIMIT;

export function resetEvaluation(): void {
  abortDetail = 0;
  scratchUsed = 0;
  stepsLeft = STEP_LIMIT;
}

export function abortEvaluation(detail: u32): void {
  if (abortDetail == 0) abortDetail = detail;
}

/** Charges `steps` to the budget; returns false once it is spent. */
@inline export function chargeSteps(steps: u32): bool {
  if (steps >= stepsLeft) {
    stepsLeft = 0;
    return false;
  }
  stepsLeft -= steps;
  return true;
}

/**
 * Allocates `bytes` (rounded up to 8) from the scratch heap, or returns 0 and
 * ends the evaluation when the heap is full.
 */
export function scratchAlloc(bytes: u32): usize {
  const rounded = (<u64>bytes + 7) & ~(<u64>7);
  if (rounded + <u64>scratchUsed > <u64>SCRATCH_BYTES) {
    abortEvaluation(EVAL_SCRATCH_LIMIT);
    return 0;
  }
  const address = scratchHeap.ptr + <usize>scratchUsed;
  scratchUsed += <u32>rounded;
  return address;
}

/** Bytes left in the scratch heap, for writers that size their output late. */
export function scratchFree(): u32 {
  return SCRATCH_BYTES - scratchUsed;
}

/** Address of the next scratch byte, for writers that fill then commit. */
export function scratchCursor(): usize {
  return scratchHeap.ptr + <usize>scratchUsed;
}
