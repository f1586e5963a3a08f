// Source positions for TOML values. smol-toml returns plain values without
// locations, so this scanner walks the same source a second time. It records
// where each path is first written: table headers, arrays of tables, keys,
// inline-table keys and array elements. A dotted key gives every prefix of
// its path a position. The scanner runs only on text that smol-toml accepted,
// so it can rely on valid syntax. It still moves forward on every step, so it
// ends on any input.

import type { PathStep } from '../core/tape.js';

export interface TomlPosition {
  line: number;
  column: number;
}

/** Positions by path; look them up with `pathId`. */
export type TomlPositions = Map<string, TomlPosition>;

/**
 * Identity of a path as a map key. Array indexes and keys are marked apart.
 * NOTE: a key that itself contains U+0000 or U+0001 can collide with another
 * path; the cost is a wrong position, never a wrong value.
 */
export function pathId(path: readonly PathStep[]): string {
  let id = '';
  for (const step of path) id += typeof step === 'number' ? `\u0001${step}` : `\u0000${step}`;
  return id;
}

interface KeySegment {
  name: string;
  position: TomlPosition;
}

const BARE_KEY = /[A-Za-z0-9_-]/;
/** Hex digit counts of the `\u`, `\U` and (TOML 1.1) `\x` escapes. */
const UNICODE_ESCAPE_DIGITS: Readonly<Record<string, number>> = { u: 4, U: 8, x: 2 };
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };

/**
 * Scans the source for the positions of paths up to `maxDepth` steps long.
 * Longer paths are not recorded: their tables are rejected by the depth limit,
 * and recording them would cost quadratic time and memory on long dotted keys.
 */
export function scanTomlPositions(text: string, maxDepth: number): TomlPositions {
  return new TomlPositionScanner(text, maxDepth).scan();
}

class TomlPositionScanner {
  private readonly text: string;
  private readonly maxDepth: number;
  private readonly positions: TomlPositions = new Map();
  /** Element counts of arrays of tables, by the resolved path of the array. */
  private readonly tableArrays = new Map<string, number>();
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  scan(): TomlPositions {
    let table: PathStep[] = [];
    while (this.i < this.text.length) {
      const before = this.i;
      this.skipBlank(true);
      if (this.i >= this.text.length) break;

      if (this.text[this.i] === '[') table = this.header();
      else this.keyValue(table);

      // Whatever follows on the line (a comment, or text the scanner does not understand) is skipped.
      this.skipToLineEnd();
      if (this.i === before) this.advance();
    }
    return this.positions;
  }

  /** `[a.b]` or `[[a.b]]`; returns the resolved path of the table the header opens. */
  private header(): PathStep[] {
    const start = this.here();
    const isArray = this.text[this.i + 1] === '[';
    this.advance(isArray ? 2 : 1);
    const segments = this.key();

    const resolved: PathStep[] = [];
    segments.forEach((segment, index) => {
      resolved.push(segment.name);
      this.record(resolved, segment.position);
      const count = resolved.length > this.maxDepth ? undefined : this.tableArrays.get(pathId(resolved));
      // Inside a header, a segment naming an array of tables refers to its latest element.
      if (index < segments.length - 1 && count !== undefined) resolved.push(count - 1);
    });
    if (isArray) {
      const id = pathId(resolved);
      const count = this.tableArrays.get(id) ?? 0;
      this.tableArrays.set(id, count + 1);
      resolved.push(count);
      this.record(resolved, start);
    }
    return resolved;
  }

  private keyValue(table: readonly PathStep[]): void {
    const path = [...table];
    for (const segment of this.key()) {
      path.push(segment.name);
      this.record(path, segment.position);
    }
    this.skipBlank(false);
    if (this.text[this.i] !== '=') return;
    this.advance();
    this.skipBlank(false);
    this.value(path);
  }

  /** Reads a dotted key, stopping before `=` or `]`. */
  private key(): KeySegment[] {
    const segments: KeySegment[] = [];
    for (;;) {
      this.skipBlank(false);
      const position = this.here();
      const quote = this.text[this.i];
      let name: string;
      if (quote === '"' || quote === "'") {
        name = this.quotedKey(quote);
      } else {
        const start = this.i;
        while (this.i < this.text.length && BARE_KEY.test(this.text[this.i])) this.advance();
        if (this.i === start) break;
        name = this.text.slice(start, this.i);
      }
      segments.push({ name, position });
      this.skipBlank(false);
      if (this.text[this.i] !== '.') break;
      this.advance();
    }
    return segments;
  }

  private quotedKey(quote: string): string {
    this.advance();
    let name = '';
    while (this.i < this.text.length && this.text[this.i] !== quote && this.text[this.i] !== '\n') {
      const char = this.text[this.i];
      if (quote === '"' && char === '\\') {
        name += this.escape();
        continue;
      }
      name += char;
      this.advance();
    }
    if (this.text[this.i] === quote) this.advance();
    return name;
  }

  /** Decodes one escape sequence of a basic string, the backslash included. */
  private escape(): string {
    const kind = this.text[this.i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      this.advance(2);
      return simple;
    }
    const digits = UNICODE_ESCAPE_DIGITS[kind] ?? 0;
    const hex = this.text.slice(this.i + 2, this.i + 2 + digits);
    this.advance(2 + digits);
    const code = digits > 0 && /^[0-9A-Fa-f]+$/.test(hex) ? parseInt(hex, 16) : NaN;
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }

  private value(path: PathStep[]): void {
    const char = this.text[this.i];
    if (char === '{') this.inlineTable(path);
    else if (char === '[') this.array(path);
    else if (char === '"' || char === "'") this.skipString();
    else while (this.i < this.text.length && !',]}\n#'.includes(this.text[this.i])) this.advance();
  }

  private inlineTable(path: PathStep[]): void {
    this.advance();
    while (this.i < this.text.length) {
      const before = this.i;
      this.skipBlank(true);
      if (this.text[this.i] === '}') {
        this.advance();
        return;
      }
      if (this.text[this.i] === ',') this.advance();
      else this.keyValue(path);
      if (this.i === before) this.advance();
    }
  }

  private array(path: PathStep[]): void {
    this.advance();
    let index = 0;
    while (this.i < this.text.length) {
      const before = this.i;
      this.skipBlank(true);
      const char = this.text[this.i];
      if (char === ']') {
        this.advance();
        return;
      }
      if (char === ',') {
        index++;
        this.advance();
      } else {
        const element = [...path, index];
        this.record(element, this.here());
        this.value(element);
      }
      if (this.i === before) this.advance();
    }
  }

  private skipString(): void {
    const quote = this.text[this.i];
    const multiline = this.text.startsWith(quote.repeat(3), this.i);
    const delimiter = multiline ? quote.repeat(3) : quote;
    this.advance(delimiter.length);
    while (this.i < this.text.length) {
      if (quote === '"' && this.text[this.i] === '\\') {
        this.advance(2);
        continue;
      }
      if (!multiline && this.text[this.i] === '\n') return;
      if (this.text.startsWith(delimiter, this.i)) {
        this.advance(delimiter.length);
        // A multi-line string may end with up to two extra quotes that belong to its content.
        while (multiline && this.text[this.i] === quote) this.advance();
        return;
      }
      this.advance();
    }
  }

  /** Skips spaces and tabs; with `newlines`, also line breaks and comments. */
  private skipBlank(newlines: boolean): void {
    while (this.i < this.text.length) {
      const char = this.text[this.i];
      if (char === ' ' || char === '\t' || (newlines && (char === '\n' || char === '\r'))) this.advance();
      else if (newlines && char === '#') this.skipToLineEnd();
      else return;
    }
  }

  private skipToLineEnd(): void {
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.advance();
  }

  private advance(count = 1): void {
    for (let k = 0; k < count && this.i < this.text.length; k++) {
      if (this.text[this.i] === '\n') {
        this.line++;
        this.lineStart = this.i + 1;
      }
      this.i++;
    }
  }

  private here(): TomlPosition {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private record(path: readonly PathStep[], position: TomlPosition): void {
    if (path.length > this.maxDepth) return;
    const id = pathId(path);
    if (!this.positions.has(id)) this.positions.set(id, position);
  }
}
