// Static validation of a parsed expression: every identifier is a declared
// variable or an in-scope comprehension variable, every call names a function
// of the rule language with an accepted argument count, and no CEL feature
// outside the subset (bytes, type(), dyn(), timestamps, durations) is used.

import type { Expr } from './ast.js';
import { CelCompileError, type ExpressionSource } from './errors.js';
import { FUNCTIONS, MACROS, UNSUPPORTED_FUNCTIONS, describeShapes, lookupFunction } from './functions.js';

/** Type names that CEL lets an expression use as values; the rule language has no type values. */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

/** Throws CelCompileError at the first construct the rule language cannot run. */
export function validateExpression(expr: Expr, variables: readonly string[], source?: ExpressionSource): void {
  new Checker(new Set(variables), source).check(expr, []);
}

class Checker {
  constructor(
    private readonly variables: ReadonlySet<string>,
    private readonly source?: ExpressionSource,
  ) {}

  check(expr: Expr, scope: readonly string[]): void {
    switch (expr.type) {
      case 'literal':
        if (expr.value.kind === 'bytes') this.fail(expr, 'bytes literals are not supported; use a string');
        return;
      case 'ident':
        this.checkIdent(expr, scope);
        return;
      case 'select':
        this.check(expr.operand, scope);
        return;
      case 'list':
        for (const element of expr.elements) this.check(element, scope);
        return;
      case 'map':
        for (const entry of expr.entries) {
          this.check(entry.key, scope);
          this.check(entry.value, scope);
        }
        return;
      case 'comprehension': {
        this.check(expr.range, scope);
        const inner = [...scope, expr.iterVar];
        if (expr.predicate !== undefined) this.check(expr.predicate, inner);
        if (expr.transform !== undefined) this.check(expr.transform, inner);
        return;
      }
      case 'call':
        this.checkCall(expr, scope);
        return;
    }
  }

  private checkIdent(expr: Extract<Expr, { type: 'ident' }>, scope: readonly string[]): void {
    const name = expr.name;
    if (scope.includes(name) || this.variables.has(name)) return;
    if (TYPE_NAMES.has(name)) this.fail(expr, `type names such as \`${name}\` cannot be used as values`);
    const known = [...this.variables, ...scope].map((v) => `\`${v}\``).join(', ');
    this.fail(expr, `unknown identifier \`${name}\`; the variables here are ${known || 'none'}`);
  }

  private checkCall(expr: Extract<Expr, { type: 'call' }>, scope: readonly string[]): void {
    const receiverStyle = expr.target !== undefined;
    const name = expr.function;

    const unsupported = UNSUPPORTED_FUNCTIONS.get(name);
    if (unsupported !== undefined) this.fail(expr, unsupported);

    if (lookupFunction(name, receiverStyle, expr.args.length) === undefined) {
      const macro = MACROS.get(name);
      if (macro !== undefined) this.fail(expr, `${name} is a macro written as ${macro}`);
      const spec = FUNCTIONS.get(name);
      if (spec === undefined) this.fail(expr, `unknown function \`${name}\``);
      const count = expr.args.length;
      this.fail(expr, `\`${name}\` cannot be called ${receiverStyle ? 'as a method ' : ''}with ${count} argument${count === 1 ? '' : 's'}; write ${describeShapes(spec)}`);
    }

    if (expr.target !== undefined) this.check(expr.target, scope);
    for (const arg of expr.args) this.check(arg, scope);
  }

  private fail(expr: Expr, reason: string): never {
    throw new CelCompileError(reason, { line: expr.pos.line, column: expr.pos.column }, this.source);
  }
}
