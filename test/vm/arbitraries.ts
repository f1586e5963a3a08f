// fast-check generators for what test/cel/arbitraries.ts leaves out: tables
// with repeated keys and config-like strings, and expressions using optional
// selection, the Bulwark extensions, split with a count, and the variables
// parent, key, path and file.

import fc from 'fast-check';
import type { TableValue } from './tables.js';

const KEYS = ['a', 'b', 'c', 'x.y', ''] as const;

/** Strings configs hold: versions, addresses, durations, sizes, booleans. */
const CONFIG_STRINGS = [
  '1.2.3', 'v1.10.0', '1.0.0-rc.1', '2', '10.0.0.0/8', '192.168.1.7', '8.8.8.8', '::1', 'fd00::/8', '*',
  '30s', '1h30m', '15m', '512M', '64k', '1GiB', 'yes', 'Off', 'TRUE', '0', 'a,b,,c', ' pad ', 'é-ü', '',
];

export const configValue: fc.Arbitrary<TableValue> = fc.letrec<{ value: TableValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, -1.25, 1e21),
    fc.constantFrom(...CONFIG_STRINGS),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 4 }).map((entries) => ({ entries })),
  ),
})).value;

const stringLiteral = fc.constantFrom(...CONFIG_STRINGS).map((s) => JSON.stringify(s));
const key = fc.constantFrom(...KEYS);

/** Random bool-typed expressions (well-typed or not) over the rule variables. */
export const extensionPredicate: fc.Arbitrary<string> = fc.letrec<{ any: string; bool: string; text: string }>((tie) => ({
  text: fc.oneof(
    { depthSize: 'small' },
    stringLiteral,
    fc.constantFrom('self', 'path', 'key', 'file.name', 'file.dialect'),
    key.map((k) => `self[${JSON.stringify(k)}]`),
    tie('text').map((t) => `${t}.trim()`),
    fc.tuple(tie('any')).map(([a]) => `string(${a})`),
  ),
  any: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('self', 'parent', 'key', 'root', 'null', '1', '2u', '0.5', '[]', '{}'),
    tie('text'),
    fc.tuple(key, tie('any')).map(([k, d]) => `self.?${safe(k)}.orValue(${d})`),
    fc.tuple(key, key).map(([k, l]) => `self.?${safe(k)}.?${safe(l)}.or(optional.of(1)).value()`),
    key.map((k) => `self[?${JSON.stringify(k)}].orValue(0)`),
    fc.tuple(tie('text'), stringLiteral, fc.integer({ min: -1, max: 3 })).map(([s, sep, n]) => `${s}.split(${sep.length > 3 ? '","' : sep}, ${n})`),
    fc.tuple(tie('text'), tie('text')).map(([a, b]) => `versionCompare(${a}, ${b})`),
    tie('any').map((a) => `seconds(${a})`),
    tie('any').map((a) => `bytesSize(${a})`),
    tie('any').map((a) => `size(${a})`),
    fc.tuple(tie('any')).map(([a]) => `[${a}, 1]`),
    fc.tuple(key, tie('any')).map(([k, a]) => `{${JSON.stringify(k)}: ${a}}`),
    fc.constantFrom('self.map(k, k)', 'self.filter(v, v != null)', 'root.map(k, k)'),
  ),
  bool: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(tie('any'), fc.constantFrom('==', '!=', '<', '>='), tie('any')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('bool'), fc.constantFrom('&&', '||'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('text'), tie('text')).map(([a, b]) => `cidrContains(${a}, ${b})`),
    tie('text').map((t) => `isPrivateIp(${t})`),
    tie('any').map((a) => `toBool(${a})`),
    tie('any').map((a) => `optional.ofNonZeroValue(${a}).hasValue()`),
    key.map((k) => `self.?${safe(k)}.hasValue()`),
    fc.tuple(tie('any'), tie('any')).map(([a, b]) => `(${a} in ${b})`),
    fc.tuple(tie('text'), fc.constantFrom('"^1\\\\."', '"[0-9]+$"', '"^v"', '"\\\\.0$"')).map(([t, p]) => `${t}.matches(${p})`),
    fc.constantFrom('self.all(k, k != "")', 'self.exists_one(v, v == null)', 'has(self.a)', 'path.startsWith("a")'),
  ),
})).bool;

/** Keys that need quoting cannot follow `.?`; they fall back to `a`. */
function safe(k: string): string {
  return /^[a-z]+$/.test(k) ? k : 'a';
}
