// The `path` variable: the steps from the root to a node, written the way the
// host's formatPath (src/core/tape.ts) writes them, `a.b[0]["x.y"]`. It is
// built in the scratch heap only when an expression reads `path`.

import { FLAG_INDEXED, NO_PARENT, rowDepth, rowFlags, rowKeyLength, rowKeyOffset, rowParent } from "../tape";
import { keyAddress } from "./nodes";
import { scratchAlloc } from "./state";
import { writeUnsigned } from "./text";

/** Writes the path of `node` to the scratch heap; returns its address or 0 when full. */
export let pathLength: u32 = 0;

export function materializePath(node: u32): usize {
  const depth = rowDepth(node);
  const steps = scratchAlloc(depth * 4 + 4);
  if (steps == 0) return 0;

  // Steps are collected leaf first, then written root first.
  let count: u32 = 0;
  let n = node;
  while (rowParent(n) != NO_PARENT && count < depth) {
    store<u32>(steps + (<usize>count << 2), n);
    count++;
    n = rowParent(n);
  }

  let total: u32 = 0;
  for (let i = count; i > 0; i--) total += stepLength(load<u32>(steps + (<usize>(i - 1) << 2)), i == count);
  const out = scratchAlloc(total);
  if (out == 0 && total != 0) return 0;

  let at = out;
  for (let i = count; i > 0; i--) at += writeStep(at, load<u32>(steps + (<usize>(i - 1) << 2)), i == count);
  pathLength = total;
  return out;
}

function isIdentifier(ptr: usize, length: u32): bool {
  if (length == 0) return false;
  for (let i: u32 = 0; i < length; i++) {
    const c = <u32>load<u8>(ptr + i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f || c == 0x24 || c == 0x40;
    const later = (c >= 0x30 && c <= 0x39) || c == 0x2d;
    if (!letter && !(i > 0 && later)) return false;
  }
  return true;
}

function escapedLength(c: u32): u32 {
  if (c == 0x22 || c == 0x5c || c == 0x08 || c == 0x0c || c == 0x0a || c == 0x0d || c == 0x09) return 2;
  return c < 0x20 ? 6 : 1;
}

function stepLength(node: u32, first: bool): u32 {
  if ((rowFlags(node) & FLAG_INDEXED) != 0) {
    let digits: u32 = 1;
    let index = rowKeyOffset(node);
    while (index >= 10) {
      index /= 10;
      digits++;
    }
    return digits + 2;
  }
  const ptr = keyAddress(node);
  const length = rowKeyLength(node);
  if (isIdentifier(ptr, length)) return first ? length : length + 1;
  let total: u32 = 4;
  for (let i: u32 = 0; i < length; i++) total += escapedLength(<u32>load<u8>(ptr + i));
  return total;
}

function writeStep(out: usize, node: u32, first: bool): u32 {
  if ((rowFlags(node) & FLAG_INDEXED) != 0) {
    store<u8>(out, 0x5b);
    const digits = writeUnsigned(out + 1, <u64>rowKeyOffset(node));
    store<u8>(out + 1 + digits, 0x5d);
    return digits + 2;
  }
  const ptr = keyAddress(node);
  const length = rowKeyLength(node);
  if (isIdentifier(ptr, length)) {
    if (first) {
      memory.copy(out, ptr, length);
      return length;
    }
    store<u8>(out, 0x2e);
    memory.copy(out + 1, ptr, length);
    return length + 1;
  }

  store<u8>(out, 0x5b);
  store<u8>(out, 0x22, 1);
  let at: usize = out + 2;
  for (let i: u32 = 0; i < length; i++) {
    const c = <u32>load<u8>(ptr + i);
    at += writeEscaped(at, c);
  }
  store<u8>(at, 0x22);
  store<u8>(at, 0x5d, 1);
  return <u32>(at + 2 - out);
}

const HEX = "0123456789abcdef";

function writeEscaped(out: usize, c: u32): u32 {
  let short: u32 = 0;
  if (c == 0x22) short = 0x22;
  else if (c == 0x5c) short = 0x5c;
  else if (c == 0x08) short = 0x62;
  else if (c == 0x0c) short = 0x66;
  else if (c == 0x0a) short = 0x6e;
  else if (c == 0x0d) short = 0x72;
  else if (c == 0x09) short = 0x74;
  if (short != 0) {
    store<u8>(out, 0x5c);
    store<u8>(out, <u8>short, 1);
    return 2;
  }
  if (c < 0x20) {
    store<u8>(out, 0x5c);
    store<u8>(out, 0x75, 1);
    store<u8>(out, 0x30, 2);
    store<u8>(out, 0x30, 3);
    store<u8>(out, <u8>HEX.charCodeAt(<i32>(c >> 4)), 4);
    store<u8>(out, <u8>HEX.charCodeAt(<i32>(c & 15)), 5);
    return 6;
  }
  store<u8>(out, <u8>c);
  return 1;
}
