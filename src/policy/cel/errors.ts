// Errors of the rule-language front end. Both classes carry where the problem
// is: the rule and field (when the caller said), and the 1-based line and
// column within the expression text, plus the same place within the rule file
// when the caller said where the expression starts there.

import { BulwarkError } from '../../core/errors.js';

/** Where an expression comes from; every field is optional. */
export interface ExpressionSource {
  /** Rule id, e.g. `BWK-K8S-001`. */
  rule?: string;
  /** Rule field holding the expression, e.g. `assert` or `applies_to.when`. */
  field?: string;
  /** 1-based line in the rule file where the expression text starts. */
  line?: number;
  /** 1-based column in the rule file where the expression text starts. */
  column?: number;
}

/** A position in the expression text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Base of the two front-end errors: a message prefixed with where it happened. */
export abstract class CelSourceError extends BulwarkError {
  readonly rule?: string;
  readonly field?: string;
  /** 1-based line within the expression text. */
  readonly line: number;
  /** 1-based column (in code points) within the expression text. */
  readonly column: number;
  /** Line within the rule file, when `source.line` was given. */
  readonly fileLine?: number;
  /** Column within the rule file, when `source.line` and `source.column` were given. */
  readonly fileColumn?: number;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(code: string, reason: string, at: TextPosition, source: ExpressionSource = {}) {
    const fileLine = source.line === undefined ? undefined : source.line + at.line - 1;
    // Only the first expression line shares its columns with the file line; later
    // lines of a block scalar start at the file's column 1 as far as we know.
    const fileColumn = source.line === undefined || source.column === undefined ? undefined : at.line === 1 ? source.column + at.column - 1 : at.column;
    super(code, `${describeLocation(at, source, fileLine, fileColumn)}: ${reason}`);
    this.rule = source.rule;
    this.field = source.field;
    this.line = at.line;
    this.column = at.column;
    this.fileLine = fileLine;
    this.fileColumn = fileColumn;
    this.reason = reason;
  }
}

/** The expression text is not valid rule-language syntax. Code `ERR_CEL_SYNTAX`. */
export class CelSyntaxError extends CelSourceError {
  constructor(reason: string, at: TextPosition, source?: ExpressionSource) {
    super('ERR_CEL_SYNTAX', reason, at, source);
  }
}

/**
 * The expression parses but uses something the rule language does not have:
 * an unknown function or variable, a wrong argument count, or a CEL feature
 * outside the supported subset. Code `ERR_CEL_COMPILE`.
 */
export class CelCompileError extends CelSourceError {
  constructor(reason: string, at: TextPosition, source?: ExpressionSource) {
    super('ERR_CEL_COMPILE', reason, at, source);
  }
}

function describeLocation(at: TextPosition, source: ExpressionSource, fileLine?: number, fileColumn?: number): string {
  const parts: string[] = [];
  if (source.rule !== undefined) parts.push(`rule ${source.rule}`);
  if (source.field !== undefined) parts.push(source.field);
  let where = `line ${at.line} column ${at.column}`;
  if (fileLine !== undefined) {
    where += fileColumn === undefined ? ` (file line ${fileLine})` : ` (file line ${fileLine} column ${fileColumn})`;
  }
  parts.push(where);
  return parts.join(', ');
}
