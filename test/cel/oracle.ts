// @bufbuild/cel 0.6.1 as the reference evaluator for differential tests, with
// the places where it departs from CEL (as cel-go implements it) fixed:
// - int64 MIN % -1: cel-go reports overflow, @bufbuild/cel returns 0;
// - uint division: @bufbuild/cel checks the quotient against the int64 range,
//   so `18446744073709551615u / 1u` fails; a uint quotient always fits;
// - int(), uint() and double() of a string: @bufbuild/cel uses JS BigInt() and
//   Number(), which accept '', ' 12' and '0x10' and turn 'abc' into NaN; cel-go
//   uses Go's strconv parsers, which reject them;
// - a map entry whose value is null: @bufbuild/cel's map has() tests
//   `get(key) != undefined`, so `'a' in {'a': null}` and `has(m.a)` are false,
//   where CEL defines them as true.
// Every other result of the oracle is taken as it is.

import { celFunc, celMap, celUint, type CelUint as BufUint, celEnv, isCelError, isCelList, isCelMap, isCelUint, parse, plan, CelScalar, celError, type CelValue as BufValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { CelError, CelMap, CelOptional, CelUint, NodeRef, isList, isMap, listGet, listSize, mapGet, mapKeys, type CelValue } from '../../src/policy/cel/values.js';
import type { DataValue } from './arbitraries.js';

const INT64_MIN = -(1n << 63n);

const nativeMapPrototype = Object.getPrototypeOf(celMap(new Map())) as { has(key: unknown): boolean; get(key: unknown): unknown };
nativeMapPrototype.has = function has(this: { get(key: unknown): unknown }, key: unknown): boolean {
  return this.get(key) !== undefined;
};

const moduloWithOverflow = celFunc('_%_', [CelScalar.INT, CelScalar.INT], CelScalar.INT, (a: bigint, b: bigint) => {
  if (b === 0n) throw celError('modulus by zero');
  if (a === INT64_MIN && b === -1n) throw celError('int overflow during modulus');
  return a % b;
});

const uintDivision = celFunc('_/_', [CelScalar.UINT, CelScalar.UINT], CelScalar.UINT, (a: BufUint, b: BufUint) => {
  if (b.value === 0n) throw celError('uint divide by zero');
  return celUint(a.value / b.value);
});

// Go strconv.ParseInt(s, 10, 64), strconv.ParseUint(s, 10, 64) and ParseFloat(s, 64) forms
// (ParseFloat's hex and underscore forms are left out).
const GO_INT = /^[+-]?[0-9]+$/;
const GO_UINT = /^[0-9]+$/;
const GO_FLOAT = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const GO_FLOAT_SPECIAL = /^[+-]?(inf|infinity|nan)$/i;

const stringConversions = [
  celFunc('int', [CelScalar.STRING], CelScalar.INT, (s: string) => {
    const value = GO_INT.test(s) ? BigInt(s) : undefined;
    if (value === undefined || value < INT64_MIN || value >= -INT64_MIN) throw celError('invalid int string');
    return value;
  }),
  celFunc('uint', [CelScalar.STRING], CelScalar.UINT, (s: string) => {
    const value = GO_UINT.test(s) ? BigInt(s) : undefined;
    if (value === undefined || value >= 1n << 64n) throw celError('invalid uint string');
    return celUint(value);
  }),
  celFunc('double', [CelScalar.STRING], CelScalar.DOUBLE, (s: string) => {
    if (GO_FLOAT_SPECIAL.test(s)) return /nan/i.test(s) ? NaN : s.startsWith('-') ? -Infinity : Infinity;
    const value = GO_FLOAT.test(s) ? Number(s) : NaN;
    if (!Number.isFinite(value)) throw celError('invalid double string');
    return value;
  }),
];

const env = celEnv({ funcs: [...strings, moduloWithOverflow, uintDivision, ...stringConversions] });

/** Evaluates `text` with @bufbuild/cel, `self` bound to the data. Throws when the oracle cannot parse it. */
export function oracleEvaluate(text: string, self: DataValue): BufValue | Error {
  const program = plan(env, parse(text));
  try {
    return program({ self: toOracleInput(self) } as never);
  } catch (error) {
    return error as Error;
  }
}

function toOracleInput(value: DataValue): unknown {
  if (Array.isArray(value)) return value.map(toOracleInput);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, toOracleInput(v)]));
  return value;
}

/** Comparable form of a result: errors collapse to one marker, numbers keep their CEL type. */
export type Normalized = string | boolean | null | { error: true } | { int: string } | { uint: string } | { double: string } | Normalized[] | { map: [string, Normalized][] } | { optional: Normalized | null };

function doubleText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

export function normalizeOracle(v: unknown): Normalized {
  if (isCelError(v) || v instanceof Error) return { error: true };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { double: doubleText(v) };
  if (isCelUint(v)) return { uint: v.value.toString() };
  if (isCelList(v)) return [...v].map(normalizeOracle);
  if (isCelMap(v)) {
    const entries: [string, Normalized][] = [];
    for (const [key, value] of v.entries()) entries.push([keyText(isCelUint(key) ? key.value : key), normalizeOracle(value)]);
    return { map: entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  }
  return { error: true };
}

export function normalizeOurs(v: CelValue): Normalized {
  if (v instanceof CelError) return { error: true };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { double: doubleText(v) };
  if (v instanceof CelUint) return { uint: v.value.toString() };
  if (v instanceof CelOptional) return { optional: v.hasValue ? normalizeOurs(v.value!) : null };
  if (isList(v)) return Array.from({ length: listSize(v) }, (_, i) => normalizeOurs(listGet(v, i)));
  if (isMap(v)) {
    const entries: [string, Normalized][] = mapKeys(v).map((key) => [keyText(key instanceof CelUint ? key.value : key), normalizeOurs(mapGet(v, key)!)]);
    return { map: entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  }
  return { error: true };
}

/** Map keys compare by CEL equality, so uint and int keys with one value share a text. */
function keyText(key: unknown): string {
  return typeof key === 'string' ? `s:${key}` : `${typeof key}:${String(key)}`.replace(/^bigint:/, 'n:');
}

export { CelMap, NodeRef };
