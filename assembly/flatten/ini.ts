// INI files (also my.cnf, grafana.ini, php.ini). Keys before the first
// section are members of the root; `[name]` opens an OBJECT member of the
// root (a repeated section is another node) that holds the keys up to the
// next section.
//
//   line    := blanks ( ';' comment | '#' comment | section | include | entry )? EOL
//   section := '[' name ']' blanks ( (';' | '#') comment )?
//   include := '!' word ( blanks value )?        (my.cnf `!includedir DIR`)
//   entry   := key ( ( '=' | ':' ) value )?       (the first '=' or ':' splits)
//
// Keys and values are trimmed; a key with no separator (my.cnf
// `skip-name-resolve`) has an empty value; a value that is one quoted string
// loses its quotes. There are no inline comments: `a = b ; c` keeps `b ; c`.
// Every node is positioned at its key: a section at its name.

import { ERR_INVALID_LINE, ERR_INVALID_SECTION, OK } from "../errors";
import { KIND_OBJECT, KIND_STRING } from "../tape";
import {
  HASH, addNode, afterEol, begin, byteAt, closeAll, closeContainer, fail, failure, finish,
  isBlank, isEol, lineEnd, openContainer, skipBlanks, srcEnd, stackDepth, trimEnd, unquote,
  unquotedLength, unquotedOffset, openRootObject,
} from "./common";

const SEMICOLON: u32 = 0x3b;

export function flattenIni(length: u32): i32 {
  begin(length);
  return finish(parse());
}

function parse(): i32 {
  let opened = openRootObject();
  if (opened != OK) return opened;

  const end = srcEnd;
  let pos: u32 = 0;
  while (pos < end) {
    const p = skipBlanks(pos, end);
    if (p >= end) break;
    const c = byteAt(p);
    if (isEol(c)) {
      pos = afterEol(p);
      continue;
    }
    const e = lineEnd(p);
    pos = afterEol(e);
    if (c == SEMICOLON || c == HASH) continue;

    if (c == 0x5b) {
      // [section]
      let close = p + 1;
      while (close < e && byteAt(close) != 0x5d) close++;
      if (close >= e) return fail(ERR_INVALID_SECTION, p);
      const nameStart = skipBlanks(p + 1, close);
      const nameEnd = trimEnd(nameStart, close);
      if (nameEnd == nameStart) return fail(ERR_INVALID_SECTION, p);
      const t = skipBlanks(close + 1, e);
      if (t < e && byteAt(t) != SEMICOLON && byteAt(t) != HASH) return fail(ERR_INVALID_SECTION, t);

      if (stackDepth > 1) closeContainer();
      const row = addNode(KIND_OBJECT, 0, nameStart, nameEnd - nameStart, nameStart, 0, nameStart, 0);
      if (row < 0) return failure();
      opened = openContainer(<u32>row, nameStart);
      if (opened != OK) return opened;
      continue;
    }

    let keyEnd: u32 = 0;
    let valueStart: u32 = 0;
    if (c == 0x21) {
      // !include / !includedir: the word is the key.
      keyEnd = p;
      while (keyEnd < e && !isBlank(byteAt(keyEnd))) keyEnd++;
      valueStart = skipBlanks(keyEnd, e);
    } else {
      let split = p;
      while (split < e) {
        const b = byteAt(split);
        if (b == 0x3d || b == 0x3a) break;
        split++;
      }
      keyEnd = trimEnd(p, split);
      if (keyEnd == p) return fail(ERR_INVALID_LINE, split);
      valueStart = split < e ? skipBlanks(split + 1, e) : e;
    }
    const valueEnd = trimEnd(valueStart, e);
    unquote(valueStart, valueEnd - valueStart, false);
    if (addNode(KIND_STRING, 0, p, keyEnd - p, unquotedOffset, unquotedLength, p, 0) < 0) return failure();
  }

  closeAll();
  return OK;
}
