// Host mirror of the node table layout written by the WASM core (see
// assembly/tape.ts for the row layout). The same class serves tables copied
// out of WASM memory and tables built by host parsers (YAML, TOML) and by the
// TypeScript reference flatteners.

import { NO_PARENT, NodeFlag, NodeKind, ROW_WORDS } from './abi.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/** FNV-1a 32-bit over bytes, as the core hashes keys. */
export function hashKey(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    hash = Math.imul(hash ^ bytes[i], FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** One path step: an object key or an array index. */
export type PathStep = string | number;

/** A read-only node table over a document buffer. */
export class Tape {
  /** Document buffer: source bytes, then decoded strings. */
  readonly bytes: Uint8Array;
  /** Rows, `ROW_WORDS` words each. */
  readonly rows: Uint32Array;
  readonly count: number;
  private readonly numbers: Float64Array;

  constructor(bytes: Uint8Array, rows: Uint32Array, count: number) {
    if (rows.byteOffset % 8 !== 0) throw new RangeError('node table rows must be 8-byte aligned');
    if (rows.length < count * ROW_WORDS) throw new RangeError(`node table contains ${rows.length / ROW_WORDS} rows, expected ${count}`);
    this.bytes = bytes;
    this.rows = rows;
    this.count = count;
    this.numbers = new Float64Array(rows.buffer, rows.byteOffset, rows.length / 2);
  }

  kind(i: number): NodeKind {
    return (this.rows[i * ROW_WORDS] & 0xff) as NodeKind;
  }

  flags(i: number): number {
    return (this.rows[i * ROW_WORDS] >>> 8) & 0xff;
  }

  depth(i: number): number {
    return this.rows[i * ROW_WORDS] >>> 16;
  }

  /** Parent row index, or -1 for the root. */
  parent(i: number): number {
    const p = this.rows[i * ROW_WORDS + 1];
    return p === NO_PARENT ? -1 : p;
  }

  /** Index of the first row after this node's subtree. */
  end(i: number): number {
    return this.rows[i * ROW_WORDS + 2];
  }

  isIndexed(i: number): boolean {
    return (this.flags(i) & NodeFlag.Indexed) !== 0;
  }

  isInt(i: number): boolean {
    return (this.flags(i) & NodeFlag.Int) !== 0;
  }

  /** The object key, the array index, or undefined for the root. */
  key(i: number): PathStep | undefined {
    const base = i * ROW_WORDS;
    if (this.isIndexed(i)) return this.rows[base + 3];
    if (this.parent(i) < 0) return undefined;
    return this.slice(this.rows[base + 3], this.rows[base + 4]);
  }

  keyHash(i: number): number {
    return this.rows[i * ROW_WORDS + 5];
  }

  valueOffset(i: number): number {
    return this.rows[i * ROW_WORDS + 6];
  }

  valueLength(i: number): number {
    return this.rows[i * ROW_WORDS + 7];
  }

  /** The value text: decoded string, number literal, block arguments. */
  text(i: number): string {
    return this.slice(this.valueOffset(i), this.valueLength(i));
  }

  number(i: number): number {
    return this.numbers[i * (ROW_WORDS / 2) + 5];
  }

  line(i: number): number {
    return this.rows[i * ROW_WORDS + 8];
  }

  column(i: number): number {
    return this.rows[i * ROW_WORDS + 9];
  }

  /** Child row indexes of a container, in document order. */
  children(i: number): number[] {
    const out: number[] = [];
    const stop = this.end(i);
    for (let c = i + 1; c < stop; c = this.end(c)) out.push(c);
    return out;
  }

  /** Steps from the root to the node. */
  path(i: number): PathStep[] {
    const steps: PathStep[] = [];
    for (let n = i; this.parent(n) >= 0; n = this.parent(n)) steps.push(this.key(n)!);
    return steps.reverse();
  }

  /** Plain JS value of a subtree (tests and messages; not a hot path). */
  toValue(i = 0): unknown {
    switch (this.kind(i)) {
      case NodeKind.Null:
        return null;
      case NodeKind.Bool:
        return this.number(i) !== 0;
      case NodeKind.Number:
        return this.number(i);
      case NodeKind.String:
        return this.text(i);
      case NodeKind.Array:
        return this.children(i).map((c) => this.toValue(c));
      default: {
        const out: Record<string, unknown> = {};
        for (const c of this.children(i)) {
          // Define rather than assign: assigning `__proto__` would set the prototype, not a key.
          Object.defineProperty(out, this.key(c) as string, { value: this.toValue(c), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
    }
  }

  private slice(offset: number, length: number): string {
    return utf8.decode(this.bytes.subarray(offset, offset + length));
  }
}

/** Formats a path as a pattern-compatible string: `a.b[0]["x.y"]`. */
export function formatPath(steps: readonly PathStep[]): string {
  let out = '';
  for (const step of steps) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_$@][A-Za-z0-9_$@-]*$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/**
 * Builds a table in the core's layout from host-side parsers. Open a container
 * with `open`, add its children, then `close` it; scalars are added with
 * `scalar`. Strings are appended to the document heap after the source bytes.
 */
export class TapeBuilder {
  private words: Uint32Array;
  private numbers: Float64Array;
  private heap: Uint8Array;
  private heapLength: number;
  private rowCount = 0;
  private readonly stack: number[] = [];
  private readonly childCounts: number[] = [];

  /** `source` is the original document bytes; decoded text goes after it. */
  constructor(source: Uint8Array, capacityRows = 64) {
    this.words = new Uint32Array(Math.max(capacityRows, 4) * ROW_WORDS);
    this.numbers = new Float64Array(this.words.buffer);
    this.heap = new Uint8Array(Math.max(source.length * 2, 64));
    this.heap.set(source, 0);
    this.heapLength = source.length;
  }

  get count(): number {
    return this.rowCount;
  }

  get depth(): number {
    return this.stack.length;
  }

  /** Opens an object or array under the current container. */
  open(kind: typeof NodeKind.Object | typeof NodeKind.Array, key: PathStep | undefined, line: number, column: number, value?: string): number {
    const index = this.push(kind, 0, key, value ?? '', line, column, 0);
    this.stack.push(index);
    this.childCounts.push(0);
    return index;
  }

  close(): void {
    const index = this.stack.pop();
    const children = this.childCounts.pop();
    if (index === undefined || children === undefined) throw new RangeError('close() without a matching open()');
    this.words[index * ROW_WORDS + 2] = this.rowCount;
    this.numbers[index * (ROW_WORDS / 2) + 5] = children;
  }

  /** Adds a scalar; `text` is its value text (string contents, number literal). */
  scalar(kind: NodeKind, key: PathStep | undefined, text: string, line: number, column: number, number = 0, flags = 0): number {
    return this.push(kind, flags, key, text, line, column, number);
  }

  /** Finishes the table. Every container must be closed. */
  finish(): Tape {
    if (this.stack.length !== 0) throw new RangeError(`${this.stack.length} container(s) left open`);
    const bytes = this.heap.slice(0, this.heapLength);
    const rows = this.words.slice(0, this.rowCount * ROW_WORDS);
    return new Tape(bytes, rows, this.rowCount);
  }

  private push(kind: NodeKind, flags: number, key: PathStep | undefined, text: string, line: number, column: number, number: number): number {
    if (this.rowCount * ROW_WORDS >= this.words.length) this.growRows();
    const parent = this.stack.length ? this.stack[this.stack.length - 1] : -1;
    if (parent >= 0) this.childCounts[this.childCounts.length - 1]++;

    let keyOffset = 0;
    let keyLength = 0;
    let keyHashValue = 0;
    let rowFlags = flags;
    if (typeof key === 'number') {
      rowFlags |= NodeFlag.Indexed;
      keyOffset = key;
    } else if (key !== undefined) {
      [keyOffset, keyLength] = this.append(key);
      keyHashValue = hashKey(this.heap, keyOffset, keyOffset + keyLength);
    }
    const [valueOffset, valueLength] = text === '' ? [this.heapLength, 0] : this.append(text);

    const index = this.rowCount++;
    const base = index * ROW_WORDS;
    this.words[base] = kind | (rowFlags << 8) | (this.stack.length << 16);
    this.words[base + 1] = parent < 0 ? NO_PARENT : parent;
    this.words[base + 2] = index + 1;
    this.words[base + 3] = keyOffset;
    this.words[base + 4] = keyLength;
    this.words[base + 5] = keyHashValue;
    this.words[base + 6] = valueOffset;
    this.words[base + 7] = valueLength;
    this.words[base + 8] = line;
    this.words[base + 9] = column;
    this.numbers[index * (ROW_WORDS / 2) + 5] = number;
    return index;
  }

  private append(text: string): [number, number] {
    const encoded = utf8Encoder.encode(text);
    if (this.heapLength + encoded.length > this.heap.length) {
      const grown = new Uint8Array(Math.max(this.heap.length * 2, this.heapLength + encoded.length));
      grown.set(this.heap.subarray(0, this.heapLength));
      this.heap = grown;
    }
    const offset = this.heapLength;
    this.heap.set(encoded, offset);
    this.heapLength += encoded.length;
    return [offset, encoded.length];
  }

  private growRows(): void {
    const grown = new Uint32Array(this.words.length * 2);
    grown.set(this.words);
    this.words = grown;
    this.numbers = new Float64Array(grown.buffer);
  }
}
