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

/** Why a file or document could not be parsed, with where. */
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
}
