// Reference .env flattener; the grammar is documented in assembly/flatten/env.ts.

import {
  APOSTROPHE, BACKSLASH, ByteSink, FlattenError, HASH, NodeKind, QUOTE, Source, Status, TableWriter,
  isBlank, isEol,
} from './common.js';

export function flattenEnv(source: Source, table: TableWriter): void {
  const { bytes, end } = source;
  source.validateUtf8();
  table.open(NodeKind.Object, undefined, '', 0);

  let pos = 0;
  while (pos < end) {
    let p = source.skipBlanks(pos, end);
    if (p >= end) break;
    if (isEol(bytes[p])) {
      pos = source.afterEol(p);
      continue;
    }
    if (bytes[p] === HASH) {
      pos = source.afterEol(source.lineEnd(p));
      continue;
    }

    // `export NAME=...`: the prefix counts only when a name follows it.
    if (source.startsWith(p, 'export') && isBlank(bytes[p + 6])) {
      const q = source.skipBlanks(p + 6, end);
      if (q < end && !isEol(bytes[q]) && bytes[q] !== 0x3d && bytes[q] !== HASH) p = q;
    }

    const keyStart = p;
    while (p < end && bytes[p] !== 0x3d && !isBlank(bytes[p]) && !isEol(bytes[p])) p++;
    if (p === keyStart) throw new FlattenError(Status.InvalidLine, p);
    const key = source.text(keyStart, p);

    const q = source.skipBlanks(p, end);
    let value = '';
    let rest = q;
    if (q < end && bytes[q] === 0x3d) {
      ({ value, rest } = scanValue(source, source.skipBlanks(q + 1, end)));
    } else if (q < end && !isEol(bytes[q]) && bytes[q] !== HASH) {
      throw new FlattenError(Status.InvalidLine, q);
    }

    // Trailer: blanks, then a comment or the end of the line.
    const t = source.skipBlanks(rest, end);
    if (t < end && !isEol(bytes[t]) && bytes[t] !== HASH) throw new FlattenError(Status.InvalidLine, t);

    table.scalar(NodeKind.String, key, value, keyStart);
    pos = source.afterEol(source.lineEnd(t));
  }

  table.closeAll();
}

/** The value starting at `v` and the offset after it. */
function scanValue(source: Source, v: number): { value: string; rest: number } {
  const { bytes, end } = source;
  if (v >= end || isEol(bytes[v])) return { value: '', rest: v };

  if (bytes[v] === APOSTROPHE) {
    const close = bytes.indexOf(APOSTROPHE, v + 1);
    if (close < 0) throw new FlattenError(Status.UnterminatedString, v);
    return { value: source.text(v + 1, close), rest: close + 1 };
  }

  if (bytes[v] === QUOTE) {
    let i = v + 1;
    while (i < end && bytes[i] !== QUOTE) i += bytes[i] === BACKSLASH ? 2 : 1;
    if (i >= end) throw new FlattenError(Status.UnterminatedString, v);
    return { value: decodeDoubleQuoted(bytes, v + 1, i), rest: i + 1 };
  }

  // Unquoted: up to the end of the line or a '#' after a blank, trailing blanks dropped.
  let i = v;
  while (i < end && !isEol(bytes[i]) && !(bytes[i] === HASH && isBlank(bytes[i - 1]))) i++;
  return { value: source.text(v, source.trimEnd(v, i)), rest: i };
}

/** \n \t \" \\ \$ decode; any other backslash pair stays as written. */
function decodeDoubleQuoted(bytes: Uint8Array, from: number, to: number): string {
  const sink = new ByteSink();
  for (let k = from; k < to; ) {
    if (bytes[k] !== BACKSLASH) {
      sink.byte(bytes[k++]);
      continue;
    }
    const e = bytes[k + 1];
    if (e === 0x6e) sink.byte(0x0a);
    else if (e === 0x74) sink.byte(0x09);
    else if (e === QUOTE || e === BACKSLASH || e === 0x24) sink.byte(e);
    else sink.copy(bytes, k, k + 2);
    k += 2;
  }
  return sink.text();
}
