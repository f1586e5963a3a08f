import { describe, expect, it } from 'vitest';
import type { CallExpr, ComprehensionExpr, Expr, SelectExpr } from '../../src/policy/cel/ast.js';
import { CelCompileError, CelSyntaxError } from '../../src/policy/cel/errors.js';
import { MAX_NESTING_DEPTH, parseExpression } from '../../src/policy/cel/parser.js';

/** Prints a tree in a compact prefix form for structural assertions. */
function show(e: Expr): string {
  switch (e.type) {
    case 'literal': {
      const v = e.value;
      if (v.kind === 'null') return 'null';
      if (v.kind === 'bytes') return `b[${[...v.value].join(',')}]`;
      if (v.kind === 'string') return JSON.stringify(v.value);
      return `${v.kind}:${String(v.value)}`;
    }
    case 'ident':
      return e.name;
    case 'select':
      return `${e.testOnly ? 'has' : e.optional ? 'opt' : 'sel'}(${show(e.operand)}.${e.field})`;
    case 'list':
      return `[${e.elements.map(show).join(' ')}]`;
    case 'map':
      return `{${e.entries.map((x) => `${show(x.key)}:${show(x.value)}`).join(' ')}}`;
    case 'comprehension':
      return `${e.macro}(${show(e.range)} ${e.iterVar} ${e.predicate ? show(e.predicate) : '-'} ${e.transform ? show(e.transform) : '-'})`;
    case 'call':
      return `${e.target ? `${show(e.target)}.` : ''}${e.function}(${e.args.map(show).join(' ')})`;
  }
}

function syntaxError(text: string, source?: Parameters<typeof parseExpression>[1]): CelSyntaxError {
  try {
    parseExpression(text, source);
  } catch (error) {
    if (error instanceof CelSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${text}`);
}

describe('parseExpression precedence', () => {
  it.each([
    ['1 + 2 * 3', '_+_(int:1 _*_(int:2 int:3))'],
    ['1 - 2 - 3', '_-_(_-_(int:1 int:2) int:3)'],
    ['a || b && c', '_||_(a _&&_(b c))'],
    ['a ? b : c ? d : e', '_?_:_(a b _?_:_(c d e))'],
    ['a < b == c', '_==_(_<_(a b) c)'],
    ['x in [1] && !y', '_&&_(@in(x [int:1]) !_(y))'],
    ['-a.b', '-_(sel(a.b))'],
    ['a.b[0].c', 'sel(_[_](sel(a.b) int:0).c)'],
    ['7 % 2 / 3', '_/_(_%_(int:7 int:2) int:3)'],
    ['1 <= 2 != 3 >= 4', '_>=_(_!=_(_<=_(int:1 int:2) int:3) int:4)'],
    ['a > b', '_>_(a b)'],
  ])('parses %s', (text, tree) => {
    expect(show(parseExpression(text))).toBe(tree);
  });

  it('balances long && chains', () => {
    const expr = parseExpression('a && b && c && d') as CallExpr;
    expect(show(expr)).toBe('_&&_(_&&_(a b) _&&_(c d))');
  });
});

describe('parseExpression literals', () => {
  it.each([
    ['null', 'null'],
    ['true', 'bool:true'],
    ['42', 'int:42'],
    ['0x1F', 'int:31'],
    ['-9223372036854775808', 'int:-9223372036854775808'],
    ['9223372036854775807', 'int:9223372036854775807'],
    ['18446744073709551615u', 'uint:18446744073709551615'],
    ['0x10U', 'uint:16'],
    ['1.5', 'double:1.5'],
    ['.5', 'double:0.5'],
    ['1e3', 'double:1000'],
    ['2.5E-1', 'double:0.25'],
    ['-0.5', 'double:-0.5'],
    ['"a\\nb"', '"a\\nb"'],
    ["'it\\'s'", '"it\'s"'],
    ['"\\x41\\101\\u00e9\\U0001F600"', '"AAé😀"'],
    ['"\\a\\b\\f\\r\\t\\v\\\\\\"\\`\\?"', JSON.stringify('\x07\b\f\r\t\v\\"`?')],
    ["r'\\d+'", '"\\\\d+"'],
    ['R"a\\"', '"a\\\\"'],
    ["'''a\nb'''", '"a\\nb"'],
    ['"""x"y"""', '"x\\"y"'],
    ["b'ab'", 'b[97,98]'],
    ["b'\\xff'", 'b[255]'],
  ])('reads %s', (text, tree) => {
    expect(show(parseExpression(text))).toBe(tree);
  });

  it('collapses even runs of negation', () => {
    expect(show(parseExpression('--5'))).toBe('int:5');
    expect(show(parseExpression('!!a'))).toBe('a');
    expect(show(parseExpression('!!!a'))).toBe('!_(a)');
  });

  it('keeps negation through parentheses', () => {
    expect(show(parseExpression('-(-(a))'))).toBe('-_(-_(a))');
  });

  it('reads lists and maps with trailing commas', () => {
    expect(show(parseExpression('[1, 2,]'))).toBe('[int:1 int:2]');
    expect(show(parseExpression('{"a": 1, 2: x,}'))).toBe('{"a":int:1 int:2:x}');
    expect(show(parseExpression('[]'))).toBe('[]');
    expect(show(parseExpression('{}'))).toBe('{}');
  });

  it('skips comments and whitespace', () => {
    expect(show(parseExpression('a // first\n  && b // second'))).toBe('_&&_(a b)');
  });
});

describe('parseExpression macros', () => {
  it('expands has() to a test-only select', () => {
    const expr = parseExpression('has(self.spec)') as SelectExpr;
    expect(expr.type).toBe('select');
    expect(expr.testOnly).toBe(true);
    expect(expr.field).toBe('spec');
  });

  it.each([
    ['l.all(x, x > 0)', 'all(l x _>_(x int:0) -)'],
    ['l.exists(x, x)', 'exists(l x x -)'],
    ['l.exists_one(x, x)', 'exists_one(l x x -)'],
    ['l.map(x, x * 2)', 'map(l x - _*_(x int:2))'],
    ['l.map(x, x > 1, x)', 'map(l x _>_(x int:1) x)'],
    ['l.filter(x, x)', 'filter(l x x -)'],
    ['m.all(k, m[k].exists(v, v))', 'all(m k exists(_[_](m k) v v -) -)'],
  ])('expands %s', (text, tree) => {
    expect(show(parseExpression(text))).toBe(tree);
  });

  it('records comprehension positions', () => {
    const expr = parseExpression('self.items.all(x, x)') as ComprehensionExpr;
    expect(expr.pos).toEqual({ offset: 11, line: 1, column: 12 });
  });

  it('leaves wrong-arity macros as calls', () => {
    expect(show(parseExpression('l.all(x)'))).toBe('l.all(x)');
  });

  it('reads optional selection and index', () => {
    expect(show(parseExpression('a.?b.orValue(1)'))).toBe('opt(a.b).orValue(int:1)');
    expect(show(parseExpression('a[?"k"]'))).toBe('_[?_](a "k")');
    expect(show(parseExpression('optional.of(1)'))).toBe('optional.of(int:1)');
    expect(show(parseExpression('optional.none()'))).toBe('optional.none()');
  });
});

describe('parseExpression positions', () => {
  it('assigns unique ids in creation order', () => {
    const ids: number[] = [];
    const walk = (e: Expr): void => {
      ids.push(e.id);
      if (e.type === 'call') {
        if (e.target) walk(e.target);
        e.args.forEach(walk);
      }
    };
    walk(parseExpression('f(a, b) + g(c)'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('places operators at the operator token', () => {
    const expr = parseExpression('a +\n  b') as CallExpr;
    expect(expr.pos).toEqual({ offset: 2, line: 1, column: 3 });
    expect(expr.args[1].pos).toEqual({ offset: 6, line: 2, column: 3 });
  });

  it('counts columns in code points', () => {
    const error = syntaxError('"😀" + )');
    expect(error.column).toBe(7);
  });
});

describe('parseExpression errors', () => {
  it('reports the rule, field and position', () => {
    const error = syntaxError('size(self.a, ', { rule: 'BWK-K8S-001', field: 'assert' });
    expect(error.code).toBe('ERR_CEL_SYNTAX');
    expect(error.rule).toBe('BWK-K8S-001');
    expect(error.line).toBe(1);
    expect(error.column).toBe(14);
    expect(error.message).toBe("rule BWK-K8S-001, assert, line 1 column 14: expected ')' after argument list; '(' is never closed");
  });

  it('reports file-relative positions', () => {
    const error = syntaxError('a &&\n  b +', { rule: 'R', field: 'assert', line: 12, column: 9 });
    expect(error.line).toBe(2);
    expect(error.column).toBe(6);
    expect(error.fileLine).toBe(13);
    expect(error.fileColumn).toBe(6);
    expect(error.message).toContain('line 2 column 6 (file line 13 column 6)');
  });

  it('shifts first-line columns by the start column', () => {
    const error = syntaxError('a ==', { line: 4, column: 11 });
    expect(error.fileLine).toBe(4);
    expect(error.fileColumn).toBe(15);
  });

  it.each([
    ['', 'expected an expression, found the end of the text'],
    ['(1 + 2', "expected ')' to close '('; '(' is never closed"],
    ['[1, 2', "expected ']' after list elements; '[' is never closed"],
    ['{"a" 1}', "expected ':' after map key, found a number"],
    ['a ? b', "expected ':' in conditional expression, found the end of the text"],
    ['a b', "unexpected 'b' after the end of the expression"],
    ['a = b', "unexpected '='; use '==' to compare values"],
    ['a & b', "unexpected '&'; use '&&' for logical and"],
    ['a | b', "unexpected '|'; use '||' for logical or"],
    ['"abc', 'unterminated string literal'],
    ['"a\nb"', 'unterminated string literal: a newline needs a triple-quoted string or \\n'],
    ['"\\q"', "invalid escape sequence '\\q'"],
    ['"\\uD800"', 'invalid escape: not a Unicode scalar value'],
    ['"\\x4"', 'invalid escape: expected 2 hex digits'],
    ['"\\18"', 'invalid octal escape: expected three octal digits'],
    ["b'\\u0041'", '\\u escapes are not allowed in bytes literals'],
    ['9223372036854775808', 'int literal is out of range for a 64-bit integer'],
    ['-9223372036854775809', 'int literal is out of range for a 64-bit integer'],
    ['18446744073709551616u', 'uint literal is out of range (maximum 18446744073709551615u)'],
    ['0x', 'invalid hexadecimal literal: expected hex digits after 0x'],
    ['1e', 'invalid number literal: expected digits in the exponent'],
    ['12abc', 'invalid number literal'],
    ['1.', "expected a field or method name after '.', found the end of the text"],
    ['a.', "expected a field or method name after '.', found the end of the text"],
    ['a.in', "'in' is a reserved word and cannot be a field name; use [\"in\"] instead"],
    ['a.?b()', "'.?' selects a field and cannot call a method"],
    ['has(a)', 'has() needs a field selection such as has(self.spec)'],
    ['l.all(1, true)', 'the first argument of all() must be a variable name, as in list.all(x, ...)'],
    ['#', 'unexpected character U+0023'],
    ['`a`', 'backtick-quoted identifiers are not supported'],
  ])('rejects %j', (text, reason) => {
    expect(syntaxError(text).reason).toBe(reason);
  });

  it.each(['in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while'])('rejects reserved word %s', (word) => {
    expect(syntaxError(`${word} == 1`).reason).toBe(`'${word}' is a reserved word and cannot be used as a name`);
  });

  it('rejects nesting past the limit', () => {
    const deep = '('.repeat(MAX_NESTING_DEPTH + 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH + 1);
    expect(syntaxError(deep).reason).toBe(`expression nests deeper than the maximum of ${MAX_NESTING_DEPTH} levels`);
  });

  it('accepts nesting at the limit', () => {
    const deep = '('.repeat(MAX_NESTING_DEPTH - 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH - 1);
    expect(show(parseExpression(deep))).toBe('int:1');
  });

  it('rejects very deep lists without overflowing', () => {
    expect(syntaxError('['.repeat(10_000)).reason).toContain('nests deeper');
  });

  it('rejects long flat chains past the tree limit', () => {
    expect(syntaxError(Array(300).fill('1').join(' + ')).reason).toContain('nests deeper than the maximum of 256 levels');
  });

  it.each([
    ['Foo{a: 1}', 'message construction (Type{field: value}) is not supported'],
    ['a.b.C{}', 'message construction (Type{field: value}) is not supported'],
    ['.a', 'leading-dot (root namespace) names are not supported'],
    ['[?a]', 'optional list elements ([?x]) are not supported'],
    ['{?"a": 1}', 'optional map entries ({?k: v}) are not supported'],
  ])('rejects unsupported %s as a compile error', (text, reason) => {
    try {
      parseExpression(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CelCompileError);
      expect((error as CelCompileError).code).toBe('ERR_CEL_COMPILE');
      expect((error as CelCompileError).reason).toBe(reason);
    }
  });
});
