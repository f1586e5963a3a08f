// Java .properties, following java.util.Properties.load: one STRING member
// of the root per logical line, keyed by the decoded key (keys stay flat).
//
// - Whitespace is space, tab and form feed. Blank lines are skipped; a line
//   whose first non-blank byte is '#' or '!' is a comment (never continued).
// - A line ending in an odd number of backslashes continues on the next line,
//   whose leading whitespace is dropped.
// - The key ends at the first unescaped '=', ':' or whitespace; then
//   whitespace, at most one '=' or ':', and whitespace again are skipped. The
//   rest of the logical line is the value, trailing whitespace included.
// - Escapes: \t \n \r \f, \uXXXX (surrogate pairs combine, lone surrogates
//   become U+FFFD), a backslash before any other byte stands for that byte,
//   and a backslash at the very end of the file is dropped. A malformed
//   \uXXXX is ERR_INVALID_ESCAPE, as Java throws.
//
// NOTE: the four hex digits of \uXXXX must be on one physical line; Java also
// accepts them split by a line continuation.

import { ERR_INVALID_ESCAPE, OK } from "../errors";
import { KIND_STRING } from "../tape";
import {
  BACKSLASH, FF, HASH, LF, CR, SPACE, TAB, addNode, afterEol, begin, byteAt, closeAll, fail,
  failure, finish, heapBegin, heapByte, heapCodePoint, heapEnd, hex4, isEol,
  srcEnd, openRootObject,
} from "./common";

const REPLACEMENT: u32 = 0xfffd;

@inline function isSpace(b: u32): bool {
  return b == SPACE || b == TAB || b == FF;
}

/** After a continuation backslash at `i`: past the line break and the next line's leading whitespace. */
function continueAt(i: u32): u32 {
  const end = srcEnd;
  let k = afterEol(i + 1);
  while (k < end && isSpace(byteAt(k))) k++;
  return k;
}

/** Whether the backslash at `i` continues the line (a line break or the end follows). */
@inline function continues(i: u32): bool {
  return i + 1 >= srcEnd || isEol(byteAt(i + 1));
}

export function flattenProperties(length: u32): i32 {
  begin(length);
  return finish(parse());
}

function parse(): i32 {
  const opened = openRootObject();
  if (opened != OK) return opened;

  const end = srcEnd;
  let pos: u32 = 0;
  while (pos < end) {
    let p = pos;
    while (p < end && isSpace(byteAt(p))) p++;
    if (p >= end) break;
    const c = byteAt(p);
    if (isEol(c)) {
      pos = afterEol(p);
      continue;
    }
    if (c == HASH || c == 0x21) {
      let e = p;
      while (e < end && !isEol(byteAt(e))) e++;
      pos = afterEol(e);
      continue;
    }

    // Key: up to an unescaped separator or whitespace.
    const keyStart = p;
    let keyEscaped = false;
    let i = p;
    while (i < end) {
      const b = byteAt(i);
      if (b == BACKSLASH) {
        keyEscaped = true;
        if (continues(i)) {
          if (i + 1 >= end) {
            i = end;
            break;
          }
          i = continueAt(i);
          continue;
        }
        i += 2;
        continue;
      }
      if (b == 0x3d || b == 0x3a || isSpace(b) || isEol(b)) break;
      i++;
    }
    const keyEnd = i;

    // Separator: whitespace, one '=' or ':', whitespace (continuations are transparent).
    let separated = false;
    while (i < end) {
      const b = byteAt(i);
      if (isSpace(b)) {
        i++;
      } else if (b == BACKSLASH && i + 1 < end && isEol(byteAt(i + 1))) {
        i = continueAt(i);
      } else if (!separated && (b == 0x3d || b == 0x3a)) {
        separated = true;
        i++;
      } else {
        break;
      }
    }

    // Value: to the end of the logical line.
    const valueStart = i;
    let valueEscaped = false;
    while (i < end) {
      const b = byteAt(i);
      if (isEol(b)) break;
      if (b == BACKSLASH) {
        valueEscaped = true;
        if (continues(i)) {
          if (i + 1 >= end) {
            i = end;
            break;
          }
          i = continueAt(i);
          continue;
        }
        i += 2;
        continue;
      }
      i++;
    }
    const valueEnd = i < end ? i : end;
    pos = afterEol(valueEnd);

    let keyOffset = keyStart;
    let keyLength = keyEnd - keyStart;
    if (keyEscaped) {
      const decoded = decode(keyStart, keyEnd);
      if (decoded != OK) return decoded;
      keyOffset = decodedOffset;
      keyLength = decodedLength;
    }
    let valueOffset = valueStart;
    let valueLength = valueEnd - valueStart;
    if (valueEscaped) {
      const decoded = decode(valueStart, valueEnd);
      if (decoded != OK) return decoded;
      valueOffset = decodedOffset;
      valueLength = decodedLength;
    }
    if (addNode(KIND_STRING, 0, keyOffset, keyLength, valueOffset, valueLength, keyStart, 0) < 0) return failure();
  }

  closeAll();
  return OK;
}

let decodedOffset: u32 = 0;
let decodedLength: u32 = 0;

/** Decodes escapes and continuations of the physical range `[from, to)` into the heap. */
function decode(from: u32, to: u32): i32 {
  decodedOffset = heapBegin();
  let i = from;
  while (i < to) {
    const b = byteAt(i);
    if (b != BACKSLASH) {
      heapByte(b);
      i++;
      continue;
    }
    if (i + 1 >= srcEnd) break; // a backslash at the end of the file is dropped
    const e = byteAt(i + 1);
    if (e == LF || e == CR) {
      i = continueAt(i);
      continue;
    }
    if (e == 0x75) {
      const unit = hex4(i + 2, to);
      if (unit < 0) return fail(ERR_INVALID_ESCAPE, i);
      let cp = <u32>unit;
      i += 6;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        let paired = false;
        if (i + 1 < to && byteAt(i) == BACKSLASH && byteAt(i + 1) == 0x75) {
          const low = hex4(i + 2, to);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (<u32>low - 0xdc00);
            i += 6;
            paired = true;
          }
        }
        if (!paired) cp = REPLACEMENT;
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        cp = REPLACEMENT;
      }
      heapCodePoint(cp);
      continue;
    }
    if (e == 0x74) heapByte(0x09);
    else if (e == 0x6e) heapByte(0x0a);
    else if (e == 0x72) heapByte(0x0d);
    else if (e == 0x66) heapByte(0x0c);
    else heapByte(e);
    i += 2;
  }
  decodedLength = heapEnd();
  return OK;
}
