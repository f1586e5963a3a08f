// Command-line parsing with node:util parseArgs, one option table per command.
// Every problem becomes a UsageError that names the option and the fix.

import { parseArgs, type ParseArgsConfig } from 'node:util';

import type { Limits } from '../core/abi.js';
import { SEVERITIES, type Severity } from '../policy/rule.js';
import { parseShard, ShardError, type Shard } from '../check/shard.js';
import { UsageError } from './errors.js';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const LIST_FORMATS = ['text', 'json'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export const FAIL_ON_VALUES = [...SEVERITIES, 'never'] as const;
export type FailOn = Severity | 'never';

export const ENGINES = ['wasm', 'reference'] as const;
export type Engine = (typeof ENGINES)[number];

/** Threshold used when `--fail-on` is not given. */
export const DEFAULT_FAIL_ON: FailOn = 'low';

export interface CheckArgs {
  paths: string[];
  rules: string[];
  builtinRules: boolean;
  exclude: string[];
  format: CheckFormat;
  /** Undefined, or `-`, writes to stdout. */
  output?: string;
  failOn: FailOn;
  engine: Engine;
  progress: boolean;
  color: boolean;
  /** `--shard K/N`: check only this share of the files. */
  shard?: Shard;
  /** `--cache DIR`: folder of the incremental cache. */
  cache?: string;
  /** `--cache-max-mb N`: bound on the cache folder's size, in MiB. */
  cacheMaxMb?: number;
  /** `--jobs N`: worker threads; undefined uses every available core. */
  jobs?: number;
  /** `--yaml-1.1-booleans`: read yes/no/on/off in YAML as booleans. */
  yaml11Booleans: boolean;
  /** `--max-file-size`, `--max-depth`, `--max-nodes`, `--max-alias-expansion`, `--max-host-parse-size`. */
  limits: Partial<Limits>;
}

export const MERGE_FORMATS = ['json', 'sarif'] as const;
export type MergeFormat = (typeof MERGE_FORMATS)[number];

export interface MergeArgs {
  files: string[];
  /** Undefined: the kind of the inputs. */
  format?: MergeFormat;
  /** Undefined, or `-`, writes to stdout. */
  output?: string;
  /** Lowest severity that makes the exit code 1; `never` (the default) exits with 0 after any merge. */
  failOn: FailOn;
}

export interface RulesListArgs {
  rules: string[];
  builtinRules: boolean;
  format: ListFormat;
}

export interface RulesTestArgs {
  rules: string[];
  builtinRules: boolean;
  engine: Engine;
}

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h' } };
const PACK_OPTIONS: Options = {
  rules: { type: 'string', multiple: true },
  'no-builtin': { type: 'boolean' },
};

const CHECK_OPTIONS: Options = {
  ...HELP_OPTION,
  ...PACK_OPTIONS,
  exclude: { type: 'string', multiple: true },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  engine: { type: 'string' },
  'no-progress': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  shard: { type: 'string' },
  cache: { type: 'string' },
  'cache-max-mb': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'yaml-1.1-booleans': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-nodes': { type: 'string' },
  'max-alias-expansion': { type: 'string' },
  'max-host-parse-size': { type: 'string' },
};

const MERGE_OPTIONS: Options = { ...HELP_OPTION, format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'fail-on': { type: 'string' } };

const RULES_LIST_OPTIONS: Options = { ...HELP_OPTION, ...PACK_OPTIONS, format: { type: 'string' } };
const RULES_TEST_OPTIONS: Options = { ...HELP_OPTION, ...PACK_OPTIONS, engine: { type: 'string' } };

/** Parsed options, or `'help'` when `--help` was given (which wins over every other problem but an unknown option). */
export type Parsed<T> = T | 'help';

export function parseCheckArgs(args: string[]): Parsed<CheckArgs> {
  const { values, positionals } = parseFor('check', args, CHECK_OPTIONS, true);
  if (values.help === true) return 'help';

  if (positionals.length === 0) {
    throw new UsageError('missing PATH: give one or more files or folders to check, e.g. `bulwark check .`', 'check');
  }

  // An empty PATH would resolve to the working folder and check all of it.
  if (positionals.includes('')) throw new UsageError('empty PATH: give a file or folder, or `.` for the working folder', 'check');

  const excludes = strings(values.exclude);
  if (excludes.some((glob) => glob.trim() === '')) throw new UsageError('empty value for --exclude: give a glob such as `vendor/**` or `*.min.json`', 'check');

  const output = optionalString(values.output);
  if (output === '') throw new UsageError('empty value for --output: give a file name, or `-` for stdout', 'check');

  return {
    paths: positionals,
    ...packArgs(values, 'check'),
    exclude: excludes,
    format: oneOf('check', '--format', values.format, CHECK_FORMATS, 'text'),
    output,
    failOn: oneOf('check', '--fail-on', values['fail-on'], FAIL_ON_VALUES, DEFAULT_FAIL_ON),
    engine: oneOf('check', '--engine', values.engine, ENGINES, 'wasm'),
    progress: values['no-progress'] !== true,
    color: values['no-color'] !== true,
    ...scalingArgs(values),
    ...jobsArg(values),
    yaml11Booleans: values['yaml-1.1-booleans'] === true,
    limits: limitArgs(values),
  };
}

/** Limit options: option name, limit field, and the largest value accepted. */
const LIMIT_OPTIONS: [string, keyof Limits, number][] = [
  ['max-file-size', 'maxInputBytes', 2 ** 31 - 1],
  ['max-depth', 'maxDepth', 65_535],
  ['max-nodes', 'maxNodes', 2 ** 28],
  ['max-alias-expansion', 'maxAliasExpansion', 2 ** 28],
  ['max-host-parse-size', 'maxHostParseBytes', 2 ** 31 - 1],
];

function limitArgs(values: Values): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const [option, field, max] of LIMIT_OPTIONS) {
    const text = optionalString(values[option]);
    if (text === undefined) continue;
    const value = parseLimit(text);
    if (value === undefined || value < 1 || value > max) {
      throw new UsageError(`invalid value \`${text}\` for --${option}: give a whole number from 1 to ${max} (sizes accept K, M and G suffixes, 1024-based)`, 'check');
    }
    limits[field] = value;
  }
  return limits;
}

/** Reads `1000`, `64K`, `512M` or `2G` (1024-based). */
function parseLimit(text: string): number | undefined {
  const match = /^([0-9]+)([KMG]?)$/iu.exec(text.trim());
  if (!match) return undefined;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(match[1]) * scale;
}

/** Largest --jobs value accepted; more threads than this only cost memory. */
export const MAX_JOBS = 256;

function jobsArg(values: Values): Pick<CheckArgs, 'jobs'> {
  const jobs = optionalString(values.jobs);
  if (jobs === undefined) return {};
  if (!/^[0-9]+$/u.test(jobs) || Number(jobs) < 1 || Number(jobs) > MAX_JOBS) {
    throw new UsageError(`invalid value \`${jobs}\` for --jobs: give a whole number of threads from 1 to ${MAX_JOBS}`, 'check');
  }
  return { jobs: Number(jobs) };
}

/** Parses --shard, --cache and --cache-max-mb, the options of src/check/shard.ts and src/node/cache.ts. */
function scalingArgs(values: Values): Pick<CheckArgs, 'shard' | 'cache' | 'cacheMaxMb'> {
  const args: Pick<CheckArgs, 'shard' | 'cache' | 'cacheMaxMb'> = {};

  const shard = optionalString(values.shard);
  if (shard !== undefined) {
    try {
      args.shard = parseShard(shard);
    } catch (error) {
      if (error instanceof ShardError) throw new UsageError(`${error.message} (--shard)`, 'check');
      throw error;
    }
  }

  const cache = optionalString(values.cache);
  if (cache === '') throw new UsageError('empty value for --cache: give the folder to keep cached results in', 'check');
  if (cache !== undefined) args.cache = cache;

  const maxMb = optionalString(values['cache-max-mb']);
  if (maxMb !== undefined) {
    if (!/^[0-9]+$/u.test(maxMb)) throw new UsageError(`invalid value \`${maxMb}\` for --cache-max-mb: give a whole number of MiB, e.g. 512`, 'check');
    if (cache === undefined) throw new UsageError('--cache-max-mb needs --cache DIR: give the cache folder too', 'check');
    args.cacheMaxMb = Number(maxMb);
  }
  return args;
}

export function parseMergeArgs(args: string[]): Parsed<MergeArgs> {
  const { values, positionals } = parseFor('merge', args, MERGE_OPTIONS, true);
  if (values.help === true) return 'help';

  if (positionals.length === 0) throw new UsageError('missing FILE: give the JSON reports or SARIF logs of every shard', 'merge');
  if (positionals.includes('')) throw new UsageError('empty FILE: give the path of a report', 'merge');

  const output = optionalString(values.output);
  if (output === '') throw new UsageError('empty value for --output: give a file name, or `-` for stdout', 'merge');

  const merge: MergeArgs = { files: positionals, output, failOn: oneOf('merge', '--fail-on', values['fail-on'], FAIL_ON_VALUES, 'never') };
  if (values.format !== undefined) merge.format = oneOf('merge', '--format', values.format, MERGE_FORMATS, 'json');
  return merge;
}

export function parseRulesListArgs(args: string[]): Parsed<RulesListArgs> {
  const { values } = parseFor('rules list', args, RULES_LIST_OPTIONS, false);
  if (values.help === true) return 'help';

  return {
    ...packArgs(values, 'rules list'),
    format: oneOf('rules list', '--format', values.format, LIST_FORMATS, 'text'),
  };
}

export function parseRulesTestArgs(args: string[]): Parsed<RulesTestArgs> {
  const { values } = parseFor('rules test', args, RULES_TEST_OPTIONS, false);
  if (values.help === true) return 'help';

  return {
    ...packArgs(values, 'rules test'),
    engine: oneOf('rules test', '--engine', values.engine, ENGINES, 'wasm'),
  };
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseFor(command: string, args: string[], options: Options, allowPositionals: boolean): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    // A missing value is reported by parseArgs before --help is looked at; help still wins.
    if (args.includes('--help') || args.includes('-h')) return { values: { help: true }, positionals: [] };
    throw new UsageError(describeParseError(error, command), command);
  }
}

/** Rewrites a parseArgs error in the CLI's words, naming the command and where its options are listed. */
function describeParseError(error: unknown, command: string): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);

  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/u.exec(message)?.[1] ?? 'option';
    return `unknown option \`${option}\` for \`bulwark ${command}\`: run \`bulwark help ${command}\` for the options`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']+)'/u.exec(message)?.[1] ?? 'argument';
    return `unexpected argument \`${argument}\` for \`bulwark ${command}\`: it takes options only; run \`bulwark help ${command}\``;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(--?[\w-]+)/u.exec(message)?.[1] ?? 'an option';
    if (/argument missing/u.test(message)) return `missing value for \`${option}\`: run \`bulwark help ${command}\` for what it takes`;
    if (/ambiguous/u.test(message)) return `missing value for \`${option}\` (the next argument starts with \`-\`): give a value, or write \`${option}=VALUE\` for a value that starts with \`-\``;
    if (/does not take an argument/u.test(message)) return `\`${option}\` takes no value: remove \`=...\` after it`;
  }
  return `${message}: run \`bulwark help ${command}\``;
}

function packArgs(values: Values, command: string): { rules: string[]; builtinRules: boolean } {
  const rules = strings(values.rules);
  if (rules.some((folder) => folder === '')) throw new UsageError('empty value for --rules: give the folder of a rule pack', command);
  return { rules, builtinRules: values['no-builtin'] !== true };
}

function oneOf<T extends string>(command: string, option: string, value: Values[string], allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value \`${String(value)}\` for ${option}: use one of ${allowed.join(', ')}`, command);
}

function strings(value: Values[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function optionalString(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
