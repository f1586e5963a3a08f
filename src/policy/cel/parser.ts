// Recursive-descent parser for the rule language, following the CEL grammar:
//
//   Expr           = ConditionalOr ["?" ConditionalOr ":" Expr]
//   ConditionalOr  = [ConditionalOr "||"] ConditionalAnd
//   ConditionalAnd = [ConditionalAnd "&&"] Relation
//   Relation       = [Relation Relop] Addition
//   Addition       = [Addition ("+" | "-")] Multiplication
//   Multiplication = [Multiplication ("*" | "/" | "%")] Unary
//   Unary          = Member | "!" {"!"} Member | "-" {"-"} Member
//   Member         = Primary | Member "." ["?"] IDENT ["(" [ExprList] ")"]
//                  | Member "[" ["?"] Expr "]"
//   Primary        = IDENT ["(" [ExprList] ")"] | "(" Expr ")"
//                  | "[" [ExprList] [","] "]" | "{" [MapInits] [","] "}" | LITERAL
//
// Macros are expanded here: `has(a.b)` becomes a test-only select, and
// `all`, `exists`, `exists_one`, `map`, `filter` become comprehensions.

import type { CallExpr, ComprehensionExpr, Expr, LiteralValue, Position } from './ast.js';
import { CelCompileError, CelSyntaxError, type ExpressionSource } from './errors.js';
import { LineMap, tokenize, type Token } from './lexer.js';

/** Deepest syntactic nesting (parentheses, lists, maps, calls, ternaries). */
export const MAX_NESTING_DEPTH = 64;
/** Deepest tree after parsing; long flat chains such as `a + b + c ...` count here. */
export const MAX_AST_DEPTH = 256;

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Language keywords: never identifiers, never field names. */
const KEYWORDS = new Set(['true', 'false', 'null', 'in']);
/** Reserved by the CEL specification for embedding; never identifiers. */
const RESERVED = new Set(['as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

const COMPREHENSION_MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
/** Functions called as `optional.NAME(...)`, CEL's optional-types namespace. */
const OPTIONAL_NAMESPACE = new Set(['of', 'none', 'ofNonZeroValue']);

/** An Expr without `id` and `pos`, which node() assigns. */
type ExprBody = Expr extends unknown ? (Expr extends infer E ? (E extends Expr ? Omit<E, 'id' | 'pos'> : never) : never) : never;

const RELATION_OPERATORS: Record<string, string> = {
  '<': '_<_',
  '<=': '_<=_',
  '>': '_>_',
  '>=': '_>=_',
  '==': '_==_',
  '!=': '_!=_',
};
const ADDITION_OPERATORS: Record<string, string> = { '+': '_+_', '-': '_-_' };
const MULTIPLICATION_OPERATORS: Record<string, string> = { '*': '_*_', '/': '_/_', '%': '_%_' };

/** Parses one rule-language expression into its AST, expanding macros. */
export function parseExpression(text: string, source?: ExpressionSource): Expr {
  const lines = new LineMap(text);
  const tokens = tokenize(text, lines, source);
  return new Parser(tokens, lines, source).parseAll();
}

class Parser {
  private index = 0;
  private nextId = 1;
  private nesting = 0;
  private readonly depths = new Map<number, number>();

  constructor(
    private readonly tokens: Token[],
    private readonly lines: LineMap,
    private readonly source?: ExpressionSource,
  ) {}

  parseAll(): Expr {
    if (this.peek().kind === 'eof') this.fail('expected an expression, found the end of the text');
    const expr = this.expr();
    const token = this.peek();
    if (token.kind !== 'eof') this.fail(`unexpected ${describe(token)} after the end of the expression`, token);
    return expr;
  }

  // ---- grammar ----

  private expr(): Expr {
    this.enter();
    const condition = this.conditionalOr();
    let result = condition;
    if (this.isPunct('?')) {
      const question = this.advance();
      const whenTrue = this.conditionalOr();
      this.expectPunct(':', "expected ':' in conditional expression");
      const whenFalse = this.expr();
      result = this.call(question, '_?_:_', [condition, whenTrue, whenFalse]);
    }
    this.nesting--;
    return result;
  }

  private conditionalOr(): Expr {
    return this.logical('||', '_||_', () => this.conditionalAnd());
  }

  private conditionalAnd(): Expr {
    return this.logical('&&', '_&&_', () => this.relation());
  }

  /** Parses a chain of `&&` or `||` and builds a balanced tree, so long chains stay shallow. */
  private logical(op: string, fn: string, operand: () => Expr): Expr {
    const terms = [operand()];
    const ops: Token[] = [];
    while (this.isPunct(op)) {
      ops.push(this.advance());
      terms.push(operand());
    }
    if (ops.length === 0) return terms[0];
    const build = (low: number, high: number): Expr => {
      if (low === high) return terms[low];
      const mid = (low + high + 1) >> 1;
      return this.call(ops[mid - 1], fn, [build(low, mid - 1), build(mid, high)]);
    };
    return build(0, terms.length - 1);
  }

  private relation(): Expr {
    let left = this.addition();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'punct' && RELATION_OPERATORS[token.text] !== undefined) {
        this.advance();
        left = this.call(token, RELATION_OPERATORS[token.text], [left, this.addition()]);
      } else if (token.kind === 'ident' && token.text === 'in') {
        this.advance();
        left = this.call(token, '@in', [left, this.addition()]);
      } else {
        return left;
      }
    }
  }

  private addition(): Expr {
    let left = this.multiplication();
    for (;;) {
      const token = this.peek();
      const fn = token.kind === 'punct' ? ADDITION_OPERATORS[token.text] : undefined;
      if (fn === undefined) return left;
      this.advance();
      left = this.call(token, fn, [left, this.multiplication()]);
    }
  }

  private multiplication(): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const fn = token.kind === 'punct' ? MULTIPLICATION_OPERATORS[token.text] : undefined;
      if (fn === undefined) return left;
      this.advance();
      left = this.call(token, fn, [left, this.unary()]);
    }
  }

  private unary(): Expr {
    const first = this.peek();
    if (!this.isPunct('!') && !this.isPunct('-')) return this.member();

    // A single minus directly before a number is part of the literal, so that
    // -9223372036854775808 is a valid int.
    const following = this.tokens[this.index + 1];
    if (first.text === '-' && (following.kind === 'int' || following.kind === 'double') && !this.isPunctAt(this.index + 2, '.') && !this.isPunctAt(this.index + 2, '[')) {
      this.advance();
      return this.member(true);
    }

    // As in CEL, an even run of `!` or `-` cancels out.
    let count = 0;
    while (this.isPunct(first.text)) {
      this.advance();
      count++;
    }
    const operand = this.member();
    if (count % 2 === 0) return operand;
    return this.call(first, first.text === '!' ? '!_' : '-_', [operand]);
  }

  private member(negate = false): Expr {
    let expr = this.primary(negate);
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.advance();
        const optional = this.isPunct('?');
        if (optional) this.advance();
        const name = this.peek();
        if (name.kind !== 'ident') this.fail(`expected a field or method name after '.', found ${describe(name)}`, name);
        this.advance();
        if (KEYWORDS.has(name.text)) this.fail(`'${name.text}' is a reserved word and cannot be a field name; use ["${name.text}"] instead`, name);
        if (this.isPunct('(')) {
          if (optional) this.fail("'.?' selects a field and cannot call a method", dot);
          const open = this.advance();
          const args = this.argumentList(')', "expected ')' after argument list", open);
          expr = this.receiverCall(name, expr, args);
        } else if (this.isPunct('{') && isQualifiedName(expr)) {
          this.unsupported('message construction (Type{field: value}) is not supported', name);
        } else {
          expr = this.node<Expr>(name, { type: 'select', operand: expr, field: name.text, testOnly: false, optional }, [expr]);
        }
      } else if (this.isPunct('[')) {
        const open = this.advance();
        const optional = this.isPunct('?');
        if (optional) this.advance();
        const index = this.expr();
        this.expectPunct(']', "expected ']' after index expression", open);
        expr = this.call(open, optional ? '_[?_]' : '_[_]', [expr, index]);
      } else {
        return expr;
      }
    }
  }

  private primary(negate: boolean): Expr {
    const token = this.peek();

    if (negate) return this.numberLiteral(this.advance(), true);

    switch (token.kind) {
      case 'int':
      case 'uint':
      case 'double':
        return this.numberLiteral(this.advance(), false);
      case 'string':
        this.advance();
        return this.literal(token, { kind: 'string', value: token.string! });
      case 'bytes':
        this.advance();
        return this.literal(token, { kind: 'bytes', value: token.bytes! });
      case 'ident':
        return this.identOrCall();
      case 'eof':
        this.fail('expected an expression, found the end of the text', token);
      // falls through: fail() never returns
      default:
        break;
    }

    if (this.isPunct('(')) {
      const open = this.advance();
      const inner = this.expr();
      this.expectPunct(')', "expected ')' to close '('", open);
      return inner;
    }
    if (this.isPunct('[')) {
      const open = this.advance();
      if (this.isPunct('?')) this.unsupported('optional list elements ([?x]) are not supported', this.peek());
      const elements = this.argumentList(']', "expected ']' after list elements", open);
      return this.node<Expr>(open, { type: 'list', elements }, elements);
    }
    if (this.isPunct('{')) return this.mapLiteral();
    if (this.isPunct('.')) this.unsupported('leading-dot (root namespace) names are not supported', token);

    this.fail(`unexpected ${describe(token)}; expected an expression`, token);
  }

  private identOrCall(): Expr {
    const token = this.advance();
    const name = token.text;
    if (name === 'true' || name === 'false') return this.literal(token, { kind: 'bool', value: name === 'true' });
    if (name === 'null') return this.literal(token, { kind: 'null' });
    if (KEYWORDS.has(name) || RESERVED.has(name)) this.fail(`'${name}' is a reserved word and cannot be used as a name`, token);

    if (this.isPunct('(')) {
      const open = this.advance();
      const args = this.argumentList(')', "expected ')' after argument list", open);
      return this.globalCall(token, args);
    }
    if (this.isPunct('{')) this.unsupported('message construction (Type{field: value}) is not supported', token);
    return this.node<Expr>(token, { type: 'ident', name }, []);
  }

  private mapLiteral(): Expr {
    const open = this.advance();
    const entries: { key: Expr; value: Expr }[] = [];
    const children: Expr[] = [];
    while (!this.isPunct('}')) {
      if (this.isPunct('?')) this.unsupported('optional map entries ({?k: v}) are not supported', this.peek());
      const key = this.expr();
      this.expectPunct(':', "expected ':' after map key");
      const value = this.expr();
      entries.push({ key, value });
      children.push(key, value);
      if (!this.isPunct(',')) break;
      this.advance();
    }
    this.expectPunct('}', "expected '}' after map entries", open);
    return this.node<Expr>(open, { type: 'map', entries }, children);
  }

  /** Parses `a, b, c` up to `close`, allowing one trailing comma; the opening token is consumed. */
  private argumentList(close: string, message: string, open: Token): Expr[] {
    const args: Expr[] = [];
    while (!this.isPunct(close)) {
      if (this.peek().kind === 'eof') break;
      args.push(this.expr());
      if (!this.isPunct(',')) break;
      this.advance();
    }
    if (!this.isPunct(close)) {
      const token = this.peek();
      this.fail(token.kind === 'eof' ? `${message}; '${open.text}' is never closed` : `${message}, found ${describe(token)}`, token);
    }
    this.advance();
    return args;
  }

  // ---- macros and calls ----

  private globalCall(name: Token, args: Expr[]): Expr {
    if (name.text === 'has' && args.length === 1) {
      const arg = args[0];
      if (arg.type !== 'select' || arg.testOnly || arg.optional) this.fail('has() needs a field selection such as has(self.spec)', name);
      return this.node<Expr>(name, { type: 'select', operand: arg.operand, field: arg.field, testOnly: true, optional: false }, [arg.operand]);
    }
    return this.call(name, name.text, args);
  }

  private receiverCall(name: Token, target: Expr, args: Expr[]): Expr {
    const fn = name.text;

    if (COMPREHENSION_MACROS.has(fn) && (args.length === 2 || (fn === 'map' && args.length === 3))) {
      const iterVar = args[0];
      if (iterVar.type !== 'ident') this.fail(`the first argument of ${fn}() must be a variable name, as in list.${fn}(x, ...)`, name);
      const macro = fn as ComprehensionExpr['macro'];
      const comprehension: Omit<ComprehensionExpr, 'id' | 'pos'> = { type: 'comprehension', macro, iterVar: iterVar.name, range: target };
      if (fn === 'map') {
        if (args.length === 3) comprehension.predicate = args[1];
        comprehension.transform = args[args.length - 1];
      } else {
        comprehension.predicate = args[1];
      }
      return this.node<Expr>(name, comprehension, [target, ...args.slice(1)]);
    }

    if (target.type === 'ident' && target.name === 'optional' && OPTIONAL_NAMESPACE.has(fn)) {
      return this.call(name, `optional.${fn}`, args);
    }
    return this.call(name, fn, args, target);
  }

  // ---- node construction ----

  private call(at: Token, fn: string, args: Expr[], target?: Expr): Expr {
    const body: Omit<CallExpr, 'id' | 'pos'> = target === undefined ? { type: 'call', function: fn, args } : { type: 'call', function: fn, target, args };
    return this.node<Expr>(at, body, target === undefined ? args : [target, ...args]);
  }

  private literal(at: Token, value: LiteralValue): Expr {
    return this.node<Expr>(at, { type: 'literal', value }, []);
  }

  private numberLiteral(token: Token, negative: boolean): Expr {
    if (token.kind === 'double') return this.literal(token, { kind: 'double', value: negative ? -token.double! : token.double! });
    const magnitude = token.int!;
    if (token.kind === 'uint') {
      if (magnitude > UINT64_MAX) this.fail('uint literal is out of range (maximum 18446744073709551615u)', token);
      return this.literal(token, { kind: 'uint', value: magnitude });
    }
    const value = negative ? -magnitude : magnitude;
    if (value > INT64_MAX || value < -INT64_MAX - 1n) this.fail('int literal is out of range for a 64-bit integer', token);
    return this.literal(token, { kind: 'int', value });
  }

  private node<T extends Expr>(at: Token, body: ExprBody, children: Expr[]): T {
    const id = this.nextId++;
    const pos = this.position(at);
    let depth = 1;
    for (const child of children) depth = Math.max(depth, (this.depths.get(child.id) ?? 1) + 1);
    if (depth > MAX_AST_DEPTH) this.fail(`expression nests deeper than the maximum of ${MAX_AST_DEPTH} levels; split it or use a comprehension`, at);
    this.depths.set(id, depth);
    return { id, pos, ...body } as T;
  }

  // ---- tokens ----

  /** Counts one level of syntactic nesting; every nested construct goes through expr(). */
  private enter(): void {
    if (++this.nesting > MAX_NESTING_DEPTH) this.fail(`expression nests deeper than the maximum of ${MAX_NESTING_DEPTH} levels`);
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private advance(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isPunct(text: string): boolean {
    return this.isPunctAt(this.index, text);
  }

  private isPunctAt(index: number, text: string): boolean {
    const token = this.tokens[index];
    return token !== undefined && token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string, message: string, open?: Token): Token {
    if (this.isPunct(text)) return this.advance();
    const token = this.peek();
    if (token.kind === 'eof' && open !== undefined) this.fail(`${message}; '${open.text}' is never closed`, token);
    this.fail(`${message}, found ${describe(token)}`, token);
  }

  private position(token: Token): Position {
    const { line, column } = this.lines.position(token.offset);
    return { offset: token.offset, line, column };
  }

  private fail(reason: string, at: Token = this.peek()): never {
    throw new CelSyntaxError(reason, this.lines.position(at.offset), this.source);
  }

  private unsupported(reason: string, at: Token): never {
    throw new CelCompileError(reason, this.lines.position(at.offset), this.source);
  }
}

function isQualifiedName(expr: Expr): boolean {
  if (expr.type === 'ident') return true;
  return expr.type === 'select' && !expr.optional && !expr.testOnly && isQualifiedName(expr.operand);
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the text';
    case 'ident':
      return `'${token.text}'`;
    case 'punct':
      return `'${token.text}'`;
    case 'string':
    case 'bytes':
      return 'a string literal';
    default:
      return 'a number';
  }
}
