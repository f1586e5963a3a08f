// The one module that owns raw memory of the core. Every block here comes from
// `heap.alloc` (the runtime's TLSF allocator) and is never a managed object, so
// the garbage collector never moves or frees it behind our back. Blocks are
// kept between calls and only grown, so a batch of documents allocates a few
// times at start-up and then runs without allocating.
//
// Callers must re-read pointers after any call that may grow a block: growing
// can move it.

import { ERR_INPUT_TOO_LARGE, ERR_OUT_OF_MEMORY, OK } from "./errors";

/** A growable raw block: pointer and capacity in bytes. */
@unmanaged
export class Block {
  ptr: usize = 0;
  capacity: usize = 0;
}

/**
 * Grows `block` to hold at least `bytes` bytes, keeping its contents when
 * `keep` is set. Returns OK or ERR_OUT_OF_MEMORY.
 */
export function ensureCapacity(block: Block, bytes: usize, keep: bool): i32 {
  if (bytes <= block.capacity) return OK;

  // Double to amortise growth, but never below what was asked for.
  let wanted = block.capacity << 1;
  if (wanted < bytes) wanted = bytes;
  if (wanted < 64) wanted = 64;
  if (wanted > <usize>0x7fff0000) return ERR_OUT_OF_MEMORY;

  if (block.ptr == 0) {
    block.ptr = heap.alloc(wanted);
  } else if (keep) {
    block.ptr = heap.realloc(block.ptr, wanted);
  } else {
    heap.free(block.ptr);
    block.ptr = heap.alloc(wanted);
  }
  block.capacity = wanted;
  return OK;
}

// The document buffer: the source bytes, followed by a heap of decoded strings
// (JSON escapes, .properties escapes, continuation lines). Decoding never makes
// a string longer than its source text, so source length times two always fits.
export const documentBlock = new Block();
export let documentLength: u32 = 0;
export let documentHeapUsed: u32 = 0;

// The maximum input size in bytes; the host may lower or raise it.
let maxInputBytes: u32 = 64 * 1024 * 1024;

export function set_max_input_bytes(value: u32): void {
  maxInputBytes = value;
}

/**
 * Reserves room for a source document of `length` bytes and returns where the
 * host must copy it, or 0 when the length is over the limit or memory ran out.
 */
export function input_reserve(length: u32): usize {
  if (length > maxInputBytes) return 0;
  if (ensureCapacity(documentBlock, (<usize>length << 1) + 16, false) != OK) return 0;
  documentLength = length;
  documentHeapUsed = 0;
  return documentBlock.ptr;
}

/** Checks a length against the limit before any copy, for clear host errors. */
export function input_check(length: u32): i32 {
  return length > maxInputBytes ? ERR_INPUT_TOO_LARGE : OK;
}

export function document_ptr(): usize {
  return documentBlock.ptr;
}

export function document_length(): u32 {
  return documentLength;
}

/** Bytes of decoded strings written after the source. */
export function document_heap_used(): u32 {
  return documentHeapUsed;
}

/**
 * Appends decoded bytes to the document heap and returns their offset from the
 * start of the document buffer. The caller guarantees the size bound above.
 */
export function heapOffset(): u32 {
  return documentLength + documentHeapUsed;
}

export function heapAdvance(bytes: u32): void {
  documentHeapUsed += bytes;
}

/** Reserves a scratch block for the host (program loading, host-built tables). */
export const scratchBlock = new Block();

export function scratch_reserve(length: u32): usize {
  if (ensureCapacity(scratchBlock, <usize>length, false) != OK) return 0;
  return scratchBlock.ptr;
}
