// Tokenizer for the rule language, following the lexical grammar of the CEL
// language definition: identifiers, int/uint/double literals, the six string
// forms (quoted, triple-quoted, raw) with their escapes, bytes literals,
// `//` comments and the operator punctuation.

import { CelSyntaxError, type ExpressionSource, type TextPosition } from './errors.js';

export type TokenKind = 'ident' | 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Punctuation text, identifier name, or the literal's source text. */
  text: string;
  /** UTF-16 offset of the first character. */
  offset: number;
  /** Magnitude of an int or uint literal (the sign is a separate token). */
  int?: bigint;
  double?: number;
  string?: string;
  bytes?: Uint8Array;
}

/** Longest expression text accepted, in UTF-16 code units. */
export const MAX_EXPRESSION_LENGTH = 100_000;

const PUNCTUATION_2 = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const PUNCTUATION_1 = new Set(['<', '>', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}', '+', '-', '*', '/', '%']);

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  '?': '?',
};

/** Maps UTF-16 offsets of one text to 1-based lines and code-point columns. */
export class LineMap {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): TextPosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    const start = this.lineStarts[low];
    let column = 1;
    for (let i = start; i < offset && i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      // The low half of a surrogate pair does not start a new column.
      if (code < 0xdc00 || code > 0xdfff) column++;
    }
    return { line: low + 1, column };
  }
}

/** Splits `text` into tokens, ending with one `eof` token. */
export function tokenize(text: string, lines: LineMap, source?: ExpressionSource): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new CelSyntaxError(`expression is longer than the maximum of ${MAX_EXPRESSION_LENGTH} characters`, { line: 1, column: 1 }, source);
  }
  return new Lexer(text, lines, source).run();
}

class Lexer {
  private pos = 0;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly text: string,
    private readonly lines: LineMap,
    private readonly source?: ExpressionSource,
  ) {}

  run(): Token[] {
    for (;;) {
      this.skipSpaceAndComments();
      if (this.pos >= this.text.length) break;
      this.tokens.push(this.next());
    }
    this.tokens.push({ kind: 'eof', text: '', offset: this.text.length });
    return this.tokens;
  }

  private fail(reason: string, offset = this.pos): never {
    throw new CelSyntaxError(reason, this.lines.position(offset), this.source);
  }

  private skipSpaceAndComments(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
        this.pos++;
      } else if (c === '/' && text[this.pos + 1] === '/') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
      } else {
        break;
      }
    }
  }

  private next(): Token {
    const text = this.text;
    const start = this.pos;
    const c = text[start];

    if (isDigit(c) || (c === '.' && isDigit(text[start + 1]))) return this.number();

    if (isIdentStart(c)) {
      let end = start + 1;
      while (end < text.length && isIdentPart(text[end])) end++;
      const word = text.slice(start, end);
      const quote = text[end];
      if ((quote === '"' || quote === "'") && /^(r|R|b|B|rb|rB|Rb|RB|br|bR|Br|BR)$/.test(word)) {
        this.pos = end;
        return this.string(start, /r/i.test(word), /b/i.test(word));
      }
      this.pos = end;
      return { kind: 'ident', text: word, offset: start };
    }

    if (c === '"' || c === "'") return this.string(start, false, false);

    const two = text.slice(start, start + 2);
    if (PUNCTUATION_2.has(two)) {
      this.pos += 2;
      return { kind: 'punct', text: two, offset: start };
    }
    if (PUNCTUATION_1.has(c)) {
      this.pos += 1;
      return { kind: 'punct', text: c, offset: start };
    }

    if (c === '=') this.fail("unexpected '='; use '==' to compare values");
    if (c === '&') this.fail("unexpected '&'; use '&&' for logical and");
    if (c === '|') this.fail("unexpected '|'; use '||' for logical or");
    if (c === '`') this.fail('backtick-quoted identifiers are not supported');
    const code = text.codePointAt(start)!;
    this.fail(`unexpected character U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }

  private number(): Token {
    const text = this.text;
    const start = this.pos;

    if (text[start] === '0' && (text[start + 1] === 'x' || text[start + 1] === 'X')) {
      let end = start + 2;
      while (end < text.length && isHexDigit(text[end])) end++;
      if (end === start + 2) this.fail('invalid hexadecimal literal: expected hex digits after 0x', start);
      const value = BigInt(text.slice(start, end));
      return this.finishInteger(start, end, value);
    }

    let end = start;
    while (isDigit(text[end])) end++;
    let isDouble = false;
    if (text[end] === '.' && isDigit(text[end + 1])) {
      isDouble = true;
      end++;
      while (isDigit(text[end])) end++;
    }
    if (text[end] === 'e' || text[end] === 'E') {
      let exponentEnd = end + 1;
      if (text[exponentEnd] === '+' || text[exponentEnd] === '-') exponentEnd++;
      if (!isDigit(text[exponentEnd])) this.fail('invalid number literal: expected digits in the exponent', start);
      while (isDigit(text[exponentEnd])) exponentEnd++;
      end = exponentEnd;
      isDouble = true;
    }

    if (isDouble) {
      if (isIdentPart(text[end] ?? '')) this.fail('invalid number literal', start);
      this.pos = end;
      const literal = text.slice(start, end);
      return { kind: 'double', text: literal, offset: start, double: Number(literal) };
    }
    return this.finishInteger(start, end, BigInt(text.slice(start, end)));
  }

  private finishInteger(start: number, end: number, value: bigint): Token {
    const text = this.text;
    let kind: TokenKind = 'int';
    if (text[end] === 'u' || text[end] === 'U') {
      kind = 'uint';
      end++;
    }
    if (isIdentPart(text[end] ?? '') || (text[end] === '.' && isDigit(text[end + 1]))) this.fail('invalid number literal', start);
    this.pos = end;
    return { kind, text: text.slice(start, end), offset: start, int: value };
  }

  /** Reads a string or bytes literal; `this.pos` is at the opening quote. */
  private string(start: number, raw: boolean, bytes: boolean): Token {
    const text = this.text;
    const quoteChar = text[this.pos];
    const triple = text.startsWith(quoteChar.repeat(3), this.pos);
    const delimiter = triple ? quoteChar.repeat(3) : quoteChar;
    this.pos += delimiter.length;

    let value = '';
    const byteValues: number[] = [];
    const appendText = (s: string) => {
      value += s;
      if (bytes) for (const b of new TextEncoder().encode(s)) byteValues.push(b);
    };

    for (;;) {
      if (this.pos >= text.length) this.fail('unterminated string literal', start);
      if (text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        break;
      }
      const c = text[this.pos];
      if (!triple && (c === '\n' || c === '\r')) this.fail('unterminated string literal: a newline needs a triple-quoted string or \\n', start);
      if (c === '\\' && !raw) {
        this.escape(appendText, (b) => {
          value += String.fromCharCode(b);
          byteValues.push(b);
        }, bytes);
        continue;
      }
      const code = text.codePointAt(this.pos)!;
      const char = String.fromCodePoint(code);
      appendText(char);
      this.pos += char.length;
    }

    const literal = text.slice(start, this.pos);
    if (bytes) return { kind: 'bytes', text: literal, offset: start, bytes: Uint8Array.from(byteValues) };
    return { kind: 'string', text: literal, offset: start, string: value };
  }

  private escape(appendText: (s: string) => void, appendByte: (b: number) => void, bytes: boolean): void {
    const text = this.text;
    const at = this.pos;
    const c = text[at + 1];
    if (c === undefined) this.fail('unterminated string literal', at);

    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      appendText(simple);
      this.pos += 2;
      return;
    }

    if (c === 'x' || c === 'X') {
      const value = this.hexDigits(at + 2, 2, at);
      if (bytes) appendByte(value);
      else appendText(String.fromCodePoint(value));
      this.pos = at + 4;
      return;
    }

    if (c === 'u' || c === 'U') {
      if (bytes) this.fail('\\u escapes are not allowed in bytes literals', at);
      const count = c === 'u' ? 4 : 8;
      const value = this.hexDigits(at + 2, count, at);
      if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) this.fail('invalid escape: not a Unicode scalar value', at);
      appendText(String.fromCodePoint(value));
      this.pos = at + 2 + count;
      return;
    }

    if (c >= '0' && c <= '3') {
      const digits = text.slice(at + 1, at + 4);
      if (!/^[0-3][0-7][0-7]$/.test(digits)) this.fail('invalid octal escape: expected three octal digits', at);
      const value = parseInt(digits, 8);
      if (bytes) appendByte(value);
      else appendText(String.fromCodePoint(value));
      this.pos = at + 4;
      return;
    }

    this.fail(`invalid escape sequence '\\${c}'`, at);
  }

  private hexDigits(from: number, count: number, escapeAt: number): number {
    const digits = this.text.slice(from, from + count);
    if (digits.length !== count || !/^[0-9a-fA-F]+$/.test(digits)) this.fail(`invalid escape: expected ${count} hex digits`, escapeAt);
    return parseInt(digits, 16);
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}
