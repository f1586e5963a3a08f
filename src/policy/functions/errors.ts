// Errors of the rule-language helper functions. Messages name the function and
// the form it expects; they never echo the argument, which may be a secret.

import { BulwarkError } from '../../core/errors.js';

/** The forms each helper accepts, shared by the TypeScript and WASM paths so both raise the same message. */
export const EXPECTED_FORM = {
  cidrRange: 'the range (first argument) as an IP address or CIDR range such as 10.0.0.0/8, fd00::/8 or *',
  cidrTarget: 'the second argument as an IP address or CIDR range such as 10.1.2.3 or 2001:db8::/32',
  ipAddress: 'an IP address or CIDR range such as 10.1.2.3 or fd00::/8',
  bool: 'yes, no, on, off, true, false, 1 or 0',
  duration: 'a duration such as 30, 30s, 15m, 1h30m, 2d or 1w (units ms, s, m, h, d, w)',
  durationRange: 'a duration under 2^63 milliseconds (about 292 million years)',
  size: 'a size such as 512, 64k, 512M, 1G, 1GB or 1MiB (1024-based units B, K, M, G, T, P, E)',
  sizeRange: 'a size under 2^63 bytes (8 EiB)',
} as const;

/** A helper was given an argument it cannot read (`toBool("maybe")`). */
export class FunctionArgumentError extends BulwarkError {
  /** The helper that rejected the argument, e.g. `seconds`. */
  readonly functionName: string;

  constructor(functionName: string, expected: string) {
    super('ERR_INVALID_ARGUMENT', `${functionName}: invalid argument; expected ${expected}`);
    this.functionName = functionName;
  }
}
