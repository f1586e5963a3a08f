// Parser for the RE2 syntax subset of the rule language (`matches`). It reads
// the pattern by code point and builds the tree in ast.ts with the flags
// already applied. Anything RE2 rejects (backreferences, lookaround, `a**`)
// is a RegexSyntaxError with the column of the construct at fault.

import { Assertion, type RegexNode } from './ast.js';
import { classItem, complement, foldCase, normalize, perlClass, posixClass, type RangeList, MAX_CODE_POINT } from './charset.js';
import { orbitOf } from './casefold.js';
import { RegexSyntaxError } from './errors.js';

/** Largest count in `{n,m}`, and largest product of nested counts, as in RE2. */
export const MAX_REPEAT = 1000;

/** Deepest nesting of groups; it bounds the parser's recursion. */
export const MAX_NESTING_DEPTH = 1000;

interface Flags {
  caseInsensitive: boolean;
  dotAll: boolean;
  multiLine: boolean;
  ungreedy: boolean;
}

/** Parses `pattern` into a syntax tree, or throws RegexSyntaxError. */
export function parseRegex(pattern: string): RegexNode {
  const tree = new Parser(pattern).parse();
  checkRepeatProduct(tree, 1);
  return tree;
}

class Parser {
  private pos = 0;
  private depth = 0;
  private flags: Flags = { caseInsensitive: false, dotAll: false, multiLine: false, ungreedy: false };
  private readonly groupNames = new Set<string>();

  constructor(private readonly pattern: string) {}

  parse(): RegexNode {
    const tree = this.parseAlternation();
    if (this.pos < this.pattern.length) throw this.error('unexpected `)` without a matching `(`', this.pos);
    return tree;
  }

  // alternation := concat ('|' concat)*
  private parseAlternation(): RegexNode {
    const branches = [this.parseConcat()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.parseConcat());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alternate', items: branches };
  }

  // concat := (atom repetition?)*, stopping before '|' or ')'
  private parseConcat(): RegexNode {
    const items: RegexNode[] = [];
    // Whether the last item is a repetition, or absent (start, or after `(?i)`).
    let lastIsRepeat = false;
    let lastIsMissing = true;

    while (this.pos < this.pattern.length) {
      const c = this.peek();
      if (c === '|' || c === ')') break;

      const start = this.pos;
      const repetition = this.tryRepetition();
      if (repetition !== undefined) {
        if (lastIsMissing) throw this.error('repetition operator has nothing to repeat', start);
        if (lastIsRepeat) throw this.error('repetition operator follows another repetition; wrap the first in a group, e.g. `(a*)*`', start);
        const item = items.pop() as RegexNode;
        items.push({ kind: 'repeat', item, ...repetition, column: start + 1 });
        lastIsRepeat = true;
        continue;
      }

      if (this.pattern.startsWith('\\Q', this.pos)) {
        this.pos += 2;
        const quoted = this.parseQuotedLiterals();
        items.push(...quoted);
        lastIsRepeat = false;
        lastIsMissing = quoted.length === 0;
        continue;
      }

      const atom = this.parseAtom();
      lastIsRepeat = false;
      lastIsMissing = atom === undefined;
      if (atom !== undefined) items.push(atom);
    }

    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? items[0] : { kind: 'concat', items };
  }

  /** Reads `*`, `+`, `?` or a valid `{n}`, `{n,}`, `{n,m}` with an optional lazy `?`. */
  private tryRepetition(): { min: number; max: number; greedy: boolean; counted: boolean } | undefined {
    const start = this.pos;
    const c = this.peek();
    let min: number;
    let max: number;
    let counted = false;

    if (c === '*') {
      [min, max] = [0, -1];
      this.pos++;
    } else if (c === '+') {
      [min, max] = [1, -1];
      this.pos++;
    } else if (c === '?') {
      [min, max] = [0, 1];
      this.pos++;
    } else if (c === '{') {
      // RE2 reads a `{` that does not start a valid count as a literal.
      const counts = /^\{(\d+)(,(\d*))?\}/.exec(this.pattern.slice(this.pos));
      if (counts === null) return undefined;
      min = Number(counts[1]);
      if (counts[2] === undefined) max = min;
      else if (counts[3] === '') max = -1;
      else max = Number(counts[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max !== -1 && max < min)) {
        throw this.error(`invalid repeat count \`${counts[0]}\`; counts go from 0 to ${MAX_REPEAT} with min <= max`, start);
      }
      this.pos += counts[0].length;
      counted = true;
    } else {
      return undefined;
    }

    let greedy = true;
    if (this.peek() === '?') {
      greedy = false;
      this.pos++;
    }
    return { min, max, greedy: greedy !== this.flags.ungreedy, counted };
  }

  /** Parses one atom; returns undefined for a flag group such as `(?i)`. */
  private parseAtom(): RegexNode | undefined {
    const start = this.pos;
    const c = this.peek();

    switch (c) {
      case '(':
        return this.parseGroup();
      case '[':
        return this.parseClass();
      case '.':
        this.pos++;
        return { kind: 'any', matchesNewline: this.flags.dotAll };
      case '^':
        this.pos++;
        return { kind: 'assert', assertion: this.flags.multiLine ? Assertion.BeginLine : Assertion.BeginText };
      case '$':
        this.pos++;
        return { kind: 'assert', assertion: this.flags.multiLine ? Assertion.EndLine : Assertion.EndText };
      case '\\':
        return this.parseEscapeAtom();
      default:
        return this.literal(this.readCodePoint(start));
    }
  }

  private parseGroup(): RegexNode | undefined {
    const start = this.pos;
    this.pos++;
    let name: string | undefined;
    let capturing = true;
    const saved = { ...this.flags };

    if (this.peek() === '?') {
      const rest = this.pattern.slice(this.pos + 1);
      if (/^(=|!|<=|<!)/.test(rest)) throw this.error('lookahead and lookbehind are not supported (RE2 syntax)', start);
      if (/^P[=>]/.test(rest)) throw this.error('backreferences are not supported (RE2 syntax)', start);

      const named = /^P?<([^>]*)>/.exec(rest);
      if (named !== null) {
        name = named[1];
        if (!/^[A-Za-z0-9_]+$/.test(name)) throw this.error('invalid group name; use letters, digits and `_`', start);
        if (this.groupNames.has(name)) throw this.error(`duplicate group name \`${name}\``, start);
        this.groupNames.add(name);
        this.pos += 1 + named[0].length;
      } else {
        const scoped = this.parseFlags(start);
        if (!scoped) return undefined;
        capturing = false;
      }
    }

    if (++this.depth > MAX_NESTING_DEPTH) throw this.error(`groups nest deeper than ${MAX_NESTING_DEPTH}`, start);
    const item = this.parseAlternation();
    this.depth--;
    if (this.peek() !== ')') throw this.error('missing `)` to close this group', start);
    this.pos++;
    this.flags = saved;
    return { kind: 'group', item, name, capturing };
  }

  /**
   * Reads `(?flags)` or `(?flags:` after `(` and applies the flags. Returns
   * true for the scoped form, whose group body follows.
   */
  private parseFlags(start: number): boolean {
    const form = /^\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(this.pattern.slice(this.pos));
    const invalid = (): RegexSyntaxError => this.error('invalid flag group; use `(?i)`, `(?s)`, `(?m)`, `(?U)`, `(?-i)` or `(?i:...)`', start);
    if (form === null) throw invalid();

    const [whole, on, off, end] = form;
    if (off !== undefined && off === '') throw invalid();
    if (on === '' && off === undefined && end === ')') throw invalid();
    const seen = new Set<string>();
    for (const letter of on + (off ?? '')) {
      if (seen.has(letter)) throw invalid();
      seen.add(letter);
    }

    for (const letter of on) this.setFlag(letter, true);
    for (const letter of off ?? '') this.setFlag(letter, false);
    this.pos += whole.length;
    return end === ':';
  }

  private setFlag(letter: string, value: boolean): void {
    if (letter === 'i') this.flags.caseInsensitive = value;
    else if (letter === 's') this.flags.dotAll = value;
    else if (letter === 'm') this.flags.multiLine = value;
    else this.flags.ungreedy = value;
  }

  private parseEscapeAtom(): RegexNode {
    const start = this.pos;
    const letter = this.pattern[this.pos + 1];

    switch (letter) {
      case 'A':
        this.pos += 2;
        return { kind: 'assert', assertion: Assertion.BeginText };
      case 'z':
        this.pos += 2;
        return { kind: 'assert', assertion: Assertion.EndText };
      case 'b':
        this.pos += 2;
        return { kind: 'assert', assertion: Assertion.WordBoundary };
      case 'B':
        this.pos += 2;
        return { kind: 'assert', assertion: Assertion.NotWordBoundary };
      case 'Z':
        throw this.error('`\\Z` is not supported (RE2 syntax); use `\\z`', start);
      case 'C':
        throw this.error('`\\C` (any byte) is not supported', start);
    }

    const perl = this.tryPerlClass();
    if (perl !== undefined) return { kind: 'set', ranges: perl };
    return this.literal(this.parseCharEscape());
  }

  /**
   * Reads `\d \s \w \D \S \W`.
   * NOTE: RE2's Unicode classes (`\pL`, `\p{Greek}`) are not implemented and raise a syntax error.
   */
  private tryPerlClass(): RangeList | undefined {
    const letter = this.pattern[this.pos + 1];
    if (letter === 'p' || letter === 'P') {
      throw this.error('Unicode classes `\\p{...}` are not supported; use a bracket class', this.pos);
    }
    if (letter === undefined) return undefined;

    const ranges = perlClass(letter.toLowerCase());
    if (ranges === undefined) return undefined;
    this.pos += 2;
    return classItem(ranges, letter !== letter.toLowerCase(), this.flags.caseInsensitive);
  }

  /** Reads an escape that stands for one code point: `\n`, `\x41`, `\x{263a}`, `\101`, `\.`. */
  private parseCharEscape(): number {
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.pattern.length) throw this.error('pattern ends with a lone `\\`', start);

    const c = this.pattern[this.pos];
    this.pos++;
    switch (c) {
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      case 'x':
        return this.parseHexEscape(start);
    }

    // Octal: `\0` takes up to two more digits; `\1`-`\7` alone would be a backreference.
    if (c >= '0' && c <= '7') {
      const next = this.pattern[this.pos];
      if (c !== '0' && !(next >= '0' && next <= '7')) throw this.error('backreferences are not supported (RE2 syntax)', start);
      let value = Number(c);
      for (let i = 0; i < 2 && this.pattern[this.pos] >= '0' && this.pattern[this.pos] <= '7'; i++) {
        value = value * 8 + Number(this.pattern[this.pos]);
        this.pos++;
      }
      return value;
    }

    // Any other ASCII punctuation stands for itself.
    const code = c.charCodeAt(0);
    if (code < 0x80 && !/[A-Za-z0-9]/.test(c)) return code;
    throw this.error(`invalid escape sequence \`\\${c}\``, start);
  }

  private parseHexEscape(start: number): number {
    const rest = this.pattern.slice(this.pos);
    const braced = /^\{([0-9A-Fa-f]+)\}/.exec(rest);
    const fixed = /^[0-9A-Fa-f]{2}/.exec(rest);
    const digits = braced?.[1] ?? fixed?.[0];
    if (digits === undefined) throw this.error('invalid hex escape; use `\\x41` or `\\x{263a}`', start);

    const value = digits.length > 6 ? Infinity : parseInt(digits, 16);
    if (value > MAX_CODE_POINT) throw this.error('hex escape is beyond U+10FFFF', start);
    this.pos += braced !== null ? braced[0].length : 2;
    return value;
  }

  private parseQuotedLiterals(): RegexNode[] {
    const items: RegexNode[] = [];
    while (this.pos < this.pattern.length && !this.pattern.startsWith('\\E', this.pos)) {
      items.push(this.literal(this.readCodePoint(this.pos)));
    }
    if (this.pattern.startsWith('\\E', this.pos)) this.pos += 2;
    return items;
  }

  // class := '[' '^'? item+ ']' where an item is a char, a range a-b, \d-style or [:name:]
  private parseClass(): RegexNode {
    const start = this.pos;
    this.pos++;
    const negated = this.peek() === '^';
    if (negated) this.pos++;

    const ranges: RangeList = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.pattern.length) throw this.error('missing `]` to close this class', start);
      if (this.peek() === ']' && !first) break;
      first = false;

      const posix = this.tryPosixClass();
      const perl = posix ?? (this.peek() === '\\' ? this.tryPerlClass() : undefined);
      if (perl !== undefined) {
        ranges.push(...perl);
        continue;
      }

      const itemStart = this.pos;
      const lo = this.parseClassChar();
      let hi = lo;
      if (this.peek() === '-' && this.pattern[this.pos + 1] !== ']' && this.pos + 1 < this.pattern.length) {
        this.pos++;
        hi = this.parseClassChar();
        if (hi < lo) throw this.error('invalid class range: the end is before the start', itemStart);
      }
      ranges.push(...(this.flags.caseInsensitive ? foldCase([lo, hi]) : [lo, hi]));
    }
    this.pos++;

    const set = normalize(ranges);
    return { kind: 'set', ranges: negated ? complement(set) : set };
  }

  /** Reads `[:alpha:]` or `[:^alpha:]` inside a class. */
  private tryPosixClass(): RangeList | undefined {
    const form = /^\[:(\^?)([a-z]*):\]/.exec(this.pattern.slice(this.pos));
    if (form === null) return undefined;

    const ranges = posixClass(form[2]);
    if (ranges === undefined) throw this.error(`unknown POSIX class \`${form[0]}\``, this.pos);
    this.pos += form[0].length;
    return classItem(ranges, form[1] === '^', this.flags.caseInsensitive);
  }

  private parseClassChar(): number {
    const start = this.pos;
    if (this.peek() !== '\\') return this.readCodePoint(start);

    const letter = this.pattern[this.pos + 1];
    if (letter !== undefined && /[AbBzZCdDsSwWpPQE]/.test(letter)) {
      throw this.error(`\`\\${letter}\` cannot be used here inside a class`, start);
    }
    return this.parseCharEscape();
  }

  private literal(c: number): RegexNode {
    const ranges = this.flags.caseInsensitive ? normalize(orbitOf(c).flatMap((m) => [m, m])) : [c, c];
    return { kind: 'set', ranges };
  }

  private readCodePoint(start: number): number {
    const c = this.pattern.codePointAt(start) as number;
    if (c >= 0xd800 && c <= 0xdfff) throw this.error('pattern contains an unpaired UTF-16 surrogate', start);
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private peek(): string | undefined {
    return this.pattern[this.pos];
  }

  private error(message: string, index: number): RegexSyntaxError {
    return new RegexSyntaxError(message, index + 1);
  }
}

// RE2 limits the product of nested counted repetitions (`(a{100}){100}`), so
// that the compiled program stays small.
function checkRepeatProduct(node: RegexNode, product: number): void {
  switch (node.kind) {
    case 'concat':
    case 'alternate':
      for (const item of node.items) checkRepeatProduct(item, product);
      return;
    case 'group':
      checkRepeatProduct(node.item, product);
      return;
    case 'repeat': {
      let next = product;
      if (node.counted) {
        const factor = node.max === -1 ? node.min : node.max;
        if (factor > 0) next = product * factor;
        if (next > MAX_REPEAT) {
          throw new RegexSyntaxError(`nested repeat counts multiply to more than ${MAX_REPEAT}`, node.column);
        }
      }
      checkRepeatProduct(node.item, next);
      return;
    }
    default:
      return;
  }
}
