// Errors of the regular-expression engine. A syntax error carries the 1-based
// column (in UTF-16 code units, the unit JS strings and SARIF use) of the
// pattern character at fault. Messages quote the construct, not the input.

import { BulwarkError } from '../../core/errors.js';

/** The pattern is outside the supported RE2 syntax, or too large to compile. */
export class RegexSyntaxError extends BulwarkError {
  /** 1-based column in the pattern, in UTF-16 code units. */
  readonly column: number;

  constructor(message: string, column: number) {
    super('ERR_REGEX_SYNTAX', `invalid regular expression at column ${column}: ${message}`);
    this.column = column;
  }
}

/** A compiled program (`RegexProgram.words`) is malformed, e.g. truncated or from another version. */
export class RegexProgramError extends BulwarkError {
  constructor(message: string) {
    super('ERR_REGEX_PROGRAM', `invalid compiled regular expression: ${message}; recompile the pattern`);
  }
}
