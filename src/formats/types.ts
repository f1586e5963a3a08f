import type { Tape } from '../core/tape.js';
import type { Dialect, Format } from '../policy/rule.js';

/** One document of a parsed file (YAML streams have several). */
export interface ParsedDocument {
  file: string;
  format: Format;
  dialect?: Dialect;
  /** 0-based index within the file. */
  index: number;
  tape: Tape;
}

/** A reason a file or document could not be parsed, with its position. */
export interface ParseFailure {
  file: string;
  format: Format;
  /** Stable error code, e.g. `ERR_SYNTAX`, `ERR_DEPTH_LIMIT`, `ERR_ALIAS_LIMIT`. */
  code: string;
  reason: string;
  line: number;
  column: number;
  /** Document index when the failure is inside one document of a stream. */
  document?: number;
}

export interface ParsedFile {
  file: string;
  format: Format;
  dialect?: Dialect;
  documents: ParsedDocument[];
  failures: ParseFailure[];
  /** Set when detection skipped the file (binary or unknown); `format` is then only a placeholder. */
  skipped?: { skip: 'binary' | 'unknown-format'; reason: string };
}

/** The outcome of format detection: a format to parse with, or why the file is skipped. */
export type Detection =
  | { format: Format; dialect?: Dialect }
  | { skip: 'binary' | 'unknown-format'; reason: string };

/** Stable codes of parse failures; callers switch on these. */
export type ParseFailureCode =
  | 'ERR_SYNTAX'
  | 'ERR_DUPLICATE_KEY'
  | 'ERR_DEPTH_LIMIT'
  | 'ERR_TABLE_LIMIT'
  | 'ERR_ALIAS_LIMIT'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_INVALID_UTF8'
  | 'ERR_INVALID_UTF16';
