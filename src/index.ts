// The portable library: everything here runs in Node 20+, workerd and
// browsers. File-system helpers live in `bulwark/node`.

export { DEFAULT_LIMITS, NodeKind, type Limits } from './core/abi.js';
export { BulwarkError, CoreError, LimitError } from './core/errors.js';
export { Tape, TapeBuilder, formatPath, type PathStep } from './core/tape.js';
export { CoreInstance, type CoreSource } from './core/wasm.js';

export { CheckEngine, type EngineKind, type EngineOptions, type FileCheck } from './check/engine.js';
export { runRuleExamples, type ExampleResult, type RuleTestReport } from './check/examples.js';
export { PARSE_ERROR_RULE, type CheckReport, type FileResult, type Finding, type FindingKind } from './check/finding.js';
export { RulePackError, RulePackErrors } from './check/errors.js';
export { compareWalkOrder, parseShard, selectShard, shardOf, validateShard, ShardError, MAX_SHARD_COUNT, type Shard } from './check/shard.js';
export { detectMergeInput, mergeReports, mergeSarifLogs, MergeError, type MergeInput, type MergeInputKind } from './report/merge.js';
export { buildPack, mergePacks, packDigest, parseManifest, parseRuleFiles, type PackManifest, type RuleFileText } from './check/pack.js';

export {
  DIALECTS, FORMATS, FRAMEWORKS, RULE_STATUSES, SEVERITIES, severityRank,
  type Dialect, type Format, type Rule, type RulePack, type Severity,
} from './policy/rule.js';

export { VERSION } from './version.js';
