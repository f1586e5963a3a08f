// Shared machinery of the tokenizers: the source bytes, the position cursor
// (line and column of a byte offset), the container stack, node rows with the
// depth and table limits, UTF-8 validation and small byte helpers.
//
// Offsets are u32 byte offsets from the start of the document buffer (see
// assembly/memory.ts); decoded strings are written after the source bytes.

import { Block, documentBlock, ensureCapacity, heapAdvance, heapOffset } from "../memory";
import {
  ERR_DEPTH_LIMIT, ERR_INVALID_UTF8, ERR_OUT_OF_MEMORY, ERR_TABLE_LIMIT, OK, setErrorPosition,
} from "../errors";
import {
  FLAG_INDEXED, KIND_OBJECT, NO_PARENT, getMaxDepth, hashBytes, setRowEnd, setRowNumber, tapeCount,
  tapePush, tapeReset,
} from "../tape";

export const LF: u32 = 0x0a;
export const CR: u32 = 0x0d;
export const SPACE: u32 = 0x20;
export const TAB: u32 = 0x09;
export const FF: u32 = 0x0c;
export const HASH: u32 = 0x23;
export const QUOTE: u32 = 0x22;
export const APOSTROPHE: u32 = 0x27;
export const BACKSLASH: u32 = 0x5c;

/** Depth is stored in 16 bits of the row, so no limit can go past this. */
const DEPTH_CEILING: u32 = 0xffff;

// The document being flattened.
export let src: usize = 0;
export let srcEnd: u32 = 0;

// The first failure: status and byte offset.
let failStatus: i32 = OK;
let failOffset: u32 = 0;

// Numbers the core could not convert exactly (see FLAG_DEFERRED_NUMBER).
export let deferredCount: u32 = 0;

export function countDeferred(): void {
  deferredCount++;
}

@inline export function byteAt(offset: u32): u32 {
  return <u32>load<u8>(src + <usize>offset);
}

@inline export function isBlank(b: u32): bool {
  return b == SPACE || b == TAB;
}

@inline export function isEol(b: u32): bool {
  return b == LF || b == CR;
}

/** Starts a document: resets the table, the cursor and the stack. */
export function begin(length: u32): void {
  src = documentBlock.ptr;
  srcEnd = length;
  failStatus = OK;
  failOffset = 0;
  deferredCount = 0;
  stackDepth = 0;
  cursorOffset = 0;
  cursorLine = 1;
  cursorColumn = 1;
  tapeReset();
}

/** Records a failure at `offset` and returns `status` for the caller to pass up. */
export function fail(status: i32, offset: u32): i32 {
  failStatus = status;
  failOffset = offset;
  return status;
}

/** The status recorded by the last `fail` (after `addNode` returned -1). */
export function failure(): i32 {
  return failStatus;
}

/** Sets the exported error position for a failed status. */
export function finish(status: i32): i32 {
  if (status == OK) return OK;
  locate(failOffset);
  setErrorPosition(failOffset, cursorLine, cursorColumn);
  return status;
}

// ---------------------------------------------------------------------------
// Position cursor. Lines end at LF, CRLF or a lone CR; columns count UTF-16
// code units: every byte that is not a UTF-8 continuation byte counts one, a
// four-byte lead (0xF0 and up) counts two. Nodes are written in document
// order, so the cursor only moves forward while a document is flattened.

let cursorOffset: u32 = 0;
export let cursorLine: u32 = 1;
export let cursorColumn: u32 = 1;

/**
 * Moves the cursor to a known position, so a tokenizer that reads one
 * document of a stream per call does not recount earlier documents.
 */
export function seekCursor(offset: u32, line: u32, column: u32): void {
  cursorOffset = offset;
  cursorLine = line;
  cursorColumn = column;
}

export function locate(offset: u32): void {
  if (offset < cursorOffset) {
    cursorOffset = 0;
    cursorLine = 1;
    cursorColumn = 1;
  }
  let line = cursorLine;
  let column = cursorColumn;
  for (let i = cursorOffset; i < offset; i++) {
    const b = byteAt(i);
    if (b < 0x80) {
      if (b == LF) {
        if (i == 0 || byteAt(i - 1) != CR) line++;
        column = 1;
      } else if (b == CR) {
        line++;
        column = 1;
      } else {
        column++;
      }
    } else if ((b & 0xc0) != 0x80) {
      column += b >= 0xf0 ? 2 : 1;
    }
  }
  cursorOffset = offset;
  cursorLine = line;
  cursorColumn = column;
}

// ---------------------------------------------------------------------------
// Container stack: one 16-byte frame per open container: row index, child
// count, source offset of the node (for unbalanced-block errors), spare.

const stackBlock = new Block();
export let stackDepth: u32 = 0;

@inline function frameAddress(level: u32): usize {
  return stackBlock.ptr + (<usize>level << 4);
}

/** Row index of the innermost open container. */
export function topRow(): u32 {
  return load<u32>(frameAddress(stackDepth - 1));
}

/** Source offset of the innermost open container's node. */
export function topOffset(): u32 {
  return load<u32>(frameAddress(stackDepth - 1), 8);
}

/** Child count of the innermost open container so far. */
export function topChildren(): u32 {
  return load<u32>(frameAddress(stackDepth - 1), 4);
}

/**
 * Appends a node under the innermost open container and returns its row, or
 * -1 with the failure recorded (depth limit, table limit). `at` is the node's
 * source offset (the key for members); with FLAG_INDEXED the key offset is
 * replaced by the element index.
 */
export function addNode(
  kind: u32, flags: u32, keyOffset: u32, keyLength: u32,
  valueOffset: u32, valueLength: u32, at: u32, number: f64,
): i32 {
  const depth = stackDepth;
  let maxDepth = getMaxDepth();
  if (maxDepth > DEPTH_CEILING) maxDepth = DEPTH_CEILING;
  if (depth > maxDepth) {
    fail(ERR_DEPTH_LIMIT, at);
    return -1;
  }

  let parent = NO_PARENT;
  let hash: u32 = 0;
  if (depth > 0) {
    const frame = frameAddress(depth - 1);
    parent = load<u32>(frame);
    const index = load<u32>(frame, 4);
    store<u32>(frame, index + 1, 4);
    if (flags & FLAG_INDEXED) {
      keyOffset = index;
      keyLength = 0;
    } else {
      hash = hashBytes(src + <usize>keyOffset, keyLength);
    }
  }

  locate(at);
  const row = tapePush(
    kind, flags, depth, parent, keyOffset, keyLength, hash,
    valueOffset, valueLength, cursorLine, cursorColumn, number,
  );
  if (row < 0) {
    fail(ERR_TABLE_LIMIT, at);
    return -1;
  }
  return row;
}

/** Opens the container at `row`; later nodes become its children. */
export function openContainer(row: u32, at: u32): i32 {
  if (ensureCapacity(stackBlock, (<usize>stackDepth + 1) << 4, true) != OK) return fail(ERR_OUT_OF_MEMORY, at);
  const frame = frameAddress(stackDepth);
  store<u32>(frame, row);
  store<u32>(frame, 0, 4);
  store<u32>(frame, at, 8);
  stackDepth++;
  return OK;
}

/** Closes the innermost container: sets its subtree end and child count. */
export function closeContainer(): void {
  stackDepth--;
  const frame = frameAddress(stackDepth);
  const row = load<u32>(frame);
  setRowEnd(row, tapeCount);
  setRowNumber(row, <f64>load<u32>(frame, 4));
}

/** Closes every open container (end of a key=value document). */
export function closeAll(): void {
  while (stackDepth > 0) closeContainer();
}

// ---------------------------------------------------------------------------
// UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.

/** Length of the valid sequence starting at `i`, or 0 when it is invalid. */
export function utf8SequenceLength(i: u32, end: u32): u32 {
  const b0 = byteAt(i);
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2) return 0;
  if (b0 < 0xe0) {
    if (i + 1 >= end) return 0;
    return (byteAt(i + 1) & 0xc0) == 0x80 ? 2 : 0;
  }
  if (b0 < 0xf0) {
    if (i + 2 >= end) return 0;
    const b1 = byteAt(i + 1);
    let low: u32 = 0x80;
    let high: u32 = 0xbf;
    if (b0 == 0xe0) low = 0xa0;
    else if (b0 == 0xed) high = 0x9f;
    if (b1 < low || b1 > high) return 0;
    return (byteAt(i + 2) & 0xc0) == 0x80 ? 3 : 0;
  }
  if (b0 < 0xf5) {
    if (i + 3 >= end) return 0;
    const b1 = byteAt(i + 1);
    let low: u32 = 0x80;
    let high: u32 = 0xbf;
    if (b0 == 0xf0) low = 0x90;
    else if (b0 == 0xf4) high = 0x8f;
    if (b1 < low || b1 > high) return 0;
    if ((byteAt(i + 2) & 0xc0) != 0x80) return 0;
    return (byteAt(i + 3) & 0xc0) == 0x80 ? 4 : 0;
  }
  return 0;
}

/** Validates the whole document; returns OK or ERR_INVALID_UTF8 at the first bad byte. */
export function validateDocument(): i32 {
  const end = srcEnd;
  let i: u32 = 0;
  while (i < end) {
    // Eight ASCII bytes at a time.
    if (i + 8 <= end && (load<u64>(src + <usize>i) & 0x8080808080808080) == 0) {
      i += 8;
      continue;
    }
    if (byteAt(i) < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(i, end);
    if (n == 0) return fail(ERR_INVALID_UTF8, i);
    i += n;
  }
  return OK;
}

/**
 * Validates the document and opens its root object, the first step of every
 * key=value format. Returns OK or the status to report.
 */
export function openRootObject(): i32 {
  const valid = validateDocument();
  if (valid != OK) return valid;
  const root = addNode(KIND_OBJECT, 0, 0, 0, 0, 0, 0, 0);
  if (root < 0) return failure();
  return openContainer(<u32>root, 0);
}

/** Writes `cp` as UTF-8 at `w` and returns the number of bytes. */
export function writeUtf8(w: usize, cp: u32): u32 {
  if (cp < 0x80) {
    store<u8>(w, <u8>cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(w, <u8>(0xc0 | (cp >> 6)));
    store<u8>(w, <u8>(0x80 | (cp & 0x3f)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(w, <u8>(0xe0 | (cp >> 12)));
    store<u8>(w, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
    store<u8>(w, <u8>(0x80 | (cp & 0x3f)), 2);
    return 3;
  }
  store<u8>(w, <u8>(0xf0 | (cp >> 18)));
  store<u8>(w, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
  store<u8>(w, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
  store<u8>(w, <u8>(0x80 | (cp & 0x3f)), 3);
  return 4;
}

/** Value of a hex digit, or -1. */
@inline export function hexValue(b: u32): i32 {
  if (b - 0x30 < 10) return <i32>(b - 0x30);
  const lower = b | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

/** The code unit of four hex digits at `i`, or -1 when they are not all there. */
export function hex4(i: u32, end: u32): i32 {
  if (i + 4 > end) return -1;
  const a = hexValue(byteAt(i));
  const b = hexValue(byteAt(i + 1));
  const c = hexValue(byteAt(i + 2));
  const d = hexValue(byteAt(i + 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

// ---------------------------------------------------------------------------
// Decoded strings go to the document heap, after the source bytes.

let heapStart: u32 = 0;
let heapWrite: usize = 0;

/** Starts a decoded string; returns its offset. */
export function heapBegin(): u32 {
  heapStart = heapOffset();
  heapWrite = src + <usize>heapStart;
  return heapStart;
}

@inline export function heapByte(b: u32): void {
  store<u8>(heapWrite, <u8>b);
  heapWrite++;
}

export function heapCopy(from: u32, to: u32): void {
  const n = to - from;
  memory.copy(heapWrite, src + <usize>from, <usize>n);
  heapWrite += <usize>n;
}

export function heapCodePoint(cp: u32): void {
  heapWrite += <usize>writeUtf8(heapWrite, cp);
}

/** Ends the decoded string and returns its length. */
export function heapEnd(): u32 {
  const length = <u32>(heapWrite - src) - heapStart;
  heapAdvance(length);
  return length;
}

// ---------------------------------------------------------------------------
// Lines.

/** Offset of the line terminator at or after `i` (or the end). */
export function lineEnd(i: u32): u32 {
  const end = srcEnd;
  while (i < end) {
    const b = byteAt(i);
    if (b == LF || b == CR) return i;
    i++;
  }
  return end;
}

/** Offset after the line terminator at `i` (CRLF counts as one). */
export function afterEol(i: u32): u32 {
  if (i >= srcEnd) return srcEnd;
  if (byteAt(i) == CR && i + 1 < srcEnd && byteAt(i + 1) == LF) return i + 2;
  return i + 1;
}

export function skipBlanks(i: u32, end: u32): u32 {
  while (i < end && isBlank(byteAt(i))) i++;
  return i;
}

/** End of `[start, end)` with trailing blanks removed. */
export function trimEnd(start: u32, end: u32): u32 {
  while (end > start && isBlank(byteAt(end - 1))) end--;
  return end;
}

// Result of `unquote`.
export let unquotedOffset: u32 = 0;
export let unquotedLength: u32 = 0;

/**
 * Removes the quotes when `[offset, offset+length)` is one quoted string: it
 * opens with `"` or `'` and the matching close (a backslash escapes the next
 * byte; with `doubled`, two quotes stand for one, as in PostgreSQL) is its
 * last byte. Escapes inside are kept as written.
 */
export function unquote(offset: u32, length: u32, doubled: bool): void {
  unquotedOffset = offset;
  unquotedLength = length;
  if (length < 2) return;
  const q = byteAt(offset);
  if (q != QUOTE && q != APOSTROPHE) return;
  const end = offset + length;
  let i = offset + 1;
  while (i < end) {
    const b = byteAt(i);
    if (b == BACKSLASH) {
      i += 2;
      continue;
    }
    if (b == q) {
      if (doubled && i + 1 < end && byteAt(i + 1) == q) {
        i += 2;
        continue;
      }
      if (i == end - 1) {
        unquotedOffset = offset + 1;
        unquotedLength = length - 2;
      }
      return;
    }
    i++;
  }
}

/** Whether the bytes at `i` (before `end`) spell the ASCII `text`. */
export function startsWithBytes(i: u32, end: u32, text: string): bool {
  const n = <u32>text.length;
  if (i + n > end) return false;
  for (let k: u32 = 0; k < n; k++) {
    if (byteAt(i + k) != <u32>text.charCodeAt(<i32>k)) return false;
  }
  return true;
}

/** ASCII case-insensitive comparison of two slices. */
export function equalsIgnoreCase(a: u32, aLength: u32, b: u32, bLength: u32): bool {
  if (aLength != bLength) return false;
  for (let k: u32 = 0; k < aLength; k++) {
    let x = byteAt(a + k);
    let y = byteAt(b + k);
    if (x - 0x41 < 26) x |= 0x20;
    if (y - 0x41 < 26) y |= 0x20;
    if (x != y) return false;
  }
  return true;
}

export { OK };
