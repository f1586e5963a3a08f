// The incremental check cache: the findings of a file are stored under a key
// of everything that decides them, so a re-run only checks files that changed.
//
// Key: SHA-256 over the cache format, the Bulwark version, a digest of the
// WASM core, the engine kind, the limits, the rule pack digest, the file's
// path and its content. The path is part of the key because format detection,
// `applies_to` globs and the `file` variable of rules all read it. A moved or
// renamed file is therefore checked again. Entries are msgpack files written
// to a temporary name and renamed into place, so a reader sees a whole entry
// or none. An entry that fails to decode is treated as a miss and replaced.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Packr } from 'msgpackr';

import type { CheckEngine, FileCheck } from '../check/engine.js';
import type { FileResult, Finding } from '../check/finding.js';
import { BulwarkError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { SEVERITIES } from '../policy/rule.js';
import { errnoCode } from './errno.js';

/** Cache size bound in MiB when none is given; entries are usually under 2 KiB. */
export const DEFAULT_CACHE_MAX_MB = 256;

/** Layout version of entries; a change starts a new sub-folder and old entries age out. */
export const CACHE_FORMAT_VERSION = 1;

/**
 * A hit refreshes the entry's modification time, which eviction reads as its
 * last use, only when it is older than this, so most hits cost no write.
 */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

/** Temporary files older than this are left over from a crashed writer and are removed by pruning. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

const WASM_URL = new URL('../../build/bulwark.wasm', import.meta.url);

// Plain maps and arrays only, so an entry never depends on record structures of a process.
const packr = new Packr({ useRecords: false, moreTypes: false });

export interface CacheOptions {
  /** Bound on the total size of entries in bytes; {@link DEFAULT_CACHE_MAX_MB} MiB by default. */
  maxBytes?: number;
  /**
   * Digest of the WASM core, from {@link wasmCoreDigest} in the main thread.
   * Worker threads bundled from the TypeScript sources run from a temporary
   * folder where build/bulwark.wasm cannot be found relative to this module.
   */
  coreDigest?: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries that existed but could not be decoded; each is also a miss. */
  corrupt: number;
  writes: number;
  /** Entries that could not be stored; those files were checked all the same. */
  writeErrors: number;
}

/** The cache folder cannot be created or written. */
export class CacheError extends BulwarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CACHE', message, options);
  }
}

/** Stored entry: the check with every `file` field emptied, and the full key to verify on reading. */
interface CacheEntry {
  key: string;
  findings: Finding[];
  result: FileResult;
}

let coreDigest: Promise<string> | undefined;

/** Returns the SHA-256 of build/bulwark.wasm, read once per process. */
export function wasmCoreDigest(): Promise<string> {
  coreDigest ??= readFile(WASM_URL).then(
    (bytes) => createHash('sha256').update(bytes).digest('hex'),
    // Without a built core only the reference engine can run, and its code is covered by VERSION.
    () => 'no-core',
  );
  return coreDigest;
}

export class CheckCache {
  readonly folder: string;
  readonly maxBytes: number;
  readonly stats: CacheStats = { hits: 0, misses: 0, corrupt: 0, writes: 0, writeErrors: 0 };
  private readonly entriesFolder: string;
  private readonly createdFolders = new Set<string>();
  private readonly engineKeys = new WeakMap<CheckEngine, string>();
  private readonly core: string;

  private constructor(folder: string, core: string, options: CacheOptions) {
    this.folder = folder;
    this.entriesFolder = path.join(folder, `v${CACHE_FORMAT_VERSION}`);
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_MB * 1024 * 1024;
    this.core = core;
  }

  /** Opens (and creates) the cache in `folder`. */
  static async open(folder: string, options: CacheOptions = {}): Promise<CheckCache> {
    if (options.maxBytes !== undefined && !(Number.isFinite(options.maxBytes) && options.maxBytes >= 0)) {
      throw new CacheError(`invalid cache size bound ${String(options.maxBytes)}: give a number of bytes, 0 or more`);
    }
    const cache = new CheckCache(path.resolve(folder), options.coreDigest ?? (await wasmCoreDigest()), options);
    try {
      await mkdir(cache.entriesFolder, { recursive: true });
    } catch (error) {
      throw new CacheError(`cannot create the cache folder ${folder} (${errnoCode(error)}): give a writable folder to --cache`, { cause: error });
    }
    return cache;
  }

  /** Returns the stored check of `file`, or checks it with `engine` and stores the result. */
  async check(engine: CheckEngine, file: string, bytes: Uint8Array): Promise<FileCheck> {
    const key = this.keyOf(engine, file, bytes);
    const entryPath = this.entryPath(key);

    const stored = await this.read(entryPath, key);
    if (stored !== undefined) {
      this.stats.hits++;
      return withFile(stored, file);
    }

    this.stats.misses++;
    const checked = engine.checkFile(file, bytes);
    try {
      await this.write(entryPath, { key, ...withFile(checked, '') });
    } catch (error) {
      // A cache that cannot be written (read-only, full, deleted during the
      // run) costs speed, not results: the check goes on without storing,
      // and a deleted bucket folder is created again on the next write.
      if (!(error instanceof CacheError)) throw error;
      this.stats.writeErrors++;
      this.createdFolders.clear();
    }
    return checked;
  }

  /** Returns the entry key of `file` with content `bytes` under `engine`, as hex. */
  keyOf(engine: CheckEngine, file: string, bytes: Uint8Array): string {
    const hash = createHash('sha256');
    hash.update(this.engineKey(engine));
    // Length prefixes keep the path and the content from running into each other.
    const name = Buffer.from(file, 'utf8');
    hash.update(`\u0000${name.length}\u0000`).update(name);
    hash.update(`\u0000${bytes.length}\u0000`).update(bytes);
    return hash.digest('hex');
  }

  /**
   * Deletes entries, oldest modification time first, until the total size is
   * at most `maxBytes`, and removes temporary files left by crashed writers.
   * NOTE: this stats every entry, so its cost grows with the number of entries.
   */
  async prune(): Promise<{ removed: number; remainingBytes: number }> {
    const entries = await this.listEntries();
    const now = Date.now();
    let total = 0;
    let removed = 0;
    const live: typeof entries = [];

    for (const entry of entries) {
      if (entry.temporary && now - entry.mtimeMs > STALE_TEMPORARY_MS) {
        await rm(entry.path, { force: true });
        removed++;
      } else {
        total += entry.size;
        live.push(entry);
      }
    }

    if (total > this.maxBytes) {
      live.sort((a, b) => a.mtimeMs - b.mtimeMs);
      for (const entry of live) {
        if (total <= this.maxBytes) break;
        if (entry.temporary) continue;
        await rm(entry.path, { force: true });
        total -= entry.size;
        removed++;
      }
    }
    return { removed, remainingBytes: total };
  }

  private engineKey(engine: CheckEngine): string {
    let key = this.engineKeys.get(engine);
    if (key === undefined) {
      // Sorted names keep the key independent of the order limits were spread in.
      const names = Object.keys(engine.limits).sort();
      const limits = names.map((name) => [name, engine.limits[name as keyof typeof engine.limits]]);
      const parts = [CACHE_FORMAT_VERSION, VERSION, this.core, engine.kind, limits, engine.pack.digest, engine.yaml11Booleans];
      key = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
      this.engineKeys.set(engine, key);
    }
    return key;
  }

  private entryPath(key: string): string {
    return path.join(this.entriesFolder, key.slice(0, 2), `${key.slice(2)}.msgpack`);
  }

  /** Returns the decoded entry, or undefined when it is missing or corrupt. */
  private async read(entryPath: string, key: string): Promise<FileCheck | undefined> {
    let bytes: Buffer;
    try {
      const handle = await open(entryPath, 'r');
      try {
        const info = await handle.stat();
        bytes = await handle.readFile();
        const now = Date.now();
        if (now - info.mtimeMs > TOUCH_INTERVAL_MS) await handle.utimes(now / 1000, now / 1000).catch(() => undefined);
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }

    try {
      const entry: unknown = packr.unpack(bytes);
      if (isEntry(entry, key)) return { findings: entry.findings, result: entry.result };
    } catch {
      // Falls through: a truncated or foreign file is a miss.
    }
    this.stats.corrupt++;
    return undefined;
  }

  private async write(entryPath: string, entry: CacheEntry): Promise<void> {
    const folder = path.dirname(entryPath);
    const temporary = `${entryPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      if (!this.createdFolders.has(folder)) {
        await mkdir(folder, { recursive: true });
        this.createdFolders.add(folder);
      }
      await writeFile(temporary, packr.pack(entry), { flag: 'wx' });
      await rename(temporary, entryPath);
      this.stats.writes++;
    } catch (error) {
      // The folder may be gone or be a file now, so removing can fail too.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new CacheError(`cannot write to the cache folder ${this.folder} (${errnoCode(error)}): check that it is writable, or run without --cache`, { cause: error });
    }
  }

  private async listEntries(): Promise<{ path: string; size: number; mtimeMs: number; temporary: boolean }[]> {
    const entries: { path: string; size: number; mtimeMs: number; temporary: boolean }[] = [];
    const buckets = await readdir(this.entriesFolder).catch(() => [] as string[]);
    for (const bucket of buckets) {
      const bucketPath = path.join(this.entriesFolder, bucket);
      const names = await readdir(bucketPath).catch(() => [] as string[]);
      for (const name of names) {
        const entryPath = path.join(bucketPath, name);
        const info = await stat(entryPath).catch(() => undefined);
        if (info === undefined || !info.isFile()) continue;
        entries.push({ path: entryPath, size: info.size, mtimeMs: info.mtimeMs, temporary: name.endsWith('.tmp') });
      }
    }
    return entries;
  }
}

/** Copies a check with every `file` field set to `file`, keeping the key order of the originals. */
function withFile(check: FileCheck, file: string): FileCheck {
  return {
    findings: check.findings.map((finding) => ({ ...finding, file })),
    result: { ...check.result, file },
  };
}

function isEntry(value: unknown, key: string): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<CacheEntry>;
  if (entry.key !== key || !Array.isArray(entry.findings)) return false;
  if (!entry.findings.every(isFinding)) return false;
  const result = entry.result;
  if (typeof result !== 'object' || result === null || !Array.isArray(result.rules) || typeof result.documents !== 'number') return false;
  return result.rules.every((rule) => typeof rule === 'object' && rule !== null && typeof rule.ruleId === 'string'
    && typeof rule.evaluated === 'number' && typeof rule.failed === 'number' && typeof rule.errors === 'number');
}

const FINDING_KINDS = new Set(['violation', 'error', 'parse-error']);
const FINDING_STRINGS = ['ruleId', 'ruleVersion', 'title', 'message', 'remediation', 'path'] as const;
const FINDING_NUMBERS = ['line', 'column', 'document'] as const;

/** Checks every field the report writers read, so a damaged entry is a miss, not a crash. */
function isFinding(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const finding = value as Record<string, unknown>;
  if (!FINDING_KINDS.has(finding.kind as string)) return false;
  if (!(SEVERITIES as readonly unknown[]).includes(finding.severity)) return false;
  if (!FINDING_STRINGS.every((field) => typeof finding[field] === 'string')) return false;
  if (!FINDING_NUMBERS.every((field) => Number.isInteger(finding[field]))) return false;
  const frameworks = finding.frameworks;
  if (typeof frameworks !== 'object' || frameworks === null || Array.isArray(frameworks)) return false;
  return Object.values(frameworks).every((controls) => Array.isArray(controls) && controls.every((control) => typeof control === 'string'));
}

