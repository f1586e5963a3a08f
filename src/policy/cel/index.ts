// Front door of the rule language: parse, validate, compile to JS closures,
// evaluate. The bytecode back end (src/policy/bytecode) shares the parser,
// the checker and the function table.

export type * from './ast.js';
export { RULE_VARIABLES } from './ast.js';
export { CelCompileError, CelSourceError, CelSyntaxError, type ExpressionSource, type TextPosition } from './errors.js';
export { MAX_EXPRESSION_LENGTH } from './lexer.js';
export { MAX_AST_DEPTH, MAX_NESTING_DEPTH, parseExpression } from './parser.js';
export { validateExpression } from './check.js';
export { FUNCTIONS, MACROS, UNSUPPORTED_FUNCTIONS, describeShapes, lookupFunction, type CallShape, type FunctionOrigin, type FunctionSpec } from './functions.js';
export { compileClosure, evaluateToOutcome, type Activation, type FileInfo, type Outcome, type Program } from './closure.js';
export {
  CelError,
  CelMap,
  CelOptional,
  CelUint,
  NodeRef,
  celCompare,
  celEquals,
  nodeValue,
  toCelValue,
  typeName,
  type CelErrorCode,
  type CelList,
  type CelMapKey,
  type CelValue,
} from './values.js';

import type { Expr } from './ast.js';
import { RULE_VARIABLES } from './ast.js';
import { validateExpression } from './check.js';
import { compileClosure, type Program } from './closure.js';
import type { ExpressionSource } from './errors.js';
import { parseExpression } from './parser.js';

/** Parses, validates and compiles an expression over `variables` (the rule variables by default). */
export function compileExpression(text: string, source?: ExpressionSource, variables: readonly string[] = RULE_VARIABLES): { ast: Expr; program: Program } {
  const ast = parseExpression(text, source);
  validateExpression(ast, variables, source);
  return { ast, program: compileClosure(ast) };
}
