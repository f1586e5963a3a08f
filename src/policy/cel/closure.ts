// The JS back end: compiles a checked expression into a tree of closures.
// Evaluation never throws for data-dependent problems: missing keys, type
// mismatches, overflow and the like are CelError values, which `&&`, `||`,
// `?:` and the comprehension macros absorb exactly as CEL specifies.

import type { ComprehensionExpr, Expr, LiteralExpr, SelectExpr } from './ast.js';
import { CelCompileError } from './errors.js';
import { STRICT_FUNCTIONS, indexValue, noOverload } from './operators.js';
import {
  CelError,
  CelMap,
  CelOptional,
  CelUint,
  NodeRef,
  fieldKey,
  isList,
  isMap,
  listValues,
  mapGet,
  mapKeys,
  nodeMemberIndex,
  nodeValue,
  toCelValue,
  type CelMapKey,
  type CelValue,
  type FieldKey,
} from './values.js';

/** Values of the variables an expression reads. Host values are converted with `toCelValue`. */
export interface Activation {
  /** The matched node. */
  self?: NodeRef | CelValue;
  /** The document root. */
  root?: NodeRef | CelValue;
  /** The parent of the matched node, or null at the root. */
  parent?: NodeRef | null;
  /** The key of the matched node: a string, an array index, or null at the root. */
  key?: string | number | bigint | null;
  /** The path of the matched node, e.g. `spec.containers[0].image`. */
  path?: string;
  /** The file being checked. */
  file?: FileInfo;
  /** Further variables, e.g. the attributes of an access-control request. */
  [name: string]: unknown;
}

export interface FileInfo {
  name: string;
  path: string;
  format: string;
  dialect?: string;
}

/** A compiled expression. */
export type Program = (activation: Activation) => CelValue;

/** Per-evaluation state: the variables the expression reads and the comprehension variables. */
interface Frame {
  variables: CelValue[];
  slots: CelValue[];
}

type Evaluator = (frame: Frame) => CelValue;

/** Compiles an expression (validated by `validateExpression`) into a reusable closure. */
export function compileClosure(expr: Expr): Program {
  const compiler = new ClosureCompiler();
  const evaluate = compiler.compile(expr, new Map());
  const names = compiler.variableNames;
  const slotCount = compiler.slotCount;

  return (activation) => {
    const variables = new Array<CelValue>(names.length);
    for (let i = 0; i < names.length; i++) {
      const host = activation[names[i]];
      variables[i] = host === undefined ? new CelError('unbound_variable', `variable \`${names[i]}\` is not bound`) : toCelValue(host);
    }
    try {
      return evaluate({ variables, slots: new Array<CelValue>(slotCount) });
    } catch (error) {
      // Deep data can exhaust the JS stack in equality or conversion; report it as a value.
      if (error instanceof RangeError) return new CelError('internal', `evaluation failed: ${error.message}`);
      throw error;
    }
  };
}

/** Rule outcome of an evaluation result: only `true` passes and only `false` fails. */
export type Outcome = 'pass' | 'fail' | { error: string; message: string };

export function evaluateToOutcome(result: CelValue): Outcome {
  if (result === true) return 'pass';
  if (result === false) return 'fail';
  if (result instanceof CelError) return { error: result.code, message: result.message };
  return { error: 'not_bool', message: 'the expression did not evaluate to a bool' };
}

class ClosureCompiler {
  readonly variableNames: string[] = [];
  slotCount = 0;

  compile(expr: Expr, scope: ReadonlyMap<string, number>): Evaluator {
    switch (expr.type) {
      case 'literal':
        return this.literal(expr);
      case 'ident':
        return this.ident(expr.name, scope);
      case 'select':
        return this.select(expr, scope);
      case 'list': {
        const elements = expr.elements.map((e) => this.compile(e, scope));
        return (frame) => {
          const out: CelValue[] = new Array(elements.length);
          for (let i = 0; i < elements.length; i++) {
            const value = elements[i](frame);
            if (value instanceof CelError) return value;
            out[i] = value;
          }
          return out;
        };
      }
      case 'map':
        return this.mapLiteral(expr, scope);
      case 'comprehension':
        return this.comprehension(expr, scope);
      case 'call':
        return this.call(expr, scope);
    }
  }

  private literal(expr: LiteralExpr): Evaluator {
    const literal = expr.value;
    let value: CelValue;
    switch (literal.kind) {
      case 'null':
        value = null;
        break;
      case 'uint':
        value = new CelUint(literal.value);
        break;
      case 'bytes':
        throw new CelCompileError('bytes literals are not supported; use a string', expr.pos);
      default:
        value = literal.value;
    }
    return () => value;
  }

  private ident(name: string, scope: ReadonlyMap<string, number>): Evaluator {
    const slot = scope.get(name);
    if (slot !== undefined) return (frame) => frame.slots[slot];
    let index = this.variableNames.indexOf(name);
    if (index < 0) index = this.variableNames.push(name) - 1;
    return (frame) => frame.variables[index];
  }

  private select(expr: SelectExpr, scope: ReadonlyMap<string, number>): Evaluator {
    const operand = this.compile(expr.operand, scope);
    const key = fieldKey(expr.field);
    if (expr.testOnly) {
      return (frame) => {
        const value = operand(frame);
        if (value instanceof CelError) return value;
        return isMap(value) && lookupField(value, key) !== undefined;
      };
    }
    if (expr.optional) return (frame) => optionalSelect(operand(frame), key);
    return (frame) => selectField(operand(frame), key);
  }

  private mapLiteral(expr: Extract<Expr, { type: 'map' }>, scope: ReadonlyMap<string, number>): Evaluator {
    const entries = expr.entries.map((entry) => [this.compile(entry.key, scope), this.compile(entry.value, scope)] as const);
    return (frame) => {
      const map = new CelMap();
      for (const [keyOf, valueOf] of entries) {
        const key = keyOf(frame);
        if (key instanceof CelError) return key;
        const value = valueOf(frame);
        if (value instanceof CelError) return value;
        if (!(typeof key === 'string' || typeof key === 'bigint' || typeof key === 'boolean' || key instanceof CelUint)) {
          return new CelError('invalid_argument', `a map key must be a string, int, uint or bool, not ${key === null ? 'null' : typeof key === 'number' ? 'double' : 'a container'}`);
        }
        if (!map.set(key as CelMapKey, value)) return new CelError('duplicate_key', 'map literal has a repeated key');
      }
      return map;
    };
  }

  private comprehension(expr: ComprehensionExpr, scope: ReadonlyMap<string, number>): Evaluator {
    const range = this.compile(expr.range, scope);
    const slot = this.slotCount++;
    const inner = new Map(scope);
    inner.set(expr.iterVar, slot);
    const predicate = expr.predicate === undefined ? undefined : this.compile(expr.predicate, inner);
    const transform = expr.transform === undefined ? undefined : this.compile(expr.transform, inner);
    const macro = expr.macro;

    return (frame) => {
      const items = iterationItems(range(frame), macro);
      if (items instanceof CelError) return items;
      const slots = frame.slots;

      switch (macro) {
        case 'all':
        case 'exists': {
          // all: accu && p(x), stopping at false; exists: accu || p(x), stopping at true.
          const decisive = macro === 'exists';
          let accu: CelValue = !decisive;
          for (const item of items) {
            slots[slot] = item;
            accu = logical(accu, predicate!(frame), decisive, macro);
            if (accu === decisive) return accu;
          }
          return accu;
        }
        case 'exists_one': {
          let count = 0;
          for (const item of items) {
            slots[slot] = item;
            const test = predicate!(frame);
            if (test instanceof CelError) return test;
            if (typeof test !== 'boolean') return noOverload('exists_one', [test]);
            if (test) count++;
          }
          return count === 1;
        }
        case 'map':
        case 'filter': {
          const out: CelValue[] = [];
          for (const item of items) {
            slots[slot] = item;
            if (predicate !== undefined) {
              const test = predicate(frame);
              if (test instanceof CelError) return test;
              if (typeof test !== 'boolean') return noOverload(macro, [test]);
              if (!test) continue;
            }
            if (transform === undefined) {
              out.push(item);
              continue;
            }
            const value = transform(frame);
            if (value instanceof CelError) return value;
            out.push(value);
          }
          return out;
        }
      }
    };
  }

  private call(expr: Extract<Expr, { type: 'call' }>, scope: ReadonlyMap<string, number>): Evaluator {
    const fn = expr.function;
    const operands = (expr.target === undefined ? expr.args : [expr.target, ...expr.args]).map((e) => this.compile(e, scope));

    switch (fn) {
      case '_&&_':
      case '_||_': {
        const [left, right] = operands;
        const decisive = fn === '_||_';
        return (frame) => {
          const a = left(frame);
          if (a === decisive) return a;
          return logical(a, right(frame), decisive, fn);
        };
      }
      case '_?_:_': {
        const [condition, whenTrue, whenFalse] = operands;
        return (frame) => {
          const c = condition(frame);
          if (c === true) return whenTrue(frame);
          if (c === false) return whenFalse(frame);
          return c instanceof CelError ? c : noOverload('_?_:_', [c]);
        };
      }
      case '_[_]':
      case '_[?_]': {
        const [container, index] = operands;
        const optional = fn === '_[?_]';
        return (frame) => {
          const c = container(frame);
          if (c instanceof CelError) return c;
          const i = index(frame);
          if (i instanceof CelError) return i;
          return indexValue(c, i, optional);
        };
      }
      case 'orValue':
      case 'or': {
        // Like cel-go, the alternative is evaluated only when the optional is empty.
        if (expr.target === undefined || operands.length !== 2) break;
        const [target, alternative] = operands;
        return (frame) => {
          const o = target(frame);
          if (o instanceof CelError) return o;
          if (!(o instanceof CelOptional)) return noOverload(fn, [o]);
          if (o.hasValue) return fn === 'orValue' ? o.value! : o;
          const other = alternative(frame);
          if (fn === 'or' && !(other instanceof CelOptional) && !(other instanceof CelError)) return noOverload(fn, [o, other]);
          return other;
        };
      }
    }

    const implementation = STRICT_FUNCTIONS.get(fn);
    if (implementation === undefined) throw new CelCompileError(`unknown function \`${fn}\``, expr.pos);

    switch (operands.length) {
      case 0:
        return () => implementation([]);
      case 1: {
        const [a] = operands;
        return (frame) => {
          const x = a(frame);
          return x instanceof CelError ? x : implementation([x]);
        };
      }
      case 2: {
        const [a, b] = operands;
        return (frame) => {
          const x = a(frame);
          if (x instanceof CelError) return x;
          const y = b(frame);
          return y instanceof CelError ? y : implementation([x, y]);
        };
      }
      default:
        return (frame) => {
          const values: CelValue[] = new Array(operands.length);
          for (let i = 0; i < operands.length; i++) {
            const value = operands[i](frame);
            if (value instanceof CelError) return value;
            values[i] = value;
          }
          return implementation(values);
        };
    }
  }
}

/**
 * One step of CEL `&&` (decisive = false) or `||` (decisive = true): the
 * decisive value wins over errors on either side; otherwise an error (or a
 * non-bool operand) is the result.
 */
function logical(a: CelValue, b: CelValue, decisive: boolean, fn: string): CelValue {
  if (a === decisive || b === decisive) return decisive;
  if (a === !decisive && b === !decisive) return !decisive;
  if (a instanceof CelError) return a;
  if (typeof a !== 'boolean') return noOverload(fn, [a, b]);
  if (b instanceof CelError) return b;
  return noOverload(fn, [a, b]);
}

function iterationItems(range: CelValue, macro: string): readonly CelValue[] | CelError {
  if (range instanceof CelError) return range;
  if (isList(range)) return listValues(range);
  if (isMap(range)) return mapKeys(range);
  return noOverload(macro, [range]);
}

/** The value of a field of a map, or undefined when absent. */
function lookupField(map: CelMap | NodeRef, key: FieldKey): CelValue | undefined {
  if (map instanceof NodeRef) {
    const member = nodeMemberIndex(map, key);
    return member < 0 ? undefined : nodeValue(map.tape, member);
  }
  return mapGet(map, key.name);
}

function selectField(value: CelValue, key: FieldKey): CelValue {
  if (value instanceof CelError) return value;
  if (value instanceof CelOptional) {
    if (!value.hasValue) return value;
    const inner = selectField(value.value!, key);
    return inner instanceof CelError || inner instanceof CelOptional ? inner : CelOptional.of(inner);
  }
  if (isMap(value)) {
    const found = lookupField(value, key);
    return found === undefined ? new CelError('no_such_key', `no such key: '${key.name}'`) : found;
  }
  return new CelError('no_such_key', `no such key: '${key.name}' (the value is not a map)`);
}

function optionalSelect(value: CelValue, key: FieldKey): CelValue {
  if (value instanceof CelError) return value;
  if (value instanceof CelOptional) {
    if (!value.hasValue) return value;
    return optionalSelect(value.value!, key);
  }
  if (!isMap(value)) return CelOptional.NONE;
  const found = lookupField(value, key);
  return found === undefined ? CelOptional.NONE : CelOptional.of(found);
}
