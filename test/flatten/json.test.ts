import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import { differenceOf, flattenBoth, flattenCore, rowsOf, toBytes } from './helpers.js';

const utf8 = new TextDecoder();

// ---------------------------------------------------------------------------
// Generators: JSON text with random whitespace, number spellings and
// duplicate keys, then random mutations.

type Json = null | boolean | string | { number: string } | Json[] | { entries: [string, Json][] };

const whitespace = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n', '  ', '\r');

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Number spellings JSON allows: long mantissas, fractions, exponents, -0. */
const numberLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, 24)).map(([a, b]) => a + b)),
    fc.option(digits(1, 24), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 4)), { nil: undefined }),
  ).map(([negative, whole, fraction, exponent]) =>
    `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : exponent.join('')}`),
);

const keyText = fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'constructor', '', 'é'), fc.string({ maxLength: 6, unit: 'binary' }));

const jsonTree = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.string({ maxLength: 12, unit: 'binary' }),
    numberLiteral.map((number) => ({ number })),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(keyText, tie('value')), { maxLength: 5 }).map((entries) => ({ entries })),
  ),
})).value;

/** Serializes with whitespace from `spaces` (cycled) between tokens; strings use JSON.stringify's escapes or \u escapes. */
function serialize(value: Json, spaces: string[], escapeAll: boolean): string {
  let n = 0;
  const ws = (): string => (spaces.length === 0 ? '' : spaces[n++ % spaces.length]);
  const str = (s: string): string =>
    escapeAll ? `"${Array.from(s, (ch) => [...ch].map((_, k) => `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`).join('')).join('')}"` : JSON.stringify(s);
  const walk = (v: Json): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return `[${ws()}${v.map((item) => walk(item) + ws()).join(`,${ws()}`)}]`;
    if ('number' in v) return v.number;
    return `{${ws()}${v.entries.map(([k, item]) => `${str(k)}${ws()}:${ws()}${walk(item)}${ws()}`).join(`,${ws()}`)}}`;
  };
  return ws() + walk(value) + ws();
}

const validJson = fc.oneof(
  fc.tuple(jsonTree, fc.array(whitespace, { maxLength: 6 }), fc.boolean()).map(([v, spaces, escapeAll]) => serialize(v, spaces, escapeAll)),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v, null, 2)),
);

const mutationChars = fc.constantFrom(...'{}[],:"\\ -+.0123456789eEtrufalsn/\u0001\t\n', '\\u', '\\ud800', 'é', '😀', '\u2028');

/** A mutation: delete, insert, replace or truncate at a relative position. */
const mutation = fc.tuple(fc.constantFrom('delete', 'insert', 'replace', 'truncate'), fc.double({ min: 0, max: 1, noNaN: true }), mutationChars);

function mutate(text: string, steps: [string, number, string][]): string {
  let out = text;
  for (const [kind, where, ch] of steps) {
    const at = Math.min(Math.floor(where * (out.length + 1)), out.length);
    if (kind === 'delete') out = out.slice(0, at) + out.slice(at + 1);
    else if (kind === 'insert') out = out.slice(0, at) + ch + out.slice(at);
    else if (kind === 'replace') out = out.slice(0, at) + ch + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}

const jsonDocument = fc.oneof(
  validJson,
  fc.tuple(validJson, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([text, steps]) => mutate(text, steps)),
);

// ---------------------------------------------------------------------------
// JSON.parse as the oracle.

/** JSON.parse of the text the bytes spell, with lone surrogates as U+FFFD (the table stores UTF-8). */
function parseOracle(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return { ok: false };
  }
  return { ok: true, value: wellFormed(value) };
}

function wellFormed(value: unknown): unknown {
  const fix = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();
  if (typeof value === 'string') return fix(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, fix(k), { value: wellFormed(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Deep equality with Object.is on leaves and own keys compared as sets. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keysA.length !== keysB.length || keysA.some((k, i) => k !== keysB[i])) return false;
  return keysA.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('JSON flattening', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    fc.assert(
      fc.property(jsonDocument, (text) => {
        const bytes = toBytes(text);
        const expected = parseOracle(bytes);
        const outcome = flattenCore('json', bytes);
        expect(outcome.ok).toBe(expected.ok);
        if (outcome.ok && expected.ok) expect(sameValue(outcome.tape.toValue(), expected.value)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('core and reference tables agree', () => {
    fc.assert(
      fc.property(jsonDocument, (text) => {
        const { core, reference } = flattenBoth('json', text);
        expect(differenceOf(core, reference)).toBeUndefined();
      }),
      { numRuns: 10_000 },
    );
  });

  it('converts numbers like Number()', () => {
    fc.assert(
      fc.property(numberLiteral, (literal) => {
        const rows = rowsOf(flattenCore('json', literal));
        expect(Object.is(rows[0].number, Number(literal))).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('keeps negative zero', () => {
    const rows = rowsOf(flattenCore('json', '[-0, -0.0e3, 0]'));
    expect(Object.is(rows[1].number, -0)).toBe(true);
    expect(Object.is(rows[2].number, -0)).toBe(true);
    expect(Object.is(rows[3].number, 0)).toBe(true);
  });

  it('flags integer literals only', () => {
    const rows = rowsOf(flattenCore('json', '[1, 1.0, 1e2, -7, 123456789012345678901234]'));
    expect(rows.slice(1).map((r) => ((r.flags as number) & 2) !== 0)).toEqual([true, false, false, true, true]);
  });

  it('converts long literals on the host', () => {
    const rows = rowsOf(flattenCore('json', '[123456789012345678901234, 1e400, 2.2250738585072011e-308, 0.1e-30]'));
    expect(rows.slice(1).map((r) => r.number)).toEqual([123456789012345678901234, Infinity, 2.2250738585072011e-308, 0.1e-30]);
    expect(rows.every((r) => ((r.flags as number) & 4) === 0)).toBe(true);
  });

  it('decodes escapes and surrogates', () => {
    const rows = rowsOf(flattenCore('json', String.raw`["a\"\\\/\b\f\n\r\t", "\ud83d\ude00", "\ud800x", "\udc00", "\ud800\ud800\udc00"]`));
    expect(rows.slice(1).map((r) => r.text)).toEqual(['a"\\/\b\f\n\r\t', '😀', '\ufffdx', '\ufffd', '\ufffd\u{10000}']);
  });

  it('keeps duplicate keys in order', () => {
    const outcome = flattenCore('json', '{"a": 1, "b": 2, "a": 3}');
    const rows = rowsOf(outcome);
    expect(rows.slice(1).map((r) => [r.key, r.number])).toEqual([['a', 1], ['b', 2], ['a', 3]]);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.tape.toValue()).toEqual({ a: 3, b: 2 });
  });

  it('keeps __proto__ as a plain key', () => {
    const outcome = flattenCore('json', '{"__proto__": {"x": 1}}');
    const value = outcome.ok ? (outcome.tape.toValue() as Record<string, unknown>) : {};
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('positions members at their keys', () => {
    const rows = rowsOf(flattenCore('json', '{\n  "a": [\r\n    1,\r    "é😀", 2\n  ]\n}'));
    expect(rows.map((r) => [r.line, r.column])).toEqual([[1, 1], [2, 3], [3, 5], [4, 5], [4, 12]]);
  });

  it('sets parents, depths and ends', () => {
    const rows = rowsOf(flattenCore('json', '{"a": {"b": [1, {}]}, "c": []}'));
    expect(rows.map((r) => [r.kind, r.depth, r.parent, r.end, r.number])).toEqual([
      [NodeKind.Object, 0, -1, 6, 2],
      [NodeKind.Object, 1, 0, 5, 1],
      [NodeKind.Array, 2, 1, 5, 2],
      [NodeKind.Number, 3, 2, 4, 1],
      [NodeKind.Object, 3, 2, 5, 0],
      [NodeKind.Array, 1, 0, 6, 0],
    ]);
  });
});

describe('JSON syntax errors', () => {
  const cases: [string, string, number, number, number][] = [
    // text, reason, offset, line, column
    ['', 'unexpected end of input', 0, 1, 1],
    ['[1,', 'unexpected end of input', 3, 1, 4],
    ['{"a" 1}', "expected ':' after object key", 5, 1, 6],
    ['{"a": 1,}', 'expected a string key', 8, 1, 9],
    ['[1 2]', "expected ',' or the end of the container", 3, 1, 4],
    ['[1,]', 'unexpected character', 3, 1, 4],
    ['{}x', 'unexpected content after the end of the document', 2, 1, 3],
    ['\n  "abc', 'unterminated string', 3, 2, 3],
    ['"a\\x"', 'invalid escape sequence in string', 2, 1, 3],
    ['"a\\u12g4"', 'invalid escape sequence in string', 2, 1, 3],
    ['"a\tb"', 'unescaped control character in string', 2, 1, 3],
    ['01', 'unexpected content after the end of the document', 1, 1, 2],
    ['-x', 'invalid number', 1, 1, 2],
    ['1.e5', 'invalid number', 2, 1, 3],
    ['1e+', 'invalid number', 3, 1, 4],
    ['tru', 'unexpected end of input', 3, 1, 4],
    ['trux', 'unexpected character', 3, 1, 4],
    ['\ufeff{}', 'unexpected character', 0, 1, 1],
    ['["😀", ?]', 'unexpected character', 9, 1, 8],
  ];

  for (const [text, reason, offset, line, column] of cases) {
    it(`reports ${JSON.stringify(text)}`, () => {
      const { core, reference } = flattenBoth('json', text);
      expect(core).toMatchObject({ ok: false, code: 'ERR_SYNTAX', reason, offset, line, column });
      expect(differenceOf(core, reference)).toBeUndefined();
    });
  }

  it('rejects invalid UTF-8 in strings', () => {
    const bytes = Uint8Array.from([0x5b, 0x22, 0x61, 0xc3, 0x28, 0x22, 0x5d]);
    const { core, reference } = flattenBoth('json', bytes);
    expect(core).toMatchObject({ ok: false, code: 'ERR_INVALID_UTF8', offset: 3, line: 1, column: 4 });
    expect(differenceOf(core, reference)).toBeUndefined();
  });
});
