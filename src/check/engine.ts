// The compliance check of one file: detect its format, parse it into node
// tables, evaluate the rule program over each table, and turn result rows
// into findings. Two evaluators give the same rows: the WASM core (the
// default) and the TypeScript reference (runtimes without WASM, and the
// oracle of the differential tests).

import { DEFAULT_LIMITS, NodeKind, type Limits } from '../core/abi.js';
import { BulwarkError, CoreError } from '../core/errors.js';
import { flattenInCore, viewCoreTape } from '../core/flatten.js';
import { WasmEvaluator, type EvalResult, type FileContext } from '../core/evaluate-wasm.js';
import { evaluateReference } from '../core/reference/evaluate.js';
import { formatPath, type Tape } from '../core/tape.js';
import { loadTapeIntoCore } from '../core/tape-wasm.js';
import { CoreInstance } from '../core/wasm.js';
import { forEachYamlDocumentInCore } from '../core/yaml-core.js';
import { detectFormat } from '../formats/detect.js';
import { parseDocuments, parseHostFormat } from '../formats/index.js';
import type { ParseFailure } from '../formats/types.js';
import { compileRules, type CompiledProgram } from '../policy/compile.js';
import type { Dialect, Format, Rule, RulePack } from '../policy/rule.js';
import { buildApplicability, type ApplicabilityIndex } from './applicability.js';
import { RulePackError, RulePackErrors } from './errors.js';
import { PARSE_ERROR_RULE, type FileResult, type Finding } from './finding.js';
import { renderMessage } from './message.js';
import { EvalError, evalErrorName as outcomeErrorName } from '../policy/bytecode/outcome.js';

export type EngineKind = 'wasm' | 'reference';

export interface EngineOptions {
  /** A WASM core instance; without one the reference evaluator runs. */
  core?: CoreInstance;
  limits?: Partial<Limits>;
  /**
   * Reads the YAML 1.1 booleans `yes`, `no`, `on`, `off`, `y` and `n` (any
   * case) as booleans, as Kubernetes tooling does; YAML 1.2 reads them as
   * strings. Only booleans change: 1.1 octals and sexagesimals are not read.
   */
  yaml11Booleans?: boolean;
}

/** Counters of the YAML fast path in the core (assembly/flatten/yaml.ts). */
export interface YamlPathStats {
  /** YAML files whose every document the core flattened itself. */
  yamlCoreFiles: number;
  /** YAML files handed to the `yaml` package because a document was outside the fast subset or invalid. */
  yamlFallbackFiles: number;
  /** Documents the `yaml` package produced for those files. */
  yamlFallbackDocuments: number;
}

export interface FileCheck {
  findings: Finding[];
  result: FileResult;
}

/** Outcome codes of result rows (shared with the VM). */
const OUTCOME_FAIL = 1;
const OUTCOME_ERROR = 2;
const OUTCOME_MISSING = 3;

/** Failure codes of safety limits rather than syntax errors. */
const LIMIT_CODES: ReadonlySet<string> = new Set(['ERR_INPUT_TOO_LARGE', 'ERR_DEPTH_LIMIT', 'ERR_TABLE_LIMIT', 'ERR_ALIAS_LIMIT', 'ERR_RESULT_LIMIT', 'ERR_HOST_PARSE_LIMIT']);

/** Formats the WASM core tokenizes itself; the rest are parsed by the host. */
const CORE_FORMATS: ReadonlySet<Format> = new Set(['json', 'env', 'ini', 'properties', 'directives']);

export class CheckEngine {
  readonly pack: RulePack;
  readonly program: CompiledProgram;
  readonly kind: EngineKind;
  readonly limits: Limits;
  readonly yaml11Booleans: boolean;
  private core: CoreInstance | undefined;
  private evaluator: WasmEvaluator | undefined;
  private readonly applicability: ApplicabilityIndex;
  readonly stats: YamlPathStats = { yamlCoreFiles: 0, yamlFallbackFiles: 0, yamlFallbackDocuments: 0 };

  constructor(pack: RulePack, options: EngineOptions = {}) {
    this.pack = pack;
    this.limits = { ...DEFAULT_LIMITS, ...(options.core?.limits ?? {}), ...options.limits };
    this.yaml11Booleans = options.yaml11Booleans === true;
    this.program = compilePack(pack);
    this.core = options.core;
    this.kind = options.core ? 'wasm' : 'reference';
    this.evaluator = options.core ? new WasmEvaluator(options.core, this.program) : undefined;
    this.applicability = buildApplicability(pack.rules);
  }

  /**
   * Checks one file. `path` is the path shown in findings (relative, with
   * '/'); `format` and `dialect` override detection.
   */
  checkFile(path: string, bytes: Uint8Array, override: { format?: Format; dialect?: Dialect } = {}): FileCheck {
    const name = path.slice(path.lastIndexOf('/') + 1);

    // 1. Limits come first: an oversized file is never copied or decoded.
    if (bytes.length > this.limits.maxInputBytes) {
      return this.failedFile(path, override.format, undefined, [{
        file: path, format: override.format ?? 'yaml', code: 'ERR_INPUT_TOO_LARGE', line: 1, column: 1,
        reason: `file is ${bytes.length} bytes, over the ${this.limits.maxInputBytes}-byte limit; raise it with --max-file-size (maxInputBytes in the library) or exclude the file`,
      }]);
    }

    // 2. Format detection; binary and unknown files are skipped with a note.
    let format = override.format;
    let dialect = override.dialect;
    if (!format) {
      const detection = detectFormat(path, bytes);
      if ('skip' in detection) {
        return { findings: [], result: { file: path, documents: 0, skipped: detection.reason, rules: [] } };
      }
      format = detection.format;
      dialect = detection.dialect;
    }

    const mask = this.applicability.mask(path, format, dialect);
    const context: FileContext = { name, path, format, dialect: dialect ?? '' };
    try {
      return this.core && this.evaluator
        ? this.checkInCore(path, bytes, format, dialect, mask, context)
        : this.checkInReference(path, bytes, format, dialect, mask, context);
    } catch (error) {
      // One file must never stop a batch: a limit hit while loading a table,
      // a core trap or an engine bug becomes a finding on this file. The
      // message carries the error's own text, which names limits and files,
      // never configuration values.
      if (error instanceof CoreError) this.replaceCore();
      const code = error instanceof BulwarkError ? error.code : 'ERR_INTERNAL';
      const reason = error instanceof BulwarkError ? error.message : `internal error while checking the file (${(error as Error)?.name ?? 'unknown'}); please report it`;
      return this.failedFile(path, format, dialect, [{ file: path, format, code, reason, line: 1, column: 1 }]);
    }
  }

  /** Replaces the core with a fresh instance, because a core that trapped may keep half-written state. */
  private replaceCore(): void {
    if (!this.core) return;
    this.core = CoreInstance.createSync(this.core.module, this.core.limits);
    this.evaluator = new WasmEvaluator(this.core, this.program);
  }

  private checkInCore(path: string, bytes: Uint8Array, format: Format, dialect: Dialect | undefined, mask: Uint8Array, context: FileContext): FileCheck {
    const core = this.core!;
    const evaluator = this.evaluator!;
    const collector = new ResultCollector(this.pack.rules, path, format, dialect, mask);

    if (CORE_FORMATS.has(format)) {
      const outcome = core.call(path, () => flattenInCore(core, format as 'json', stripBom(bytes), dialect));
      if (!outcome.ok) {
        collector.addFailure({ file: path, format, code: outcome.code, reason: outcome.reason, line: outcome.line, column: outcome.column });
        return collector.finish(0);
      }
      const result = core.call(path, () => evaluator.evaluate(context, mask));
      collector.addDocument(0, viewCoreTape(core), result);
      return collector.finish(1);
    }

    let yamlFellBack = false;
    if (format === 'yaml' && this.coreHasEngineLimits()) {
      // Fast path: each document is flattened and evaluated in the core. Any
      // fallback discards what was collected and parses the whole file on the host.
      const fast = new ResultCollector(this.pack.rules, path, format, dialect, mask);
      const outcome = core.call(path, () => forEachYamlDocumentInCore(core, bytes, { yaml11Booleans: this.yaml11Booleans }, (index) => {
        fast.addDocument(index, viewCoreTape(core), evaluator.evaluate(context, mask));
      }));
      if (outcome.ok) {
        this.stats.yamlCoreFiles++;
        return fast.finish(outcome.documents);
      }
      this.stats.yamlFallbackFiles++;
      yamlFellBack = true;
    }

    const parsed = parseHostFormat(path, format, bytes, this.limits, this.yaml11Booleans);
    if (yamlFellBack) this.stats.yamlFallbackDocuments += parsed.documents.length;
    for (const failure of parsed.failures) collector.addFailure(failure);
    for (const document of parsed.documents) {
      core.call(path, () => loadTapeIntoCore(core, document.tape));
      const result = core.call(path, () => evaluator.evaluate(context, mask));
      collector.addDocument(document.index, document.tape, result);
    }
    return collector.finish(parsed.documents.length);
  }

  /** The core enforces its own depth and node limits, so the YAML fast path needs them equal to the engine's. */
  private coreHasEngineLimits(): boolean {
    const limits = this.core!.limits;
    return limits.maxDepth === this.limits.maxDepth && limits.maxNodes === this.limits.maxNodes;
  }

  private checkInReference(path: string, bytes: Uint8Array, format: Format, dialect: Dialect | undefined, mask: Uint8Array, context: FileContext): FileCheck {
    const collector = new ResultCollector(this.pack.rules, path, format, dialect, mask);
    const parsed = parseDocuments(path, CORE_FORMATS.has(format) ? stripBom(bytes) : bytes, { limits: this.limits, format, dialect, yaml11Booleans: this.yaml11Booleans });
    for (const failure of parsed.failures) collector.addFailure(failure);
    for (const document of parsed.documents) {
      const result = evaluateReference(this.program, document.tape, context, mask);
      collector.addDocument(document.index, document.tape, result);
    }
    return collector.finish(parsed.documents.length);
  }

  private failedFile(path: string, format: Format | undefined, dialect: Dialect | undefined, failures: ParseFailure[]): FileCheck {
    const collector = new ResultCollector(this.pack.rules, path, format, dialect, new Uint8Array(this.pack.rules.length));
    for (const failure of failures) collector.addFailure(failure);
    return collector.finish(0);
  }
}

/** Compiles the pack; compile errors become rule-pack errors naming file, rule and line. */
function compilePack(pack: RulePack): CompiledProgram {
  try {
    return compileRules(pack.rules.map(compileInput));
  } catch (error) {
    if (!(error instanceof BulwarkError) || error instanceof RulePackErrors) throw error;

    // Compile rule by rule to report every broken rule at once, not only the first.
    const errors: RulePackError[] = [];
    for (const rule of pack.rules) {
      try {
        compileRules([compileInput(rule)]);
      } catch (ruleError) {
        if (!(ruleError instanceof BulwarkError)) throw ruleError;
        errors.push(rulePackError(rule, ruleError));
      }
    }
    if (errors.length === 0) errors.push(new RulePackError(`rule pack ${pack.name}`, undefined, 0, error.message));
    throw new RulePackErrors(errors);
  }
}

function compileInput(rule: Rule) {
  return {
    id: rule.id,
    match: rule.match,
    assert: rule.assert,
    when: rule.appliesTo.when,
    presenceRequired: rule.presence === 'required',
    source: rule.source,
  };
}

/** Rewrites a compile error as `FILE:LINE: rule ID: FIELD ...`, without repeating the rule id. */
function rulePackError(rule: Rule, error: BulwarkError): RulePackError {
  const fileLine = (error as { fileLine?: number }).fileLine;
  const reason = error.message.replace(/^rule [^,\s]+, /, '');
  return new RulePackError(rule.source.file, rule.id, fileLine ?? rule.source.line, reason);
}

/** Maximum length of a config path or key written into a finding, so a multi-megabyte key cannot bloat every report. */
export const MAX_PATH_CHARS = 512;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** Removes a leading UTF-8 byte order mark, which is not part of the document. */
function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Orders findings by document, line, column, then rule id. */
function compareFindings(a: Finding, b: Finding): number {
  const byPosition = a.document - b.document || a.line - b.line || a.column - b.column;
  if (byPosition !== 0) return byPosition;
  if (a.ruleId === b.ruleId) return 0;
  return a.ruleId < b.ruleId ? -1 : 1;
}

/** Accumulates findings and per-rule counts for one file. */
class ResultCollector {
  private readonly findings: Finding[] = [];
  private readonly counts: Uint32Array;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly path: string,
    private readonly format: Format | undefined,
    private readonly dialect: Dialect | undefined,
    private readonly mask: Uint8Array,
  ) {
    this.counts = new Uint32Array(rules.length * 3);
  }

  addFailure(failure: ParseFailure): void {
    this.findings.push({
      kind: 'parse-error',
      ruleId: PARSE_ERROR_RULE,
      ruleVersion: '1.0.0',
      title: 'File could not be parsed',
      severity: 'medium',
      message: `${failure.reason} (${failure.code})`,
      remediation: LIMIT_CODES.has(failure.code)
        ? 'The file exceeds a safety limit: raise the limit named in the message if the file is trusted, or exclude the file with --exclude.'
        : 'Fix the syntax at the reported position, or exclude the file with --exclude if it is not a configuration file.',
      frameworks: {},
      file: this.path,
      line: failure.line,
      column: failure.column,
      path: '',
      document: failure.document ?? 0,
    });
  }

  addDocument(documentIndex: number, tape: Tape, result: EvalResult): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += result.counts[i];

    const rows = result.rows;
    for (let r = 0; r + 3 < rows.length; r += 4) {
      const outcome = rows[r + 2];
      if (outcome !== OUTCOME_FAIL && outcome !== OUTCOME_ERROR && outcome !== OUTCOME_MISSING) continue;
      const rule = this.rules[rows[r]];
      const node = outcome === OUTCOME_MISSING ? 0 : rows[r + 1];
      this.findings.push(this.finding(rule, documentIndex, tape, node, outcome, rows[r + 3]));
    }
  }

  finish(documents: number): FileCheck {
    const ruleResults: FileResult['rules'] = [];
    this.rules.forEach((rule, index) => {
      if (!this.mask[index]) return;
      const evaluated = this.counts[index * 3];
      const failed = this.counts[index * 3 + 1];
      const errors = this.counts[index * 3 + 2];
      if (evaluated + failed + errors === 0) return;
      ruleResults.push({ ruleId: rule.id, evaluated, failed, errors });
    });

    const result: FileResult = { file: this.path, documents, rules: ruleResults };
    if (this.format) result.format = this.format;
    if (this.dialect) result.dialect = this.dialect;
    this.findings.sort(compareFindings);
    return { findings: this.findings, result };
  }

  private finding(rule: Rule, document: number, tape: Tape, node: number, outcome: number, detail: number): Finding {
    const steps = tape.path(node);
    const path = truncate(formatPath(steps), MAX_PATH_CHARS);
    const key = truncate(steps.length ? String(steps[steps.length - 1]) : '', MAX_PATH_CHARS);
    const kind = tape.kind(node);
    const value = () => (kind === NodeKind.Object || kind === NodeKind.Array ? '' : tape.text(node));

    let message = renderMessage(rule.message, { path, key, value, file: this.path });
    if (outcome === OUTCOME_ERROR) {
      // Missing keys and wrong types are rule-authoring gaps; VM limits are not.
      const advice = detail === EvalError.NoSuchKey || detail === EvalError.NoMatchingOverload ? '; the rule needs a has() guard or a type conversion' : '';
      message = `rule could not be evaluated at \`${path || '$'}\`: ${outcomeErrorName(detail)}${advice}`;
    }

    return {
      kind: outcome === OUTCOME_ERROR ? 'error' : 'violation',
      ruleId: rule.id,
      ruleVersion: rule.version,
      title: rule.title,
      severity: rule.severity,
      message,
      remediation: rule.remediation,
      frameworks: rule.frameworks,
      file: this.path,
      line: tape.line(node),
      column: tape.column(node),
      path,
      document,
    };
  }
}
