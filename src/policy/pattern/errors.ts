// Errors raised while parsing and compiling path patterns.

import { BulwarkError } from '../../core/errors.js';

/** A pattern does not follow the path-pattern syntax. */
export class PatternSyntaxError extends BulwarkError {
  /** The pattern text as written in the rule. */
  readonly pattern: string;
  /** 1-based column of the offending character, in UTF-16 code units. */
  readonly column: number;

  constructor(pattern: string, column: number, reason: string) {
    super('ERR_PATTERN_SYNTAX', `pattern ${JSON.stringify(pattern)}, column ${column}: ${reason}`);
    this.pattern = pattern;
    this.column = column;
  }
}

/** A set of patterns compiles to an automaton over the configured size limit. */
export class PatternLimitError extends BulwarkError {
  constructor(message: string) {
    super('ERR_PATTERN_LIMIT', message);
  }
}
