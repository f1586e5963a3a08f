// Copies a host-built node table (YAML, TOML, tests) into the WASM core, so
// the core's matchers and rule VM run over it as over a table it flattened
// itself.

import { ROW_BYTES } from './abi.js';
import { LimitError } from './errors.js';
import type { Tape } from './tape.js';
import type { CoreInstance } from './wasm.js';

/**
 * Copies `tape` into `core`: the whole document buffer (source bytes and
 * decoded strings) becomes the core's document, and the rows its node table.
 * Raises LimitError when the buffer or the table is over the core's limits.
 */
export function loadTapeIntoCore(core: CoreInstance, tape: Tape): void {
  const exports = core.exports;
  const length = tape.bytes.length;

  // 1. The document buffer; offsets in the rows point into it unchanged. A
  // host-built buffer holds the source plus every decoded key and string, so
  // it may be larger than the source that passed the input limit: the core's
  // input limit is lifted for this copy only.
  const documentPtr = reserveDocument(core, length);
  if (documentPtr === 0) throw new LimitError('ERR_INPUT_TOO_LARGE', `could not reserve ${length} bytes for the document in the WASM core`);
  core.bytes().set(tape.bytes, documentPtr);

  // 2. The rows. Reserving may grow memory, so views are taken after it.
  if (tape.count > core.limits.maxNodes) {
    throw new LimitError('ERR_TABLE_LIMIT', `node table of ${tape.count} rows is over the ${core.limits.maxNodes}-row limit; raise it with --max-nodes (maxNodes in the library)`);
  }
  const tablePtr = exports.tape_reserve(tape.count) >>> 0;
  if (tablePtr === 0 && tape.count > 0) throw new LimitError('ERR_TABLE_LIMIT', `could not reserve ${tape.count} rows in the WASM core`);
  const rowBytes = new Uint8Array(tape.rows.buffer, tape.rows.byteOffset, tape.count * ROW_BYTES);
  core.bytes().set(rowBytes, tablePtr);
  exports.tape_commit(tape.count);
}

function reserveDocument(core: CoreInstance, length: number): number {
  const exports = core.exports;
  if (length <= core.limits.maxInputBytes) return exports.input_reserve(length) >>> 0;
  exports.set_max_input_bytes(length);
  try {
    return exports.input_reserve(length) >>> 0;
  } finally {
    exports.set_max_input_bytes(core.limits.maxInputBytes);
  }
}
