// Line-based directive files: generic, sshd_config, redis.conf,
// postgresql.conf and Apache httpd.conf (nginx has its own tokenizer in
// nginx.ts). One directive per line, `Name args...`, as a STRING member keyed
// by the name and positioned where the line's text starts.
//
// - '#' as the first non-blank byte makes a comment line. PostgreSQL also
//   ends a value at a '#' outside quotes.
// - The name is the first run of non-blank bytes; sshd and PostgreSQL also end
//   it at '=' and accept `name = value`.
// - The value is the rest of the line, trimmed, and unquoted when it is one
//   quoted string (PostgreSQL doubles a quote to escape it).
// - sshd: `Match ...` (any case) opens an implicit OBJECT keyed as written,
//   arguments in its value slice, that contains the following directives until
//   the next `Match` or the end of the file.
// - Apache: a line whose last non-blank byte is a backslash continues on the
//   next one (the backslash, the blanks after it and the line break are
//   removed; the joined line is decoded into the heap). `<Tag args>` opens an
//   OBJECT keyed `Tag` with its arguments as value, positioned at the name;
//   `</Tag>` closes it (names compare without case). A close that does not
//   match (reported at its '<'), or a block left open at the end, is
//   ERR_UNBALANCED_BLOCK; a tag line without its closing '>' is
//   ERR_INVALID_LINE.

import { ERR_INVALID_LINE, ERR_UNBALANCED_BLOCK, OK } from "../errors";
import { KIND_OBJECT, KIND_STRING, rowKeyLength, rowKeyOffset } from "../tape";
import {
  APOSTROPHE, BACKSLASH, HASH, QUOTE, addNode, afterEol, begin, byteAt, closeAll, closeContainer,
  equalsIgnoreCase, fail, failure, finish, heapBegin, heapCopy, heapEnd, isBlank, isEol, lineEnd,
  openContainer, skipBlanks, srcEnd, stackDepth, topOffset, topRow, trimEnd, unquote,
  unquotedLength, unquotedOffset, openRootObject,
} from "./common";
import { parseNginx } from "./nginx";

export const DIALECT_GENERIC: u32 = 0;
export const DIALECT_SSHD: u32 = 1;
export const DIALECT_NGINX: u32 = 2;
export const DIALECT_REDIS: u32 = 3;
export const DIALECT_POSTGRESQL: u32 = 4;
export const DIALECT_APACHE: u32 = 5;

export function flattenDirectives(length: u32, dialect: u32): i32 {
  begin(length);
  return finish(parse(dialect));
}

function parse(dialect: u32): i32 {
  const opened = openRootObject();
  if (opened != OK) return opened;

  const status = dialect == DIALECT_NGINX ? parseNginx() : parseLines(dialect);
  if (status != OK) return status;
  closeAll();
  return OK;
}

function parseLines(dialect: u32): i32 {
  const end = srcEnd;
  const apache = dialect == DIALECT_APACHE;
  const postgresql = dialect == DIALECT_POSTGRESQL;
  const equalsSeparates = dialect == DIALECT_SSHD || postgresql;
  let matchOpen = false;
  let pos: u32 = 0;

  while (pos < end) {
    const p = skipBlanks(pos, end);
    if (p >= end) break;
    if (isEol(byteAt(p))) {
      pos = afterEol(p);
      continue;
    }

    // The logical line [start, stop): Apache joins continued lines in the heap.
    let e = lineEnd(p);
    let start = p;
    let stop = trimEnd(p, e);
    if (apache && stop > p && byteAt(stop - 1) == BACKSLASH) {
      start = heapBegin();
      let segment = p;
      while (true) {
        const t = trimEnd(segment, e);
        if (t > segment && byteAt(t - 1) == BACKSLASH) {
          heapCopy(segment, t - 1);
          if (e >= end) break;
          segment = afterEol(e);
          e = lineEnd(segment);
          continue;
        }
        heapCopy(segment, e);
        break;
      }
      stop = trimEnd(start, start + heapEnd());
      start = skipBlanks(start, stop);
    }
    pos = afterEol(e);
    if (start >= stop) continue;
    const c = byteAt(start);
    if (c == HASH) continue;

    if (apache && c == 0x3c) {
      const tagged = apacheTag(start, stop, p);
      if (tagged != OK) return tagged;
      continue;
    }

    let nameEnd = start;
    while (nameEnd < stop) {
      const b = byteAt(nameEnd);
      if (isBlank(b) || (equalsSeparates && b == 0x3d)) break;
      nameEnd++;
    }
    let v = skipBlanks(nameEnd, stop);
    if (equalsSeparates && v < stop && byteAt(v) == 0x3d) v = skipBlanks(v + 1, stop);
    const valueEnd = trimEnd(v, postgresql ? commentStart(v, stop) : stop);
    unquote(v, valueEnd - v, postgresql);

    const isMatch = dialect == DIALECT_SSHD && isMatchKeyword(start, nameEnd - start);
    if (isMatch && matchOpen) closeContainer();
    const kind = isMatch ? KIND_OBJECT : KIND_STRING;
    const row = addNode(kind, 0, start, nameEnd - start, unquotedOffset, unquotedLength, p, 0);
    if (row < 0) return failure();
    if (isMatch) {
      const opened = openContainer(<u32>row, p);
      if (opened != OK) return opened;
      matchOpen = true;
    }
  }

  if (apache && stackDepth > 1) return fail(ERR_UNBALANCED_BLOCK, topOffset());
  return OK;
}

/** Returns where a PostgreSQL comment starts in `[v, e)`: the first '#' outside quotes. */
function commentStart(v: u32, e: u32): u32 {
  let quote: u32 = 0;
  let i = v;
  while (i < e) {
    const b = byteAt(i);
    if (quote != 0) {
      if (b == BACKSLASH) {
        i += 2;
        continue;
      }
      if (b == quote) quote = 0;
    } else if (b == QUOTE || b == APOSTROPHE) {
      quote = b;
    } else if (b == HASH) {
      return i;
    }
    i++;
  }
  return e;
}

/** `<Tag args>` or `</Tag>` on the logical line `[start, stop)`; `at` is its source offset. */
function apacheTag(start: u32, stop: u32, at: u32): i32 {
  if (stop - start < 3 || byteAt(stop - 1) != 0x3e) return fail(ERR_INVALID_LINE, at);
  const inner = stop - 1;

  if (byteAt(start + 1) == 0x2f) {
    const nameStart = start + 2;
    const nameEnd = trimEnd(nameStart, inner);
    let k = nameStart;
    while (k < nameEnd && !isBlank(byteAt(k))) k++;
    if (nameEnd == nameStart || k != nameEnd) return fail(ERR_INVALID_LINE, at);
    if (stackDepth < 2) return fail(ERR_UNBALANCED_BLOCK, at);
    const row = topRow();
    if (!equalsIgnoreCase(rowKeyOffset(row), rowKeyLength(row), nameStart, nameEnd - nameStart)) {
      return fail(ERR_UNBALANCED_BLOCK, at);
    }
    closeContainer();
    return OK;
  }

  const nameStart = start + 1;
  let nameEnd = nameStart;
  while (nameEnd < inner && !isBlank(byteAt(nameEnd))) nameEnd++;
  if (nameEnd == nameStart) return fail(ERR_INVALID_LINE, at);
  const v = skipBlanks(nameEnd, inner);
  unquote(v, trimEnd(v, inner) - v, false);
  // Positioned at the tag name (its key), one byte after the '<'.
  const row = addNode(KIND_OBJECT, 0, nameStart, nameEnd - nameStart, unquotedOffset, unquotedLength, at + 1, 0);
  if (row < 0) return failure();
  return openContainer(<u32>row, at + 1);
}

function isMatchKeyword(offset: u32, length: u32): bool {
  if (length != 5) return false;
  let word: u64 = 0;
  for (let k: u32 = 0; k < 5; k++) {
    let b = byteAt(offset + k);
    if (b - 0x41 < 26) b |= 0x20;
    word = (word << 8) | <u64>b;
  }
  return word == 0x6d61746368; // "match"
}
