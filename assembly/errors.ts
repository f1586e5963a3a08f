// Status codes returned by every exported entry point of the core. The host
// maps them to typed errors (src/core/abi.ts keeps the same numbers), so the
// binary carries numbers, not message strings.

export const OK: i32 = 0;

// Limits.
export const ERR_INPUT_TOO_LARGE: i32 = 1;
export const ERR_DEPTH_LIMIT: i32 = 2;
export const ERR_TABLE_LIMIT: i32 = 3;
export const ERR_OUT_OF_MEMORY: i32 = 4;

// Syntax errors shared by the tokenizers.
export const ERR_UNEXPECTED_END: i32 = 10;
export const ERR_UNEXPECTED_CHAR: i32 = 11;
export const ERR_INVALID_ESCAPE: i32 = 12;
export const ERR_INVALID_NUMBER: i32 = 13;
export const ERR_CONTROL_CHAR_IN_STRING: i32 = 14;
export const ERR_INVALID_UTF8: i32 = 15;
export const ERR_TRAILING_CONTENT: i32 = 16;
export const ERR_EXPECTED_COLON: i32 = 17;
export const ERR_EXPECTED_COMMA_OR_END: i32 = 18;
export const ERR_EXPECTED_KEY: i32 = 19;
export const ERR_UNTERMINATED_STRING: i32 = 20;
export const ERR_UNBALANCED_BLOCK: i32 = 21;
export const ERR_INVALID_SECTION: i32 = 22;
export const ERR_INVALID_LINE: i32 = 23;
// The YAML document uses a feature outside the core's fast subset (tags,
// anchors, aliases, complex keys, directives, merge keys and others); the
// host parses the file with the `yaml` package instead.
export const ERR_YAML_FALLBACK: i32 = 24;

// Program loading and evaluation.
export const ERR_BAD_PROGRAM: i32 = 40;
export const ERR_NO_PROGRAM: i32 = 41;
export const ERR_NO_DOCUMENT: i32 = 42;
export const ERR_RESULT_LIMIT: i32 = 43;

// Where the last error happened: byte offset into the document, 1-based line
// and 1-based column in UTF-16 code units (the unit SARIF and JS use).
let errorOffset: u32 = 0;
let errorLine: u32 = 0;
let errorColumn: u32 = 0;

export function setErrorPosition(offset: u32, line: u32, column: u32): void {
  errorOffset = offset;
  errorLine = line;
  errorColumn = column;
}

export function error_offset(): u32 {
  return errorOffset;
}

export function error_line(): u32 {
  return errorLine;
}

export function error_column(): u32 {
  return errorColumn;
}
