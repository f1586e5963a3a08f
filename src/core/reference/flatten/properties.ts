// Reference Java .properties flattener (java.util.Properties.load); the rules
// are documented in assembly/flatten/properties.ts.

import {
  BACKSLASH, ByteSink, CR, FF, FlattenError, HASH, LF, NodeKind, SPACE, Source, Status, TAB,
  TableWriter, hex4, isEol,
} from './common.js';

const REPLACEMENT = 0xfffd;
const isSpace = (b: number): boolean => b === SPACE || b === TAB || b === FF;

export function flattenProperties(source: Source, table: TableWriter): void {
  const { bytes, end } = source;
  source.validateUtf8();
  table.open(NodeKind.Object, undefined, '', 0);

  /** After a continuation backslash at `i`: past the line break and the next line's leading whitespace. */
  const continueAt = (i: number): number => {
    let k = source.afterEol(i + 1);
    while (k < end && isSpace(bytes[k])) k++;
    return k;
  };
  /** Scans escaped text from `i` until `stop(byte)` holds outside an escape; returns where it stopped. */
  const scanEscaped = (i: number, stop: (b: number) => boolean): { end: number; escaped: boolean } => {
    let escaped = false;
    while (i < end) {
      const b = bytes[i];
      if (b === BACKSLASH) {
        escaped = true;
        if (i + 1 >= end) return { end, escaped }; // a backslash at the end of the file
        i = isEol(bytes[i + 1]) ? continueAt(i) : i + 2;
        continue;
      }
      if (stop(b)) break;
      i++;
    }
    return { end: i, escaped };
  };

  let pos = 0;
  while (pos < end) {
    let p = pos;
    while (p < end && isSpace(bytes[p])) p++;
    if (p >= end) break;
    if (isEol(bytes[p])) {
      pos = source.afterEol(p);
      continue;
    }
    if (bytes[p] === HASH || bytes[p] === 0x21) {
      pos = source.afterEol(source.lineEnd(p));
      continue;
    }

    // Key: up to an unescaped separator or whitespace.
    const key = scanEscaped(p, (b) => b === 0x3d || b === 0x3a || isSpace(b) || isEol(b));

    // Separator: whitespace, one '=' or ':', whitespace (continuations are transparent).
    let i = key.end;
    let separated = false;
    while (i < end) {
      const b = bytes[i];
      if (isSpace(b)) i++;
      else if (b === BACKSLASH && i + 1 < end && isEol(bytes[i + 1])) i = continueAt(i);
      else if (!separated && (b === 0x3d || b === 0x3a)) {
        separated = true;
        i++;
      } else break;
    }

    // Value: to the end of the logical line, trailing whitespace kept.
    const value = scanEscaped(i, isEol);
    pos = source.afterEol(value.end);

    const keyText = key.escaped ? decode(source, p, key.end) : source.text(p, key.end);
    const valueText = value.escaped ? decode(source, i, value.end) : source.text(i, value.end);
    table.scalar(NodeKind.String, keyText, valueText, p);
  }

  table.closeAll();
}

/** Decodes escapes and continuations of the physical range `[from, to)`. */
function decode(source: Source, from: number, to: number): string {
  const { bytes, end } = source;
  const sink = new ByteSink();
  let i = from;
  while (i < to) {
    if (bytes[i] !== BACKSLASH) {
      sink.byte(bytes[i++]);
      continue;
    }
    if (i + 1 >= end) break; // a backslash at the end of the file is dropped
    const e = bytes[i + 1];
    if (e === LF || e === CR) {
      i = source.afterEol(i + 1);
      while (i < end && isSpace(bytes[i])) i++;
      continue;
    }
    if (e === 0x75) {
      const unit = hex4(bytes, i + 2, to);
      if (unit < 0) throw new FlattenError(Status.InvalidEscape, i);
      i += 6;
      let cp = unit;
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = i + 1 < to && bytes[i] === BACKSLASH && bytes[i + 1] === 0x75 ? hex4(bytes, i + 2, to) : -1;
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        } else {
          cp = REPLACEMENT;
        }
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        cp = REPLACEMENT;
      }
      sink.codePoint(cp);
      continue;
    }
    const simple: Record<number, number> = { 0x74: 0x09, 0x6e: 0x0a, 0x72: 0x0d, 0x66: 0x0c };
    sink.byte(simple[e] ?? e);
    i += 2;
  }
  return sink.text();
}
