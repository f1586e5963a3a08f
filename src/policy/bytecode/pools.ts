// Constant pools of a program image: strings, field names (with the FNV-1a
// hash the node table stores for keys), doubles, 64-bit integers, compiled
// regular expressions, and literal lists and maps. Equal constants share one
// entry.

import { hashKey } from '../../core/tape.js';
import { compileRegex } from '../functions/index.js';
import { ItemTag, LiteralKind, MAX_OPERAND } from './layout.js';

/** One item of a literal list or map: an ItemTag and its operand. */
export interface LiteralItem {
  tag: number;
  operand: number;
}

export interface Literal {
  kind: number;
  /** Items; a map lists key, value, key, value, ... */
  items: LiteralItem[];
}

const utf8 = new TextEncoder();

export class ConstantPools {
  readonly strings: Uint8Array[] = [];
  readonly fields: { string: number; hash: number }[] = [];
  readonly doubles: number[] = [];
  readonly ints: bigint[] = [];
  readonly regexes: Uint32Array[] = [];
  readonly literals: Literal[] = [];

  private readonly stringIds = new Map<string, number>();
  private readonly fieldIds = new Map<string, number>();
  private readonly doubleIds = new Map<string, number>();
  private readonly intIds = new Map<bigint, number>();
  private readonly regexIds = new Map<string, number>();
  private readonly literalIds = new Map<string, number>();

  string(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.push(this.strings, utf8.encode(text));
      this.stringIds.set(text, id);
    }
    return id;
  }

  field(name: string): number {
    let id = this.fieldIds.get(name);
    if (id === undefined) {
      const string = this.string(name);
      const bytes = this.strings[string];
      id = this.push(this.fields, { string, hash: hashKey(bytes) });
      this.fieldIds.set(name, id);
    }
    return id;
  }

  double(value: number): number {
    // Keyed by bit pattern, so -0 and NaN keep their own entries.
    const key = bitsOf(value);
    let id = this.doubleIds.get(key);
    if (id === undefined) {
      id = this.push(this.doubles, value);
      this.doubleIds.set(key, id);
    }
    return id;
  }

  /** Adds an int64 or a uint64 bit pattern (both stored as 64 raw bits). */
  int(value: bigint): number {
    const bits = BigInt.asUintN(64, value);
    let id = this.intIds.get(bits);
    if (id === undefined) {
      id = this.push(this.ints, bits);
      this.intIds.set(bits, id);
    }
    return id;
  }

  /** Compiles the pattern once; throws RegexSyntaxError when it is invalid. */
  regex(pattern: string): number {
    let id = this.regexIds.get(pattern);
    if (id === undefined) {
      id = this.push(this.regexes, compileRegex(pattern).words);
      this.regexIds.set(pattern, id);
    }
    return id;
  }

  literal(literal: Literal): number {
    const key = `${literal.kind}:${literal.items.map((item) => `${item.tag}.${item.operand}`).join(',')}`;
    let id = this.literalIds.get(key);
    if (id === undefined) {
      id = this.push(this.literals, literal);
      this.literalIds.set(key, id);
    }
    return id;
  }

  private push<T>(pool: T[], value: T): number {
    if (pool.length > MAX_OPERAND) throw new RangeError(`a constant pool has more than ${MAX_OPERAND} entries`);
    return pool.push(value) - 1;
  }
}

function bitsOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return view.getBigUint64(0, true).toString(16);
}

export { ItemTag, LiteralKind };
