import { describe, expect, it } from 'vitest';
import {
  HEADER_WORDS,
  OP_JUMP,
  compileRegex,
  regexTestUtf8,
  RegexProgramError,
  RegexSyntaxError,
  regexTest,
  regexTestPattern,
} from '../../src/policy/regex/index.js';
import { IMPLEMENTATIONS, wasm } from './helpers.js';

// [pattern, input, expected]: RE2 semantics, checked against RE2's documented
// syntax (github.com/google/re2/wiki/Syntax).
const MATCH_CASES: Array<[string, string, boolean]> = [
  ['abc', 'xxabcxx', true],
  ['abc', 'ab', false],
  ['', '', true],
  ['x*', '', true],
  ['^abc', 'xabc', false],
  ['abc$', 'abcx', false],
  ['^abc$', 'abc', true],
  ['a|b|c', 'zzc', true],
  ['(a|b)c', 'bc', true],
  ['(?:ab)+$', 'ababab', true],
  ['a{2}', 'a', false],
  ['a{2,3}', 'xaax', true],
  ['^a{2,3}$', 'aaaa', false],
  ['^a{2,}$', 'aaaaaa', true],
  ['^a{0}b$', 'b', true],
  ['^a{,2}$', 'a{,2}', true],
  ['a{', 'a{', true],
  ['^(?:a+?b)$', 'aab', true],
  ['^a*?$', 'aaa', true],
  ['^a??b$', 'ab', true],
  ['^a{2,3}?$', 'aaa', true],
  ['.', '\n', false],
  ['(?s).', '\n', true],
  ['.', '\r', true],
  ['^.$', '😀', true],
  ['^..$', '😀', false],
  ['\\.', 'a', false],
  ['\\.', '.', true],
  ['\\\\', '\\', true],
  ['\\n', '\n', true],
  ['\\t', '\t', true],
  ['\\x41', 'A', true],
  ['\\x{263a}', '☺', true],
  ['\\x{1F600}', '😀', true],
  ['\\101', 'A', true],
  ['\\0', '\0', true],
  ['\\-\\!\\#\\_', '-!#_', true],
  ['\\Qa.b*\\E+', 'a.b**', true],
  ['\\Qa.b\\E', 'axb', false],
  ['[a-z]+\\d', '--ab1', true],
  ['[^a-z]', 'abc', false],
  ['[^a-z]', 'abC', true],
  ['[]a]', ']', true],
  ['[^]a]', ']', false],
  ['[a-]', '-', true],
  ['[-a]', '-', true],
  ['[\\d-z]', '-', true],
  ['[\\]]', ']', true],
  ['[[:alpha:]]', '1', false],
  ['[[:alpha:]]', 'q', true],
  ['[[:^alpha:]]', 'q', false],
  ['[[:digit:][:upper:]]', 'Q', true],
  ['[[:space:]]', '\v', true],
  ['[[:punct:]]', '~', true],
  ['[[:xdigit:]]+$', 'c0ffee', true],
  ['[[:word:]]', '_', true],
  ['\\d', '٣', false],
  ['\\w', 'é', false],
  ['\\s', '\v', false],
  ['\\s', '\f', true],
  ['\\S', ' ', false],
  ['\\D', '7', false],
  ['\\W', '_', false],
  ['[\\s\\d]', '5', true],
  ['[^\\d]', '5', false],
  ['[^\\D]', '5', true],
  ['\\bfoo\\b', 'a foo b', true],
  ['\\bfoo\\b', 'afoo', false],
  ['\\Bfoo', 'afoo', true],
  ['\\Bfoo', 'foo', false],
  ['\\bé', 'é', false],
  ['\\Aabc', 'abc', true],
  ['\\Aabc', '\nabc', false],
  ['abc\\z', 'abc\n', false],
  ['(?m)^b$', 'a\nb\nc', true],
  ['^b$', 'a\nb\nc', false],
  ['(?m)\\Ab', 'a\nb', false],
  ['(?m)a$', 'a\r\n', false],
  ['(?i)abc', 'ABC', true],
  ['(?i)[a-c]+$', 'xAbC', true],
  ['(?i)k', '\u212a', true],
  ['(?i)\u212a', 'k', true],
  ['(?i)s', '\u017f', true],
  ['(?i)σ', 'Σ', true],
  ['(?i)σ', 'ς', true],
  ['(?i)ǅ', 'ǆ', true],
  ['(?i)ß', 'ẞ', true],
  ['(?i)straße', 'STRASSE', false],
  ['(?i)[^k]', 'K', false],
  ['(?i)[^k]', '\u212a', false],
  ['(?i)\\W', '\u212a', false],
  ['(?i:a)b', 'AB', false],
  ['(?i:a)b', 'Ab', true],
  ['a(?i)b|c', 'C', true],
  ['(a(?i)b)c', 'aBC', false],
  ['(?i)a(?-i)b', 'Ab', true],
  ['(?i)a(?-i)b', 'AB', false],
  ['(?U)a+', 'aaa', true],
  ['(?P<year>\\d{4})-(?<month>\\d\\d)', 'on 2024-05-01', true],
  ['password\\s*[:=]\\s*\\S+', 'db_password = hunter2', true],
  ['^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$', '10.0.0.1', true],
  ['-----BEGIN (?:RSA |EC )?PRIVATE KEY-----', 'x\n-----BEGIN RSA PRIVATE KEY-----\n', true],
  ['^*a', 'a', true],
];

describe('regex matching cases', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`matches RE2 semantics in ${name}`, () => {
      for (const [pattern, input, expected] of MATCH_CASES) {
        const program = compileRegex(pattern);
        expect({ pattern, input, result: implementation.regexTest(program, input) }).toEqual({ pattern, input, result: expected });
      }
    });
  }

  it('regexTestPattern reuses cached programs', () => {
    expect(regexTestPattern('b+', 'abbbc')).toBe(true);
    expect(regexTestPattern('b+', 'ac')).toBe(false);
  });
});

// [pattern, column]: constructs RE2 rejects, with the column at fault.
const SYNTAX_ERRORS: Array<[string, number]> = [
  ['a**', 3],
  ['a*+', 3],
  ['a{2}*', 5],
  ['*a', 1],
  ['a|*', 3],
  ['(*)', 2],
  ['(?i)*', 5],
  ['a(?=b)', 2],
  ['a(?!b)', 2],
  ['(?<=a)b', 1],
  ['(?<!a)b', 1],
  ['(a)\\1', 4],
  ['(?P=name)', 1],
  ['(abc', 1],
  ['abc)', 4],
  ['[abc', 1],
  ['[z-a]', 2],
  ['[a-\\d]', 4],
  ['[[:alpha:]', 1],
  ['[[:foo:]]', 2],
  ['a{1001}', 2],
  ['a{3,2}', 2],
  ['(a{100}){11}', 3],
  ['\\p{L}', 1],
  ['\\pL', 1],
  ['\\Z', 1],
  ['\\C', 1],
  ['\\8', 1],
  ['\\q', 1],
  ['\\é', 1],
  ['\\x4', 1],
  ['\\x{110000}', 1],
  ['abc\\', 4],
  ['(?z)', 1],
  ['(?)', 1],
  ['(?i-)', 1],
  ['(?ii)', 1],
  ['(?P<a>x)(?P<a>y)', 9],
  ['(?P<>x)', 1],
  ['[\\b]', 2],
  ['x\uD800', 2],
];

describe('regex syntax errors', () => {
  for (const [pattern, column] of SYNTAX_ERRORS) {
    it(`rejects ${JSON.stringify(pattern)}`, () => {
      let caught: unknown;
      try {
        compileRegex(pattern);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RegexSyntaxError);
      expect((caught as RegexSyntaxError).code).toBe('ERR_REGEX_SYNTAX');
      expect((caught as RegexSyntaxError).column).toBe(column);
    });
  }

  it('regexTestPattern throws syntax errors', () => {
    expect(() => regexTestPattern('(?=x)', 'x')).toThrow(RegexSyntaxError);
  });

  it('rejects programs over the word limit', () => {
    expect(() => compileRegex('(?:[a-z0-9]{1000}){1000}')).toThrow(RegexSyntaxError);
    // 300 separate code points make 300 ranges, about 600 words per copy.
    const scattered = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + 2 * i)).join('');
    expect(() => compileRegex(`[${scattered}]{1000}`)).toThrow(/words/);
  });

  it('limits group nesting depth', () => {
    expect(regexTestPattern(`${'('.repeat(1000)}a${')'.repeat(1000)}`, 'a')).toBe(true);
    expect(() => compileRegex(`${'('.repeat(1001)}a${')'.repeat(1001)}`)).toThrow(/nest deeper/);
  });

  it('accepts repeat counts up to 1000', () => {
    expect(regexTestPattern('^a{1000}$', 'a'.repeat(1000))).toBe(true);
    expect(regexTestPattern('^a{1000}$', 'a'.repeat(999))).toBe(false);
  });
});

describe('regex linear time', () => {
  // A backtracking matcher needs exponential time on these; the Pike VM is linear.
  const long = 'a'.repeat(100_000);

  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`runs (a*)*b over 100k a's in ${name}`, () => {
      expect(implementation.regexTest(compileRegex('(a*)*b'), long)).toBe(false);
      expect(implementation.regexTest(compileRegex('(a*)*b'), `${long}b`)).toBe(true);
    });

    it(`runs (a|aa)+$ with a mismatch in ${name}`, () => {
      expect(implementation.regexTest(compileRegex('^(a|aa)+$'), `${long}!`)).toBe(false);
      expect(implementation.regexTest(compileRegex('(x+x+)+y'), 'x'.repeat(50_000))).toBe(false);
    });
  }
});

describe('regex input decoding', () => {
  const replacement = compileRegex('^\\x{FFFD}+$');

  it('treats lone surrogates as U+FFFD', () => {
    expect(regexTest(replacement, '\uD800\uDC00'.slice(0, 1))).toBe(true);
    expect(regexTest(compileRegex('^.$'), '\uDC00')).toBe(true);
  });

  // Byte sequences from the Unicode standard's table of ill-formed UTF-8
  // (section 3.9): each invalid byte is one U+FFFD, as in Go's utf8.DecodeRune.
  const INVALID_UTF8: Array<[string, number[], number]> = [
    ['lone continuation byte', [0x80], 1],
    ['overlong two-byte slash', [0xc0, 0xaf], 2],
    ['overlong three-byte', [0xe0, 0x80, 0xaf], 3],
    ['UTF-8 encoded surrogate', [0xed, 0xa0, 0x80], 3],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 4],
    ['truncated three-byte', [0xe2, 0x82], 2],
    ['byte 0xFF', [0xff], 1],
  ];

  for (const [description, bytes, count] of INVALID_UTF8) {
    it(`counts ${description} per byte`, () => {
      const exact = compileRegex(`^\\x{FFFD}{${count}}$`);
      const input = new Uint8Array(bytes);
      expect(regexTestUtf8(exact, input)).toBe(true);
      expect(wasm.regexTest(exact, input)).toBe(true);
    });
  }

  it('decodes valid multi-byte sequences', () => {
    const input = new TextEncoder().encode('é☺😀');
    const program = compileRegex('^é☺😀$');
    expect(regexTestUtf8(program, input)).toBe(true);
    expect(wasm.regexTest(program, input)).toBe(true);
  });
});

describe('regex program checks', () => {
  const valid = compileRegex('a+b');

  function corrupted(change: (words: Uint32Array) => void): { words: Uint32Array; pattern: string } {
    const words = valid.words.slice();
    change(words);
    return { words, pattern: 'a+b' };
  }

  const MALFORMED: Array<[string, { words: Uint32Array; pattern: string }]> = [
    ['bad magic', corrupted((w) => (w[0] = 0))],
    ['start outside', corrupted((w) => (w[2] = 9999))],
    ['start inside an instruction', corrupted((w) => (w[2] = HEADER_WORDS + 1))],
    ['wrong count', corrupted((w) => (w[3] = 99))],
    ['unknown opcode', corrupted((w) => (w[HEADER_WORDS] = 0xff))],
    ['target outside', corrupted((w) => (w[HEADER_WORDS + 1] = 0xffffffff))],
    ['truncated', { words: valid.words.slice(0, valid.words.length - 1), pattern: 'a+b' }],
    ['empty', { words: new Uint32Array(0), pattern: '' }],
    ['huge range count', corrupted((w) => (w[HEADER_WORDS] = 2 | 0xffffff00))],
  ];

  for (const [description, program] of MALFORMED) {
    it(`rejects a program with ${description}`, () => {
      expect(() => regexTest(program, 'aab')).toThrow(RegexProgramError);
      expect(() => wasm.regexTest(program, 'aab')).toThrow(RegexProgramError);
    });
  }

  it('rejects a jump into an instruction', () => {
    // Turn the first instruction into a jump whose target is inside itself.
    const program = corrupted((w) => {
      w[HEADER_WORDS] = OP_JUMP;
      w[HEADER_WORDS + 1] = HEADER_WORDS + 1;
    });
    expect(() => regexTest(program, 'a')).toThrow(RegexProgramError);
    expect(() => wasm.regexTest(program, 'a')).toThrow(RegexProgramError);
  });
});
