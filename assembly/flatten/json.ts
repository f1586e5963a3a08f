// JSON (RFC 8259) exactly as JSON.parse accepts it, flattened without
// recursion: open containers live on the raw stack in common.ts.
//
// Nodes: the root is the top-level value at depth 0. Members are keyed by
// their decoded key and positioned at the key's opening quote; array elements
// carry FLAG_INDEXED and their index. A string's value slice is its decoded
// text (straight into the source when it has no escape); numbers, booleans
// and null keep their literal text; containers have an empty slice.

import {
  ERR_CONTROL_CHAR_IN_STRING, ERR_EXPECTED_COLON, ERR_EXPECTED_COMMA_OR_END, ERR_EXPECTED_KEY,
  ERR_INVALID_ESCAPE, ERR_INVALID_UTF8, ERR_TRAILING_CONTENT, ERR_UNEXPECTED_CHAR,
  ERR_UNEXPECTED_END, ERR_UNTERMINATED_STRING, OK,
} from "../errors";
import {
  FLAG_DEFERRED_NUMBER, FLAG_INDEXED, FLAG_INT, KIND_ARRAY, KIND_BOOL, KIND_NULL, KIND_NUMBER,
  KIND_OBJECT, KIND_STRING, rowKind,
} from "../tape";
import {
  BACKSLASH, QUOTE, addNode, begin, byteAt, closeContainer, countDeferred, fail, finish,
  failure, heapBegin, heapByte, heapCodePoint, heapCopy, heapEnd, hex4, openContainer, srcEnd,
  stackDepth, topRow, utf8SequenceLength,
} from "./common";
import { numberDeferred, numberEnd, numberIsInt, numberValue, scanNumber } from "./number";

const REPLACEMENT: u32 = 0xfffd;

// Parser states.
const VALUE: i32 = 0; // a value is due at `pos`
const AFTER: i32 = 1; // a value just ended
const MEMBER: i32 = 2; // a member's key is due at `pos`

// Results of scanString.
let stringOffset: u32 = 0;
let stringLength: u32 = 0;
let stringEnd: u32 = 0;

@inline function isSpace(b: u32): bool {
  return b == 0x20 || b == 0x0a || b == 0x0d || b == 0x09;
}

function skipSpace(i: u32): u32 {
  const end = srcEnd;
  while (i < end && isSpace(byteAt(i))) i++;
  return i;
}

export function flattenJson(length: u32): i32 {
  begin(length);
  return finish(parse());
}

function parse(): i32 {
  const end = srcEnd;
  let pos = skipSpace(0);
  let state = VALUE;

  // The pending node: its flags (FLAG_INDEXED for elements), key and position.
  let flags: u32 = 0;
  let keyOffset: u32 = 0;
  let keyLength: u32 = 0;
  let at: u32 = pos;

  while (true) {
    if (state == VALUE) {
      if (pos >= end) return fail(ERR_UNEXPECTED_END, end);
      const c = byteAt(pos);

      if (c == 0x7b || c == 0x5b) {
        const kind = c == 0x7b ? KIND_OBJECT : KIND_ARRAY;
        const row = addNode(kind, flags, keyOffset, keyLength, pos, 0, at, 0);
        if (row < 0) return failure();
        const opened = openContainer(<u32>row, at);
        if (opened != OK) return opened;
        pos = skipSpace(pos + 1);
        if (pos >= end) return fail(ERR_UNEXPECTED_END, end);
        if (byteAt(pos) == (c == 0x7b ? <u32>0x7d : <u32>0x5d)) {
          closeContainer();
          pos++;
          state = AFTER;
        } else if (kind == KIND_OBJECT) {
          state = MEMBER;
        } else {
          flags = FLAG_INDEXED;
          at = pos;
        }
        continue;
      }

      if (c == QUOTE) {
        const scanned = scanString(pos);
        if (scanned != OK) return scanned;
        if (addNode(KIND_STRING, flags, keyOffset, keyLength, stringOffset, stringLength, at, 0) < 0) return failure();
        pos = stringEnd;
      } else if (c == 0x2d || c - 0x30 < 10) {
        const scanned = scanNumber(pos);
        if (scanned != OK) return scanned;
        let numberFlags = flags;
        if (numberIsInt) numberFlags |= FLAG_INT;
        if (numberDeferred) {
          numberFlags |= FLAG_DEFERRED_NUMBER;
          countDeferred();
        }
        if (addNode(KIND_NUMBER, numberFlags, keyOffset, keyLength, pos, numberEnd - pos, at, numberValue) < 0) return failure();
        pos = numberEnd;
      } else if (c == 0x74) {
        const matched = matchLiteral(pos, "true");
        if (matched != OK) return matched;
        if (addNode(KIND_BOOL, flags, keyOffset, keyLength, pos, 4, at, 1) < 0) return failure();
        pos += 4;
      } else if (c == 0x66) {
        const matched = matchLiteral(pos, "false");
        if (matched != OK) return matched;
        if (addNode(KIND_BOOL, flags, keyOffset, keyLength, pos, 5, at, 0) < 0) return failure();
        pos += 5;
      } else if (c == 0x6e) {
        const matched = matchLiteral(pos, "null");
        if (matched != OK) return matched;
        if (addNode(KIND_NULL, flags, keyOffset, keyLength, pos, 4, at, 0) < 0) return failure();
        pos += 4;
      } else {
        return fail(ERR_UNEXPECTED_CHAR, pos);
      }
      state = AFTER;
      continue;
    }

    if (state == AFTER) {
      pos = skipSpace(pos);
      if (stackDepth == 0) {
        if (pos < end) return fail(ERR_TRAILING_CONTENT, pos);
        return OK;
      }
      if (pos >= end) return fail(ERR_UNEXPECTED_END, end);
      const c = byteAt(pos);
      const inObject = rowKind(topRow()) == KIND_OBJECT;
      if (c == 0x2c) {
        pos = skipSpace(pos + 1);
        if (inObject) {
          state = MEMBER;
        } else {
          flags = FLAG_INDEXED;
          at = pos;
          state = VALUE;
        }
      } else if (c == (inObject ? <u32>0x7d : <u32>0x5d)) {
        closeContainer();
        pos++;
      } else {
        return fail(ERR_EXPECTED_COMMA_OR_END, pos);
      }
      continue;
    }

    // MEMBER: "key" ws ':' ws, then the value.
    if (pos >= end) return fail(ERR_UNEXPECTED_END, end);
    if (byteAt(pos) != QUOTE) return fail(ERR_EXPECTED_KEY, pos);
    at = pos;
    const scanned = scanString(pos);
    if (scanned != OK) return scanned;
    keyOffset = stringOffset;
    keyLength = stringLength;
    flags = 0;
    pos = skipSpace(stringEnd);
    if (pos >= end) return fail(ERR_UNEXPECTED_END, end);
    if (byteAt(pos) != 0x3a) return fail(ERR_EXPECTED_COLON, pos);
    pos = skipSpace(pos + 1);
    state = VALUE;
  }
  return OK;
}

/** Checks a literal; a wrong byte is ERR_UNEXPECTED_CHAR there, a cut one ERR_UNEXPECTED_END. */
function matchLiteral(pos: u32, literal: string): i32 {
  const n = <u32>literal.length;
  for (let k: u32 = 0; k < n; k++) {
    if (pos + k >= srcEnd) return fail(ERR_UNEXPECTED_END, srcEnd);
    if (byteAt(pos + k) != <u32>literal.charCodeAt(<i32>k)) return fail(ERR_UNEXPECTED_CHAR, pos + k);
  }
  return OK;
}

/**
 * Scans the string whose opening quote is at `start`. Without escapes the
 * slice points into the source; otherwise the decoded text goes to the heap.
 */
function scanString(start: u32): i32 {
  const end = srcEnd;
  let i = start + 1;

  // Fast path: no escape.
  while (true) {
    if (i >= end) return fail(ERR_UNTERMINATED_STRING, start);
    const b = byteAt(i);
    if (b == QUOTE) {
      stringOffset = start + 1;
      stringLength = i - start - 1;
      stringEnd = i + 1;
      return OK;
    }
    if (b == BACKSLASH) break;
    if (b < 0x20) return fail(ERR_CONTROL_CHAR_IN_STRING, i);
    if (b >= 0x80) {
      const n = utf8SequenceLength(i, end);
      if (n == 0) return fail(ERR_INVALID_UTF8, i);
      i += n;
    } else {
      i++;
    }
  }

  // Escapes: decode into the heap.
  const offset = heapBegin();
  heapCopy(start + 1, i);
  while (true) {
    if (i >= end) return fail(ERR_UNTERMINATED_STRING, start);
    const b = byteAt(i);
    if (b == QUOTE) break;
    if (b == BACKSLASH) {
      const decoded = decodeEscape(i, start);
      if (decoded != OK) return decoded;
      i = escapeEnd;
      continue;
    }
    if (b < 0x20) return fail(ERR_CONTROL_CHAR_IN_STRING, i);
    if (b >= 0x80) {
      const n = utf8SequenceLength(i, end);
      if (n == 0) return fail(ERR_INVALID_UTF8, i);
      heapCopy(i, i + n);
      i += n;
    } else {
      heapByte(b);
      i++;
    }
  }
  stringOffset = offset;
  stringLength = heapEnd();
  stringEnd = i + 1;
  return OK;
}

let escapeEnd: u32 = 0;

/** Decodes the escape at `i` into the heap; sets escapeEnd. */
function decodeEscape(i: u32, start: u32): i32 {
  const end = srcEnd;
  if (i + 1 >= end) return fail(ERR_UNTERMINATED_STRING, start);
  const e = byteAt(i + 1);
  let out: u32 = 0;
  switch (e) {
    case 0x22: out = 0x22; break;
    case 0x5c: out = 0x5c; break;
    case 0x2f: out = 0x2f; break;
    case 0x62: out = 0x08; break;
    case 0x66: out = 0x0c; break;
    case 0x6e: out = 0x0a; break;
    case 0x72: out = 0x0d; break;
    case 0x74: out = 0x09; break;
    case 0x75: {
      const unit = hex4(i + 2, end);
      if (unit < 0) return fail(ERR_INVALID_ESCAPE, i);
      let cp = <u32>unit;
      escapeEnd = i + 6;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        // A high surrogate pairs with an immediately following \uDC00-\uDFFF.
        let paired = false;
        if (i + 7 < end && byteAt(i + 6) == BACKSLASH && byteAt(i + 7) == 0x75) {
          const low = hex4(i + 8, end);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (<u32>low - 0xdc00);
            escapeEnd = i + 12;
            paired = true;
          }
        }
        if (!paired) cp = REPLACEMENT;
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        cp = REPLACEMENT;
      }
      heapCodePoint(cp);
      return OK;
    }
    default:
      return fail(ERR_INVALID_ESCAPE, i);
  }
  heapByte(out);
  escapeEnd = i + 2;
  return OK;
}
