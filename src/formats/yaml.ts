// YAML streams into node tables, one table per document, with the `yaml`
// package (2.x): YAML 1.2 core schema, `<<` merge keys enabled, duplicate
// keys kept (and reported), custom tags such as CloudFormation's `!Ref`
// read as the scalar or collection they tag. Documents are independent: a
// syntax error or a limit in one document does not drop the others.
//
// Documents are processed one at a time as the parser produces them, so only
// one composed document is held in memory at once.

import { Composer, LineCounter, Parser, type CST, type Document, type YAMLError } from 'yaml';
import type { Limits } from '../core/abi.js';
import type { Tape } from '../core/tape.js';
import type { ParseFailure } from './types.js';
import { resolveAliases } from './yaml-anchors.js';
import { findDepthViolation } from './yaml-depth.js';
import { buildYamlTable, YamlTableError, type SourcePosition } from './yaml-tape.js';

export interface YamlParseResult {
  /** Tables of the documents that parsed, in stream order. */
  documents: Tape[];
  /** Stream index (0-based) of each entry of `documents`. */
  documentIndexes: number[];
  failures: ParseFailure[];
}

/** Syntax errors reported per document; a broken document often cascades into many. */
export const MAX_ERRORS_PER_DOCUMENT = 20;

const COMPOSER_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: true,
  uniqueKeys: false,
  intAsBigInt: true,
  // `!!binary`, `!!timestamp` and friends stay strings: rules compare text.
  resolveKnownTags: false,
  prettyErrors: false,
  strict: true,
  logLevel: 'silent',
} as const;

export interface YamlOptions {
  /**
   * Reads y/Y/yes/Yes/YES/on/On/ON as true and n/N/no/No/NO/off/Off/OFF as
   * false, as YAML 1.1 loaders (Kubernetes tooling) do. Only booleans change:
   * the rest of the `yaml-1.1` schema (sexagesimal and `0b` integers, `010`
   * octals, underscores in numbers, timestamps) is not applied.
   */
  yaml11Booleans?: boolean;
}

const BOOL_TAG = 'tag:yaml.org,2002:bool';

/** The YAML 1.1 boolean words, as the `yaml` package's yaml-1.1 schema spells them. */
const YAML11_BOOLEANS = [
  { identify: (value: unknown) => value === true, default: true, tag: BOOL_TAG, test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, resolve: () => true },
  { identify: (value: unknown) => value === false, default: true, tag: BOOL_TAG, test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, resolve: () => false },
];

const COMPOSER_OPTIONS_11_BOOLEANS = {
  ...COMPOSER_OPTIONS,
  customTags: (tags: unknown[]) => tags.flatMap((tag) => ((tag as { tag?: string }).tag === BOOL_TAG ? YAML11_BOOLEANS : [tag])),
};

const utf8 = new TextEncoder();

/** Parses a YAML stream into one node table per document. Never throws on bad input. */
export function parseYaml(file: string, text: string, limits: Limits, options: YamlOptions = {}): YamlParseResult {
  return new YamlStreamReader(file, text, limits, options).read();
}

class YamlStreamReader {
  private readonly file: string;
  private readonly text: string;
  private readonly limits: Limits;
  private readonly result: YamlParseResult = { documents: [], documentIndexes: [], failures: [] };
  private readonly lineCounter = new LineCounter();
  /** Offsets of depth violations found before composition, by stream index. */
  private readonly tooDeep = new Map<number, number>();
  /** Offsets of a second %YAML directive, by the stream index of the document it precedes. */
  private readonly repeatedDirective = new Map<number, number>();
  private composedIndex = 0;
  private readonly options: YamlOptions;

  constructor(file: string, text: string, limits: Limits, options: YamlOptions) {
    this.file = file;
    this.text = text;
    this.limits = limits;
    this.options = options;
  }

  read(): YamlParseResult {
    try {
      this.composeStream();
    } catch (error) {
      // NOTE: the library is not known to throw on any input; this keeps the no-throw contract if it does.
      const detail = error instanceof RangeError ? 'ran out of stack or memory' : 'failed unexpectedly';
      this.fail(this.composedIndex, 'ERR_SYNTAX', `the YAML parser ${detail}; check the file's syntax`, 0);
    }
    return this.result;
  }

  private composeStream(): void {
    const parser = new Parser(this.lineCounter.addNewLine);
    const composer = new Composer(this.options.yaml11Booleans ? COMPOSER_OPTIONS_11_BOOLEANS : COMPOSER_OPTIONS);
    let tokenIndex = 0;
    let yamlDirectives = 0;

    for (const token of parser.parse(this.text)) {
      // 1. Check each document's depth on the syntax tree, before it is composed.
      let next: CST.Token = token;
      if (token.type === 'directive' && token.source.startsWith('%YAML')) {
        yamlDirectives++;
        if (yamlDirectives === 2) this.repeatedDirective.set(tokenIndex, token.offset);
      } else if (token.type === 'document') {
        const deepAt = findDepthViolation(token, this.limits.maxDepth);
        // A document that is too deep is composed without its content, so stream indexes stay aligned.
        if (deepAt >= 0) {
          this.tooDeep.set(tokenIndex, deepAt);
          next = { ...token, value: undefined };
        }
        tokenIndex++;
        yamlDirectives = 0;
      }

      // 2. Compose and write each finished document.
      for (const document of composer.next(next)) this.handle(document);
    }
    for (const document of composer.end(true, this.text.length)) this.handle(document);
  }

  private handle(document: Document.Parsed): void {
    const index = this.composedIndex++;
    const deepAt = this.tooDeep.get(index);
    if (deepAt !== undefined) {
      this.fail(index, 'ERR_DEPTH_LIMIT', `nesting is deeper than ${this.limits.maxDepth} levels; raise it with --max-depth (maxDepth in the library) or flatten the document`, deepAt);
      return;
    }

    const directiveAt = this.repeatedDirective.get(index);
    if (directiveAt !== undefined) {
      this.fail(index, 'ERR_SYNTAX', 'invalid YAML: the %YAML directive appears more than once before a document', directiveAt);
    }
    for (const error of document.errors.slice(0, MAX_ERRORS_PER_DOCUMENT)) this.reportError(error, index);
    if (document.errors.length > 0 || directiveAt !== undefined || isEmptyDocument(document)) return;

    this.writeTable(document, index);
  }

  private reportError(error: YAMLError, index: number): void {
    // A stack overflow inside the composer means nesting beyond what the runtime stack holds.
    if (error.code === 'RESOURCE_EXHAUSTION') {
      this.fail(index, 'ERR_DEPTH_LIMIT', 'nesting is too deep for the YAML composer; lower maxDepth or flatten the document', error.pos[0]);
      return;
    }
    this.fail(index, 'ERR_SYNTAX', `invalid YAML: ${describeError(error)}`, error.pos[0]);
  }

  private writeTable(document: Document.Parsed, index: number): void {
    const [start, , end] = document.range;
    let table: ReturnType<typeof buildYamlTable>;
    try {
      table = buildYamlTable(document, {
        source: utf8.encode(this.text.slice(start, end)),
        limits: this.limits,
        aliases: resolveAliases(document),
        positionOf: (offset) => this.positionOf(offset),
        text: this.text,
      });
    } catch (error) {
      if (!(error instanceof YamlTableError)) throw error;
      this.fail(index, error.code, error.message, error.offset);
      return;
    }

    // Duplicate keys are reported, but the table is kept so that rules still run.
    for (const duplicate of table.duplicates) {
      const reason =
        `duplicate key \`${printableKey(duplicate.key)}\` at line ${duplicate.line}, column ${duplicate.column} ` +
        `(first at line ${duplicate.firstLine}, column ${duplicate.firstColumn}); both entries are kept, remove one`;
      this.result.failures.push({ file: this.file, format: 'yaml', code: 'ERR_DUPLICATE_KEY', reason, line: duplicate.line, column: duplicate.column, document: index });
    }
    this.result.documents.push(table.tape);
    this.result.documentIndexes.push(index);
  }

  private positionOf(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  }

  private fail(document: number, code: string, reason: string, offset: number): void {
    this.result.failures.push({ file: this.file, format: 'yaml', code, reason, ...this.positionOf(offset), document });
  }
}

/** Tells whether a document has no content at all (`---` alone, or only comments), so it yields no table. */
function isEmptyDocument(document: Document.Parsed): boolean {
  const contents = document.contents as { value?: unknown; source?: unknown; anchor?: string; tag?: string } | null;
  if (contents === null) return true;
  return contents.value === null && contents.source === '' && !contents.anchor && !contents.tag;
}

/** Returns the library's message without quoted source text, because that text may hold a secret value. */
function describeError(error: YAMLError): string {
  const message = error.message.replace(/:\s*"(?:[^"\\]|\\.)*"\s*$/, '').trim();
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function printableKey(key: string): string {
  const flat = key.replace(/[\u0000-\u001f\u007f`]/g, '?');
  return flat.length > 64 ? `${flat.slice(0, 61)}...` : flat;
}
