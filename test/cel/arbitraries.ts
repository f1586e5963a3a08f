// fast-check generators for differential tests of the rule language: random
// well-formed expressions over `self`, and random JSON-like documents to bind
// to it. Both back ends (JS closures, WASM bytecode) and the @bufbuild/cel
// oracle evaluate the same pairs.
//
// Kept out of the generator, because the oracle and the rule language
// legitimately differ there (each case is pinned in closure.test.ts instead):
// - optional selection and the optional functions: @bufbuild/cel 0.6.1 does not parse `.?`;
// - Bulwark extensions (versionCompare, cidrContains, isPrivateIp, toBool, seconds, bytesSize);
// - split('') and split with a count: the oracle splits UTF-16 units and drops the remainder;
// - indexing a list with a bool or a fractional double (the oracle reads `[1, 2][true]` as index 1);
// - strings with characters in U+E000..U+FFFF, whose UTF-16 order differs from code-point order;
// - int literals outside int64, which the oracle accepts;
// - a negation of a negation, `-(-(x))` or `!(!(x))`: the oracle drops both operators even
//   across parentheses, cel-go (and the rule language) apply both, so `-(-('a'))` is an error.

import fc from 'fast-check';
import { NodeKind } from '../../src/core/abi.js';
import { TapeBuilder, type Tape } from '../../src/core/tape.js';

/** JSON-like data: ints are bigints, doubles are numbers. */
export type DataValue = null | boolean | bigint | number | string | DataValue[] | { [key: string]: DataValue };

/** Keys used both in generated data and in generated field selections, so selections often hit. */
export const DATA_KEYS = ['a', 'b', 'c', 'k'] as const;

/** Characters of generated strings: ASCII, Latin-1, CJK and one astral character (no U+E000..U+FFFF). */
const STRING_CHARS = ['a', 'b', 'c', 'A', 'B', ' ', '.', '-', '1', 'é', 'ß', '中', '😀', '\t', '"', "'", '\\'];

const stringValue = fc.array(fc.constantFrom(...STRING_CHARS), { maxLength: 5 }).map((chars) => chars.join(''));

const intValue = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: -5n, max: 5n }) },
  { weight: 1, arbitrary: fc.constantFrom(9223372036854775807n, -9223372036854775808n, 4294967296n, -100n, 1000n) },
);

const doubleValue = fc.oneof(
  fc.constantFrom(0, -0, 0.5, 1, 1.5, -2.5, 2, 1e3, 1e21, 1e-7, 0.1, 9007199254740993),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
);

/** Random documents of bounded size and depth. */
export const dataValue: fc.Arbitrary<DataValue> = fc.letrec<{ value: DataValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    intValue,
    doubleValue,
    stringValue,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...DATA_KEYS, 'x y', '1'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A document whose root is an object, the usual shape of a config file. */
export const dataObject: fc.Arbitrary<DataValue> = fc.dictionary(fc.constantFrom(...DATA_KEYS), dataValue, { maxKeys: 4 });

/** Builds a node table for data, as the format parsers would. */
export function dataToTape(data: DataValue): Tape {
  const builder = new TapeBuilder(new Uint8Array(0));
  const add = (value: DataValue, key: string | number | undefined) => {
    if (value === null) builder.scalar(NodeKind.Null, key, 'null', 1, 1);
    else if (typeof value === 'boolean') builder.scalar(NodeKind.Bool, key, String(value), 1, 1, value ? 1 : 0);
    else if (typeof value === 'bigint') builder.scalar(NodeKind.Number, key, value.toString(), 1, 1, Number(value), 2);
    else if (typeof value === 'number') builder.scalar(NodeKind.Number, key, String(value), 1, 1, value);
    else if (typeof value === 'string') builder.scalar(NodeKind.String, key, value, 1, 1);
    else if (Array.isArray(value)) {
      builder.open(NodeKind.Array, key, 1, 1);
      value.forEach((element, i) => add(element, i));
      builder.close();
    } else {
      builder.open(NodeKind.Object, key, 1, 1);
      for (const [k, v] of Object.entries(value)) add(v, k);
      builder.close();
    }
  };
  add(data, undefined);
  return builder.finish();
}

// ---- expressions ----

type ExprType = 'int' | 'uint' | 'double' | 'string' | 'bool' | 'list' | 'map' | 'dyn';
const ALL_TYPES: ExprType[] = ['int', 'uint', 'double', 'string', 'bool', 'list', 'map', 'dyn'];
const ITERATION_VARIABLES = ['x', 'y', 'z'];

/** Writes a string as a CEL literal in one of the quoting styles. */
function stringLiteral(s: string, style: number): string {
  if (style === 1 && !/['\\\n\r]/.test(s)) return `'${s}'`;
  if (style === 2 && !/['\\\n\r]/.test(s)) return `r'${s}'`;
  // JSON escapes (\" \\ \t \n \uXXXX) are all valid CEL escapes.
  return JSON.stringify(s);
}

/** Applies a unary operator, except to an operand that is itself a negation (see the file header). */
function negation(op: '-' | '!', operand: string): string {
  return /^[-!]\(/.test(operand) ? operand : `${op}(${operand})`;
}

const stringLit = fc.tuple(stringValue, fc.nat(2)).map(([s, style]) => stringLiteral(s, style));
const intLit = intValue.map((v) => (v < 0n ? `(${v})` : `${v}`));
const uintLit = fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.constantFrom(18446744073709551615n, 4294967296n)).map((v) => `${v}u`);
const doubleLit = fc.constantFrom('0.0', '0.5', '1.5', '(-2.5)', '2.0', '1e3', '1e21', '.25', '1e-7', '(-0.0)', '0.1', '9007199254740993.0');
const keyLit = fc.constantFrom(...DATA_KEYS).map((k) => `'${k}'`);
const fieldName = fc.constantFrom(...DATA_KEYS);

/** Patterns whose meaning is the same in RE2 and in JS regular expressions. */
const PATTERNS = ['a', '^a', 'b$', '[a-c]+', '.*', 'a|b', '\\\\d', '^$', 'é', '[A-Z]', '(ab)+', '\\\\s', 'x?y*'];
const INT_STRINGS = ['"12"', '"-3"', '"1.5"', '"abc"', '"9223372036854775808"', '"-9223372036854775808"'];
const UINT_STRINGS = ['"12"', '"-3"', '"abc"', '"18446744073709551616"'];
const DOUBLE_STRINGS = ['"12"', '"-3"', '"1.5"', '"1e3"', '"-0.5"', '".5"'];
const BOOL_STRINGS = ['"true"', '"false"', '"t"', '"f"', '"1"', '"0"', '"TRUE"', '"True"', '"FALSE"', '"False"', '"yes"'];

class ExpressionGenerator {
  private readonly memo = new Map<string, fc.Arbitrary<string>>();

  expr(type: ExprType, depth: number, scope: readonly string[]): fc.Arbitrary<string> {
    const memoKey = `${type}/${depth}/${scope.join(',')}`;
    let arbitrary = this.memo.get(memoKey);
    if (arbitrary === undefined) {
      arbitrary = this.build(type, depth, scope);
      this.memo.set(memoKey, arbitrary);
    }
    return arbitrary;
  }

  private build(type: ExprType, depth: number, scope: readonly string[]): fc.Arbitrary<string> {
    const leaves = this.leaves(type, scope);
    if (depth <= 0) return leaves;
    const sub = (t: ExprType) => this.expr(t, depth - 1, scope);
    const lazy = (make: () => fc.Arbitrary<string>) => fc.constant(null).chain(make);
    const binary = (t: ExprType, ops: string[]) => fc.tuple(sub(t), fc.constantFrom(...ops), sub(t)).map(([a, op, b]) => `(${a} ${op} ${b})`);
    const ternary = (t: ExprType) => fc.tuple(sub('bool'), sub(t), sub(t)).map(([c, a, b]) => `(${c} ? ${a} : ${b})`);
    const comprehension = () => this.comprehension(type, depth, scope);

    switch (type) {
      case 'int':
        return fc.oneof(
          { weight: 4, arbitrary: leaves },
          { weight: 4, arbitrary: binary('int', ['+', '-', '*', '/', '%']) },
          sub('int').map((a) => negation('-', a)),
          fc.tuple(sub('string')).map(([s]) => `size(${s})`),
          fc.tuple(sub('list')).map(([l]) => `${l}.size()`),
          fc.tuple(sub('map')).map(([m]) => `size(${m})`),
          fc.tuple(sub('double')).map(([d]) => `int(${d})`),
          fc.tuple(sub('uint')).map(([u]) => `int(${u})`),
          fc.constantFrom(...INT_STRINGS).map((s) => `int(${s})`),
          ternary('int'),
        );
      case 'uint':
        return fc.oneof(
          { weight: 3, arbitrary: leaves },
          { weight: 3, arbitrary: binary('uint', ['+', '-', '*', '/', '%']) },
          fc.tuple(sub('int')).map(([a]) => `uint(${a})`),
          fc.tuple(sub('double')).map(([a]) => `uint(${a})`),
          fc.constantFrom(...UINT_STRINGS).map((s) => `uint(${s})`),
        );
      case 'double':
        return fc.oneof(
          { weight: 3, arbitrary: leaves },
          { weight: 3, arbitrary: binary('double', ['+', '-', '*', '/']) },
          sub('double').map((a) => negation('-', a)),
          fc.tuple(sub('int')).map(([a]) => `double(${a})`),
          fc.tuple(sub('uint')).map(([a]) => `double(${a})`),
          fc.constantFrom(...DOUBLE_STRINGS).map((s) => `double(${s})`),
        );
      case 'string':
        return fc.oneof(
          { weight: 4, arbitrary: leaves },
          binary('string', ['+']),
          fc.tuple(fc.constantFrom<ExprType>('int', 'uint', 'double', 'bool', 'string'), fc.nat()).chain(([t]) => sub(t).map((a) => `string(${a})`)),
          fc.tuple(sub('string'), fc.constantFrom('lowerAscii', 'upperAscii', 'trim')).map(([s, f]) => `${s}.${f}()`),
          ternary('string'),
        );
      case 'bool':
        return fc.oneof(
          { weight: 3, arbitrary: leaves },
          { weight: 2, arbitrary: binary('bool', ['&&', '||']) },
          sub('bool').map((a) => negation('!', a)),
          lazy(() => this.comparison(depth, scope)),
          fc.tuple(sub('dyn'), sub('list')).map(([a, l]) => `(${a} in ${l})`),
          fc.tuple(fc.oneof(sub('string'), keyLit), fc.oneof(sub('map'), sub('dyn'))).map(([k, m]) => `(${k} in ${m})`),
          fc.tuple(sub('string'), fc.constantFrom('contains', 'startsWith', 'endsWith'), sub('string')).map(([s, f, t]) => `${s}.${f}(${t})`),
          fc.tuple(sub('string'), fc.constantFrom(...PATTERNS)).map(([s, p]) => `${s}.matches("${p}")`),
          fc.constantFrom(...BOOL_STRINGS).map((s) => `bool(${s})`),
          { weight: 2, arbitrary: lazy(comprehension) },
          ternary('bool'),
        );
      case 'list':
        return fc.oneof(
          { weight: 3, arbitrary: leaves },
          fc.array(fc.oneof(sub('int'), sub('string'), sub('dyn'), sub('double')), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
          binary('list', ['+']),
          fc.tuple(sub('string'), fc.constantFrom('","', '"a"', '" "', '"."')).map(([s, sep]) => `${s}.split(${sep})`),
          lazy(comprehension),
        );
      case 'map':
        return fc.oneof(
          { weight: 3, arbitrary: leaves },
          fc.array(fc.tuple(keyLit, sub('dyn')), { maxLength: 3 }).map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
          fc.array(fc.tuple(fc.bigInt({ min: -2n, max: 2n }), sub('string')), { maxLength: 3 }).map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
        );
      case 'dyn':
        return fc.oneof(
          { weight: 4, arbitrary: leaves },
          fc.tuple(sub('dyn'), fieldName).map(([d, f]) => `${d}.${f}`),
          fc.tuple(sub('dyn'), keyLit).map(([d, k]) => `${d}[${k}]`),
          fc.tuple(sub('dyn'), fc.bigInt({ min: -1n, max: 3n })).map(([d, i]) => `${d}[${i}]`),
          fc.tuple(sub('list'), this.index(depth, scope)).map(([l, i]) => `${l}[${i}]`),
          fc.tuple(sub('map'), fc.oneof(keyLit, this.index(depth, scope))).map(([m, k]) => `${m}[${k}]`),
          fc.constantFrom(...ALL_TYPES.filter((t) => t !== 'dyn')).chain((t) => sub(t)),
          fc.tuple(sub('bool'), fc.constantFrom(...ALL_TYPES), fc.constantFrom(...ALL_TYPES)).chain(([c, a, b]) => fc.tuple(sub(a), sub(b)).map(([x, y]) => `(${c} ? ${x} : ${y})`)),
        );
    }
  }

  private leaves(type: ExprType, scope: readonly string[]): fc.Arbitrary<string> {
    const variables = scope.length > 0 ? [fc.constantFrom(...scope)] : [];
    const data = fc.oneof(
      { weight: 2, arbitrary: fc.constant('self') },
      { weight: 3, arbitrary: fieldName.map((f) => `self.${f}`) },
      fc.tuple(fieldName, fieldName).map(([f, g]) => `self.${f}.${g}`),
      fc.tuple(fieldName, fc.nat(2)).map(([f, i]) => `self.${f}[${i}]`),
      fc.tuple(fieldName, fieldName).map(([f, g]) => `self[${JSON.stringify(f)}].${g}`),
      ...variables,
    );
    switch (type) {
      case 'int':
        return fc.oneof({ weight: 3, arbitrary: intLit }, fc.constantFrom('0x10', '0xFF'), data);
      case 'uint':
        return uintLit;
      case 'double':
        return fc.oneof({ weight: 3, arbitrary: doubleLit }, data);
      case 'string':
        return fc.oneof({ weight: 3, arbitrary: stringLit }, data);
      case 'bool':
        return fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom('true', 'false') },
          fieldName.map((f) => `has(self.${f})`),
          fc.tuple(fieldName, fieldName).map(([f, g]) => `has(self.${f}.${g})`),
          data,
        );
      case 'list':
        return fc.oneof(fc.constantFrom('[]', '[1, 2, 3]', '["a", "b"]', '[1, "a", 2.5, null, true]', '[[1], [2, 3]]'), data);
      case 'map':
        return fc.oneof(fc.constantFrom('{}', '{"a": 1, "b": 2}', '{1: "x", 2: "y"}', '{true: 1}'), data);
      case 'dyn':
        return fc.oneof({ weight: 4, arbitrary: data }, fc.constantFrom('null', '1', '1u', '1.0', '"a"', 'true'));
    }
  }

  /** An int index; a computed one goes through int(), so a bool from the data is an error on both sides. */
  private index(depth: number, scope: readonly string[]): fc.Arbitrary<string> {
    return fc.oneof(intLit, this.expr('int', depth - 1, scope).map((i) => `int(${i})`));
  }

  private comparison(depth: number, scope: readonly string[]): fc.Arbitrary<string> {
    const sub = (t: ExprType) => this.expr(t, depth - 1, scope);
    const ordered = fc.constantFrom<ExprType>('int', 'uint', 'double', 'string', 'bool', 'dyn');
    return fc.tuple(ordered, ordered, fc.constantFrom('==', '!=', '<', '<=', '>', '>=')).chain(([a, b, op]) => fc.tuple(sub(a), sub(b)).map(([x, y]) => `(${x} ${op} ${y})`));
  }

  private comprehension(type: ExprType, depth: number, scope: readonly string[]): fc.Arbitrary<string> {
    const variable = ITERATION_VARIABLES.find((v) => !scope.includes(v));
    if (variable === undefined) return this.leaves(type, scope);
    const inner = [...scope, variable];
    const range = fc.oneof(this.expr('list', depth - 1, scope), this.expr('map', depth - 1, scope), this.expr('dyn', depth - 1, scope));
    const predicate = this.expr('bool', depth - 1, inner);
    if (type === 'bool') {
      return fc.tuple(range, fc.constantFrom('all', 'exists', 'exists_one'), predicate).map(([r, m, p]) => `${r}.${m}(${variable}, ${p})`);
    }
    const transform = fc.oneof(this.expr('dyn', depth - 1, inner), this.expr('int', depth - 1, inner), this.expr('string', depth - 1, inner));
    return fc.oneof(
      fc.tuple(range, transform).map(([r, t]) => `${r}.map(${variable}, ${t})`),
      fc.tuple(range, predicate, transform).map(([r, p, t]) => `${r}.map(${variable}, ${p}, ${t})`),
      fc.tuple(range, predicate).map(([r, p]) => `${r}.filter(${variable}, ${p})`),
    );
  }
}

/**
 * Random well-formed expressions over the variable `self`, of any result
 * type, nested up to `maxDepth` operators deep.
 */
export function celExpression(maxDepth = 4): fc.Arbitrary<string> {
  const generator = new ExpressionGenerator();
  return fc.constantFrom(...ALL_TYPES).chain((type) => generator.expr(type, maxDepth, []));
}

/** Random expressions whose well-typed form is a bool, as rule assertions are. */
export function celPredicate(maxDepth = 4): fc.Arbitrary<string> {
  return new ExpressionGenerator().expr('bool', maxDepth, []);
}
