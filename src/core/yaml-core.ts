// Host side of the WASM YAML tokenizer (assembly/flatten/yaml.ts): copies a
// YAML stream into core memory and flattens it one document at a time. After
// each document the node table sits in the core, where the caller evaluates
// it before the next document overwrites it. A document outside the core's
// fast subset, or with any error, stops the walk with `fallback`, and the
// caller hands the whole file to the `yaml` package (src/formats/yaml.ts) so
// that results, failures and messages stay those of that package.

import { NodeFlag, ROW_WORDS, Status } from './abi.js';
import type { CoreInstance } from './wasm.js';

export interface YamlCoreOptions {
  /** Read y/Y/yes/no/on/off/... as booleans, as YAML 1.1 loaders do (Kubernetes tooling). */
  yaml11Booleans?: boolean;
}

/** Why the core left a file to the `yaml` package, and where (1-based line, UTF-16 column). */
export interface YamlFallback {
  /** The core's status number: Status.YamlFallback for an unsupported feature, else an error or limit. */
  status: number;
  /** Stream index of the document that stopped the walk. */
  document: number;
  offset: number;
  line: number;
  column: number;
}

export type YamlCoreOutcome = { ok: true; documents: number } | { ok: false; fallback: YamlFallback };

/** Bit of `flatten_yaml`'s flags argument (assembly/flatten/yaml-scalar.ts YAML_FLAG_11_BOOLEANS). */
const FLAG_11_BOOLEANS = 1;

type YamlExports = {
  flatten_yaml(length: number, start: number, flags: number): number;
  flatten_yaml_next(): number;
  flatten_yaml_empty(): number;
  flatten_yaml_present(): number;
  flatten_deferred_count(): number;
};

/**
 * Flattens each document of a YAML stream in the core and calls
 * `onDocument(index)` while its table is loaded (`viewCoreTape` reads it).
 * `index` is the document's position in the stream, counting empty
 * documents as the `yaml` package does. Stops at the first document the core
 * cannot take; results the callback produced before then must be discarded.
 */
export function forEachYamlDocumentInCore(
  core: CoreInstance,
  bytes: Uint8Array,
  options: YamlCoreOptions,
  onDocument: (index: number) => void,
): YamlCoreOutcome {
  const e = core.exports;
  const y = core.exports as unknown as YamlExports;

  // 1. UTF-16 text goes to the package path; a UTF-8 BOM is not part of the text.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, fallback: { status: Status.YamlFallback, document: 0, offset: 0, line: 1, column: 1 } };
  }
  const input = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (e.input_check(input.length) !== Status.Ok) return fallbackAt(Status.InputTooLarge, 0);
  const ptr = e.input_reserve(input.length) >>> 0;
  if (ptr === 0) return fallbackAt(Status.OutOfMemory, 0);
  core.bytes().set(input, ptr);

  // 2. One document per call, until the stream is done.
  const flags = options.yaml11Booleans ? FLAG_11_BOOLEANS : 0;
  let start = 0;
  let index = 0;
  let documents = 0;
  do {
    const status = y.flatten_yaml(input.length, start, flags);
    if (status !== Status.Ok) {
      return {
        ok: false,
        fallback: { status, document: index, offset: e.error_offset() >>> 0, line: e.error_line() >>> 0, column: e.error_column() >>> 0 },
      };
    }
    if (y.flatten_yaml_present() === 0) break;
    if (y.flatten_yaml_empty() === 0) {
      resolveDeferredNumbers(core, y.flatten_deferred_count() >>> 0);
      onDocument(index);
      documents++;
    }
    index++;
    start = y.flatten_yaml_next() >>> 0;
  } while (start < input.length);
  return { ok: true, documents };
}

function fallbackAt(status: number, document: number): YamlCoreOutcome {
  return { ok: false, fallback: { status, document, offset: 0, line: 1, column: 1 } };
}

const ascii = new TextDecoder();

/**
 * Converts the numbers the core left to the host, as the `yaml` package
 * does: integers through BigInt (FLAG_INT only when the result is a safe
 * integer), floats with parseFloat.
 */
function resolveDeferredNumbers(core: CoreInstance, pending: number): void {
  if (pending === 0) return;
  const e = core.exports;
  const buffer = e.memory.buffer;
  const count = e.tape_count() >>> 0;
  const tapePtr = e.tape_ptr() >>> 0;
  const docPtr = e.document_ptr() >>> 0;
  const words = new Uint32Array(buffer, tapePtr, count * ROW_WORDS);
  const numbers = new Float64Array(buffer, tapePtr, (count * ROW_WORDS) / 2);
  const bytes = new Uint8Array(buffer);
  const deferredBit = NodeFlag.DeferredNumber << 8;
  const intBit = NodeFlag.Int << 8;

  for (let i = 0; i < count && pending > 0; i++) {
    const base = i * ROW_WORDS;
    if ((words[base] & deferredBit) === 0) continue;
    const offset = docPtr + words[base + 6];
    const text = ascii.decode(bytes.subarray(offset, offset + words[base + 7]));
    let value: number;
    if ((words[base] & intBit) !== 0) {
      value = Number(BigInt(text));
      if (!Number.isSafeInteger(value)) words[base] &= ~intBit;
    } else {
      value = parseFloat(text);
    }
    numbers[base / 2 + 5] = value;
    words[base] &= ~deferredBit;
    pending--;
  }
}
