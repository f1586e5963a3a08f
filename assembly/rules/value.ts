// Values of the predicate VM and the raw blocks that hold them. A value is a
// 16-byte slot:
//
//   word 0   tag (bits 0-7) | TAG_OPTIONAL_SOME (bit 8)
//   word 1   aux: string byte length, list or map item count, error detail
//   word 2-3 payload: bool, i64, u64, f64, node index, or an absolute address
//
// Strings are slices into the document buffer, the program image or the
// scratch heap; none is copied to be read. OBJECT and ARRAY nodes stay node
// references; scalar nodes become scalar values as soon as they are read.

import { Block, ensureCapacity } from "../memory";
import { OK } from "../errors";

export const SLOT_BYTES: usize = 16;

export const TAG_NULL: u32 = 0;
export const TAG_BOOL: u32 = 1;
export const TAG_INT: u32 = 2;
export const TAG_UINT: u32 = 3;
export const TAG_DOUBLE: u32 = 4;
export const TAG_STRING: u32 = 5;
export const TAG_NODE_MAP: u32 = 6;
export const TAG_NODE_LIST: u32 = 7;
export const TAG_LIST: u32 = 8;
export const TAG_MAP: u32 = 9;
export const TAG_OPTIONAL_NONE: u32 = 10;
export const TAG_ERROR: u32 = 11;

/** Set on a value wrapped in `optional.of`. */
export const TAG_OPTIONAL_SOME: u32 = 0x100;

/** Deepest VM stack, in values; comprehension results are built on it. */
export const STACK_SLOTS: u32 = 65536;
/** Slots kept free above the stack limit for nested comparisons (two per level). */
export const TEMP_SLOTS: u32 = 2 * 1100;
/** Bytes of computed strings and lists one evaluation may create. */
export const SCRATCH_BYTES: u32 = 4 * 1024 * 1024;
/** Loop iterations (backward jumps) one evaluation may run before it ends with an error. */
export const STEP_LIMIT: u32 = 1000000;
/** Nesting of comprehensions (iteration slots) one expression may use. */
export const MAX_SLOTS: u32 = 32;

/** Bytes per iterator state: kind, cursor, end, owner, items, base, exit. */
export const ITERATOR_BYTES: usize = 32;

export const stackBlock = new Block();
export const scratchHeap = new Block();
export const frameBlock = new Block();

/** Allocates the fixed VM blocks once; later calls do nothing. */
export function ensureVmBlocks(): i32 {
  if (ensureCapacity(stackBlock, (<usize>STACK_SLOTS + <usize>TEMP_SLOTS + 4) * SLOT_BYTES, false) != OK) return -1;
  if (ensureCapacity(scratchHeap, <usize>SCRATCH_BYTES, false) != OK) return -1;
  if (ensureCapacity(frameBlock, <usize>MAX_SLOTS * (SLOT_BYTES + ITERATOR_BYTES), false) != OK) return -1;
  return OK;
}

@inline export function tagOf(p: usize): u32 {
  return load<u32>(p) & 0xff;
}

@inline export function wordOf(p: usize): u32 {
  return load<u32>(p);
}

@inline export function auxOf(p: usize): u32 {
  return load<u32>(p, 4);
}

@inline export function bitsOf(p: usize): u64 {
  return load<u64>(p, 8);
}

@inline export function intOf(p: usize): i64 {
  return load<i64>(p, 8);
}

@inline export function doubleOf(p: usize): f64 {
  return load<f64>(p, 8);
}

@inline export function addressOf(p: usize): usize {
  return <usize>load<u64>(p, 8);
}

@inline export function setValue(p: usize, tag: u32, aux: u32, payload: u64): void {
  store<u32>(p, tag);
  store<u32>(p, aux, 4);
  store<u64>(p, payload, 8);
}

@inline export function setNull(p: usize): void {
  setValue(p, TAG_NULL, 0, 0);
}

@inline export function setBool(p: usize, value: bool): void {
  setValue(p, TAG_BOOL, 0, value ? 1 : 0);
}

@inline export function setInt(p: usize, value: i64): void {
  setValue(p, TAG_INT, 0, <u64>value);
}

@inline export function setUint(p: usize, value: u64): void {
  setValue(p, TAG_UINT, 0, value);
}

@inline export function setDouble(p: usize, value: f64): void {
  store<u32>(p, TAG_DOUBLE);
  store<u32>(p, 0, 4);
  store<f64>(p, value, 8);
}

@inline export function setString(p: usize, address: usize, length: u32): void {
  setValue(p, TAG_STRING, length, <u64>address);
}

@inline export function setError(p: usize, detail: u32): void {
  setValue(p, TAG_ERROR, detail, 0);
}

@inline export function copyValue(to: usize, from: usize): void {
  store<u64>(to, load<u64>(from));
  store<u64>(to, load<u64>(from, 8), 8);
}

@inline export function isError(p: usize): bool {
  return tagOf(p) == TAG_ERROR;
}

@inline export function isTrue(p: usize): bool {
  return wordOf(p) == TAG_BOOL && bitsOf(p) != 0;
}

@inline export function isFalse(p: usize): bool {
  return wordOf(p) == TAG_BOOL && bitsOf(p) == 0;
}

@inline export function isNumeric(tag: u32): bool {
  return tag == TAG_INT || tag == TAG_UINT || tag == TAG_DOUBLE;
}
