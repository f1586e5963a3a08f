import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../src/core/errors.js';
import { type PatternStep, PatternSyntaxError, parsePattern } from '../../src/policy/pattern/index.js';

const key = (...keys: string[]): PatternStep => ({ kind: 'key', keys });
const index = (value: number): PatternStep => ({ kind: 'index', index: value });
const wildcard: PatternStep = { kind: 'wildcard' };
const indexWildcard: PatternStep = { kind: 'indexWildcard' };
const descendants: PatternStep = { kind: 'descendants' };

describe('parsePattern steps', () => {
  const cases: [string, PatternStep[]][] = [
    ['', []],
    ['$', []],
    ['$.a', [key('a')]],
    ['$[0]', [index(0)]],
    ['a.b.c', [key('a'), key('b'), key('c')]],
    ['$ref.x-forwarded-for.@type.8080', [key('$ref'), key('x-forwarded-for'), key('@type'), key('8080')]],
    ['a.$', [key('a'), key('$')]],
    ['$$', [key('$$')]],
    ['a[3]', [key('a'), index(3)]],
    ['a[4294967295]', [key('a'), index(4294967295)]],
    ['[0][1]', [index(0), index(1)]],
    ['a[*]', [key('a'), indexWildcard]],
    ['*', [wildcard]],
    ['**', [descendants]],
    ['**.tls.*', [descendants, key('tls'), wildcard]],
    ['a.**.b', [key('a'), descendants, key('b')]],
    ['a.**', [key('a'), descendants]],
    ['**[*]', [descendants, indexWildcard]],
    ['spec.containers[*].securityContext', [key('spec'), key('containers'), indexWildcard, key('securityContext')]],
    ['**.{containers,initContainers}[*]', [descendants, key('containers', 'initContainers'), indexWildcard]],
    ['{ a , "b.c" }', [key('a', 'b.c')]],
    ['{a,a,b}', [key('a', 'b')]],
    ['metadata.annotations["app.kubernetes.io/name"]', [key('metadata'), key('annotations'), key('app.kubernetes.io/name')]],
    ["a['x.y']", [key('a'), key('x.y')]],
    ['a."x.y".b', [key('a'), key('x.y'), key('b')]],
    ['["$"]', [key('$')]],
    ['["*"]', [key('*')]],
    ['[""]', [key('')]],
    ['["a\\"b"]', [key('a"b')]],
    ["['it\\'s']", [key("it's")]],
    ['["back\\\\slash"]', [key('back\\slash')]],
    ['["\\u00e9\\n\\t\\/"]', [key('é\n\t/')]],
    ['["a b"]', [key('a b')]],
  ];
  for (const [text, steps] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => {
      expect(parsePattern(text)).toEqual(steps);
    });
  }
});

describe('parsePattern errors', () => {
  const cases: [string, number, RegExp][] = [
    ['spec..x', 6, /empty step; remove the extra '\.'/],
    ['.a', 1, /remove the leading '\.'/],
    ['a.', 2, /ends with '\.'/],
    ['a..', 3, /empty step/],
    ['$..a', 3, /empty step/],
    ['a.[0]', 2, /'\.' before '\['/],
    ['a[', 2, /unclosed '\['/],
    ['a[0', 2, /unclosed '\['/],
    ['a[0x]', 4, /expected '\]'/],
    ['a[x]', 3, /expected an index, '\*' or a quoted key/],
    ['a[01]', 3, /leading zero/],
    ['a[4294967296]', 3, /larger than 4294967295/],
    ['a*', 2, /'\*' must be a whole step/],
    ['*a', 1, /'\*' must be a whole step/],
    ['**a', 1, /'\*\*' must be a whole step/],
    ['***', 3, /too many '\*'/],
    ['a[**]', 4, /'\*\*' cannot be bracketed/],
    ['{a,,b}', 4, /empty alternative/],
    ['{}', 2, /empty alternative/],
    ['{a,b', 1, /unclosed '\{'/],
    ['{a;b}', 3, /expected ',' or '\}'/],
    ['{a,*}', 4, /expected a key/],
    ['["abc', 2, /unterminated quoted key/],
    ['["a\\qb"]', 4, /invalid escape/],
    ['["\\u12"]', 3, /invalid escape/],
    ['a b', 2, /unexpected " "/],
    ['é', 1, /unexpected "é"/],
    ['a"b"', 2, /expected '\.', '\[' or the end/],
  ];
  for (const [text, column, reason] of cases) {
    it(`rejects ${JSON.stringify(text)} at column ${column}`, () => {
      let caught: unknown;
      try {
        parsePattern(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PatternSyntaxError);
      const error = caught as PatternSyntaxError;
      expect(error.column).toBe(column);
      expect(error.message).toMatch(reason);
      expect(error.message.startsWith(`pattern ${JSON.stringify(text)}, column ${column}: `)).toBe(true);
    });
  }

  it('names the pattern and the fix', () => {
    expect(() => parsePattern('spec..x')).toThrow(`pattern "spec..x", column 6: empty step; remove the extra '.'`);
  });

  it('carries a stable error code', () => {
    const error = (() => {
      try {
        parsePattern('a[');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BulwarkError);
    expect((error as PatternSyntaxError).code).toBe('ERR_PATTERN_SYNTAX');
    expect((error as PatternSyntaxError).pattern).toBe('a[');
  });
});
