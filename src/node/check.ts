// The compliance check over files on disk: the `bulwark check` job as a
// library call.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Limits } from '../core/abi.js';
import { BulwarkError } from '../core/errors.js';
import { CheckEngine, type EngineKind } from '../check/engine.js';
import { runRuleExamples, type RuleTestReport } from '../check/examples.js';
import type { CheckReport, FileResult, Finding } from '../check/finding.js';
import { buildPack, mergePacks, parseManifest, type RuleFileText } from '../check/pack.js';
import type { RulePack } from '../policy/rule.js';
import { VERSION } from '../version.js';
import { walkFiles } from './files.js';
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
  onProgress?: (done: number, total: number) => void;
}

/** No path was given, or a given path does not exist. */
export class InputError extends BulwarkError {
  constructor(message: string) {
    super('ERR_INPUT', message);
  }
}

/** Reads one rule pack folder: `pack.yaml` (optional) and every `*.yaml`/`*.yml` rule file. */
export async function loadPackFolder(folder: string): Promise<RulePack> {
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
  if (files.length === 0) throw new InputError(`rule pack folder ${folder} holds no .yaml rule files`);
  return buildPack(manifest, files);
}

/** The built-in pack plus every folder given with --rules, merged. */
export async function loadRulePacks(options: PackOptions = {}): Promise<RulePack> {
  const folders = [...(options.builtinRules === false ? [] : [BUILTIN_RULES_DIR]), ...(options.rules ?? [])];
  if (folders.length === 0) throw new InputError('no rules to run: --no-builtin was given without --rules');
  const packs = await Promise.all(folders.map(loadPackFolder));
  return mergePacks(packs);
}

/** An engine over the given pack, on the WASM core unless `reference` is asked for. */
export async function createEngine(pack: RulePack, engine: EngineKind = 'wasm', limits: Partial<Limits> = {}): Promise<CheckEngine> {
  if (engine === 'reference') return new CheckEngine(pack, { limits });
  return new CheckEngine(pack, { core: await createCore(limits), limits });
}

/** Checks every configuration file under `paths`. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  if (options.paths.length === 0) throw new InputError('no path to check; give one or more files or folders');
  const startedAt = new Date();

  // Walk first: a missing path fails before the rule pack is compiled, and
  // progress can show a total. Paths are small next to file contents.
  const entries = [];
  for await (const entry of walkFiles(options.paths, { exclude: options.exclude ?? [], ...(options.cwd ? { cwd: options.cwd } : {}) })) entries.push(entry);

  const pack = await loadRulePacks(options);
  const engine = await createEngine(pack, options.engine, options.limits);

  const findings: Finding[] = [];
  const files: FileResult[] = [];
  let done = 0;
  for (const entry of entries) {
    const bytes = await readFile(entry.absolute);
    const { findings: fileFindings, result } = engine.checkFile(entry.path, bytes);
    findings.push(...fileFindings);
    files.push(result);
    options.onProgress?.(++done, entries.length);
  }

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
    findings,
    files,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

/** Runs the inline examples of every rule in the packs. */
export async function runRuleTests(options: PackOptions & { engine?: EngineKind } = {}): Promise<RuleTestReport> {
  const pack = await loadRulePacks(options);
  const engine = await createEngine(pack, options.engine);
  return runRuleExamples(engine);
}
