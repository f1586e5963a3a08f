// Abstract syntax of the rule language, a subset of CEL. Operator and function
// names follow the CEL specification (`_+_`, `_==_`, `_&&_`, `!_`, `-_`,
// `_?_:_`, `_[_]`, `@in`), so the tree reads like cel-spec's. Macros
// (`has`, `all`, `exists`, `exists_one`, `map`, `filter`) are expanded by the
// parser into `select` with `testOnly` and into `comprehension` nodes.
//
// One parser produces this tree; two back ends consume it: JS closures
// (src/policy/cel/closure) and bytecode for the WASM VM (src/policy/bytecode).

/** Where a node starts in the expression text (1-based line and column). */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

export type LiteralValue =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'uint'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bytes'; value: Uint8Array };

interface NodeBase {
  /** Unique within one parsed expression, in creation order. */
  id: number;
  pos: Position;
}

export interface LiteralExpr extends NodeBase {
  type: 'literal';
  value: LiteralValue;
}

export interface IdentExpr extends NodeBase {
  type: 'ident';
  name: string;
}

/** `operand.field`, `has(operand.field)` (testOnly), `operand.?field` (optional). */
export interface SelectExpr extends NodeBase {
  type: 'select';
  operand: Expr;
  field: string;
  testOnly: boolean;
  optional: boolean;
}

/** A function or operator call; `target` is set for receiver style `a.f(b)`. */
export interface CallExpr extends NodeBase {
  type: 'call';
  function: string;
  target?: Expr;
  args: Expr[];
}

export interface ListExpr extends NodeBase {
  type: 'list';
  elements: Expr[];
}

export interface MapExpr extends NodeBase {
  type: 'map';
  entries: { key: Expr; value: Expr }[];
}

/** An expanded macro: `range.all(x, p)`, `range.exists(x, p)`, `range.map(x, [p,] t)`, ... */
export interface ComprehensionExpr extends NodeBase {
  type: 'comprehension';
  macro: 'all' | 'exists' | 'exists_one' | 'map' | 'filter';
  iterVar: string;
  range: Expr;
  /** The predicate for all/exists/exists_one/filter, the optional filter for map. */
  predicate?: Expr;
  /** The transform of map. */
  transform?: Expr;
}

export type Expr = LiteralExpr | IdentExpr | SelectExpr | CallExpr | ListExpr | MapExpr | ComprehensionExpr;

/** Variables every rule expression can use; see docs/rule-language.md. */
export const RULE_VARIABLES = ['self', 'root', 'parent', 'key', 'path', 'file'] as const;
export type RuleVariable = (typeof RULE_VARIABLES)[number];
