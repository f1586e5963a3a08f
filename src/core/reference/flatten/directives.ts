// Reference flattener for line-based directive files (generic, sshd, redis,
// postgresql, apache); the rules are documented in
// assembly/flatten/directives.ts. nginx is in nginx.ts.

import type { Dialect } from '../../../policy/rule.js';
import {
  APOSTROPHE, BACKSLASH, FlattenError, HASH, NodeKind, QUOTE, Source, Status, TableWriter, isBlank,
  isEol, unquote,
} from './common.js';
import { flattenNginx } from './nginx.js';

export function flattenDirectives(source: Source, table: TableWriter, dialect: Dialect): void {
  source.validateUtf8();
  table.open(NodeKind.Object, undefined, '', 0);
  if (dialect === 'nginx') flattenNginx(source, table);
  else flattenLines(source, table, dialect);
  table.closeAll();
}

/** A logical line: its bytes (the source, or the joined copy of continued Apache lines) and range. */
interface LogicalLine {
  bytes: Uint8Array;
  start: number;
  stop: number;
}

function flattenLines(source: Source, table: TableWriter, dialect: Dialect): void {
  const { bytes, end } = source;
  const apache = dialect === 'apache';
  const postgresql = dialect === 'postgresql';
  const equalsSeparates = dialect === 'sshd' || postgresql;
  let matchOpen = false;
  let pos = 0;

  while (pos < end) {
    const p = source.skipBlanks(pos, end);
    if (p >= end) break;
    if (isEol(bytes[p])) {
      pos = source.afterEol(p);
      continue;
    }

    let e = source.lineEnd(p);
    let line: LogicalLine = { bytes, start: p, stop: source.trimEnd(p, e) };
    if (apache && line.stop > p && bytes[line.stop - 1] === BACKSLASH) {
      // Join continued lines: drop each final backslash and the line break.
      const parts: Uint8Array[] = [];
      let segment = p;
      for (;;) {
        const t = source.trimEnd(segment, e);
        if (t > segment && bytes[t - 1] === BACKSLASH) {
          parts.push(bytes.subarray(segment, t - 1));
          if (e >= end) break;
          segment = source.afterEol(e);
          e = source.lineEnd(segment);
          continue;
        }
        parts.push(bytes.subarray(segment, e));
        break;
      }
      const joined = concat(parts);
      const joinedSource = new Source(joined);
      const stop = joinedSource.trimEnd(0, joined.length);
      line = { bytes: joined, start: joinedSource.skipBlanks(0, stop), stop };
    }
    pos = source.afterEol(e);
    if (line.start >= line.stop || line.bytes[line.start] === HASH) continue;
    const lineSource = line.bytes === bytes ? source : new Source(line.bytes);

    if (apache && line.bytes[line.start] === 0x3c) {
      apacheTag(lineSource, line, table, p);
      continue;
    }

    const { start, stop } = line;
    const lb = line.bytes;
    let nameEnd = start;
    while (nameEnd < stop && !isBlank(lb[nameEnd]) && !(equalsSeparates && lb[nameEnd] === 0x3d)) nameEnd++;
    let v = lineSource.skipBlanks(nameEnd, stop);
    if (equalsSeparates && v < stop && lb[v] === 0x3d) v = lineSource.skipBlanks(v + 1, stop);
    const valueEnd = lineSource.trimEnd(v, postgresql ? commentStart(lb, v, stop) : stop);
    const [from, to] = unquote(lb, v, valueEnd, postgresql);
    const name = lineSource.text(start, nameEnd);
    const value = lineSource.text(from, to);

    if (dialect === 'sshd' && name.toLowerCase() === 'match' && /^[A-Za-z]+$/.test(name)) {
      if (matchOpen) table.close();
      table.open(NodeKind.Object, name, value, p);
      matchOpen = true;
    } else {
      table.scalar(NodeKind.String, name, value, p);
    }
  }

  if (apache && table.depth > 1) throw new FlattenError(Status.UnbalancedBlock, table.top().at);
}

/** Returns where a PostgreSQL comment starts in `[v, e)`: the first '#' outside quotes. */
function commentStart(bytes: Uint8Array, v: number, e: number): number {
  let quote = 0;
  for (let i = v; i < e; i++) {
    const b = bytes[i];
    if (quote !== 0) {
      if (b === BACKSLASH) i++;
      else if (b === quote) quote = 0;
    } else if (b === QUOTE || b === APOSTROPHE) {
      quote = b;
    } else if (b === HASH) {
      return i;
    }
  }
  return e;
}

/** `<Tag args>` or `</Tag>`; `at` is the source offset of the line. */
function apacheTag(lineSource: Source, line: LogicalLine, table: TableWriter, at: number): void {
  const { bytes, start, stop } = line;
  if (stop - start < 3 || bytes[stop - 1] !== 0x3e) throw new FlattenError(Status.InvalidLine, at);
  const inner = stop - 1;

  if (bytes[start + 1] === 0x2f) {
    const nameStart = start + 2;
    const nameEnd = lineSource.trimEnd(nameStart, inner);
    const name = lineSource.text(nameStart, nameEnd);
    if (name === '' || /[ \t]/.test(name)) throw new FlattenError(Status.InvalidLine, at);
    const open = table.depth > 1 ? table.top().key : undefined;
    if (typeof open !== 'string' || !equalsIgnoreAsciiCase(open, name)) throw new FlattenError(Status.UnbalancedBlock, at);
    table.close();
    return;
  }

  const nameStart = start + 1;
  let nameEnd = nameStart;
  while (nameEnd < inner && !isBlank(bytes[nameEnd])) nameEnd++;
  if (nameEnd === nameStart) throw new FlattenError(Status.InvalidLine, at);
  const v = lineSource.skipBlanks(nameEnd, inner);
  const [from, to] = unquote(bytes, v, lineSource.trimEnd(v, inner), false);
  // Positioned at the tag name (its key), one byte after the '<'.
  table.open(NodeKind.Object, lineSource.text(nameStart, nameEnd), lineSource.text(from, to), at + 1);
}

/** Compares without ASCII case, as the core does byte by byte. */
function equalsIgnoreAsciiCase(a: string, b: string): boolean {
  const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower(a) === lower(b);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
