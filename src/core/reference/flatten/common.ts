// Shared pieces of the TypeScript reference flatteners: the source bytes with
// byte helpers, the position rules, the table writer with its limits, and
// the failure they throw. Every rule here mirrors assembly/flatten/common.ts.

import { NodeFlag, NodeKind, Status, type Limits } from '../../abi.js';
import { TapeBuilder, type Tape } from '../../tape.js';

export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const TAB = 0x09;
export const FF = 0x0c;
export const HASH = 0x23;
export const QUOTE = 0x22;
export const APOSTROPHE = 0x27;
export const BACKSLASH = 0x5c;

/** Depth is stored in 16 bits of a row, so no limit can go past this. */
const DEPTH_CEILING = 0xffff;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Thrown by the flatteners; `index.ts` turns it into a failure with line and column. */
export class FlattenError extends Error {
  constructor(
    readonly status: number,
    readonly offset: number,
  ) {
    super(`status ${status} at byte ${offset}`);
  }
}

export const isBlank = (b: number): boolean => b === SPACE || b === TAB;
export const isEol = (b: number): boolean => b === LF || b === CR;

/** The document's bytes and the byte-level helpers every format uses. */
export class Source {
  readonly end: number;

  constructor(readonly bytes: Uint8Array) {
    this.end = bytes.length;
  }

  at(i: number): number {
    return this.bytes[i];
  }

  text(start: number, end: number): string {
    return utf8.decode(this.bytes.subarray(start, end));
  }

  /** Offset of the line terminator at or after `i`, or the end. */
  lineEnd(i: number): number {
    while (i < this.end && !isEol(this.bytes[i])) i++;
    return i;
  }

  /** Offset after the line terminator at `i` (CRLF counts as one). */
  afterEol(i: number): number {
    if (i >= this.end) return this.end;
    if (this.bytes[i] === CR && this.bytes[i + 1] === LF) return i + 2;
    return i + 1;
  }

  skipBlanks(i: number, end: number): number {
    while (i < end && isBlank(this.bytes[i])) i++;
    return i;
  }

  trimEnd(start: number, end: number): number {
    while (end > start && isBlank(this.bytes[end - 1])) end--;
    return end;
  }

  startsWith(i: number, ascii: string): boolean {
    if (i + ascii.length > this.end) return false;
    for (let k = 0; k < ascii.length; k++) if (this.bytes[i + k] !== ascii.charCodeAt(k)) return false;
    return true;
  }

  /** Validates the whole document as UTF-8; throws ERR_INVALID_UTF8 at the first bad byte. */
  validateUtf8(): void {
    for (let i = 0; i < this.end; ) {
      const n = utf8SequenceLength(this.bytes, i, this.end);
      if (n === 0) throw new FlattenError(Status.InvalidUtf8, i);
      i += n;
    }
  }
}

/** Length of the valid UTF-8 sequence (RFC 3629) at `i`, or 0 when it is invalid. */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2) return 0;
  const continuation = (k: number): boolean => (bytes[i + k] & 0xc0) === 0x80;
  if (b0 < 0xe0) return i + 1 < end && continuation(1) ? 2 : 0;
  if (b0 < 0xf0) {
    if (i + 2 >= end) return 0;
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
    return continuation(2) ? 3 : 0;
  }
  if (b0 < 0xf5) {
    if (i + 3 >= end) return 0;
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
    return continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** Value of a hex digit, or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Reads four hex digits at `i` (before `end`) as a code unit, or returns -1. */
export function hex4(bytes: Uint8Array, i: number, end: number): number {
  if (i + 4 > end) return -1;
  let unit = 0;
  for (let k = 0; k < 4; k++) {
    const digit = hexValue(bytes[i + k]);
    if (digit < 0) return -1;
    unit = (unit << 4) | digit;
  }
  return unit;
}

/** Bytes of a decoded string, read back as text. */
export class ByteSink {
  private buffer = new Uint8Array(64);
  private length = 0;

  byte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  copy(bytes: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    this.buffer.set(bytes.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Appends `cp` as UTF-8. */
  codePoint(cp: number): void {
    if (cp < 0x80) {
      this.byte(cp);
    } else if (cp < 0x800) {
      this.byte(0xc0 | (cp >> 6));
      this.byte(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      this.byte(0xe0 | (cp >> 12));
      this.byte(0x80 | ((cp >> 6) & 0x3f));
      this.byte(0x80 | (cp & 0x3f));
    } else {
      this.byte(0xf0 | (cp >> 18));
      this.byte(0x80 | ((cp >> 12) & 0x3f));
      this.byte(0x80 | ((cp >> 6) & 0x3f));
      this.byte(0x80 | (cp & 0x3f));
    }
  }

  text(): string {
    return utf8.decode(this.buffer.subarray(0, this.length));
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/**
 * Line and column of byte offsets. Lines end at LF, CRLF or a lone CR;
 * columns count UTF-16 code units: every byte that is not a UTF-8
 * continuation byte counts one, a four-byte lead (0xF0 and up) two. Offsets
 * usually grow, so the cursor moves forward from the last one asked.
 */
export class Positions {
  private offset = 0;
  line = 1;
  column = 1;

  constructor(private readonly bytes: Uint8Array) {}

  locate(target: number): { line: number; column: number } {
    if (target < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.column = 1;
    }
    for (let i = this.offset; i < target; i++) {
      const b = this.bytes[i];
      if (b === LF) {
        if (i === 0 || this.bytes[i - 1] !== CR) this.line++;
        this.column = 1;
      } else if (b === CR) {
        this.line++;
        this.column = 1;
      } else if ((b & 0xc0) !== 0x80) {
        this.column += b >= 0xf0 ? 2 : 1;
      }
    }
    this.offset = target;
    return { line: this.line, column: this.column };
  }
}

/** Key of an array element: the writer numbers elements itself. */
export const ELEMENT = Symbol('element');
export type NodeKey = string | typeof ELEMENT | undefined;

interface Frame {
  kind: NodeKind;
  /** Children written so far. */
  children: number;
  /** Source offset of the container's node. */
  at: number;
  key: NodeKey;
}

/** Writes rows in the core's layout, enforcing the depth and table limits. */
export class TableWriter {
  private readonly builder: TapeBuilder;
  private readonly positions: Positions;
  private readonly frames: Frame[] = [];
  private readonly maxDepth: number;
  private readonly maxNodes: number;

  constructor(source: Source, limits: Limits) {
    this.builder = new TapeBuilder(source.bytes);
    this.positions = new Positions(source.bytes);
    this.maxDepth = Math.min(limits.maxDepth, DEPTH_CEILING);
    this.maxNodes = limits.maxNodes;
  }

  /** Open containers, the root included. */
  get depth(): number {
    return this.frames.length;
  }

  /** The innermost open container. */
  top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  /** Adds a scalar node positioned at byte `at`. */
  scalar(kind: NodeKind, key: NodeKey, text: string, at: number, number = 0, flags = 0): void {
    const { line, column } = this.admit(at);
    this.builder.scalar(kind, this.stepFor(key), text, line, column, number, flags);
  }

  /** Opens a container node positioned at byte `at`; later nodes are its children. */
  open(kind: typeof NodeKind.Object | typeof NodeKind.Array, key: NodeKey, text: string, at: number): void {
    const { line, column } = this.admit(at);
    this.builder.open(kind, this.stepFor(key), line, column, text);
    this.frames.push({ kind, children: 0, at, key });
  }

  close(): void {
    this.frames.pop();
    this.builder.close();
  }

  closeAll(): void {
    while (this.frames.length > 0) this.close();
  }

  finish(): Tape {
    return this.builder.finish();
  }

  /** Checks the limits for a node at byte `at` and returns its position. */
  private admit(at: number): { line: number; column: number } {
    if (this.frames.length > this.maxDepth) throw new FlattenError(Status.DepthLimit, at);
    if (this.builder.count >= this.maxNodes) throw new FlattenError(Status.TableLimit, at);
    return this.positions.locate(at);
  }

  /** The builder's key: element index, member key or none (the root). */
  private stepFor(key: NodeKey): string | number | undefined {
    const parent = this.frames[this.frames.length - 1];
    if (parent === undefined) return undefined;
    const index = parent.children++;
    return key === ELEMENT ? index : key;
  }
}

/**
 * Removes the quotes when `[start, end)` is one quoted string, so it opens
 * with `"` or `'` and the matching close quote is its last byte. A backslash
 * escapes the next byte, and with `doubled` two quotes stand for one.
 * Escapes are kept as written.
 */
export function unquote(bytes: Uint8Array, start: number, end: number, doubled: boolean): [number, number] {
  if (end - start < 2) return [start, end];
  const q = bytes[start];
  if (q !== QUOTE && q !== APOSTROPHE) return [start, end];
  for (let i = start + 1; i < end; ) {
    const b = bytes[i];
    if (b === BACKSLASH) {
      i += 2;
      continue;
    }
    if (b === q) {
      if (doubled && i + 1 < end && bytes[i + 1] === q) {
        i += 2;
        continue;
      }
      return i === end - 1 ? [start + 1, end - 1] : [start, end];
    }
    i++;
  }
  return [start, end];
}

export { NodeFlag, NodeKind, Status };
