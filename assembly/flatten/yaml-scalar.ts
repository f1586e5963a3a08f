// YAML scalars for the fast path of assembly/flatten/yaml.ts: plain-scalar
// typing (YAML 1.2 core schema, optionally with YAML 1.1 booleans), decoding
// of single- and double-quoted scalars with line folding, and the writer for
// decoded text on the document heap.
//
// Anything whose result the core cannot reproduce exactly as the `yaml`
// package (2.x) does returns ERR_YAML_FALLBACK, so the host re-parses the
// file with that package.

import { ERR_UNTERMINATED_STRING, ERR_YAML_FALLBACK, OK } from "../errors";
import { heapAdvance, heapOffset } from "../memory";
import { FLAG_DEFERRED_NUMBER, FLAG_INT, KIND_BOOL, KIND_NULL, KIND_NUMBER, KIND_STRING } from "../tape";
import { APOSTROPHE, BACKSLASH, CR, LF, QUOTE, SPACE, TAB, byteAt, fail, hexValue, src, srcEnd, writeUtf8 } from "./common";

/** Bit of `flatten_yaml`'s flags: read y/Y/yes/no/on/off/... as booleans (YAML 1.1). */
export const YAML_FLAG_11_BOOLEANS: u32 = 1;

/** Decimal integers with at most this many digits are converted in the core; longer ones by the host. */
const EXACT_INT_DIGITS: u32 = 15;

// ---------------------------------------------------------------------------
// Decoded text goes to the document heap after the source. `heapKeep` marks
// the end of the text that line folding must not trim (content and escapes).

let heapStart: u32 = 0;
let heapWrite: usize = 0;
let heapKeep: usize = 0;

export function textBegin(): u32 {
  heapStart = heapOffset();
  heapWrite = src + <usize>heapStart;
  heapKeep = heapWrite;
  return heapStart;
}

@inline export function textByte(b: u32): void {
  store<u8>(heapWrite, <u8>b);
  heapWrite++;
}

export function textCopy(from: u32, to: u32): void {
  const n = <usize>(to - from);
  memory.copy(heapWrite, src + <usize>from, n);
  heapWrite += n;
  heapKeep = heapWrite;
}

export function textRepeat(b: u32, count: u32): void {
  for (let k: u32 = 0; k < count; k++) textByte(b);
  heapKeep = heapWrite;
}

/** Ends the decoded text and returns its length. */
export function textEnd(): u32 {
  const length = <u32>(heapWrite - src) - heapStart;
  heapAdvance(length);
  return length;
}

// ---------------------------------------------------------------------------
// Typing of plain scalars. Results of `typePlain`.

export let typedKind: u32 = KIND_STRING;
export let typedFlags: u32 = 0;
export let typedNumber: f64 = 0;

@inline function isDigit(b: u32): bool {
  return b - 0x30 < 10;
}

function spells(offset: u32, length: u32, text: string): bool {
  if (length != <u32>text.length) return false;
  for (let k: u32 = 0; k < length; k++) {
    if (byteAt(offset + k) != <u32>text.charCodeAt(<i32>k)) return false;
  }
  return true;
}

/** Whether the slice spells one of the `|`-separated words of `words`. */
function spellsAny(offset: u32, length: u32, words: string): bool {
  let start = 0;
  const n = words.length;
  for (let k = 0; k <= n; k++) {
    if (k == n || words.charCodeAt(k) == 0x7c) {
      if (<u32>(k - start) == length) {
        let same = true;
        for (let j: u32 = 0; j < length; j++) {
          if (byteAt(offset + j) != <u32>words.charCodeAt(start + <i32>j)) {
            same = false;
            break;
          }
        }
        if (same) return true;
      }
      start = k + 1;
    }
  }
  return false;
}

/** Resolves a plain scalar's type as the `yaml` package's core schema does, in the same test order. */
export function typePlain(offset: u32, length: u32, flags: u32): void {
  typedKind = KIND_STRING;
  typedFlags = 0;
  typedNumber = 0;

  if (length == 0) {
    typedKind = KIND_NULL;
    return;
  }
  const first = byteAt(offset);
  if (!isDigit(first) && first != 0x2d && first != 0x2b && first != 0x2e) {
    // Every null and boolean word is at most five bytes and starts with one of ~nNtTfFyYoO.
    if (length <= 5 && isWordStart(first)) {
      if (spellsAny(offset, length, "~|null|Null|NULL")) typedKind = KIND_NULL;
      else typeWord(offset, length, flags);
    }
    return;
  }
  if (length > 2 && first == 0x30 && byteAt(offset + 1) == 0x6f && allDigitsBelow(offset + 2, length - 2, 8)) {
    deferNumber(true);
    return;
  }
  if (typeDecimalInt(offset, length)) return;
  if (length > 2 && first == 0x30 && byteAt(offset + 1) == 0x78 && allHex(offset + 2, length - 2)) {
    deferNumber(true);
    return;
  }
  typeFloat(offset, length);
}

function isWordStart(b: u32): bool {
  const lower = b | 0x20;
  return b == 0x7e || lower == 0x6e || lower == 0x74 || lower == 0x66 || lower == 0x79 || lower == 0x6f;
}

function typeWord(offset: u32, length: u32, flags: u32): void {
  if (spellsAny(offset, length, "true|True|TRUE")) {
    typedKind = KIND_BOOL;
    typedNumber = 1;
  } else if (spellsAny(offset, length, "false|False|FALSE")) {
    typedKind = KIND_BOOL;
  } else if ((flags & YAML_FLAG_11_BOOLEANS) != 0 && spellsAny(offset, length, "Y|y|yes|Yes|YES|on|On|ON")) {
    typedKind = KIND_BOOL;
    typedNumber = 1;
  } else if ((flags & YAML_FLAG_11_BOOLEANS) != 0 && spellsAny(offset, length, "N|n|no|No|NO|off|Off|OFF")) {
    typedKind = KIND_BOOL;
  }
}

function deferNumber(integer: bool): void {
  typedKind = KIND_NUMBER;
  // The host converts the text and decides FLAG_INT (src/core/yaml-core.ts).
  typedFlags = FLAG_DEFERRED_NUMBER | (integer ? FLAG_INT : 0);
}

function allDigitsBelow(offset: u32, length: u32, radix: u32): bool {
  for (let k: u32 = 0; k < length; k++) {
    if (byteAt(offset + k) - 0x30 >= radix) return false;
  }
  return true;
}

function allHex(offset: u32, length: u32): bool {
  for (let k: u32 = 0; k < length; k++) {
    if (hexValue(byteAt(offset + k)) < 0) return false;
  }
  return true;
}

/** `[-+]?[0-9]+`: small ones are converted here, long ones are deferred. */
function typeDecimalInt(offset: u32, length: u32): bool {
  let i: u32 = 0;
  const sign = byteAt(offset);
  if (sign == 0x2d || sign == 0x2b) i = 1;
  if (i >= length) return false;
  for (let k = i; k < length; k++) {
    if (!isDigit(byteAt(offset + k))) return false;
  }
  if (length - i > EXACT_INT_DIGITS) {
    deferNumber(true);
    return true;
  }
  let value: u64 = 0;
  for (let k = i; k < length; k++) value = value * 10 + <u64>(byteAt(offset + k) - 0x30);
  typedKind = KIND_NUMBER;
  typedFlags = FLAG_INT;
  // BigInt has no negative zero, so `-0` is +0 as in the `yaml` package.
  typedNumber = sign == 0x2d && value != 0 ? -<f64>value : <f64>value;
  return true;
}

function typeFloat(offset: u32, length: u32): void {
  // `[-+]?\.(inf|Inf|INF)` and `\.(nan|NaN|NAN)`.
  let i: u32 = 0;
  const sign = byteAt(offset);
  if (sign == 0x2d || sign == 0x2b) i = 1;
  if (spellsAny(offset + i, length - i, ".inf|.Inf|.INF")) {
    typedKind = KIND_NUMBER;
    typedNumber = sign == 0x2d ? -Infinity : Infinity;
    return;
  }
  if (spellsAny(offset, length, ".nan|.NaN|.NAN")) {
    typedKind = KIND_NUMBER;
    typedNumber = NaN;
    return;
  }

  // `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, and without an
  // exponent the dot is required (a bare integer was handled above).
  let digits: u32 = 0;
  while (i < length && isDigit(byteAt(offset + i))) {
    i++;
    digits++;
  }
  let dot = false;
  if (i < length && byteAt(offset + i) == 0x2e) {
    dot = true;
    i++;
    let fraction: u32 = 0;
    while (i < length && isDigit(byteAt(offset + i))) {
      i++;
      fraction++;
    }
    if (digits == 0 && fraction == 0) return;
  } else if (digits == 0) {
    return;
  }
  if (i == length) {
    if (dot) deferNumber(false);
    return;
  }
  const e = byteAt(offset + i);
  if (e != 0x65 && e != 0x45) return;
  i++;
  if (i < length && (byteAt(offset + i) == 0x2d || byteAt(offset + i) == 0x2b)) i++;
  if (i >= length) return;
  while (i < length && isDigit(byteAt(offset + i))) i++;
  if (i == length) deferNumber(false);
}

// ---------------------------------------------------------------------------
// Quoted scalars. Results of `scanQuoted`: the decoded slice and the offset
// after the closing quote.

export let quotedOffset: u32 = 0;
export let quotedLength: u32 = 0;
export let quotedEnd: u32 = 0;

@inline function isBlankByte(b: u32): bool {
  return b == SPACE || b == TAB;
}

@inline function isBreak(b: u32): bool {
  return b == LF || b == CR;
}

/** Offset after the line break at `i` (CRLF counts as one). */
function skipBreak(i: u32): u32 {
  if (byteAt(i) == CR && i + 1 < srcEnd && byteAt(i + 1) == LF) return i + 2;
  return i + 1;
}

/** Whether the line at `lineStart` is a `---` or `...` marker. */
export function isDocumentMarker(lineStart: u32): bool {
  if (lineStart + 3 > srcEnd) return false;
  const b = byteAt(lineStart);
  if (b != 0x2d && b != 0x2e) return false;
  if (byteAt(lineStart + 1) != b || byteAt(lineStart + 2) != b) return false;
  if (lineStart + 3 == srcEnd) return true;
  const after = byteAt(lineStart + 3);
  return after == SPACE || after == TAB || isBreak(after);
}

/**
 * Scans a quoted scalar whose quote is at `start`. Continuation lines must
 * be indented past `parentIndent`; `multiLine` false makes any line break a
 * fallback (flow collections).
 */
export function scanQuoted(start: u32, parentIndent: i32, multiLine: bool): i32 {
  const quote = byteAt(start);
  const end = srcEnd;

  // Fast path: no escape and no line break, so the text is a slice of the source.
  let i = start + 1;
  while (i < end) {
    const b = byteAt(i);
    if (b == quote || b == BACKSLASH || isBreak(b)) break;
    i++;
  }
  if (i < end && byteAt(i) == quote && !(quote == APOSTROPHE && i + 1 < end && byteAt(i + 1) == APOSTROPHE)) {
    quotedOffset = start + 1;
    quotedLength = i - start - 1;
    quotedEnd = i + 1;
    return OK;
  }

  quotedOffset = textBegin();
  i = start + 1;
  while (true) {
    if (i >= end) return fail(ERR_UNTERMINATED_STRING, start);
    const b = byteAt(i);
    if (b == quote) {
      if (quote == APOSTROPHE && i + 1 < end && byteAt(i + 1) == APOSTROPHE) {
        textByte(APOSTROPHE);
        heapKeep = heapWrite;
        i += 2;
        continue;
      }
      break;
    }
    if (isBreak(b)) {
      if (!multiLine) return fail(ERR_YAML_FALLBACK, i);
      // Folding: trailing blanks go, one break becomes a space, each empty line a newline.
      heapWrite = heapKeep;
      const next = foldLines(i, parentIndent, 0);
      if (next < 0) return fail(ERR_YAML_FALLBACK, i);
      i = <u32>next;
      continue;
    }
    if (b == BACKSLASH && quote == QUOTE) {
      const status = decodeEscape(i, parentIndent, multiLine);
      if (status != OK) return status;
      i = escapeEnd;
      continue;
    }
    textByte(b);
    if (!isBlankByte(b)) heapKeep = heapWrite;
    i++;
  }
  quotedLength = textEnd();
  quotedEnd = i + 1;
  return OK;
}

/**
 * Folds the line break at `i` inside a quoted scalar and returns the offset
 * of the next content byte, or -1 when the continuation is not indented past
 * `parentIndent` or is a document marker. With `escaped`, the break itself
 * adds nothing (a `\` ended the line).
 */
function foldLines(i: u32, parentIndent: i32, escaped: u32): i32 {
  const end = srcEnd;
  let empty: u32 = 0;
  i = skipBreak(i);
  while (true) {
    const lineStart = i;
    while (i < end && isBlankByte(byteAt(i))) i++;
    if (i >= end) return -1;
    if (isBreak(byteAt(i))) {
      empty++;
      i = skipBreak(i);
      continue;
    }
    if (isDocumentMarker(lineStart)) return -1;
    // Indentation counts spaces only; a tab there is not indentation.
    let spaces: u32 = 0;
    while (byteAt(lineStart + spaces) == SPACE) spaces++;
    if (<i32>spaces <= parentIndent) return -1;
    break;
  }
  if (escaped == 0 && empty == 0) textByte(SPACE);
  for (let k: u32 = 0; k < empty; k++) textByte(LF);
  heapKeep = heapWrite;
  return <i32>i;
}

let escapeEnd: u32 = 0;

function decodeEscape(i: u32, parentIndent: i32, multiLine: bool): i32 {
  const end = srcEnd;
  if (i + 1 >= end) return fail(ERR_UNTERMINATED_STRING, i);
  const e = byteAt(i + 1);
  let cp: i32 = -1;
  let digits: u32 = 0;
  switch (e) {
    case 0x30: cp = 0; break;
    case 0x61: cp = 7; break;
    case 0x62: cp = 8; break;
    case 0x74: cp = 9; break;
    case TAB: cp = 9; break;
    case 0x6e: cp = 10; break;
    case 0x76: cp = 11; break;
    case 0x66: cp = 12; break;
    case 0x72: cp = 13; break;
    case 0x65: cp = 0x1b; break;
    case SPACE: cp = 0x20; break;
    case QUOTE: cp = 0x22; break;
    case 0x2f: cp = 0x2f; break;
    case BACKSLASH: cp = 0x5c; break;
    case 0x4e: cp = 0x85; break;
    case 0x5f: cp = 0xa0; break;
    case 0x4c: cp = 0x2028; break;
    case 0x50: cp = 0x2029; break;
    case 0x78: digits = 2; break;
    case 0x75: digits = 4; break;
    case 0x55: digits = 8; break;
    default: break;
  }

  if (isBreak(e)) {
    if (!multiLine) return fail(ERR_YAML_FALLBACK, i);
    const next = foldLines(i + 1, parentIndent, 1);
    if (next < 0) return fail(ERR_YAML_FALLBACK, i);
    escapeEnd = <u32>next;
    return OK;
  }

  if (digits > 0) {
    if (i + 2 + digits > end) return fail(ERR_YAML_FALLBACK, i);
    let value: u32 = 0;
    for (let k: u32 = 0; k < digits; k++) {
      const h = hexValue(byteAt(i + 2 + k));
      if (h < 0) return fail(ERR_YAML_FALLBACK, i);
      value = (value << 4) | <u32>h;
    }
    // Surrogates and values past U+10FFFF become U+FFFD on the `yaml` path's re-encoding; leave them to it.
    if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return fail(ERR_YAML_FALLBACK, i);
    cp = <i32>value;
    escapeEnd = i + 2 + digits;
  } else {
    if (cp < 0) return fail(ERR_YAML_FALLBACK, i);
    escapeEnd = i + 2;
  }
  heapWrite += <usize>writeUtf8(heapWrite, <u32>cp);
  heapKeep = heapWrite;
  return OK;
}
