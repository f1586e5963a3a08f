// Reading node-table rows as VM values. An object node is a map whose keys are
// its members' keys. A duplicated key resolves to its LAST occurrence.
// Iteration yields each distinct key once, at the position of its FIRST
// occurrence (the order a JS Map built member by member has).

import { documentBlock } from "../memory";
import {
  FLAG_INDEXED, FLAG_INT, KIND_ARRAY, KIND_BOOL, KIND_NUMBER, KIND_OBJECT, KIND_STRING, NO_PARENT,
  rowEnd, rowFlags, rowKeyHash, rowKeyLength, rowKeyOffset, rowKind, rowNumber, rowParent,
  rowValueLength, rowValueOffset,
} from "../tape";
import { PARSE_MALFORMED, PARSE_OK, parseInteger, parsedInt } from "./text";
import {
  TAG_NODE_LIST, TAG_NODE_MAP, setBool, setDouble, setInt, setNull, setString, setValue,
} from "./value";

export const NOT_FOUND: u32 = 0xffffffff;

const MAX_SAFE_INTEGER: f64 = 9007199254740991.0;

/**
 * An int node: its decimal text read exactly when it fits int64, the stored
 * double when the text is decimal but too large, and for other spellings
 * (YAML `0x1F`, `1_000`) the stored double, as an int when it is a safe integer.
 */
function intNodeValue(p: usize, index: u32): void {
  const parsed = parseInteger(documentBlock.ptr + <usize>rowValueOffset(index), rowValueLength(index), true);
  if (parsed == PARSE_OK) {
    setInt(p, parsedInt);
    return;
  }
  const number = rowNumber(index);
  if (parsed == PARSE_MALFORMED && number == Math.trunc(number) && Math.abs(number) <= MAX_SAFE_INTEGER) {
    setInt(p, <i64>number);
  } else {
    setDouble(p, number);
  }
}

/** Writes the value of node `index` into slot `p`. */
export function nodeValue(p: usize, index: u32): void {
  const kind = rowKind(index);
  if (kind == KIND_STRING) {
    setString(p, documentBlock.ptr + <usize>rowValueOffset(index), rowValueLength(index));
  } else if (kind == KIND_NUMBER) {
    if ((rowFlags(index) & FLAG_INT) != 0) intNodeValue(p, index);
    else setDouble(p, rowNumber(index));
  } else if (kind == KIND_BOOL) {
    setBool(p, rowNumber(index) != 0);
  } else if (kind == KIND_OBJECT) {
    setValue(p, TAG_NODE_MAP, 0, <u64>index);
  } else if (kind == KIND_ARRAY) {
    setValue(p, TAG_NODE_LIST, 0, <u64>index);
  } else {
    setNull(p);
  }
}

/** Writes the key of node `index`: a string, an int index, or null at the root. */
export function nodeKey(p: usize, index: u32): void {
  if (rowParent(index) == NO_PARENT) {
    setNull(p);
  } else if ((rowFlags(index) & FLAG_INDEXED) != 0) {
    setInt(p, <i64>rowKeyOffset(index));
  } else {
    setString(p, documentBlock.ptr + <usize>rowKeyOffset(index), rowKeyLength(index));
  }
}

@inline export function keyAddress(index: u32): usize {
  return documentBlock.ptr + <usize>rowKeyOffset(index);
}

/** The member of object `node` named by the bytes, its last occurrence, or NOT_FOUND. */
export function findMember(node: u32, name: usize, length: u32, hash: u32): u32 {
  const end = rowEnd(node);
  let found = NOT_FOUND;
  let child = node + 1;
  while (child < end) {
    if (rowKeyHash(child) == hash && rowKeyLength(child) == length
      && (rowFlags(child) & FLAG_INDEXED) == 0 && memory.compare(keyAddress(child), name, length) == 0) {
      found = child;
    }
    child = rowEnd(child);
  }
  return found;
}

/** FNV-1a of `length` bytes at `ptr`, the hash the tables store for keys. */
export function hashKey(ptr: usize, length: u32): u32 {
  let hash: u32 = 0x811c9dc5;
  for (let i: u32 = 0; i < length; i++) {
    hash = (hash ^ <u32>load<u8>(ptr + i)) * 0x01000193;
  }
  return hash;
}

/** True when no earlier member of the child's parent has the same key. */
export function isFirstOccurrence(parent: u32, child: u32): bool {
  const hash = rowKeyHash(child);
  const length = rowKeyLength(child);
  let other = parent + 1;
  while (other < child) {
    if (rowKeyHash(other) == hash && rowKeyLength(other) == length
      && memory.compare(keyAddress(other), keyAddress(child), length) == 0) return false;
    other = rowEnd(other);
  }
  return true;
}

/** Number of direct children of a container. */
@inline export function childCount(node: u32): u32 {
  return <u32>rowNumber(node);
}

/** Number of distinct keys of an object node. */
export function distinctKeyCount(node: u32): u32 {
  const end = rowEnd(node);
  let count: u32 = 0;
  let child = node + 1;
  while (child < end) {
    if (isFirstOccurrence(node, child)) count++;
    child = rowEnd(child);
  }
  return count;
}

/** The `position`-th child of a container, or NOT_FOUND. */
export function childAt(node: u32, position: u32): u32 {
  const end = rowEnd(node);
  let child = node + 1;
  let i: u32 = 0;
  while (child < end) {
    if (i == position) return child;
    i++;
    child = rowEnd(child);
  }
  return NOT_FOUND;
}
