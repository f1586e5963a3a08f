// Front door of the formats module: detection, decoding and parsing of one
// configuration file into node tables. `parseDocuments` is the reference
// path, which handles every format without WASM. `parseHostFormat` parses
// only YAML and TOML, the formats the WASM core leaves to host libraries, and
// the engine then copies their tables into the core. Neither throws on bad
// input: every problem comes back as a ParseFailure with file, code, reason
// and position.

import type { Limits } from '../core/abi.js';
import type { FlattenFormat } from '../core/flatten.js';
import { flattenReference } from '../core/reference/flatten/index.js';
import type { Tape } from '../core/tape.js';
import type { Dialect, Format } from '../policy/rule.js';
import { detectFormat } from './detect.js';
import { UnsupportedHostFormatError } from './errors.js';
import { decodeText, hasUtf16Bom, hasUtf8Bom } from './text.js';
import { parseToml } from './toml.js';
import type { ParsedFile, ParseFailure } from './types.js';
import { parseYaml } from './yaml.js';

export { detectFormat } from './detect.js';
export { decodeText } from './text.js';
export { parseToml } from './toml.js';
export { parseYaml } from './yaml.js';
export type { Detection, ParsedDocument, ParsedFile, ParseFailure, ParseFailureCode } from './types.js';

export interface ParseOptions {
  limits: Limits;
  /** Skips detection when given. */
  format?: Format;
  dialect?: Dialect;
  /** Reads YAML 1.1 booleans (`yes`, `no`, `on`, `off`, `y`, `n`) as booleans, as Kubernetes tooling does. */
  yaml11Booleans?: boolean;
}

const utf8 = new TextEncoder();

/** Parses a file of any supported format into node tables (reference path). */
export function parseDocuments(file: string, bytes: Uint8Array, options: ParseOptions): ParsedFile {
  const { limits } = options;

  // 1. The size limit comes before anything reads the whole input.
  if (bytes.length > limits.maxInputBytes) {
    const format = options.format ?? formatOrPlaceholder(file, bytes);
    return failed(file, format, options.dialect, inputTooLarge(file, format, bytes.length, limits));
  }

  // 2. Detection, unless the caller knows the format.
  let format = options.format;
  let dialect = options.dialect;
  if (!format) {
    const detection = detectFormat(file, bytes);
    if ('skip' in detection) return { file, format: 'yaml', documents: [], failures: [], skipped: detection };
    format = detection.format;
    dialect = detection.dialect;
  }

  // 3. YAML and TOML go to the host parsers, everything else to the reference flatteners.
  if (format === 'yaml' || format === 'toml') return parseText(file, format, bytes, limits, options.yaml11Booleans === true);
  return flatten(file, format, dialect, bytes, limits);
}

/** Parses YAML or TOML with the host libraries, for tables the engine copies into the core. */
export function parseHostFormat(file: string, format: Format, bytes: Uint8Array, limits: Limits, yaml11Booleans = false): ParsedFile {
  if (format !== 'yaml' && format !== 'toml') throw new UnsupportedHostFormatError(file, format);
  if (bytes.length > limits.maxInputBytes) return failed(file, format, undefined, inputTooLarge(file, format, bytes.length, limits));
  return parseText(file, format, bytes, limits, yaml11Booleans);
}

function parseText(file: string, format: 'yaml' | 'toml', bytes: Uint8Array, limits: Limits, yaml11Booleans: boolean): ParsedFile {
  // The host libraries keep a syntax tree of about 1.5 KB per node, so their
  // memory, not the WASM core's, bounds how much YAML or TOML one file may hold.
  if (bytes.length > limits.maxHostParseBytes) {
    return failed(file, format, undefined, {
      file,
      format,
      code: 'ERR_HOST_PARSE_LIMIT',
      reason: `file is ${bytes.length} bytes, over the ${limits.maxHostParseBytes}-byte limit of the full ${format.toUpperCase()} parser` +
        (format === 'yaml' ? ' (needed because the WASM core could not read the file directly: it uses anchors, tags or complex keys, or is invalid or nested too deep)' : '') +
        '; raise it with --max-host-parse-size (maxHostParseBytes in the library) or split the file',
      line: 1,
      column: 1,
    });
  }

  const decoded = decodeText(file, bytes);
  if (!decoded.ok) return failed(file, format, undefined, { ...decoded.failure, format });

  if (format === 'toml') {
    const parsed = parseToml(file, decoded.text, limits);
    return { file, format, documents: parsed.documents.map((tape) => ({ file, format, index: 0, tape })), failures: parsed.failures };
  }
  const parsed = parseYaml(file, decoded.text, limits, { yaml11Booleans });
  const documents = parsed.documents.map((tape: Tape, i: number) => ({ file, format, index: parsed.documentIndexes[i], tape }));
  return { file, format, documents, failures: parsed.failures };
}

function flatten(file: string, format: FlattenFormat, dialect: Dialect | undefined, bytes: Uint8Array, limits: Limits): ParsedFile {
  // The flatteners read UTF-8 without a BOM; UTF-16 files are converted first.
  let input = bytes;
  if (hasUtf16Bom(bytes)) {
    const decoded = decodeText(file, bytes);
    if (!decoded.ok) return failed(file, format, dialect, { ...decoded.failure, format });
    input = utf8.encode(decoded.text);
  } else if (hasUtf8Bom(bytes)) {
    input = bytes.subarray(3);
  }

  const result = flattenReference(format, input, { dialect, limits });
  if (!result.ok) {
    return failed(file, format, dialect, {
      file,
      format,
      code: result.code,
      reason: result.reason,
      line: Math.max(result.line, 1),
      column: Math.max(result.column, 1),
    });
  }
  return { file, format, dialect, documents: [{ file, format, dialect, index: 0, tape: result.tape }], failures: [] };
}

function failed(file: string, format: Format, dialect: Dialect | undefined, failure: ParseFailure): ParsedFile {
  return { file, format, dialect, documents: [], failures: [failure] };
}

function inputTooLarge(file: string, format: Format, length: number, limits: Limits): ParseFailure {
  return {
    file,
    format,
    code: 'ERR_INPUT_TOO_LARGE',
    reason: `file is ${length} bytes, over the ${limits.maxInputBytes}-byte limit; raise it with --max-file-size (maxInputBytes in the library) or exclude the file`,
    line: 1,
    column: 1,
  };
}

/** Detects the format for labelling a failure, falling back to `yaml` when detection skips the file. */
function formatOrPlaceholder(file: string, bytes: Uint8Array): Format {
  const detection = detectFormat(file, bytes);
  return 'format' in detection ? detection.format : 'yaml';
}
