// Reference INI flattener; the grammar is documented in assembly/flatten/ini.ts.

import { FlattenError, HASH, NodeKind, Source, Status, TableWriter, isBlank, isEol, unquote } from './common.js';

const SEMICOLON = 0x3b;

export function flattenIni(source: Source, table: TableWriter): void {
  const { bytes, end } = source;
  source.validateUtf8();
  table.open(NodeKind.Object, undefined, '', 0);

  let pos = 0;
  while (pos < end) {
    const p = source.skipBlanks(pos, end);
    if (p >= end) break;
    if (isEol(bytes[p])) {
      pos = source.afterEol(p);
      continue;
    }
    const e = source.lineEnd(p);
    pos = source.afterEol(e);
    const c = bytes[p];
    if (c === SEMICOLON || c === HASH) continue;

    if (c === 0x5b) {
      // [section]
      const close = bytes.subarray(0, e).indexOf(0x5d, p + 1);
      if (close < 0) throw new FlattenError(Status.InvalidSection, p);
      const nameStart = source.skipBlanks(p + 1, close);
      const nameEnd = source.trimEnd(nameStart, close);
      if (nameEnd === nameStart) throw new FlattenError(Status.InvalidSection, p);
      const t = source.skipBlanks(close + 1, e);
      if (t < e && bytes[t] !== SEMICOLON && bytes[t] !== HASH) throw new FlattenError(Status.InvalidSection, t);

      if (table.depth > 1) table.close();
      table.open(NodeKind.Object, source.text(nameStart, nameEnd), '', nameStart);
      continue;
    }

    let keyEnd: number;
    let valueStart: number;
    if (c === 0x21) {
      // !include / !includedir: the word is the key.
      keyEnd = p;
      while (keyEnd < e && !isBlank(bytes[keyEnd])) keyEnd++;
      valueStart = source.skipBlanks(keyEnd, e);
    } else {
      let split = p;
      while (split < e && bytes[split] !== 0x3d && bytes[split] !== 0x3a) split++;
      keyEnd = source.trimEnd(p, split);
      if (keyEnd === p) throw new FlattenError(Status.InvalidLine, split);
      valueStart = split < e ? source.skipBlanks(split + 1, e) : e;
    }
    const [from, to] = unquote(bytes, valueStart, source.trimEnd(valueStart, e), false);
    table.scalar(NodeKind.String, source.text(p, keyEnd), source.text(from, to), p);
  }

  table.closeAll();
}
