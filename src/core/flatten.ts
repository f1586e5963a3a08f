// Host side of the WASM tokenizers (assembly/flatten): copies a document into
// core memory, runs the tokenizer for its format and reports the outcome with
// a stable error code. The node table stays in core memory; `viewCoreTape`
// reads it in place and `copyCoreTape` copies it out.

import type { Dialect } from '../policy/rule.js';
import { DialectCode, NodeFlag, ROW_WORDS, STATUS_REASON, Status } from './abi.js';
import { Tape } from './tape.js';
import type { CoreInstance } from './wasm.js';

/** Formats tokenized by the core (YAML and TOML are parsed on the host). */
export type FlattenFormat = 'json' | 'env' | 'ini' | 'properties' | 'directives';

export const FLATTEN_FORMATS: readonly FlattenFormat[] = ['json', 'env', 'ini', 'properties', 'directives'];

/** Why a document could not be flattened, and where (1-based line, UTF-16 column). */
export interface FlattenFailure {
  ok: false;
  /** Stable code: ERR_SYNTAX, ERR_INVALID_UTF8, ERR_DEPTH_LIMIT, ERR_TABLE_LIMIT, ERR_INPUT_TOO_LARGE, ERR_OUT_OF_MEMORY. */
  code: string;
  reason: string;
  /** The core's status number (assembly/errors.ts), finer than `code`. */
  status: number;
  /** Byte offset into the document. */
  offset: number;
  line: number;
  column: number;
}

export type FlattenOutcome = { ok: true; count: number } | FlattenFailure;

/** Maps a core status to the stable error code callers switch on. */
export function flattenErrorCode(status: number): string {
  switch (status) {
    case Status.InputTooLarge:
      return 'ERR_INPUT_TOO_LARGE';
    case Status.DepthLimit:
      return 'ERR_DEPTH_LIMIT';
    case Status.TableLimit:
      return 'ERR_TABLE_LIMIT';
    case Status.OutOfMemory:
      return 'ERR_OUT_OF_MEMORY';
    case Status.InvalidUtf8:
      return 'ERR_INVALID_UTF8';
    default:
      return 'ERR_SYNTAX';
  }
}

export function flattenFailure(status: number, offset: number, line: number, column: number): FlattenFailure {
  return {
    ok: false,
    code: flattenErrorCode(status),
    reason: STATUS_REASON[status] ?? `status ${status}`,
    status,
    offset,
    line,
    column,
  };
}

/**
 * Flattens `bytes` in the core. The document must not start with a BOM (the
 * caller strips it). The table is valid until the next call into `core`.
 */
export function flattenInCore(core: CoreInstance, format: FlattenFormat, bytes: Uint8Array, dialect: Dialect = 'generic'): FlattenOutcome {
  const e = core.exports;

  // The size limit is checked before anything is copied.
  if (e.input_check(bytes.length) !== Status.Ok) return flattenFailure(Status.InputTooLarge, 0, 1, 1);
  const ptr = e.input_reserve(bytes.length) >>> 0;
  if (ptr === 0) return flattenFailure(Status.OutOfMemory, 0, 1, 1);
  core.bytes().set(bytes, ptr);

  const status = core.call(`${format} document`, () => run(core, format, bytes.length, dialect));
  if (status !== Status.Ok) {
    return flattenFailure(status, e.error_offset() >>> 0, e.error_line() >>> 0, e.error_column() >>> 0);
  }

  const count = e.tape_count() >>> 0;
  if (format === 'json') resolveDeferredNumbers(core, count);
  return { ok: true, count };
}

function run(core: CoreInstance, format: FlattenFormat, length: number, dialect: Dialect): number {
  const e = core.exports as unknown as Record<string, (...args: number[]) => number>;
  switch (format) {
    case 'json':
      return e.flatten_json(length);
    case 'env':
      return e.flatten_env(length);
    case 'ini':
      return e.flatten_ini(length);
    case 'properties':
      return e.flatten_properties(length);
    case 'directives':
      return e.flatten_directives(length, DialectCode[dialect]);
  }
}

const ascii = new TextDecoder();

/** Converts the numbers the core left to the host (NodeFlag.DeferredNumber). */
function resolveDeferredNumbers(core: CoreInstance, count: number): void {
  const e = core.exports as unknown as Record<string, () => number>;
  let pending = e.flatten_deferred_count() >>> 0;
  if (pending === 0) return;

  const buffer = core.exports.memory.buffer;
  const tapePtr = core.exports.tape_ptr() >>> 0;
  const docPtr = core.exports.document_ptr() >>> 0;
  const words = new Uint32Array(buffer, tapePtr, count * ROW_WORDS);
  const numbers = new Float64Array(buffer, tapePtr, (count * ROW_WORDS) / 2);
  const bytes = new Uint8Array(buffer);
  const flagBit = NodeFlag.DeferredNumber << 8;
  for (let i = 0; i < count && pending > 0; i++) {
    const base = i * ROW_WORDS;
    if ((words[base] & flagBit) === 0) continue;
    const offset = docPtr + words[base + 6];
    const text = ascii.decode(bytes.subarray(offset, offset + words[base + 7]));
    numbers[base / 2 + 5] = Number(text);
    words[base] &= ~flagBit;
    pending--;
  }
}

/** A Tape over the core's memory, without copying: valid until the next core call. */
export function viewCoreTape(core: CoreInstance): Tape {
  const e = core.exports;
  const buffer = e.memory.buffer;
  const count = e.tape_count() >>> 0;
  const docPtr = e.document_ptr() >>> 0;
  const docBytes = (e.document_length() >>> 0) + (e.document_heap_used() >>> 0);
  const bytes = new Uint8Array(buffer, docPtr, docBytes);
  const rows = new Uint32Array(buffer, e.tape_ptr() >>> 0, count * ROW_WORDS);
  return new Tape(bytes, rows, count);
}

/** A Tape copied out of the core's memory. */
export function copyCoreTape(core: CoreInstance): Tape {
  const view = viewCoreTape(core);
  return new Tape(view.bytes.slice(), view.rows.slice(), view.count);
}
