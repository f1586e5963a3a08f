// Exports of assembly/flatten: tokenizers that read the document the host
// copied to `input_reserve(length)` and write its node table (assembly/tape.ts).
// Each returns a status code from assembly/errors.ts; on failure the error
// position is set (error_offset, error_line, error_column).

import { deferredCount } from "./common";
import { flattenDirectives } from "./directives";
import { flattenEnv } from "./env";
import { flattenIni } from "./ini";
import { flattenJson } from "./json";
import { flattenProperties } from "./properties";
import { flattenYaml, yamlDocumentEmpty, yamlDocumentPresent, yamlNextStart } from "./yaml";

export const flatten_version: u32 = 2;

/** JSON (RFC 8259, as JSON.parse accepts it); the host strips a BOM first. */
export function flatten_json(length: u32): i32 {
  return flattenJson(length);
}

/** .env files. */
export function flatten_env(length: u32): i32 {
  return flattenEnv(length);
}

/** INI files (my.cnf, grafana.ini). */
export function flatten_ini(length: u32): i32 {
  return flattenIni(length);
}

/** Java .properties files. */
export function flatten_properties(length: u32): i32 {
  return flattenProperties(length);
}

/**
 * Directive files; `dialect` is 0 generic, 1 sshd, 2 nginx, 3 redis,
 * 4 postgresql, 5 apache (src/core/abi.ts DialectCode).
 */
export function flatten_directives(length: u32, dialect: u32): i32 {
  return flattenDirectives(length, dialect);
}

/** Rows of the last table flagged FLAG_DEFERRED_NUMBER, for the host to convert. */
export function flatten_deferred_count(): u32 {
  return deferredCount;
}

/**
 * One document of a YAML stream, from byte offset `start`; `flags` bit 0
 * reads YAML 1.1 booleans. Returns ERR_YAML_FALLBACK when the document needs
 * the `yaml` package (assembly/flatten/yaml.ts lists the fast subset).
 */
export function flatten_yaml(length: u32, start: u32, flags: u32): i32 {
  return flattenYaml(length, start, flags);
}

/** Offset where the next YAML document starts, or the length when the stream is done. */
export function flatten_yaml_next(): u32 {
  return yamlNextStart();
}

/** 1 when the last YAML document had no content (no table), else 0. */
export function flatten_yaml_empty(): u32 {
  return yamlDocumentEmpty() ? 1 : 0;
}

/** 1 when the last call found a document (a stream tail of comments after `...` is none). */
export function flatten_yaml_present(): u32 {
  return yamlDocumentPresent() ? 1 : 0;
}
