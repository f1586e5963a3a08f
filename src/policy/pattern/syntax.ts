// Path-pattern syntax. A pattern selects nodes of a document's node table by
// the steps from the root to the node (object keys and array indexes):
//
//   (empty)  $         the document root; `$` may also prefix steps: `$.a`, `$[0]`
//   name               one object key made of `[A-Za-z0-9_$@-]`
//   ["x.y"]  ['x.y']   a key with any characters; `\"`, `\'` and `\\` escape
//                      quotes and backslashes, and the JSON escapes `\n`, `\t`,
//                      `\uXXXX` (and the rest) are read too, so formatPath output parses
//   [3]                the array element at index 3
//   *                  any one step: an object key or an array index
//   [*]                any array element (an index only, never a key)
//   **                 zero or more steps of any kind; `a.**` matches `a` itself too
//   {a,b,"c.d"}        one object key out of a list (quoted keys allowed)
//
// Two conveniences beyond the brackets: a quoted key may also stand as a dotted
// step (`a."x.y"`), and spaces are allowed around the keys inside `{ }`.
//
// Steps are joined with `.`; a bracketed step may follow the previous one
// directly: `spec.containers[*].image`, `**.tls.*`, `metadata.labels["app.kubernetes.io/name"]`.
// A key named `$` as the first step, or a key with any other character, must
// be quoted.

import { PatternSyntaxError } from './errors.js';

/** One step of a parsed pattern. */
export type PatternStep =
  /** An object key equal to one of `keys` (one key for a plain step, several for `{a,b}`). */
  | { readonly kind: 'key'; readonly keys: readonly string[] }
  /** The array element at `index`. */
  | { readonly kind: 'index'; readonly index: number }
  /** `*`: any one step, key or index. */
  | { readonly kind: 'wildcard' }
  /** `[*]`: any one array element. */
  | { readonly kind: 'indexWildcard' }
  /** `**`: zero or more steps of any kind. */
  | { readonly kind: 'descendants' };

/** Escapes read in quoted keys besides `\uXXXX`. */
const ESCAPES: Record<string, string> = {
  '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

/** Largest array index a pattern may name: indexes are u32 words in the node table. */
export const MAX_PATTERN_INDEX = 0xffffffff;

/** Parses a pattern into its steps; `` and `$` give no steps (the root). */
export function parsePattern(text: string): PatternStep[] {
  return new PatternParser(text).parse();
}

/** Tests whether `char` may appear in a bare (unquoted) key. */
function isBareKeyChar(char: string): boolean {
  const code = char.charCodeAt(0);
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    char === '_' || char === '-' || char === '$' || char === '@'
  );
}

class PatternParser {
  private position = 0;
  private readonly steps: PatternStep[] = [];

  constructor(private readonly text: string) {}

  parse(): PatternStep[] {
    if (this.text.length === 0) return this.steps;

    // An optional root marker: `$` followed by the end, `.` or `[`. Otherwise
    // the first step starts the pattern without a leading '.'.
    if (this.text[0] === '$' && (this.text.length === 1 || this.text[1] === '.' || this.text[1] === '[')) {
      this.position = 1;
    } else {
      if (this.peek() === '.') this.fail(0, "empty step; remove the leading '.'");
      this.parseStep();
    }

    while (!this.atEnd()) {
      const char = this.peek();
      if (char === '.') this.expectStepAfterDot();
      else if (char === '[') this.parseBracket();
      else this.failUnexpected("expected '.', '[' or the end of the pattern");
    }
    return this.steps;
  }

  /** Consumes a `.` and the dotted step after it. */
  private expectStepAfterDot(): void {
    this.position++;
    if (this.atEnd()) this.fail(this.position - 1, "pattern ends with '.'; remove it or add a step after it");
    if (this.peek() === '.') this.fail(this.position, "empty step; remove the extra '.'");
    if (this.peek() === '[') this.fail(this.position - 1, "'.' before '['; write a[0] or a[\"key\"] without the '.'");
    this.parseStep();
  }

  /** Parses one step at the current position (after a `.`, or at the start). */
  private parseStep(): void {
    const char = this.peek();
    if (char === '[') return this.parseBracket();
    if (char === '{') return this.parseAlternatives();
    if (char === '"' || char === "'") return this.push({ kind: 'key', keys: [this.parseQuoted()] });
    if (char === '*') return this.parseStar();
    this.push({ kind: 'key', keys: [this.parseBareKey()] });
  }

  private parseStar(): void {
    const start = this.position;
    this.position++;
    let kind: 'wildcard' | 'descendants' = 'wildcard';
    if (this.peek() === '*') {
      kind = 'descendants';
      this.position++;
    }
    if (this.peek() === '*') this.fail(this.position, "too many '*'; use '*' for one step or '**' for any number of steps");
    if (!this.atEnd() && isBareKeyChar(this.peek())) {
      this.fail(start, `'${this.text.slice(start, this.position)}' must be a whole step; quote a key that contains '*': ["a*b"]`);
    }
    this.push({ kind });
  }

  private parseBareKey(): string {
    const start = this.position;
    while (!this.atEnd() && isBareKeyChar(this.peek())) this.position++;
    if (this.position === start) this.failUnexpected('expected a key');
    if (this.peek() === '*') {
      this.fail(this.position, `'*' must be a whole step; quote a key that contains '*': ["${this.text.slice(start, this.position)}*"]`);
    }
    return this.text.slice(start, this.position);
  }

  /** Parses `[3]`, `[*]` or `["key"]`. */
  private parseBracket(): void {
    const open = this.position;
    this.position++;
    const char = this.peek();

    if (char === '*') {
      this.position++;
      if (this.peek() === '*') this.fail(this.position, "'**' cannot be bracketed; write it as a dotted step: a.**");
      this.push({ kind: 'indexWildcard' });
    } else if (char === '"' || char === "'") {
      this.push({ kind: 'key', keys: [this.parseQuoted()] });
    } else if (char !== undefined && char >= '0' && char <= '9') {
      this.push({ kind: 'index', index: this.parseIndex() });
    } else if (this.atEnd()) {
      this.fail(open, "unclosed '['; close it with ']'");
    } else {
      this.failUnexpected("expected an index, '*' or a quoted key inside '[ ]'");
    }

    if (this.atEnd()) this.fail(open, "unclosed '['; close it with ']'");
    if (this.peek() !== ']') this.failUnexpected("expected ']'");
    this.position++;
  }

  private parseIndex(): number {
    const start = this.position;
    while (!this.atEnd() && this.peek() >= '0' && this.peek() <= '9') this.position++;
    const digits = this.text.slice(start, this.position);
    if (digits.length > 1 && digits[0] === '0') this.fail(start, `index ${digits} has a leading zero; write it as ${Number(digits)}`);
    const index = Number(digits);
    if (index > MAX_PATTERN_INDEX) this.fail(start, `index ${digits} is larger than ${MAX_PATTERN_INDEX}`);
    return index;
  }

  /** Parses `{a,b,"c.d"}`: one key out of a list. */
  private parseAlternatives(): void {
    const open = this.position;
    this.position++;
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.atEnd()) this.fail(open, "unclosed '{'; close it with '}'");
      const char = this.peek();
      if (char === ',' || char === '}') this.fail(this.position, "empty alternative in '{ }'; remove the extra ','");
      const key = char === '"' || char === "'" ? this.parseQuoted() : this.parseBareKey();
      if (!keys.includes(key)) keys.push(key);
      this.skipSpaces();
      if (this.atEnd()) this.fail(open, "unclosed '{'; close it with '}'");
      if (this.peek() === '}') break;
      if (this.peek() !== ',') this.failUnexpected("expected ',' or '}' in a list of keys");
      this.position++;
    }
    this.position++;
    this.push({ kind: 'key', keys });
  }

  /** Parses a quoted key, decoding its backslash escapes. */
  private parseQuoted(): string {
    const open = this.position;
    const quote = this.peek();
    this.position++;
    let key = '';
    for (;;) {
      if (this.atEnd()) this.fail(open, `unterminated quoted key; close it with ${quote}`);
      const char = this.peek();
      if (char === quote) break;
      if (char === '\\') key += this.parseEscape();
      else {
        key += char;
        this.position++;
      }
    }
    this.position++;
    return key;
  }

  /** Decodes one escape at the backslash under the cursor. */
  private parseEscape(): string {
    const backslash = this.position;
    const char = this.text[backslash + 1];
    const simple = ESCAPES[char];
    if (simple !== undefined) {
      this.position += 2;
      return simple;
    }
    if (char === 'u' && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(backslash + 2, backslash + 6))) {
      this.position += 6;
      return String.fromCharCode(parseInt(this.text.slice(backslash + 2, backslash + 6), 16));
    }
    this.fail(backslash, 'invalid escape in a quoted key; use \\", \\\', \\\\ or a JSON escape such as \\n or \\u00e9');
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.position++;
  }

  private push(step: PatternStep): void {
    this.steps.push(step);
  }

  private peek(): string {
    return this.text[this.position];
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  private failUnexpected(expected: string): never {
    if (this.atEnd()) this.fail(this.position, `unexpected end of pattern; ${expected}`);
    const char = String.fromCodePoint(this.text.codePointAt(this.position)!);
    this.fail(this.position, `unexpected ${JSON.stringify(char)}; ${expected}, or quote keys that contain it: ["..."]`);
  }

  /** Raises a syntax error at a 0-based position (reported 1-based). */
  private fail(position: number, reason: string): never {
    throw new PatternSyntaxError(this.text, position + 1, reason);
  }
}
