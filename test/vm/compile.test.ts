// compileRules: errors name the rule, field, line and column; patterns are
// shared; literal regular expressions become string tests.

import { describe, expect, it } from 'vitest';
import { BytecodeCompileError, layout } from '../../src/policy/bytecode/index.js';
import { literalRegexTest } from '../../src/policy/bytecode/literal-regex.js';
import { CelCompileError, CelSyntaxError } from '../../src/policy/cel/errors.js';
import { RuleMatchError, compileRules } from '../../src/policy/compile.js';

function compileError(assert: string, extra: { when?: string; match?: string } = {}): Error & Record<string, unknown> {
  try {
    compileRules([{ id: 'OK-1', match: 'a', assert: 'true' }, { id: 'BAD-2', match: extra.match ?? 'a', assert, when: extra.when }]);
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a compile error');
}

describe('compile errors', () => {
  it('names rule and position of syntax errors', () => {
    const error = compileError('self.a ==\n  == 1');
    expect(error).toBeInstanceOf(CelSyntaxError);
    expect(error.rule).toBe('BAD-2');
    expect(error.field).toBe('assert');
    expect(error.line).toBe(2);
    expect(error.message).toContain('BAD-2');
  });

  it('names the when field', () => {
    const error = compileError('true', { when: 'unknownFn(root)' });
    expect(error).toBeInstanceOf(CelCompileError);
    expect(error.rule).toBe('BAD-2');
    expect(error.field).toBe('when');
    expect(error.column).toBe(1);
  });

  it('rejects a computed regex pattern', () => {
    const error = compileError('self.a.matches(self.b)');
    expect(error).toBeInstanceOf(BytecodeCompileError);
    expect(error.rule).toBe('BAD-2');
    expect(error.field).toBe('assert');
    expect(error.column).toBe(21);
    expect(error.message).toMatch(/rule BAD-2, assert, line 1 column 21: matches\(\) needs a string literal/);
  });

  it('rejects an invalid regex literal', () => {
    const error = compileError('self.a.matches("(unclosed")');
    expect(error).toBeInstanceOf(BytecodeCompileError);
    expect(error.message).toContain('invalid regular expression');
  });

  it('rejects an invalid match pattern', () => {
    const error = compileError('true', { match: 'a..b' });
    expect(error).toBeInstanceOf(RuleMatchError);
    expect(error.rule).toBe('BAD-2');
    expect(error.field).toBe('match');
  });
});

describe('compiled program', () => {
  it('shares one pattern between rules', () => {
    const program = compileRules([
      { id: 'A', match: 'spec.*', assert: 'true' },
      { id: 'B', match: 'metadata', assert: 'true' },
      { id: 'C', match: 'spec.*', assert: 'path != ""' },
    ]);
    expect(program.patterns.patterns).toEqual(['spec.*', 'metadata']);
    expect(program.rules.map((r) => r.patternId)).toEqual([0, 1, 0]);
    expect(program.rules.map((r) => r.usesPath)).toEqual([false, false, true]);
  });

  it('writes a versioned image header', () => {
    const { image } = compileRules([{ id: 'A', match: '', assert: 'true' }]);
    const view = new DataView(image.buffer, image.byteOffset);
    expect(view.getUint32(0, true)).toBe(layout.PROGRAM_MAGIC);
    expect(view.getUint32(4, true)).toBe(layout.PROGRAM_VERSION);
    expect(view.getUint32(8, true)).toBe(image.length);
    expect(view.getUint32(12, true)).toBe(1);
  });
});

describe('literal regex detection', () => {
  it('turns anchored literals into string tests', () => {
    expect(literalRegexTest('^https://')).toEqual({ kind: 'startsWith', text: 'https://' });
    expect(literalRegexTest('\\.pem$')).toEqual({ kind: 'endsWith', text: '.pem' });
    expect(literalRegexTest('^a\\.b$')).toEqual({ kind: 'equals', text: 'a.b' });
    expect(literalRegexTest('example')).toEqual({ kind: 'contains', text: 'example' });
    expect(literalRegexTest('a\\$')).toEqual({ kind: 'contains', text: 'a$' });
  });

  it('leaves real regexes to the engine', () => {
    for (const pattern of ['^[a-z]+$', 'a.b', 'a|b', '(?i)abc', '\\d', 'ab*', 'a{2}', '\\\\$x']) {
      expect(literalRegexTest(pattern)).toBeUndefined();
    }
  });
});
