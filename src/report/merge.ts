// Combining the reports of a sharded check into the report one unsharded run
// would have written. Every file is checked by exactly one shard and keeps its
// findings in their original order, so merging is a stable sort of files and
// findings by the walk order of their paths.
//
// Timing cannot be reproduced: the merged run starts at the earliest start of
// any shard and lasts until the latest end, so `durationMs` is the wall-clock
// span of the whole sharded run, not the sum of the shards' times.
//
// NOTE: the walk order is restored for one folder, or several given in sorted
// order. `bulwark check b a` walks b before a, which no merge can know; there
// the merged files are in path order.

import type { CheckReport, FileResult, Finding } from '../check/finding.js';
import { compareWalkOrder } from '../check/shard.js';
import { BulwarkError } from '../core/errors.js';

/** An input of `bulwark merge`, possibly malformed, named by its file. */
export interface MergeInput {
  /** File name shown in error messages. */
  name: string;
  value: unknown;
}

export type MergeInputKind = 'report' | 'sarif';

/** The inputs cannot be merged: malformed, from different rule packs or versions, or overlapping. */
export class MergeError extends BulwarkError {
  constructor(message: string) {
    super('ERR_MERGE', message);
  }
}

/** Returns what `value` is: a Bulwark JSON report, a SARIF log, or undefined for anything else. */
export function detectMergeInput(value: unknown): MergeInputKind | undefined {
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.runs) && typeof value.version === 'string') return 'sarif';
  if (isObject(value.tool) && value.tool.name === 'bulwark' && Array.isArray(value.findings)) return 'report';
  return undefined;
}

/** Merges the JSON reports of the shards of one check into one report. */
export function mergeReports(inputs: readonly MergeInput[]): CheckReport {
  if (inputs.length === 0) throw new MergeError('no report to merge: give the JSON report of every shard');
  const reports = inputs.map((input) => ({ name: input.name, report: validateReport(input) }));
  const [first] = reports;

  // 1. Same tool version and the same rule pack, or the findings are not comparable.
  for (const { name, report } of reports) {
    if (report.tool.version !== first!.report.tool.version) {
      throw new MergeError(`${name} was written by Bulwark ${report.tool.version}, ${first!.name} by ${first!.report.tool.version}: run every shard with the same version`);
    }
    if (report.pack.digest !== first!.report.pack.digest) {
      throw new MergeError(`${name} used rule pack digest ${report.pack.digest}, ${first!.name} used ${first!.report.pack.digest}: run every shard with the same rules`);
    }
    if (JSON.stringify(report.pack) !== JSON.stringify(first!.report.pack)) {
      throw new MergeError(`${name} lists different rules than ${first!.name} under the same pack digest: regenerate both reports`);
    }
  }

  // 2. Every shard exactly once, and no file in two inputs.
  checkShards(reports);
  checkDisjoint(reports.map(({ name, report }) => ({ name, files: report.files.map((file) => file.file) })));

  // 3. Stable sorts: the files of one shard are already in walk order.
  const files: FileResult[] = sortByWalkOrder(reports.flatMap(({ report }) => report.files), (file) => file.file);
  const findings: Finding[] = sortByWalkOrder(reports.flatMap(({ report }) => report.findings), (finding) => finding.file);

  const span = timeSpan(reports.map(({ report }) => ({ start: Date.parse(report.startedAt), durationMs: report.durationMs })));
  return {
    tool: first!.report.tool,
    pack: first!.report.pack,
    findings,
    files,
    startedAt: new Date(span.start).toISOString(),
    durationMs: span.durationMs,
  };
}

/** Merges the SARIF logs of the shards of one check into one log, as `renderSarif` writes it. */
export function mergeSarifLogs(inputs: readonly MergeInput[]): string {
  if (inputs.length === 0) throw new MergeError('no SARIF log to merge: give the log of every shard');
  const logs = inputs.map((input) => ({ name: input.name, ...validateSarif(input) }));
  const [first] = logs;

  for (const log of logs) {
    if (log.driver.name !== first!.driver.name || log.driver.version !== first!.driver.version) {
      throw new MergeError(`${log.name} was written by ${String(log.driver.name)} ${String(log.driver.version)}, ${first!.name} by ${String(first!.driver.name)} ${String(first!.driver.version)}: run every shard with the same version`);
    }
    if (log.digest !== first!.digest) {
      throw new MergeError(`${log.name} used rule pack digest ${log.digest}, ${first!.name} used ${first!.digest}: run every shard with the same rules`);
    }
  }

  checkDisjoint(logs.map((log) => ({ name: log.name, files: [...new Set([...log.results, ...log.notifications].map(sarifFile))] })));

  // Results carry the index of their rule, which changes when rules are merged.
  const results = sortByWalkOrder(logs.flatMap((log) => log.results), sarifFile);
  const rules = mergeRules(logs, results);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const reindexed = results.map((result) => ({ ...result, ruleIndex: ruleIndex.get(result.ruleId as string) }));
  const notifications = sortByWalkOrder(logs.flatMap((log) => log.notifications), sarifFile);

  const invocation: Record<string, unknown> = { executionSuccessful: logs.every((log) => log.invocation.executionSuccessful !== false) };
  const times = logs.map((log) => ({ start: Date.parse(String(log.invocation.startTimeUtc)), end: Date.parse(String(log.invocation.endTimeUtc)) }));
  if (times.every((time) => !Number.isNaN(time.start) && !Number.isNaN(time.end))) {
    invocation.startTimeUtc = new Date(Math.min(...times.map((time) => time.start))).toISOString();
    invocation.endTimeUtc = new Date(Math.max(...times.map((time) => time.end))).toISOString();
  }
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const run = {
    ...first!.run,
    tool: { ...(first!.run.tool as Record<string, unknown>), driver: { ...first!.driver, rules } },
    invocations: [invocation],
    results: reindexed,
  };
  return `${JSON.stringify({ ...first!.log, runs: [run] }, null, 2)}\n`;
}

function validateReport(input: MergeInput): CheckReport {
  const value = input.value;
  const fail = (what: string): never => {
    throw new MergeError(`${input.name} is not a Bulwark JSON report (${what}): give the output of \`bulwark check --format json\``);
  };

  if (!isObject(value)) return fail('not a JSON object');
  if (!isObject(value.tool) || value.tool.name !== 'bulwark' || typeof value.tool.version !== 'string') return fail('missing tool name and version');
  if (!isObject(value.pack) || typeof value.pack.digest !== 'string' || !Array.isArray(value.pack.rules)) return fail('missing rule pack digest or rules');
  if (!Array.isArray(value.findings) || !value.findings.every((finding) => isObject(finding) && typeof finding.file === 'string')) return fail('findings must be a list of findings with a file');
  if (!Array.isArray(value.files) || !value.files.every((file) => isObject(file) && typeof file.file === 'string')) return fail('files must be a list of file results with a file');
  if (typeof value.startedAt !== 'string' || Number.isNaN(Date.parse(value.startedAt))) return fail('startedAt must be an ISO 8601 time');
  if (typeof value.durationMs !== 'number' || !Number.isFinite(value.durationMs)) return fail('durationMs must be a number');
  if (value.shard !== undefined && !(isObject(value.shard) && Number.isSafeInteger(value.shard.index) && Number.isSafeInteger(value.shard.count))) return fail('shard must have a whole index and count');
  return value as unknown as CheckReport;
}

interface SarifInput {
  log: Record<string, unknown>;
  run: Record<string, unknown>;
  driver: Record<string, unknown> & { rules: Record<string, unknown>[] };
  invocation: Record<string, unknown>;
  results: Record<string, unknown>[];
  notifications: Record<string, unknown>[];
  digest: string;
}

function validateSarif(input: MergeInput): SarifInput {
  const log = input.value;
  const fail = (what: string): never => {
    throw new MergeError(`${input.name} is not a SARIF log of Bulwark (${what}): give the output of \`bulwark check --format sarif\``);
  };

  if (!isObject(log) || log.version !== '2.1.0' || !Array.isArray(log.runs)) return fail('not a SARIF 2.1.0 log');
  if (log.runs.length !== 1) return fail(`${log.runs.length} runs, expected 1`);
  const run = log.runs[0];
  if (!isObject(run) || !isObject(run.tool) || !isObject(run.tool.driver)) return fail('missing tool driver');
  const driver = run.tool.driver;
  if (!Array.isArray(driver.rules) || !driver.rules.every((rule) => isObject(rule) && typeof rule.id === 'string')) return fail('driver rules must have ids');
  if (!Array.isArray(run.results) || !run.results.every((result) => isObject(result) && typeof result.ruleId === 'string' && sarifFileOrUndefined(result) !== undefined)) {
    return fail('every result needs a ruleId and an artifact location');
  }
  const invocations = Array.isArray(run.invocations) ? run.invocations : [];
  const invocation = isObject(invocations[0]) ? invocations[0] : {};
  const notifications = Array.isArray(invocation.toolExecutionNotifications) ? invocation.toolExecutionNotifications : [];
  if (!notifications.every((notification) => sarifFileOrUndefined(notification) !== undefined)) return fail('every notification needs an artifact location');
  const digest = isObject(run.properties) && isObject(run.properties.rulePack) ? run.properties.rulePack.digest : undefined;
  if (typeof digest !== 'string') return fail('missing the rule pack digest under run properties');

  return {
    log,
    run,
    driver: driver as SarifInput['driver'],
    invocation,
    results: run.results as Record<string, unknown>[],
    notifications: notifications as Record<string, unknown>[],
    digest,
  };
}

/**
 * Returns the pack's rules (the prefix every input lists), then the rules only
 * some inputs list (the parse-error rule), in order of first use by a merged
 * result, as `renderSarif` orders them.
 */
function mergeRules(logs: readonly SarifInput[], results: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const lists = logs.map((log) => log.driver.rules);
  let prefix = 0;
  while (lists.every((rules) => prefix < rules.length && rules[prefix]!.id === lists[0]![prefix]!.id)) prefix++;

  const merged = lists[0]!.slice(0, prefix);
  const byId = new Map<string, Record<string, unknown>>();
  for (const rules of lists) for (const rule of rules.slice(prefix)) if (!byId.has(rule.id as string)) byId.set(rule.id as string, rule);

  for (const result of results) {
    const rule = byId.get(result.ruleId as string);
    if (rule === undefined) continue;
    merged.push(rule);
    byId.delete(result.ruleId as string);
  }
  merged.push(...byId.values());
  return merged;
}

/** Checks that every shard of one count is present exactly once, when the inputs record their shard. */
function checkShards(reports: readonly { name: string; report: CheckReport }[]): void {
  const sharded = reports.filter(({ report }) => report.shard !== undefined);
  if (sharded.length === 0) return;
  if (sharded.length !== reports.length) {
    const plain = reports.find(({ report }) => report.shard === undefined)!;
    throw new MergeError(`${plain.name} is the report of an unsharded run, ${sharded[0]!.name} of shard ${sharded[0]!.report.shard!.index}/${sharded[0]!.report.shard!.count}: merge only the shards of one run`);
  }

  const count = sharded[0]!.report.shard!.count;
  const seen = new Map<number, string>();
  for (const { name, report } of sharded) {
    const { index } = report.shard!;
    if (report.shard!.count !== count) {
      throw new MergeError(`${name} is shard ${index}/${report.shard!.count} but ${sharded[0]!.name} is one of ${count} shards: merge only the shards of one run`);
    }
    const other = seen.get(index);
    if (other !== undefined) throw new MergeError(`${other} and ${name} are both shard ${index}/${count}: give each shard once`);
    seen.set(index, name);
  }

  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) {
    throw new MergeError(`missing shard ${missing.map((index) => `${index}/${count}`).join(', ')}: give the report of every shard, or the merged report would leave out their files`);
  }
}

/** No file may come from two inputs: the same shard was given twice under two names, or the shards overlap. */
function checkDisjoint(inputs: readonly { name: string; files: readonly string[] }[]): void {
  const owner = new Map<string, string>();
  for (const { name, files } of inputs) {
    for (const file of new Set(files)) {
      const other = owner.get(file);
      if (other !== undefined) throw new MergeError(`${other} and ${name} both contain ${file}: give each shard once, and run every shard with the same paths`);
      owner.set(file, name);
    }
  }
}

/**
 * Sorts `items` stably by the walk order of their paths. Positions of the
 * distinct paths are computed once, so a report with many findings per file
 * costs one comparison of paths per distinct pair, not per finding.
 */
function sortByWalkOrder<T>(items: readonly T[], pathOf: (item: T) => string): T[] {
  const paths = [...new Set(items.map(pathOf))].sort(compareWalkOrder);
  const rank = new Map(paths.map((file, index) => [file, index]));
  return items
    .map((item, index) => ({ item, index, rank: rank.get(pathOf(item))! }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}

function timeSpan(runs: readonly { start: number; durationMs: number }[]): { start: number; durationMs: number } {
  const start = Math.min(...runs.map((run) => run.start));
  const end = Math.max(...runs.map((run) => run.start + run.durationMs));
  return { start, durationMs: end - start };
}

/** Returns the report path of a SARIF result or notification, from its first artifact location. */
function sarifFile(item: Record<string, unknown>): string {
  return sarifFileOrUndefined(item) ?? '';
}

function sarifFileOrUndefined(item: unknown): string | undefined {
  if (!isObject(item) || !Array.isArray(item.locations) || !isObject(item.locations[0])) return undefined;
  const physical = item.locations[0].physicalLocation;
  if (!isObject(physical) || !isObject(physical.artifactLocation) || typeof physical.artifactLocation.uri !== 'string') return undefined;

  // Relative URIs are percent-encoded report paths; `file:` URIs absolute ones.
  const uri = physical.artifactLocation.uri.replace(/^file:\/\//u, '');
  try {
    return uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    return uri;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
