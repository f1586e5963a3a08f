// Compiles one checked rule-language AST into code for the WASM predicate VM
// (instruction set in assembly/rules/layout.ts). Jump targets are word
// offsets from the start of the expression's own code.
//
// `&&`, `||`, `?:`, `orValue` and `or` jump over the operand they do not need,
// and the `*_RIGHT` / ACC_* instructions combine the two sides with CEL's
// error absorption, so `err && false` and `false && err` are both false.
// Comprehensions keep their iterator and variable in the slot numbered by
// their nesting depth.

import type { ComprehensionExpr, Expr } from '../cel/ast.js';
import { Fn, ItemTag, LiteralKind, MAX_OPERAND, MAX_SLOTS, Op, TWO_WORD_OPS, Variable } from './layout.js';
import { BytecodeCompileError } from './errors.js';
import { literalRegexTest, type LiteralTest } from './literal-regex.js';
import type { ConstantPools, LiteralItem } from './pools.js';

/** Compiled code of one expression. */
export interface ExpressionCode {
  code: Uint32Array;
  /** Iteration slots the code uses (comprehension nesting depth). */
  slots: number;
  /** Whether the code reads `path`, which the VM builds on demand. */
  usesPath: boolean;
}

/** Origin of an expression (rule id and field), for error messages. */
export interface ExpressionOrigin {
  rule?: string;
  field?: string;
}

const BINARY_OPS: Record<string, number> = {
  '_+_': Op.Add,
  '_-_': Op.Sub,
  '_*_': Op.Mul,
  '_/_': Op.Div,
  '_%_': Op.Mod,
  '_==_': Op.Eq,
  '_!=_': Op.Ne,
  '_<_': Op.Lt,
  '_<=_': Op.Le,
  '_>_': Op.Gt,
  '_>=_': Op.Ge,
  '@in': Op.In,
  '_[_]': Op.Index,
  '_[?_]': Op.OptIndex,
};

/** Function ids by name and argument count (receiver included). */
const FUNCTIONS: Record<string, Record<number, number>> = {
  size: { 1: Fn.Size },
  int: { 1: Fn.Int },
  uint: { 1: Fn.Uint },
  double: { 1: Fn.Double },
  string: { 1: Fn.String },
  bool: { 1: Fn.Bool },
  startsWith: { 2: Fn.StartsWith },
  endsWith: { 2: Fn.EndsWith },
  contains: { 2: Fn.Contains },
  lowerAscii: { 1: Fn.LowerAscii },
  upperAscii: { 1: Fn.UpperAscii },
  trim: { 1: Fn.Trim },
  split: { 2: Fn.Split, 3: Fn.SplitLimit },
  versionCompare: { 2: Fn.VersionCompare },
  cidrContains: { 2: Fn.CidrContains },
  isPrivateIp: { 1: Fn.IsPrivateIp },
  toBool: { 1: Fn.ToBool },
  seconds: { 1: Fn.Seconds },
  bytesSize: { 1: Fn.BytesSize },
  hasValue: { 1: Fn.HasValue },
  value: { 1: Fn.Value },
  'optional.of': { 1: Fn.OptionalOf },
  'optional.none': { 0: Fn.OptionalNone },
  'optional.ofNonZeroValue': { 1: Fn.OptionalOfNonZero },
};

/** Functions that replace a regex which only tests a literal (see literal-regex.ts). */
const LITERAL_TESTS: Record<LiteralTest['kind'], number> = {
  startsWith: Fn.StartsWith,
  endsWith: Fn.EndsWith,
  contains: Fn.Contains,
  equals: Fn.StringEquals,
};

/** Compiles `expr` into VM code, adding its constants to `pools`. */
export function compileExpressionCode(expr: Expr, pools: ConstantPools, origin: ExpressionOrigin = {}): ExpressionCode {
  const compiler = new CodeCompiler(pools, origin);
  compiler.compile(expr, new Map(), 0);
  if (compiler.words.length > MAX_OPERAND) compiler.fail(expr, `the expression compiles to more than ${MAX_OPERAND} instruction words; split the rule`);
  return { code: Uint32Array.from(compiler.words), slots: compiler.maxSlots, usesPath: compiler.usesPath };
}

class CodeCompiler {
  readonly words: number[] = [];
  maxSlots = 0;
  usesPath = false;

  constructor(
    private readonly pools: ConstantPools,
    private readonly origin: ExpressionOrigin,
  ) {}

  compile(expr: Expr, scope: ReadonlyMap<string, number>, depth: number): void {
    switch (expr.type) {
      case 'literal':
        this.literal(expr);
        return;
      case 'ident':
        this.ident(expr, scope);
        return;
      case 'select': {
        this.compile(expr.operand, scope, depth);
        const field = this.pool(expr, () => this.pools.field(expr.field));
        this.emit(expr.testOnly ? Op.Has : expr.optional ? Op.OptSelect : Op.Select, field);
        return;
      }
      case 'list': {
        const item = this.constantItem(expr);
        if (item !== undefined) {
          this.emit(Op.PushLiteral, item.operand);
          return;
        }
        for (const element of expr.elements) this.compile(element, scope, depth);
        this.emit(Op.MakeList, this.count(expr, expr.elements.length));
        return;
      }
      case 'map': {
        const item = this.constantItem(expr);
        if (item !== undefined) {
          this.emit(Op.PushLiteral, item.operand);
          return;
        }
        for (const entry of expr.entries) {
          this.compile(entry.key, scope, depth);
          this.compile(entry.value, scope, depth);
        }
        this.emit(Op.MakeMap, this.count(expr, expr.entries.length));
        return;
      }
      case 'comprehension':
        this.comprehension(expr, scope, depth);
        return;
      case 'call':
        this.call(expr, scope, depth);
        return;
    }
  }

  fail(expr: Expr, reason: string): never {
    throw new BytecodeCompileError(reason, { ...this.origin, line: expr.pos.line, column: expr.pos.column });
  }

  // ---- emitting ----

  private emit(op: number, operand = 0): number {
    const at = this.words.length;
    this.words.push((op | (operand << 8)) >>> 0);
    if (TWO_WORD_OPS.has(op)) this.words.push(0);
    return at;
  }

  /** Sets the jump target of the instruction at `at` (its operand, or its second word). */
  private patch(at: number, target: number, secondWord = false): void {
    if (secondWord) {
      this.words[at + 1] = target;
    } else {
      this.words[at] = ((this.words[at] & 0xff) | (target << 8)) >>> 0;
    }
  }

  private get here(): number {
    return this.words.length;
  }

  private count(expr: Expr, n: number): number {
    if (n > MAX_OPERAND) this.fail(expr, `more than ${MAX_OPERAND} elements in one literal`);
    return n;
  }

  private pool(expr: Expr, add: () => number): number {
    try {
      return add();
    } catch (error) {
      if (error instanceof RangeError) this.fail(expr, `${error.message}; split the rule pack`);
      throw error;
    }
  }

  // ---- leaves ----

  private literal(expr: Extract<Expr, { type: 'literal' }>): void {
    const value = expr.value;
    switch (value.kind) {
      case 'null':
        this.emit(Op.PushNull);
        return;
      case 'bool':
        this.emit(Op.PushBool, value.value ? 1 : 0);
        return;
      case 'int':
        if (value.value >= -(1n << 23n) && value.value < 1n << 23n) {
          this.emit(Op.PushSmallInt, Number(value.value) & MAX_OPERAND);
        } else {
          this.emit(Op.PushInt, this.pool(expr, () => this.pools.int(value.value)));
        }
        return;
      case 'uint':
        this.emit(Op.PushUint, this.pool(expr, () => this.pools.int(value.value)));
        return;
      case 'double':
        this.emit(Op.PushDouble, this.pool(expr, () => this.pools.double(value.value)));
        return;
      case 'string':
        this.emit(Op.PushString, this.pool(expr, () => this.pools.string(value.value)));
        return;
      case 'bytes':
        this.fail(expr, 'bytes literals are not supported; use a string');
    }
  }

  private ident(expr: Extract<Expr, { type: 'ident' }>, scope: ReadonlyMap<string, number>): void {
    const slot = scope.get(expr.name);
    if (slot !== undefined) {
      this.emit(Op.LoadSlot, slot);
      return;
    }
    if (!Object.hasOwn(Variable, expr.name)) this.fail(expr, `unknown variable \`${expr.name}\`; rules can read self, root, parent, key, path and file`);
    if (expr.name === 'path') this.usesPath = true;
    this.emit(Op.LoadVar, Variable[expr.name as keyof typeof Variable]);
  }

  /**
   * Returns the pool item of a literal, or of a list or map made only of literals
   * (folded into the LITERALS pool), or undefined. A map literal that would
   * fail at run time (repeated or non-key keys) is not folded.
   */
  private constantItem(expr: Expr): LiteralItem | undefined {
    switch (expr.type) {
      case 'literal': {
        const value = expr.value;
        switch (value.kind) {
          case 'null':
            return { tag: ItemTag.Null, operand: 0 };
          case 'bool':
            return { tag: ItemTag.Bool, operand: value.value ? 1 : 0 };
          case 'int':
            return { tag: ItemTag.Int, operand: this.pool(expr, () => this.pools.int(value.value)) };
          case 'uint':
            return { tag: ItemTag.Uint, operand: this.pool(expr, () => this.pools.int(value.value)) };
          case 'double':
            return { tag: ItemTag.Double, operand: this.pool(expr, () => this.pools.double(value.value)) };
          case 'string':
            return { tag: ItemTag.String, operand: this.pool(expr, () => this.pools.string(value.value)) };
          default:
            return undefined;
        }
      }
      case 'list': {
        const items: LiteralItem[] = [];
        for (const element of expr.elements) {
          const item = this.constantItem(element);
          if (item === undefined) return undefined;
          items.push(item);
        }
        return { tag: ItemTag.Literal, operand: this.pool(expr, () => this.pools.literal({ kind: LiteralKind.List, items })) };
      }
      case 'map': {
        const items: LiteralItem[] = [];
        const seen = new Set<string>();
        for (const entry of expr.entries) {
          if (entry.key.type !== 'literal') return undefined;
          const identity = keyIdentity(entry.key.value);
          if (identity === undefined || seen.has(identity)) return undefined;
          seen.add(identity);
          const key = this.constantItem(entry.key);
          const value = this.constantItem(entry.value);
          if (key === undefined || value === undefined) return undefined;
          items.push(key, value);
        }
        return { tag: ItemTag.Literal, operand: this.pool(expr, () => this.pools.literal({ kind: LiteralKind.Map, items })) };
      }
      default:
        return undefined;
    }
  }

  // ---- calls ----

  private call(expr: Extract<Expr, { type: 'call' }>, scope: ReadonlyMap<string, number>, depth: number): void {
    const name = expr.function;
    const operands = expr.target === undefined ? expr.args : [expr.target, ...expr.args];

    switch (name) {
      case '_&&_':
      case '_||_': {
        this.expectOperands(expr, operands, 2);
        const isAnd = name === '_&&_';
        this.compile(operands[0], scope, depth);
        const skip = this.emit(isAnd ? Op.AndLeft : Op.OrLeft);
        this.compile(operands[1], scope, depth);
        this.emit(isAnd ? Op.AndRight : Op.OrRight);
        this.patch(skip, this.here);
        return;
      }
      case '_?_:_': {
        this.expectOperands(expr, operands, 3);
        this.compile(operands[0], scope, depth);
        const branch = this.emit(Op.Cond);
        this.compile(operands[1], scope, depth);
        const jump = this.emit(Op.Jump);
        this.patch(branch, this.here);
        this.compile(operands[2], scope, depth);
        this.patch(jump, this.here);
        this.patch(branch, this.here, true);
        return;
      }
      case 'orValue':
      case 'or': {
        if (expr.target === undefined) break;
        this.expectOperands(expr, operands, 2);
        this.compile(operands[0], scope, depth);
        const skip = this.emit(name === 'orValue' ? Op.OrValueLeft : Op.OptOrLeft);
        this.compile(operands[1], scope, depth);
        if (name === 'or') this.emit(Op.RequireOptional);
        this.patch(skip, this.here);
        return;
      }
      case 'matches':
        this.matches(expr, operands, scope, depth);
        return;
      case '!_':
      case '-_':
        this.expectOperands(expr, operands, 1);
        this.compile(operands[0], scope, depth);
        this.emit(name === '!_' ? Op.Not : Op.Neg);
        return;
    }

    const binary = BINARY_OPS[name];
    if (binary !== undefined) {
      this.expectOperands(expr, operands, 2);
      this.compile(operands[0], scope, depth);
      this.compile(operands[1], scope, depth);
      this.emit(binary);
      return;
    }

    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name][operands.length] : undefined;
    if (fn === undefined) this.fail(expr, `\`${name}\` with ${operands.length} argument(s) has no bytecode form; the WASM rule VM cannot run it`);
    for (const operand of operands) this.compile(operand, scope, depth);
    this.emit(Op.Call, fn);
  }

  private matches(expr: Expr, operands: Expr[], scope: ReadonlyMap<string, number>, depth: number): void {
    this.expectOperands(expr, operands, 2);
    const [input, pattern] = operands;
    if (pattern.type !== 'literal' || pattern.value.kind !== 'string') {
      this.fail(pattern, 'matches() needs a string literal as its pattern, because patterns are compiled with the rule');
    }
    const text = pattern.value.value;
    const literal = literalRegexTest(text);
    if (literal !== undefined) {
      this.compile(input, scope, depth);
      this.emit(Op.PushString, this.pool(pattern, () => this.pools.string(literal.text)));
      this.emit(Op.Call, LITERAL_TESTS[literal.kind]);
      return;
    }
    let regex: number;
    try {
      regex = this.pool(pattern, () => this.pools.regex(text));
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_REGEX_SYNTAX') this.fail(pattern, `invalid regular expression: ${(error as Error).message}`);
      throw error;
    }
    this.compile(input, scope, depth);
    this.emit(Op.Matches, regex);
  }

  private expectOperands(expr: Expr, operands: Expr[], count: number): void {
    if (operands.length !== count) this.fail(expr, `\`${(expr as { function?: string }).function}\` takes ${count} operand(s), not ${operands.length}`);
  }

  // ---- comprehensions ----

  private comprehension(expr: ComprehensionExpr, scope: ReadonlyMap<string, number>, depth: number): void {
    const slot = depth;
    if (slot >= MAX_SLOTS) this.fail(expr, `comprehensions nest deeper than ${MAX_SLOTS} levels`);
    this.maxSlots = Math.max(this.maxSlots, slot + 1);
    const inner = new Map(scope);
    inner.set(expr.iterVar, slot);

    this.compile(expr.range, scope, depth);
    const init = this.emit(Op.IterInit, slot);

    switch (expr.macro) {
      case 'all':
      case 'exists':
      case 'exists_one': {
        if (expr.predicate === undefined) this.fail(expr, `${expr.macro}() needs a predicate`);
        if (expr.macro === 'exists_one') this.emit(Op.PushSmallInt, 0);
        else this.emit(Op.PushBool, expr.macro === 'all' ? 1 : 0);
        const loop = this.here;
        const next = this.emit(Op.IterNext, slot);
        this.compile(expr.predicate, inner, depth + 1);
        const accumulate = this.emit(expr.macro === 'all' ? Op.AccAnd : expr.macro === 'exists' ? Op.AccOr : Op.AccCount);
        this.emit(Op.Jump, loop);
        this.patch(next, this.here, true);
        if (expr.macro === 'exists_one') this.emit(Op.AccOne);
        this.patch(accumulate, this.here);
        this.patch(init, this.here, true);
        return;
      }
      case 'map':
      case 'filter': {
        const loop = this.here;
        const next = this.emit(Op.IterNext, slot);
        if (expr.predicate !== undefined) {
          this.compile(expr.predicate, inner, depth + 1);
          const test = this.emit(Op.FilterTest, slot);
          this.patch(test, loop, true);
        }
        if (expr.transform !== undefined) {
          this.compile(expr.transform, inner, depth + 1);
          this.emit(Op.MapCheck, slot);
        } else {
          this.emit(Op.LoadSlot, slot);
        }
        this.emit(Op.Jump, loop);
        this.patch(next, this.here, true);
        this.emit(Op.IterCollect, slot);
        this.patch(init, this.here, true);
        return;
      }
    }
  }
}

/** Identity of a literal map key under CEL equality, or undefined when it is no valid key. */
function keyIdentity(value: Extract<Expr, { type: 'literal' }>['value']): string | undefined {
  switch (value.kind) {
    case 'string':
      return `s${value.value}`;
    case 'bool':
      return value.value ? 'b1' : 'b0';
    case 'int':
    case 'uint':
      return `n${value.value}`;
    default:
      return undefined;
  }
}
