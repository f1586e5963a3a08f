// Numbers shared with the WASM core (assembly/errors.ts, assembly/tape.ts).
// Keep both files in step: the differential tests compare tables row by row.

import type { Dialect } from '../policy/rule.js';

export const ROW_WORDS = 12;
export const ROW_BYTES = ROW_WORDS * 4;
export const NO_PARENT = 0xffffffff;

export const NodeKind = {
  Null: 0,
  Bool: 1,
  Number: 2,
  String: 3,
  Object: 4,
  Array: 5,
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

export const NodeFlag = {
  /** The node is an array element: the key word contains its index. */
  Indexed: 1,
  /** The number was written as an integer literal (CEL int, not double). */
  Int: 2,
  /**
   * Set by the WASM core on a number it could not convert exactly (more than
   * 19 significant digits, or outside Clinger's fast path); the row holds 0.
   * The host wrapper (src/core/flatten.ts) parses the value slice with
   * Number(), stores the result and clears the flag, so no table handed out
   * carries it.
   */
  DeferredNumber: 4,
} as const;

export const Status = {
  Ok: 0,
  InputTooLarge: 1,
  DepthLimit: 2,
  TableLimit: 3,
  OutOfMemory: 4,
  UnexpectedEnd: 10,
  UnexpectedChar: 11,
  InvalidEscape: 12,
  InvalidNumber: 13,
  ControlCharInString: 14,
  InvalidUtf8: 15,
  TrailingContent: 16,
  ExpectedColon: 17,
  ExpectedCommaOrEnd: 18,
  ExpectedKey: 19,
  UnterminatedString: 20,
  UnbalancedBlock: 21,
  InvalidSection: 22,
  InvalidLine: 23,
  /** The YAML document needs the `yaml` package (assembly/flatten/yaml.ts lists the fast subset). */
  YamlFallback: 24,
  BadProgram: 40,
  NoProgram: 41,
  NoDocument: 42,
  ResultLimit: 43,
} as const;

/** Human-readable reasons for status codes, used in parse-error findings. */
export const STATUS_REASON: Record<number, string> = {
  [Status.InputTooLarge]: 'input is larger than the configured maximum size; raise it with --max-file-size (maxInputBytes in the library)',
  [Status.DepthLimit]: 'nesting is deeper than the configured maximum depth; raise it with --max-depth (maxDepth in the library)',
  [Status.TableLimit]: 'document has more nodes than the configured maximum; raise it with --max-nodes (maxNodes in the library)',
  [Status.OutOfMemory]: 'out of memory while parsing',
  [Status.UnexpectedEnd]: 'unexpected end of input',
  [Status.UnexpectedChar]: 'unexpected character',
  [Status.InvalidEscape]: 'invalid escape sequence in string',
  [Status.InvalidNumber]: 'invalid number',
  [Status.ControlCharInString]: 'unescaped control character in string',
  [Status.InvalidUtf8]: 'invalid UTF-8 byte sequence',
  [Status.TrailingContent]: 'unexpected content after the end of the document',
  [Status.ExpectedColon]: "expected ':' after object key",
  [Status.ExpectedCommaOrEnd]: "expected ',' or the end of the container",
  [Status.ExpectedKey]: 'expected a string key',
  [Status.UnterminatedString]: 'unterminated string',
  [Status.UnbalancedBlock]: 'unbalanced block braces',
  [Status.InvalidSection]: 'invalid section header',
  [Status.InvalidLine]: 'line is not a valid entry',
  [Status.YamlFallback]: 'YAML feature outside the core fast path; parse the file with the yaml package',
  [Status.BadProgram]: 'rule program is malformed',
  [Status.NoProgram]: 'no rule program is loaded',
  [Status.NoDocument]: 'no document is loaded',
  [Status.ResultLimit]: 'result buffer limit exceeded',
};

/** Default limits; every one can be changed through the engine options. */
export const DEFAULT_LIMITS = {
  /** Maximum file size read, in bytes. */
  maxInputBytes: 64 * 1024 * 1024,
  /** Maximum nesting of objects, arrays and blocks. */
  maxDepth: 512,
  /** Maximum nodes in one document's table. */
  maxNodes: 4 * 1024 * 1024,
  /** Most nodes a YAML alias expansion may produce (billion-laughs guard). */
  maxAliasExpansion: 100_000,
  /** Largest YAML or TOML file given to the host parsers, whose syntax trees take about 1.5 KB per node. */
  maxHostParseBytes: 8 * 1024 * 1024,
} as const;
export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

/** Dialect argument of `flatten_directives` (assembly/flatten/directives.ts). */
export const DialectCode: Readonly<Record<Dialect, number>> = {
  generic: 0,
  sshd: 1,
  nginx: 2,
  redis: 3,
  postgresql: 4,
  apache: 5,
};
