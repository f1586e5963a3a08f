// Runtime values of the rule language in the JS back end.
//
//   null -> null            bool -> boolean        int -> bigint (int64)
//   uint -> CelUint         double -> number       string -> string
//   list -> CelValue[] or a NodeRef to an array node
//   map  -> CelMap or a NodeRef to an object node (string keys)
//   optional -> CelOptional                        error -> CelError
//
// Errors are values, not exceptions, so `&&`, `||` and `?:` can absorb them as
// CEL requires. Config nodes are read lazily through NodeRef views over a
// Tape: a scalar node becomes its primitive value when it is read, and a
// container stays a view until an operation needs its elements.

import { NodeFlag, NodeKind, ROW_WORDS } from '../../core/abi.js';
import type { Tape } from '../../core/tape.js';

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;

/** An unsigned 64-bit CEL integer (`1u`). */
export class CelUint {
  constructor(readonly value: bigint) {}
}

/** Stable codes of evaluation errors; `evaluateToOutcome` reports them. */
export type CelErrorCode =
  | 'no_such_key'
  | 'index_out_of_bounds'
  | 'no_matching_overload'
  | 'division_by_zero'
  | 'overflow'
  | 'invalid_argument'
  | 'duplicate_key'
  | 'unbound_variable'
  | 'not_bool'
  | 'internal';

/** An evaluation error carried as a value. Messages never contain configuration values. */
export class CelError {
  constructor(
    readonly code: CelErrorCode,
    readonly message: string,
  ) {}
}

/** A CEL optional value: `optional.of(x)` or `optional.none()`. */
export class CelOptional {
  static readonly NONE = new CelOptional(undefined);

  private constructor(readonly value: CelValue | undefined) {}

  static of(value: CelValue): CelOptional {
    return new CelOptional(value);
  }

  get hasValue(): boolean {
    return this.value !== undefined;
  }
}

/** A view of one node of a Tape. The closure back end only keeps views of objects and arrays. */
export class NodeRef {
  constructor(
    readonly tape: Tape,
    readonly index: number,
  ) {}
}

/** Keys a map literal may use. */
export type CelMapKey = string | bigint | CelUint | boolean;

/** A map built by an expression or from host data. Keys follow CEL numeric equality (`1`, `1u` and `1.0` find the same entry). */
export class CelMap {
  private readonly entries = new Map<string, [CelMapKey, CelValue]>();

  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry; returns false when an equal key is already present. */
  set(key: CelMapKey, value: CelValue): boolean {
    const id = mapKeyId(key)!;
    if (this.entries.has(id)) return false;
    this.entries.set(id, [key, value]);
    return true;
  }

  get(key: CelValue): CelValue | undefined {
    const id = mapKeyId(key);
    return id === undefined ? undefined : this.entries.get(id)?.[1];
  }

  has(key: CelValue): boolean {
    const id = mapKeyId(key);
    return id !== undefined && this.entries.has(id);
  }

  keys(): CelMapKey[] {
    return [...this.entries.values()].map((entry) => entry[0]);
  }
}

export type CelList = readonly CelValue[];

export type CelValue = null | boolean | bigint | number | string | CelUint | CelList | CelMap | NodeRef | CelOptional | CelError;

/** Identity of a map key under CEL equality, or undefined for a value no map key equals. */
export function mapKeyId(key: CelValue): string | undefined {
  switch (typeof key) {
    case 'string':
      return `s${key}`;
    case 'boolean':
      return key ? 'b1' : 'b0';
    case 'bigint':
      return `n${key}`;
    case 'number':
      return Number.isInteger(key) ? `n${BigInt(key)}` : undefined;
    default:
      return key instanceof CelUint ? `n${key.value}` : undefined;
  }
}

// ---- node views ----

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Children of array nodes and key indexes of object nodes, computed once per node. */
interface NodeCache {
  children: Map<number, Int32Array>;
  keyIndex: Map<number, Map<string, number>>;
}
const caches = new WeakMap<Tape, NodeCache>();

function cacheOf(tape: Tape): NodeCache {
  let cache = caches.get(tape);
  if (cache === undefined) {
    cache = { children: new Map(), keyIndex: new Map() };
    caches.set(tape, cache);
  }
  return cache;
}

/** Objects with more members than this get a key index instead of a linear scan. */
const KEY_INDEX_THRESHOLD = 16;

/** The CEL value of a node: a primitive for scalars, a view for containers. */
export function nodeValue(tape: Tape, index: number): CelValue {
  const base = index * ROW_WORDS;
  const head = tape.rows[base];
  switch ((head & 0xff) as NodeKind) {
    case NodeKind.Null:
      return null;
    case NodeKind.Bool:
      return tape.number(index) !== 0;
    case NodeKind.String:
      return tape.text(index);
    case NodeKind.Number:
      return ((head >>> 8) & NodeFlag.Int) !== 0 ? nodeInt(tape, index) : tape.number(index);
    default:
      return new NodeRef(tape, index);
  }
}

/** An int node: int64 when it fits, otherwise the double the document wrote. */
function nodeInt(tape: Tape, index: number): CelValue {
  const text = tape.text(index);
  if (/^[+-]?\d+$/.test(text)) {
    const value = BigInt(text);
    if (value >= INT64_MIN && value <= INT64_MAX) return value;
    return tape.number(index);
  }
  const number = tape.number(index);
  // NOTE: an int node whose text is not plain decimal (YAML 0x1F, 1_000) is read from its stored double.
  return Number.isSafeInteger(number) ? BigInt(number) : number;
}

export function isNodeArray(v: NodeRef): boolean {
  return v.tape.kind(v.index) === NodeKind.Array;
}

/** Child row indexes of a container node, in document order. */
export function nodeChildren(v: NodeRef): Int32Array {
  const cache = cacheOf(v.tape).children;
  let children = cache.get(v.index);
  if (children === undefined) {
    children = Int32Array.from(v.tape.children(v.index));
    cache.set(v.index, children);
  }
  return children;
}

/** Key bytes and hash of a field name, prepared once per select expression. */
export interface FieldKey {
  name: string;
  bytes: Uint8Array;
  hash: number;
}

export function fieldKey(name: string): FieldKey {
  const bytes = utf8Encoder.encode(name);
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  return { name, bytes, hash };
}

/** Row index of an object member, or -1. A repeated key resolves to its last occurrence. */
export function nodeMemberIndex(v: NodeRef, key: FieldKey): number {
  const children = nodeChildren(v);
  if (children.length > KEY_INDEX_THRESHOLD) return keyIndexOf(v, children).get(key.name) ?? -1;

  const rows = v.tape.rows;
  const bytes = v.tape.bytes;
  let found = -1;
  for (let c = 0; c < children.length; c++) {
    const base = children[c] * ROW_WORDS;
    if (rows[base + 5] !== key.hash || rows[base + 4] !== key.bytes.length) continue;
    const offset = rows[base + 3];
    let same = true;
    for (let i = 0; i < key.bytes.length; i++) {
      if (bytes[offset + i] !== key.bytes[i]) {
        same = false;
        break;
      }
    }
    if (same) found = children[c];
  }
  return found;
}

function keyIndexOf(v: NodeRef, children: Int32Array): Map<string, number> {
  const cache = cacheOf(v.tape).keyIndex;
  let index = cache.get(v.index);
  if (index === undefined) {
    index = new Map();
    for (const child of children) index.set(memberKey(v.tape, child), child);
    cache.set(v.index, index);
  }
  return index;
}

function memberKey(tape: Tape, child: number): string {
  const base = child * ROW_WORDS;
  return utf8.decode(tape.bytes.subarray(tape.rows[base + 3], tape.rows[base + 3] + tape.rows[base + 4]));
}

/** Distinct member keys of an object node, in order of first occurrence. */
export function nodeKeys(v: NodeRef): string[] {
  const children = nodeChildren(v);
  const seen = new Set<string>();
  for (const child of children) seen.add(memberKey(v.tape, child));
  return [...seen];
}

// ---- generic list and map access ----

export function isList(v: CelValue): v is CelList | NodeRef {
  return Array.isArray(v) || (v instanceof NodeRef && isNodeArray(v));
}

export function isMap(v: CelValue): v is CelMap | NodeRef {
  return v instanceof CelMap || (v instanceof NodeRef && !isNodeArray(v));
}

export function listSize(v: CelList | NodeRef): number {
  return Array.isArray(v) ? v.length : nodeChildren(v as NodeRef).length;
}

export function listGet(v: CelList | NodeRef, i: number): CelValue {
  if (Array.isArray(v)) return v[i];
  const ref = v as NodeRef;
  return nodeValue(ref.tape, nodeChildren(ref)[i]);
}

export function listValues(v: CelList | NodeRef): CelList {
  if (Array.isArray(v)) return v;
  const ref = v as NodeRef;
  return Array.from(nodeChildren(ref), (child) => nodeValue(ref.tape, child));
}

export function mapSize(v: CelMap | NodeRef): number {
  return v instanceof CelMap ? v.size : nodeKeys(v).length;
}

/** The value under `key`, or undefined when the map has no such key. */
export function mapGet(v: CelMap | NodeRef, key: CelValue): CelValue | undefined {
  if (v instanceof CelMap) return v.get(key);
  if (typeof key !== 'string') return undefined;
  const member = nodeMemberIndex(v, fieldKey(key));
  return member < 0 ? undefined : nodeValue(v.tape, member);
}

export function mapKeys(v: CelMap | NodeRef): CelValue[] {
  return v instanceof CelMap ? v.keys() : nodeKeys(v);
}

// ---- equality and ordering ----

function isNumeric(v: CelValue): v is bigint | number | CelUint {
  return typeof v === 'bigint' || typeof v === 'number' || v instanceof CelUint;
}

function numericOf(v: bigint | number | CelUint): bigint | number {
  return v instanceof CelUint ? v.value : v;
}

/** CEL equality: numbers compare by value across int, uint and double; other kinds must match. */
export function celEquals(a: CelValue, b: CelValue): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (isNumeric(a)) {
    if (!isNumeric(b)) return false;
    // JS `==` between bigint and number compares the exact mathematical values.
    return numericOf(a) == numericOf(b);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (isList(a)) {
    if (!isList(b)) return false;
    const size = listSize(a);
    if (size !== listSize(b)) return false;
    for (let i = 0; i < size; i++) {
      if (!celEquals(listGet(a, i), listGet(b, i))) return false;
    }
    return true;
  }
  if (isMap(a)) {
    if (!isMap(b) || mapSize(a) !== mapSize(b)) return false;
    for (const key of mapKeys(a)) {
      const other = mapGet(b, key);
      if (other === undefined || !celEquals(mapGet(a, key)!, other)) return false;
    }
    return true;
  }
  if (a instanceof CelOptional) {
    if (!(b instanceof CelOptional)) return false;
    if (!a.hasValue || !b.hasValue) return a.hasValue === b.hasValue;
    return celEquals(a.value!, b.value!);
  }
  return false;
}

/**
 * Orders two values: negative, zero or positive, NaN when a double NaN is
 * involved, or undefined when CEL has no ordering for the pair.
 */
export function celCompare(a: CelValue, b: CelValue): number | undefined {
  if (isNumeric(a) && isNumeric(b)) {
    const x = numericOf(a);
    const y = numericOf(b);
    if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
    // Like cel-go and @bufbuild/cel 0.6.1, an int or uint meets a double as a double.
    const dx = Number(x);
    const dy = Number(y);
    if (Number.isNaN(dx) || Number.isNaN(dy)) return NaN;
    return dx < dy ? -1 : dx > dy ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

/** Compares strings by Unicode code points, as CEL does, rather than by UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000..U+FFFF, so units order like the code points they encode. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Number of Unicode code points in a string. */
export function codePointLength(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = s.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) count--;
    }
  }
  return count;
}

/** CEL type name of a value, for error messages. */
export function typeName(v: CelValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
  }
  if (v instanceof CelUint) return 'uint';
  if (v instanceof CelOptional) return 'optional';
  if (v instanceof CelError) return 'error';
  if (isList(v)) return 'list';
  return 'map';
}

// ---- host values ----

/** Converts a host value (JSON-like data, a NodeRef, a CelValue) into a CelValue. Integral JS numbers become ints. */
export function toCelValue(host: unknown): CelValue {
  if (host === null) return null;
  switch (typeof host) {
    case 'boolean':
    case 'bigint':
    case 'string':
      return host;
    case 'number':
      return Number.isInteger(host) && Math.abs(host) <= Number.MAX_SAFE_INTEGER ? BigInt(host) : host;
    case 'object':
      break;
    default:
      return new CelError('invalid_argument', `a host value of type ${typeof host} has no rule-language equivalent`);
  }
  if (host instanceof NodeRef) return nodeValue(host.tape, host.index);
  if (host instanceof CelUint || host instanceof CelMap || host instanceof CelOptional || host instanceof CelError) return host;
  if (Array.isArray(host)) return host.map(toCelValue);
  const map = new CelMap();
  const entries = host instanceof Map ? [...host.entries()] : Object.entries(host as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    map.set(key as CelMapKey, toCelValue(value));
  }
  return map;
}
