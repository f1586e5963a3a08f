// .env files (the dotenv / docker compose family). One STRING member of the
// root per entry, keyed by the variable name and positioned at it.
//
//   line    := blanks ( '#' comment | entry )? EOL
//   entry   := ( 'export' blanks )? KEY blanks ( '=' blanks value )? trailer
//   KEY     := bytes up to '=', a blank or the end of the line
//   value   := "double" | 'single' | unquoted
//   trailer := blanks ( '#' comment )?
//
// A key with no '=' is an entry with an empty value (docker's pass-through
// form). Single-quoted values are literal; double-quoted values decode
// \n \t \" \\ \$ (any other backslash pair is kept as written); both kinds
// may span lines. An unquoted value ends at the end of the line or at a '#'
// that follows a blank, and loses its trailing blanks. Anything else after a
// closing quote is ERR_INVALID_LINE.

import { ERR_INVALID_LINE, ERR_UNTERMINATED_STRING, OK } from "../errors";
import { KIND_STRING } from "../tape";
import {
  APOSTROPHE, BACKSLASH, HASH, QUOTE, addNode, afterEol, begin, byteAt, closeAll, fail, failure,
  finish, heapBegin, heapByte, heapCopy, heapEnd, isBlank, isEol, lineEnd,
  skipBlanks, srcEnd, startsWithBytes, trimEnd, openRootObject,
} from "./common";

export function flattenEnv(length: u32): i32 {
  begin(length);
  return finish(parse());
}

function parse(): i32 {
  const opened = openRootObject();
  if (opened != OK) return opened;

  const end = srcEnd;
  let pos: u32 = 0;
  while (pos < end) {
    let p = skipBlanks(pos, end);
    if (p >= end) break;
    const c = byteAt(p);
    if (isEol(c)) {
      pos = afterEol(p);
      continue;
    }
    if (c == HASH) {
      pos = afterEol(lineEnd(p));
      continue;
    }

    // `export NAME=...`: the prefix counts only when a name follows it.
    if (startsWithBytes(p, end, "export") && p + 6 < end && isBlank(byteAt(p + 6))) {
      const q = skipBlanks(p + 6, end);
      if (q < end) {
        const n = byteAt(q);
        if (!isEol(n) && n != 0x3d && n != HASH) p = q;
      }
    }

    const keyStart = p;
    while (p < end) {
      const b = byteAt(p);
      if (b == 0x3d || isBlank(b) || isEol(b)) break;
      p++;
    }
    if (p == keyStart) return fail(ERR_INVALID_LINE, p);
    const keyLength = p - keyStart;

    let q = skipBlanks(p, end);
    let valueOffset = q;
    let valueLength: u32 = 0;
    let rest = q; // where the trailer starts
    if (q < end && byteAt(q) == 0x3d) {
      const v = skipBlanks(q + 1, end);
      const scanned = scanValue(v);
      if (scanned != OK) return scanned;
      valueOffset = scannedOffset;
      valueLength = scannedLength;
      rest = scannedRest;
    } else if (q < end && !isEol(byteAt(q)) && byteAt(q) != HASH) {
      return fail(ERR_INVALID_LINE, q);
    }

    // Trailer: blanks, then a comment or the end of the line.
    const t = skipBlanks(rest, end);
    if (t < end && !isEol(byteAt(t)) && byteAt(t) != HASH) return fail(ERR_INVALID_LINE, t);

    if (addNode(KIND_STRING, 0, keyStart, keyLength, valueOffset, valueLength, keyStart, 0) < 0) return failure();
    pos = afterEol(lineEnd(t));
  }

  closeAll();
  return OK;
}

// Results of scanValue.
let scannedOffset: u32 = 0;
let scannedLength: u32 = 0;
let scannedRest: u32 = 0;

function scanValue(v: u32): i32 {
  const end = srcEnd;
  if (v >= end || isEol(byteAt(v))) {
    scannedOffset = v;
    scannedLength = 0;
    scannedRest = v;
    return OK;
  }
  const c = byteAt(v);

  if (c == APOSTROPHE) {
    let i = v + 1;
    while (i < end && byteAt(i) != APOSTROPHE) i++;
    if (i >= end) return fail(ERR_UNTERMINATED_STRING, v);
    scannedOffset = v + 1;
    scannedLength = i - v - 1;
    scannedRest = i + 1;
    return OK;
  }

  if (c == QUOTE) {
    let i = v + 1;
    let escaped = false;
    while (i < end) {
      const b = byteAt(i);
      if (b == QUOTE) break;
      if (b == BACKSLASH) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    if (i >= end) return fail(ERR_UNTERMINATED_STRING, v);
    scannedRest = i + 1;
    if (!escaped) {
      scannedOffset = v + 1;
      scannedLength = i - v - 1;
      return OK;
    }
    scannedOffset = heapBegin();
    let k = v + 1;
    while (k < i) {
      const b = byteAt(k);
      if (b != BACKSLASH) {
        heapByte(b);
        k++;
        continue;
      }
      const e = byteAt(k + 1);
      if (e == 0x6e) heapByte(0x0a);
      else if (e == 0x74) heapByte(0x09);
      else if (e == QUOTE || e == BACKSLASH || e == 0x24) heapByte(e);
      else heapCopy(k, k + 2);
      k += 2;
    }
    scannedLength = heapEnd();
    return OK;
  }

  // Unquoted: up to the end of the line or a '#' after a blank.
  let i = v;
  while (i < end) {
    const b = byteAt(i);
    if (isEol(b)) break;
    if (b == HASH && isBlank(byteAt(i - 1))) break;
    i++;
  }
  const stop = trimEnd(v, i);
  scannedOffset = v;
  scannedLength = stop - v;
  scannedRest = i;
  return OK;
}
