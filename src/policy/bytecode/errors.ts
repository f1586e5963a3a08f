// Errors of the bytecode back end: a construct the WASM VM cannot run, or a
// program too large for the image format.

import { BulwarkError } from '../../core/errors.js';

/** Location of a problem: the rule, the rule field, and a 1-based position in the expression. */
export interface BytecodeLocation {
  rule?: string;
  field?: string;
  line: number;
  column: number;
}

/** Code `ERR_BYTECODE_COMPILE`. The message names the rule, field, line and column. */
export class BytecodeCompileError extends BulwarkError {
  readonly rule?: string;
  readonly field?: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(reason: string, at: BytecodeLocation) {
    const where = [at.rule === undefined ? undefined : `rule ${at.rule}`, at.field, `line ${at.line} column ${at.column}`].filter((part) => part !== undefined).join(', ');
    super('ERR_BYTECODE_COMPILE', `${where}: ${reason}`);
    this.rule = at.rule;
    this.field = at.field;
    this.line = at.line;
    this.column = at.column;
    this.reason = reason;
  }
}
