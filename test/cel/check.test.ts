import { describe, expect, it } from 'vitest';
import { RULE_VARIABLES } from '../../src/policy/cel/ast.js';
import { validateExpression } from '../../src/policy/cel/check.js';
import { CelCompileError } from '../../src/policy/cel/errors.js';
import { FUNCTIONS, describeShapes, lookupFunction } from '../../src/policy/cel/functions.js';
import { parseExpression } from '../../src/policy/cel/parser.js';

function compileError(text: string, variables: readonly string[] = RULE_VARIABLES): CelCompileError {
  try {
    validateExpression(parseExpression(text), variables, { rule: 'BWK-T-001', field: 'assert' });
  } catch (error) {
    if (error instanceof CelCompileError) return error;
    throw error;
  }
  throw new Error(`expected a compile error for ${text}`);
}

describe('validateExpression accepts', () => {
  it.each([
    'self.spec.replicas > 1 && has(self.metadata.labels)',
    "root.kind == 'Pod' ? key != null : parent == null",
    "path.startsWith('spec.') && file.format == 'yaml'",
    'self.items.all(x, x.size() > 0 && x in self.items)',
    'self.items.map(x, self.items.filter(y, y == x)).size() >= 0',
    "self.?tls.?enabled.orValue(false) || self[?'port'].hasValue()",
    "optional.of(1).value() == 1 && optional.none().or(optional.of(2)).value() == 2",
    "toBool(self) && seconds('1m') > 0 && bytesSize('1K') > 0",
    "versionCompare('1.2.3', self.version) < 0 && cidrContains('10.0.0.0/8', self) && !isPrivateIp(self)",
    "size(self) + self.size() + int('1') + int(uint(1)) + int(double(1)) > 0",
    "string(1) + 'a'.lowerAscii().upperAscii().trim() == self.split(',')[0]",
    "'a'.matches('^a') && matches('a', 'a')",
  ])('%s', (text) => {
    expect(() => validateExpression(parseExpression(text), RULE_VARIABLES)).not.toThrow();
  });
});

describe('validateExpression rejects', () => {
  it.each([
    ['foo(1)', 'unknown function `foo`'],
    ['self.foo()', 'unknown function `foo`'],
    ['size(1, 2)', '`size` cannot be called with 2 arguments; write size(a) or x.size()'],
    ["'a'.contains()", '`contains` cannot be called as a method with 0 arguments; write x.contains(a)'],
    ["contains('a', 'b')", '`contains` cannot be called with 2 arguments; write x.contains(a)'],
    ["toBool('a', 'b')", '`toBool` cannot be called with 2 arguments; write toBool(a)'],
    ['self.split()', '`split` cannot be called as a method with 0 arguments; write x.split(a) or x.split(a, b)'],
    ['self.all(x)', 'all is a macro written as list.all(x, predicate)'],
    ['has(self.a, self.b)', 'has is a macro written as has(a.field)'],
    ['type(self) == int', 'type() and type values are not supported'],
    ['dyn(self)', 'dyn() is not supported; values are already dynamically typed'],
    ["timestamp('2024-01-01T00:00:00Z')", 'timestamps are not supported; compare date strings or use seconds() for durations'],
    ["duration('1h')", 'durations are not supported; use seconds() to read a duration as an int'],
    ["bytes('a')", 'the bytes type is not supported'],
    ["b'a' == self", 'bytes literals are not supported; use a string'],
    ['self.getHours()', 'timestamps and durations are not supported'],
    ['self == int', 'type names such as `int` cannot be used as values'],
    ['request.user', 'unknown identifier `request`; the variables here are `self`, `root`, `parent`, `key`, `path`, `file`'],
    ['self.all(x, y > 0)', 'unknown identifier `y`; the variables here are `self`, `root`, `parent`, `key`, `path`, `file`, `x`'],
  ])('%s', (text, reason) => {
    const error = compileError(text);
    expect(error.code).toBe('ERR_CEL_COMPILE');
    expect(error.reason).toBe(reason);
  });

  it('reports the position of the call', () => {
    const error = compileError('self.a &&\n  nope(1)');
    expect(error.line).toBe(2);
    expect(error.column).toBe(3);
    expect(error.message).toBe('rule BWK-T-001, assert, line 2 column 3: unknown function `nope`');
  });

  it('scopes comprehension variables to their macro', () => {
    expect(compileError('self.all(x, true) && x').reason).toContain('unknown identifier `x`');
  });

  it('accepts caller-declared variables', () => {
    expect(() => validateExpression(parseExpression('request.user == "a"'), ['request'])).not.toThrow();
  });
});

describe('function table', () => {
  it('lists receiver and global shapes', () => {
    expect(lookupFunction('size', true, 0)?.name).toBe('size');
    expect(lookupFunction('size', false, 1)?.name).toBe('size');
    expect(lookupFunction('size', true, 1)).toBeUndefined();
    expect(lookupFunction('nope', false, 0)).toBeUndefined();
  });

  it('describes every function', () => {
    for (const spec of FUNCTIONS.values()) {
      expect(spec.signatures.length, spec.name).toBeGreaterThan(0);
      expect(describeShapes(spec), spec.name).toContain(spec.name);
    }
  });
});
