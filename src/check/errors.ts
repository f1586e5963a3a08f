import { BulwarkError } from '../core/errors.js';

/**
 * A rule file or pack manifest is malformed. The message names the file, the
 * rule id when known, the line, and what to change.
 */
export class RulePackError extends BulwarkError {
  readonly file: string;
  readonly ruleId: string | undefined;
  readonly line: number;

  constructor(file: string, ruleId: string | undefined, line: number, reason: string) {
    const at = line > 0 ? `${file}:${line}` : file;
    const where = ruleId ? `${at}: rule ${ruleId}` : at;
    super('ERR_RULE_PACK', `${where}: ${reason}`);
    this.file = file;
    this.ruleId = ruleId;
    this.line = line;
  }
}

/** Several rule-pack errors found in one load, reported together. */
export class RulePackErrors extends BulwarkError {
  readonly errors: RulePackError[];

  constructor(errors: RulePackError[]) {
    const shown = errors.slice(0, 20).map((e) => `  ${e.message}`).join('\n');
    const more = errors.length > 20 ? `\n  ... and ${errors.length - 20} more` : '';
    super('ERR_RULE_PACK', `rule pack has ${errors.length} error(s):\n${shown}${more}`);
    this.errors = errors;
  }
}
