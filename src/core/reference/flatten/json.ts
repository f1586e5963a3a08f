// Reference JSON flattener (RFC 8259 as JSON.parse accepts it), the same
// state machine as assembly/flatten/json.ts: no recursion, containers on an
// explicit stack, the same error codes at the same offsets.

import {
  BACKSLASH, ByteSink, ELEMENT, FlattenError, NodeFlag, NodeKind, QUOTE, Source, Status, TableWriter,
  hex4, utf8SequenceLength, type NodeKey,
} from './common.js';

const REPLACEMENT = 0xfffd;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export function flattenJson(source: Source, table: TableWriter): void {
  const { bytes, end } = source;
  const skipSpace = (i: number): number => {
    while (i < end && isSpace(bytes[i])) i++;
    return i;
  };

  let pos = skipSpace(0);
  let state: 'value' | 'after' | 'member' = 'value';
  // The pending node: its key (or ELEMENT) and position.
  let key: NodeKey = undefined;
  let at = pos;

  for (;;) {
    if (state === 'value') {
      if (pos >= end) throw new FlattenError(Status.UnexpectedEnd, end);
      const c = bytes[pos];

      if (c === 0x7b || c === 0x5b) {
        const kind = c === 0x7b ? NodeKind.Object : NodeKind.Array;
        table.open(kind, key, '', at);
        pos = skipSpace(pos + 1);
        if (pos >= end) throw new FlattenError(Status.UnexpectedEnd, end);
        if (bytes[pos] === (c === 0x7b ? 0x7d : 0x5d)) {
          table.close();
          pos++;
          state = 'after';
        } else if (kind === NodeKind.Object) {
          state = 'member';
        } else {
          key = ELEMENT;
          at = pos;
        }
        continue;
      }

      if (c === QUOTE) {
        const string = scanString(source, pos);
        table.scalar(NodeKind.String, key, string.text, at);
        pos = string.end;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        const literal = scanNumber(source, pos);
        const flags = literal.isInt ? NodeFlag.Int : 0;
        table.scalar(NodeKind.Number, key, literal.text, at, Number(literal.text), flags);
        pos += literal.text.length;
      } else if (c === 0x74) {
        matchLiteral(source, pos, 'true');
        table.scalar(NodeKind.Bool, key, 'true', at, 1);
        pos += 4;
      } else if (c === 0x66) {
        matchLiteral(source, pos, 'false');
        table.scalar(NodeKind.Bool, key, 'false', at, 0);
        pos += 5;
      } else if (c === 0x6e) {
        matchLiteral(source, pos, 'null');
        table.scalar(NodeKind.Null, key, 'null', at);
        pos += 4;
      } else {
        throw new FlattenError(Status.UnexpectedChar, pos);
      }
      state = 'after';
      continue;
    }

    if (state === 'after') {
      pos = skipSpace(pos);
      if (table.depth === 0) {
        if (pos < end) throw new FlattenError(Status.TrailingContent, pos);
        return;
      }
      if (pos >= end) throw new FlattenError(Status.UnexpectedEnd, end);
      const inObject = table.top().kind === NodeKind.Object;
      if (bytes[pos] === 0x2c) {
        pos = skipSpace(pos + 1);
        if (inObject) {
          state = 'member';
        } else {
          key = ELEMENT;
          at = pos;
          state = 'value';
        }
      } else if (bytes[pos] === (inObject ? 0x7d : 0x5d)) {
        table.close();
        pos++;
      } else {
        throw new FlattenError(Status.ExpectedCommaOrEnd, pos);
      }
      continue;
    }

    // member: "key" ws ':' ws, then the value.
    if (pos >= end) throw new FlattenError(Status.UnexpectedEnd, end);
    if (bytes[pos] !== QUOTE) throw new FlattenError(Status.ExpectedKey, pos);
    at = pos;
    const name = scanString(source, pos);
    key = name.text;
    pos = skipSpace(name.end);
    if (pos >= end) throw new FlattenError(Status.UnexpectedEnd, end);
    if (bytes[pos] !== 0x3a) throw new FlattenError(Status.ExpectedColon, pos);
    pos = skipSpace(pos + 1);
    state = 'value';
  }
}

function matchLiteral(source: Source, pos: number, literal: string): void {
  for (let k = 0; k < literal.length; k++) {
    if (pos + k >= source.end) throw new FlattenError(Status.UnexpectedEnd, source.end);
    if (source.at(pos + k) !== literal.charCodeAt(k)) throw new FlattenError(Status.UnexpectedChar, pos + k);
  }
}

/** Scans the number literal at `start`. A missing digit is ERR_INVALID_NUMBER where the digit was due. */
function scanNumber(source: Source, start: number): { text: string; isInt: boolean } {
  const { bytes, end } = source;
  const isDigit = (k: number): boolean => k < end && bytes[k] >= 0x30 && bytes[k] <= 0x39;
  const expectDigit = (k: number): void => {
    if (!isDigit(k)) throw new FlattenError(Status.InvalidNumber, k);
  };

  let i = start;
  if (bytes[i] === 0x2d) i++;
  expectDigit(i);
  if (bytes[i] === 0x30) i++;
  else while (isDigit(i)) i++;

  let isInt = true;
  if (i < end && bytes[i] === 0x2e) {
    isInt = false;
    expectDigit(++i);
    while (isDigit(i)) i++;
  }
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    isInt = false;
    i++;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
    expectDigit(i);
    while (isDigit(i)) i++;
  }
  return { text: source.text(start, i), isInt };
}

/** Scans the string whose opening quote is at `start` and returns its decoded text and the offset after it. */
function scanString(source: Source, start: number): { text: string; end: number } {
  const { bytes, end } = source;
  const sink = new ByteSink();
  let i = start + 1;
  let escaped = false;
  for (;;) {
    if (i >= end) throw new FlattenError(Status.UnterminatedString, start);
    const b = bytes[i];
    if (b === QUOTE) return { text: escaped ? sink.text() : source.text(start + 1, i), end: i + 1 };
    if (b === BACKSLASH) {
      escaped = true;
      i = decodeEscape(source, i, start, sink);
      continue;
    }
    if (b < 0x20) throw new FlattenError(Status.ControlCharInString, i);
    if (b < 0x80) {
      sink.byte(b);
      i++;
      continue;
    }
    const n = utf8SequenceLength(bytes, i, end);
    if (n === 0) throw new FlattenError(Status.InvalidUtf8, i);
    sink.copy(bytes, i, i + n);
    i += n;
  }
}

const SIMPLE_ESCAPES: Record<number, number> = {
  0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09,
};

/** Decodes the escape at `i` into `sink`; returns the offset after it. */
function decodeEscape(source: Source, i: number, start: number, sink: ByteSink): number {
  const { bytes, end } = source;
  if (i + 1 >= end) throw new FlattenError(Status.UnterminatedString, start);
  const e = bytes[i + 1];
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    sink.byte(simple);
    return i + 2;
  }
  if (e !== 0x75) throw new FlattenError(Status.InvalidEscape, i);

  const unit = hex4(bytes, i + 2, end);
  if (unit < 0) throw new FlattenError(Status.InvalidEscape, i);
  if (unit >= 0xd800 && unit <= 0xdbff) {
    // A high surrogate pairs with an immediately following \uDC00-\uDFFF.
    if (i + 7 < end && bytes[i + 6] === BACKSLASH && bytes[i + 7] === 0x75) {
      const low = hex4(bytes, i + 8, end);
      if (low >= 0xdc00 && low <= 0xdfff) {
        sink.codePoint(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        return i + 12;
      }
    }
    sink.codePoint(REPLACEMENT);
    return i + 6;
  }
  sink.codePoint(unit >= 0xdc00 && unit <= 0xdfff ? REPLACEMENT : unit);
  return i + 6;
}
