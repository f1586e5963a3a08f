// nginx configuration, tokenized the way ngx_conf_read_token does it.
//
// - Between tokens: whitespace (space, tab, CR, LF) separates, '#' starts a
//   comment to the end of the line, ';' ends a statement, '{' opens a block
//   and '}' closes one.
// - A token starting with '"' or '\'' runs to the matching quote (a backslash
//   escapes the next byte) and may span lines; after it only whitespace, ';',
//   '{' or ')' may follow. Any other token runs to whitespace, ';' or '{'
//   ('{' right after '$' belongs to the token, as in `${var}`); a backslash
//   escapes the next byte.
// - A statement `name args... ;` is a STRING member keyed by the name (a quoted
//   name loses its quotes) and positioned at it. Its value is the source text
//   from the first argument to the end of the last, or the inside of the
//   quotes when the only argument is quoted (escapes kept as written).
// - `name args... {` opens an OBJECT member with the same key and value.
// - Errors: ';' or '{' with no name and '}' inside a statement are
//   ERR_UNEXPECTED_CHAR; an unmatched '}' is ERR_UNBALANCED_BLOCK there, a
//   block still open at the end is ERR_UNBALANCED_BLOCK at its name; a
//   statement cut by the end of the file is ERR_UNEXPECTED_END; an
//   unterminated quote is ERR_UNTERMINATED_STRING at its opening quote.

import {
  ERR_UNBALANCED_BLOCK, ERR_UNEXPECTED_CHAR, ERR_UNEXPECTED_END, ERR_UNTERMINATED_STRING, OK,
} from "../errors";
import { KIND_OBJECT, KIND_STRING } from "../tape";
import {
  APOSTROPHE, BACKSLASH, CR, HASH, LF, QUOTE, SPACE, TAB, addNode, byteAt, closeContainer, fail,
  failure, openContainer, srcEnd, stackDepth, topOffset,
} from "./common";

@inline function isSpace(b: u32): bool {
  return b == SPACE || b == TAB || b == LF || b == CR;
}

export function parseNginx(): i32 {
  const end = srcEnd;
  let pos: u32 = 0;

  // The statement being read.
  let words: u32 = 0;
  let nameAt: u32 = 0;
  let keyOffset: u32 = 0;
  let keyLength: u32 = 0;
  let argsStart: u32 = 0;
  let argsEnd: u32 = 0;
  let onlyQuoted = false; // exactly one argument, quoted
  let innerOffset: u32 = 0;
  let innerLength: u32 = 0;

  while (true) {
    if (pos >= end) {
      if (words > 0) return fail(ERR_UNEXPECTED_END, end);
      if (stackDepth > 1) return fail(ERR_UNBALANCED_BLOCK, topOffset());
      return OK;
    }
    const c = byteAt(pos);

    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c == HASH) {
      while (pos < end && byteAt(pos) != LF && byteAt(pos) != CR) pos++;
      continue;
    }
    if (c == 0x3b || c == 0x7b) {
      if (words == 0) return fail(ERR_UNEXPECTED_CHAR, pos);
      let valueOffset = argsStart;
      let valueLength = argsEnd - argsStart;
      if (words == 1) valueLength = 0;
      if (onlyQuoted && words == 2) {
        valueOffset = innerOffset;
        valueLength = innerLength;
      }
      const kind = c == 0x7b ? KIND_OBJECT : KIND_STRING;
      const row = addNode(kind, 0, keyOffset, keyLength, valueOffset, valueLength, nameAt, 0);
      if (row < 0) return failure();
      if (kind == KIND_OBJECT) {
        const opened = openContainer(<u32>row, nameAt);
        if (opened != OK) return opened;
      }
      words = 0;
      pos++;
      continue;
    }
    if (c == 0x7d) {
      if (words > 0) return fail(ERR_UNEXPECTED_CHAR, pos);
      if (stackDepth < 2) return fail(ERR_UNBALANCED_BLOCK, pos);
      closeContainer();
      pos++;
      continue;
    }

    // A token.
    const tokenStart = pos;
    let tokenEnd: u32 = 0;
    let quoted = false;
    if (c == QUOTE || c == APOSTROPHE) {
      let i = pos + 1;
      while (true) {
        if (i >= end) return fail(ERR_UNTERMINATED_STRING, pos);
        const b = byteAt(i);
        if (b == BACKSLASH) {
          i += 2;
          continue;
        }
        if (b == c) break;
        i++;
      }
      tokenEnd = i + 1;
      if (tokenEnd < end) {
        const n = byteAt(tokenEnd);
        if (!isSpace(n) && n != 0x3b && n != 0x7b && n != 0x29) return fail(ERR_UNEXPECTED_CHAR, tokenEnd);
      }
      quoted = true;
    } else {
      let i = pos;
      while (i < end) {
        const b = byteAt(i);
        if (b == BACKSLASH) {
          i += 2;
          continue;
        }
        if (isSpace(b) || b == 0x3b) break;
        if (b == 0x7b && !(i > pos && byteAt(i - 1) == 0x24)) break;
        i++;
      }
      tokenEnd = i < end ? i : end;
    }
    pos = tokenEnd;

    if (words == 0) {
      nameAt = tokenStart;
      keyOffset = quoted ? tokenStart + 1 : tokenStart;
      keyLength = quoted ? tokenEnd - tokenStart - 2 : tokenEnd - tokenStart;
    } else {
      if (words == 1) {
        argsStart = tokenStart;
        onlyQuoted = quoted;
        innerOffset = tokenStart + 1;
        innerLength = tokenEnd - tokenStart - 2;
      }
      argsEnd = tokenEnd;
    }
    words++;
  }
  return OK;
}
