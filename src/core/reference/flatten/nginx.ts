// Reference nginx flattener, tokenizing as ngx_conf_read_token does; the
// rules are documented in assembly/flatten/nginx.ts.

import { BACKSLASH, CR, FlattenError, HASH, LF, NodeKind, SPACE, Source, Status, TAB, TableWriter } from './common.js';

const isSpace = (b: number): boolean => b === SPACE || b === TAB || b === LF || b === CR;

interface Token {
  start: number;
  end: number;
  quoted: boolean;
}

export function flattenNginx(source: Source, table: TableWriter): void {
  const { bytes, end } = source;
  let words: Token[] = [];
  let pos = 0;

  for (;;) {
    if (pos >= end) {
      if (words.length > 0) throw new FlattenError(Status.UnexpectedEnd, end);
      if (table.depth > 1) throw new FlattenError(Status.UnbalancedBlock, table.top().at);
      return;
    }
    const c = bytes[pos];

    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c === HASH) {
      pos = source.lineEnd(pos);
      continue;
    }
    if (c === 0x3b || c === 0x7b) {
      // End of a statement, or of a block's head.
      if (words.length === 0) throw new FlattenError(Status.UnexpectedChar, pos);
      const [name, ...args] = words;
      const key = name.quoted ? source.text(name.start + 1, name.end - 1) : source.text(name.start, name.end);
      let value = '';
      if (args.length === 1 && args[0].quoted) value = source.text(args[0].start + 1, args[0].end - 1);
      else if (args.length > 0) value = source.text(args[0].start, args[args.length - 1].end);
      if (c === 0x7b) table.open(NodeKind.Object, key, value, name.start);
      else table.scalar(NodeKind.String, key, value, name.start);
      words = [];
      pos++;
      continue;
    }
    if (c === 0x7d) {
      if (words.length > 0) throw new FlattenError(Status.UnexpectedChar, pos);
      if (table.depth < 2) throw new FlattenError(Status.UnbalancedBlock, pos);
      table.close();
      pos++;
      continue;
    }

    const token = c === 0x22 || c === 0x27 ? quotedToken(source, pos) : bareToken(source, pos);
    words.push(token);
    pos = token.end;
  }
}

/** A token in quotes: to the matching quote, a backslash escaping the next byte. */
function quotedToken(source: Source, start: number): Token {
  const { bytes, end } = source;
  const quote = bytes[start];
  let i = start + 1;
  for (;;) {
    if (i >= end) throw new FlattenError(Status.UnterminatedString, start);
    if (bytes[i] === BACKSLASH) i += 2;
    else if (bytes[i] === quote) break;
    else i++;
  }
  const tokenEnd = i + 1;
  if (tokenEnd < end) {
    const next = bytes[tokenEnd];
    if (!isSpace(next) && next !== 0x3b && next !== 0x7b && next !== 0x29) {
      throw new FlattenError(Status.UnexpectedChar, tokenEnd);
    }
  }
  return { start, end: tokenEnd, quoted: true };
}

/** A bare token: to whitespace, ';' or '{' ('{' right after '$' belongs to it). */
function bareToken(source: Source, start: number): Token {
  const { bytes, end } = source;
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b === BACKSLASH) {
      i += 2;
      continue;
    }
    if (isSpace(b) || b === 0x3b) break;
    if (b === 0x7b && !(i > start && bytes[i - 1] === 0x24)) break;
    i++;
  }
  return { start, end: Math.min(i, end), quoted: false };
}
