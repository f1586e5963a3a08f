import { BulwarkError } from '../core/errors.js';

/** The command line is invalid: unknown command or option, bad value, missing argument. */
export class UsageError extends BulwarkError {
  /** Command whose help the message points to, or undefined for the top level. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super('ERR_USAGE', message);
    this.command = command;
  }
}

/** The report could not be written to the `--output` file. */
export class OutputError extends BulwarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_OUTPUT', message, options);
  }
}
