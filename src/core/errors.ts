/**
 * Base class of every error Bulwark raises on purpose. `code` is the stable
 * contract callers switch on; messages may change between releases.
 */
export class BulwarkError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configured limit (input size, nesting depth, table size) was exceeded. */
export class LimitError extends BulwarkError {
  constructor(code: 'ERR_INPUT_TOO_LARGE' | 'ERR_DEPTH_LIMIT' | 'ERR_TABLE_LIMIT' | 'ERR_RESULT_LIMIT', message: string) {
    super(code, message);
  }
}

/** The WASM core trapped or returned an unexpected status. */
export class CoreError extends BulwarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CORE', message, options);
  }
}
