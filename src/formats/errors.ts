// Errors of the formats module. They mark calls that break the API contract.
// Bad input is reported as a ParseFailure instead, never as an exception.

import { BulwarkError } from '../core/errors.js';
import type { Format } from '../policy/rule.js';

/** A host parser was requested for a format that the WASM core tokenizes itself. */
export class UnsupportedHostFormatError extends BulwarkError {
  readonly format: Format;

  constructor(file: string, format: Format) {
    super('ERR_UNSUPPORTED_FORMAT', `${file}: the host parses only yaml and toml, not ${format}; flatten ${format} in the core or with flattenReference`);
    this.format = format;
  }
}
