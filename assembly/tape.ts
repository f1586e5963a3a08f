// The node table ("tape"): one flat table per parsed document, in document
// order. Objects and arrays are nodes too, so a rule can address a container
// and look inside it. Row layout (48 bytes, 12 little-endian u32 words):
//
//   word 0   kind (bits 0-7) | flags (bits 8-15) | depth (bits 16-31)
//   word 1   parent row index, 0xFFFFFFFF for the root
//   word 2   subtree end: index of the first row after this node's subtree
//   word 3   key offset in the document buffer, or the array index when
//            FLAG_INDEXED is set, or 0 for the root
//   word 4   key length in bytes (0 for array elements and the root)
//   word 5   FNV-1a 32-bit hash of the key bytes (0 for array elements)
//   word 6   value offset in the document buffer
//   word 7   value length in bytes
//   word 8   source line, 1-based
//   word 9   source column, 1-based, in UTF-16 code units
//   word 10-11  f64: the number for NUMBER, 1/0 for BOOL, child count for
//            OBJECT and ARRAY, 0 otherwise
//
// Offsets point into the document buffer (source bytes, then decoded strings).
// A string value's slice contains its decoded text without quotes. A block
// directive (nginx `location /x { }`) is an OBJECT whose value slice holds its
// arguments. src/core/tape.ts mirrors this layout for the host.

import { Block, ensureCapacity } from "./memory";
import { ERR_DEPTH_LIMIT, ERR_TABLE_LIMIT, OK } from "./errors";

export const ROW_BYTES: usize = 48;
export const NO_PARENT: u32 = 0xffffffff;

export const KIND_NULL: u32 = 0;
export const KIND_BOOL: u32 = 1;
export const KIND_NUMBER: u32 = 2;
export const KIND_STRING: u32 = 3;
export const KIND_OBJECT: u32 = 4;
export const KIND_ARRAY: u32 = 5;

/** The node is an array element: word 3 contains its index. */
export const FLAG_INDEXED: u32 = 1;
/** The number was written as an integer literal (CEL int, not double). */
export const FLAG_INT: u32 = 2;
/**
 * The core did not convert this number literal exactly (more than 19
 * significant digits, or outside the exact fast path) and left 0 in words
 * 10-11. The host wrapper (src/core/flatten.ts) parses the value slice with
 * Number(), stores the result and clears the flag before anyone reads the
 * table; `flatten_deferred_count()` returns how many rows carry it.
 */
export const FLAG_DEFERRED_NUMBER: u32 = 4;

export const FNV_OFFSET: u32 = 0x811c9dc5;
export const FNV_PRIME: u32 = 0x01000193;

export const tapeBlock = new Block();
export let tapeCount: u32 = 0;

let maxNodes: u32 = 4 * 1024 * 1024;
let maxDepth: u32 = 512;

export function set_max_nodes(value: u32): void {
  maxNodes = value;
}

export function set_max_depth(value: u32): void {
  maxDepth = value;
}

export function getMaxDepth(): u32 {
  return maxDepth;
}

export function tape_ptr(): usize {
  return tapeBlock.ptr;
}

export function tape_count(): u32 {
  return tapeCount;
}

export function tapeReset(): void {
  tapeCount = 0;
}

/** Returns a depth check status, so tokenizers report one error code. */
export function checkDepth(depth: u32): i32 {
  return depth > maxDepth ? ERR_DEPTH_LIMIT : OK;
}

/**
 * Appends a row and returns its index, or -1 when the table limit or memory
 * is exhausted (the caller reports ERR_TABLE_LIMIT).
 */
export function tapePush(
  kind: u32, flags: u32, depth: u32, parent: u32,
  keyOffset: u32, keyLength: u32, keyHash: u32,
  valueOffset: u32, valueLength: u32,
  line: u32, column: u32, number: f64,
): i32 {
  if (tapeCount >= maxNodes) return -1;
  if (ensureCapacity(tapeBlock, (<usize>tapeCount + 1) * ROW_BYTES, true) != OK) return -1;

  const row = tapeBlock.ptr + <usize>tapeCount * ROW_BYTES;
  store<u32>(row, kind | (flags << 8) | (depth << 16));
  store<u32>(row, parent, 4);
  store<u32>(row, tapeCount + 1, 8);
  store<u32>(row, keyOffset, 12);
  store<u32>(row, keyLength, 16);
  store<u32>(row, keyHash, 20);
  store<u32>(row, valueOffset, 24);
  store<u32>(row, valueLength, 28);
  store<u32>(row, line, 32);
  store<u32>(row, column, 36);
  store<f64>(row, number, 40);

  const index = tapeCount;
  tapeCount++;
  return <i32>index;
}

export function tapeTableLimitError(): i32 {
  return ERR_TABLE_LIMIT;
}

@inline export function rowAddress(index: u32): usize {
  return tapeBlock.ptr + <usize>index * ROW_BYTES;
}

@inline export function rowKind(index: u32): u32 {
  return load<u32>(rowAddress(index)) & 0xff;
}

@inline export function rowFlags(index: u32): u32 {
  return (load<u32>(rowAddress(index)) >> 8) & 0xff;
}

@inline export function rowDepth(index: u32): u32 {
  return load<u32>(rowAddress(index)) >> 16;
}

@inline export function rowParent(index: u32): u32 {
  return load<u32>(rowAddress(index), 4);
}

@inline export function rowEnd(index: u32): u32 {
  return load<u32>(rowAddress(index), 8);
}

@inline export function rowKeyOffset(index: u32): u32 {
  return load<u32>(rowAddress(index), 12);
}

@inline export function rowKeyLength(index: u32): u32 {
  return load<u32>(rowAddress(index), 16);
}

@inline export function rowKeyHash(index: u32): u32 {
  return load<u32>(rowAddress(index), 20);
}

@inline export function rowValueOffset(index: u32): u32 {
  return load<u32>(rowAddress(index), 24);
}

@inline export function rowValueLength(index: u32): u32 {
  return load<u32>(rowAddress(index), 28);
}

@inline export function rowLine(index: u32): u32 {
  return load<u32>(rowAddress(index), 32);
}

@inline export function rowColumn(index: u32): u32 {
  return load<u32>(rowAddress(index), 36);
}

@inline export function rowNumber(index: u32): f64 {
  return load<f64>(rowAddress(index), 40);
}

/** Sets the subtree end of a container once its last child is written. */
@inline export function setRowEnd(index: u32, end: u32): void {
  store<u32>(rowAddress(index), end, 8);
}

/** Sets the child count of a container (word 10-11). */
@inline export function setRowNumber(index: u32, value: f64): void {
  store<f64>(rowAddress(index), value, 40);
}

/** Sets the value slice (block directive arguments, late-known lengths). */
@inline export function setRowValue(index: u32, offset: u32, length: u32): void {
  store<u32>(rowAddress(index), offset, 24);
  store<u32>(rowAddress(index), length, 28);
}

/** FNV-1a over `length` bytes at `ptr`. */
export function hashBytes(ptr: usize, length: u32): u32 {
  let hash = FNV_OFFSET;
  for (let i: u32 = 0; i < length; i++) {
    hash = (hash ^ <u32>load<u8>(ptr + i)) * FNV_PRIME;
  }
  return hash;
}

/**
 * Reserves a table of `count` rows that the host fills itself (YAML and TOML
 * are parsed by host libraries and written in this same layout). Returns the
 * table pointer, or 0 when over the limit or out of memory.
 */
export function tape_reserve(count: u32): usize {
  if (count > maxNodes) return 0;
  if (ensureCapacity(tapeBlock, <usize>count * ROW_BYTES, false) != OK) return 0;
  tapeCount = 0;
  return tapeBlock.ptr;
}

/** Declares how many rows the host wrote after `tape_reserve`. */
export function tape_commit(count: u32): void {
  tapeCount = count;
}
