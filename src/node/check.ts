// The compliance check over files on disk: the `bulwark check` job as a
// library call.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Limits } from '../core/abi.js';
import { BulwarkError } from '../core/errors.js';
import { CheckEngine, type EngineKind } from '../check/engine.js';
import { runRuleExamples, type RuleTestReport } from '../check/examples.js';
import type { CheckReport, FileResult, Finding } from '../check/finding.js';
import { buildPack, mergePacks, parseManifest, type PackManifest, type RuleFileText } from '../check/pack.js';
import type { RulePack } from '../policy/rule.js';
import { VERSION } from '../version.js';
import { assertPathsExist, checkFiles, preparePack } from './batch.js';

export { checkFiles, streamCheck, type BatchOptions, type BatchStats } from './batch.js';
import { validateShard, type Shard } from '../check/shard.js';
import { createCore } from './wasm.js';

/** The built-in rule pack shipped with the package. */
export const BUILTIN_RULES_DIR = new URL('../../rules/', import.meta.url).pathname;

export interface PackOptions {
  /** Extra rule pack folders (each a folder of YAML rule files, optionally with pack.yaml). */
  rules?: string[];
  /** Include the built-in pack; true unless set to false. */
  builtinRules?: boolean;
}

export interface CheckOptions extends PackOptions {
  paths: string[];
  exclude?: string[];
  /** Folder that relative paths are resolved against; the process's by default. */
  cwd?: string;
  engine?: EngineKind;
  limits?: Partial<Limits>;
  /** Reads YAML 1.1 booleans (`yes`, `no`, `on`, `off`, `y`, `n`) as booleans, as Kubernetes tooling does. */
  yaml11Booleans?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Check only the files of this shard (1-based index of `count`), picked by a hash of their path. */
  shard?: Shard;
  /** Folder of the incremental cache: files whose content, path, rules and engine are unchanged are not checked again. */
  cache?: string;
  /** Bound on the cache folder's size in bytes; src/node/cache.ts DEFAULT_CACHE_MAX_MB MiB by default. */
  cacheMaxBytes?: number;
  /** Worker threads to check on; `os.availableParallelism()` by default, 1 checks in the calling thread. */
  jobs?: number;
}

/** No path was given, or a given path does not exist. */
export class InputError extends BulwarkError {
  constructor(message: string) {
    super('ERR_INPUT', message);
  }
}

/** The text of one rule pack folder: its manifest and rule files, before parsing. */
export interface PackSource {
  manifest: PackManifest;
  files: RuleFileText[];
}

/** Reads one rule pack folder: `pack.yaml` (optional) and every `*.yaml`/`*.yml` rule file. */
export async function loadPackFolder(folder: string): Promise<RulePack> {
  return buildPackFromSources([await readPackFolder(folder)]);
}

/** Reads the manifest and rule-file texts of one rule pack folder, without parsing the rules. */
export async function readPackFolder(folder: string): Promise<PackSource> {
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch (error) {
    throw new InputError(`cannot read rule pack folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? 'error'}; pass a folder of YAML rule files to --rules`);
  }

  const manifestName = names.find((n) => n === 'pack.yaml' || n === 'pack.yml');
  const manifest = manifestName
    ? parseManifest({ path: join(folder, manifestName), text: await readFile(join(folder, manifestName), 'utf8') })
    : { name: folder, version: '0.0.0' };

  const files: RuleFileText[] = [];
  for (const name of names) {
    if (name === manifestName || !/\.ya?ml$/.test(name)) continue;
    files.push({ path: join(folder, name), text: await readFile(join(folder, name), 'utf8') });
  }
  if (files.length === 0) throw new InputError(`rule pack folder ${folder} contains no .yaml rule files`);
  return { manifest, files };
}

/** Reads the built-in pack and every folder given with --rules, as texts. */
export async function readPackSources(options: PackOptions = {}): Promise<PackSource[]> {
  const folders = [...(options.builtinRules === false ? [] : [BUILTIN_RULES_DIR]), ...(options.rules ?? [])];
  if (folders.length === 0) throw new InputError('no rules to run: --no-builtin was given without --rules');
  return Promise.all(folders.map(readPackFolder));
}

/** Parses pack texts and merges the packs; worker threads call it on the texts the main thread read. */
export function buildPackFromSources(sources: readonly PackSource[]): RulePack {
  return mergePacks(sources.map((source) => buildPack(source.manifest, source.files)));
}

/** The built-in pack plus every folder given with --rules, merged. */
export async function loadRulePacks(options: PackOptions = {}): Promise<RulePack> {
  return buildPackFromSources(await readPackSources(options));
}

/** An engine over the given pack, on the WASM core unless `reference` is asked for. */
export async function createEngine(pack: RulePack, engine: EngineKind = 'wasm', limits: Partial<Limits> = {}, options: { yaml11Booleans?: boolean } = {}): Promise<CheckEngine> {
  const yaml11Booleans = options.yaml11Booleans === true;
  if (engine === 'reference') return new CheckEngine(pack, { limits, yaml11Booleans });
  return new CheckEngine(pack, { core: await createCore(limits), limits, yaml11Booleans });
}

/** Checks every configuration file under `paths`. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  if (options.paths.length === 0) throw new InputError('no path to check; give one or more files or folders');
  if (options.shard !== undefined) validateShard(options.shard);
  const startedAt = new Date();

  // A missing path fails before the rule pack is compiled.
  await assertPathsExist(options.paths, { exclude: options.exclude ?? [], ...(options.cwd ? { cwd: options.cwd } : {}) });
  const prepared = await preparePack(options);
  const pack = prepared.pack;

  const findings: Finding[] = [];
  const files: FileResult[] = [];
  for await (const check of checkFiles({ ...options, prepared })) {
    // A loop, not push(...spread): a file can carry hundreds of thousands of findings.
    for (const finding of check.findings) findings.push(finding);
    files.push(check.result);
  }

  return { ...reportShell(pack, options, startedAt), findings, files, durationMs: Date.now() - startedAt.getTime() };
}

/**
 * Returns the report of a run before any file is checked: `findings` and
 * `files` empty and `durationMs` 0. The key order is the finished report's,
 * which the streaming writers rely on.
 */
export function reportShell(pack: RulePack, options: Pick<CheckOptions, 'shard'>, startedAt: Date): CheckReport {
  return {
    tool: { name: 'bulwark', version: VERSION },
    pack: {
      name: pack.name,
      version: pack.version,
      digest: pack.digest,
      rules: pack.rules.map((rule) => {
        const summary: CheckReport['pack']['rules'][number] = {
          id: rule.id, version: rule.version, title: rule.title, severity: rule.severity, frameworks: rule.frameworks, remediation: rule.remediation,
        };
        if (rule.description) summary.description = rule.description;
        return summary;
      }),
    },
    ...(options.shard !== undefined ? { shard: { index: options.shard.index, count: options.shard.count } } : {}),
    findings: [],
    files: [],
    startedAt: startedAt.toISOString(),
    durationMs: 0,
  };
}

/** Runs the inline examples of every rule in the packs. */
export async function runRuleTests(options: PackOptions & { engine?: EngineKind } = {}): Promise<RuleTestReport> {
  const pack = await loadRulePacks(options);
  const engine = await createEngine(pack, options.engine);
  return runRuleExamples(engine);
}
