// The batch API: checks many files on several threads and yields the results
// one file at a time, in walk order, with a bounded number of results in
// memory however many files there are.

import { stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { availableParallelism } from 'node:os';

import type { FileCheck } from '../check/engine.js';
import { BulwarkError } from '../core/errors.js';
import type { RulePack } from '../policy/rule.js';
import { selectShard, validateShard, type Shard } from '../check/shard.js';
import { CheckCache, wasmCoreDigest } from './cache.js';
import type { CheckReport } from '../check/finding.js';
import type { StreamingReportWriter } from '../report/stream.js';
import { buildPackFromSources, createEngine, InputError, readPackSources, reportShell, type CheckOptions, type PackSource } from './check.js';
import type { FileTask, TaskOutcome } from './file-check.js';
import { walkFiles, type WalkOptions } from './files.js';
import { InProcessRunner, MAX_BATCHES_PER_WORKER, WorkerPool, type BatchRunner, type RunnerCallbacks } from './pool.js';
import { loadCoreModule } from './wasm.js';

/** Files per batch handed to a worker: enough to amortize a message, few enough to spread work evenly. */
export const BATCH_FILES = 16;

/** Lower bound of the reorder window, so `jobs: 1` still overlaps reading with checking. */
export const MIN_WINDOW_FILES = 64;

/** Counters of one run, updated while it runs; tests read them to check the bounds hold. */
export interface BatchStats {
  /** Maximum number of files dispatched and not yet yielded; the dispatcher waits when it is reached. */
  window: number;
  /** Files dispatched and not yet yielded, now. */
  inFlight: number;
  /** Highest `inFlight` seen during the run. */
  maxInFlight: number;
  /** Highest number of finished results waiting for an earlier file. */
  maxBuffered: number;
  /** Threads started by the run that have not exited; 0 once the run has ended. */
  liveThreads: number;
}

/** A rule pack read and parsed once, for callers that need it before the run (report headers). */
export interface PreparedPack {
  sources: PackSource[];
  pack: RulePack;
}

export interface BatchOptions extends CheckOptions {
  /** The pack from {@link preparePack}; read from `rules`/`builtinRules` when absent. */
  prepared?: PreparedPack;
  /** Files dispatched ahead of the oldest unfinished one; a default that scales with `jobs` when absent. */
  window?: number;
  stats?: BatchStats;
  /** Test hook: the worker handed this path crashes its thread. */
  crashOnPath?: string;
}

/** Reads and parses the rule packs of a run. */
export async function preparePack(options: CheckOptions): Promise<PreparedPack> {
  const sources = await readPackSources(options);
  return { sources, pack: buildPackFromSources(sources) };
}

/** Creates a {@link BatchStats} with every counter at zero. */
export function createBatchStats(): BatchStats {
  return { window: 0, inFlight: 0, maxInFlight: 0, maxBuffered: 0, liveThreads: 0 };
}

/**
 * Checks every file under `options.paths` and yields one result per file in
 * walk order, each with its position in that order. Work is spread over
 * `options.jobs` worker threads (`os.availableParallelism()` by default;
 * `1` checks in the calling thread). Unreadable files yield a parse-error
 * finding; a crashed worker or an engine error ends the run with an error.
 * Breaking out of the loop stops the workers.
 */
export async function* checkFiles(options: BatchOptions): AsyncGenerator<FileCheck & { index: number }> {
  if (options.paths.length === 0) throw new InputError('no path to check; give one or more files or folders');
  const jobs = resolveJobs(options.jobs);
  const walkOptions: WalkOptions = { exclude: options.exclude ?? [], ...(options.cwd ? { cwd: options.cwd } : {}) };

  if (options.shard !== undefined) validateShard(options.shard);

  // A missing path fails before the rule pack is compiled and before any result is written.
  await assertPathsExist(options.paths, walkOptions);
  const total = options.onProgress === undefined ? 0 : await countFiles(options.paths, walkOptions, options.shard);
  const prepared = options.prepared ?? (await preparePack(options));

  // Threads beyond the number of files only cost start-up time and memory.
  const fileCount = await countIfOnlyFiles(options.paths, options.cwd);
  const run = new ReorderingRun(options, fileCount === undefined ? jobs : Math.max(1, Math.min(jobs, fileCount)));
  await run.start(prepared);
  yield* run.results(shardFiles(walkFiles(options.paths, walkOptions), options.shard), total);
}

/**
 * Checks like {@link checkFiles} and hands each file's results to a streaming
 * report writer as they arrive in walk order. `createWriter` gets the report
 * shell once the pack is loaded; `onFile` sees every file's results, for
 * counts such as the exit code's. Returns the number of files and the
 * duration written to the report.
 */
export async function streamCheck(
  options: BatchOptions,
  createWriter: (shell: CheckReport) => StreamingReportWriter,
  onFile?: (check: FileCheck) => void,
): Promise<{ files: number; durationMs: number }> {
  if (options.paths.length === 0) throw new InputError('no path to check; give one or more files or folders');
  if (options.shard !== undefined) validateShard(options.shard);
  const startedAt = new Date();

  await assertPathsExist(options.paths, { exclude: options.exclude ?? [], ...(options.cwd ? { cwd: options.cwd } : {}) });
  const prepared = options.prepared ?? (await preparePack(options));
  const writer = createWriter(reportShell(prepared.pack, options, startedAt));

  let files = 0;
  await writer.begin();
  try {
    for await (const check of checkFiles({ ...options, prepared })) {
      await writer.addFile(check);
      onFile?.(check);
      files++;
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }

  const durationMs = Date.now() - startedAt.getTime();
  await writer.end(durationMs);
  return { files, durationMs };
}

/** Returns how many paths were given when every one is a regular file, else undefined. */
async function countIfOnlyFiles(paths: readonly string[], cwd: string | undefined): Promise<number | undefined> {
  for (const given of paths) {
    const info = await stat(resolvePath(cwd ?? process.cwd(), given)).catch(() => undefined);
    if (!info?.isFile()) return undefined;
  }
  return paths.length;
}

function resolveJobs(jobs: number | undefined): number {
  if (jobs === undefined) return availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new InputError(`invalid jobs count ${jobs}: give a whole number of 1 or more`);
  return jobs;
}

/** Throws the walk's error for the first given path that is missing or unreadable. */
export async function assertPathsExist(paths: string[], walkOptions: WalkOptions): Promise<void> {
  for (const given of paths) {
    const walk = walkFiles([given], walkOptions);
    await walk.next();
    await walk.return(undefined);
  }
}

/** Counts the files of a walk, so progress can show a total without keeping the paths. */
async function countFiles(paths: string[], walkOptions: WalkOptions, shard: Shard | undefined): Promise<number> {
  let count = 0;
  for await (const _entry of shardFiles(walkFiles(paths, walkOptions), shard)) count++;
  return count;
}

/** Keeps the walked files that belong to `shard`, or all of them without one. */
async function* shardFiles<T extends { path: string }>(walk: AsyncGenerator<T>, shard: Shard | undefined): AsyncGenerator<T> {
  if (shard === undefined) return yield* walk;
  for await (const entry of walk) if (selectShard(entry.path, shard)) yield entry;
}

/** A promise that every waiter shares and that `notify` settles, then replaces. */
class Signal {
  private resolveCurrent!: () => void;
  private current = this.renew();

  wait(): Promise<void> {
    return this.current;
  }

  notify(): void {
    this.resolveCurrent();
    this.current = this.renew();
  }

  private renew(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolveCurrent = resolve;
    });
  }
}

/**
 * One run: a dispatcher that walks and hands out batches, a runner that
 * checks them, and a reorder buffer from which results leave in walk order.
 */
class ReorderingRun {
  private readonly signal = new Signal();
  private readonly buffered = new Map<number, FileCheck>();
  private readonly stats: BatchStats;
  private readonly window: number;
  private runner: BatchRunner | undefined;
  private pool: WorkerPool | undefined;
  private cache: CheckCache | undefined;
  private failure: Error | undefined;
  private stopped = false;
  private walkDone = false;
  private nextIndex = 0;
  private nextYield = 0;
  /** Paths of the files in flight, to name the file of an engine failure. */
  private readonly paths = new Map<number, string>();

  constructor(private readonly options: BatchOptions, private readonly jobs: number) {
    this.stats = options.stats ?? createBatchStats();
    this.window = options.window ?? Math.max(MIN_WINDOW_FILES, jobs * BATCH_FILES * MAX_BATCHES_PER_WORKER * 2);
    if (this.window < 1) throw new InputError(`invalid reorder window ${this.window}: give 1 or more files`);
    this.stats.window = this.window;
  }

  async start(prepared: PreparedPack): Promise<void> {
    const callbacks: RunnerCallbacks = {
      onOutcomes: (outcomes) => this.accept(outcomes),
      onError: (error) => this.fail(error),
    };

    if (this.jobs === 1) {
      const engine = await createEngine(prepared.pack, this.options.engine, this.options.limits, { yaml11Booleans: this.options.yaml11Booleans === true });
      this.cache = this.options.cache === undefined ? undefined : await this.openCache(this.options.cache);
      this.runner = new InProcessRunner(engine, callbacks, this.cache);
      return;
    }

    const engine = this.options.engine ?? 'wasm';
    this.pool = await WorkerPool.start(this.jobs, {
      engine,
      ...(engine === 'wasm' ? { module: await loadCoreModule() } : {}),
      sources: prepared.sources,
      limits: this.options.limits ?? {},
      yaml11Booleans: this.options.yaml11Booleans === true,
      ...(this.options.cache !== undefined ? { cache: { folder: this.options.cache, coreDigest: await wasmCoreDigest(), ...(this.options.cacheMaxBytes !== undefined ? { maxBytes: this.options.cacheMaxBytes } : {}) } } : {}),
      ...(this.options.crashOnPath !== undefined ? { crashOnPath: this.options.crashOnPath } : {}),
    }, callbacks);
    this.runner = this.pool;
    this.stats.liveThreads = this.pool.liveThreads;
  }

  async *results(walk: AsyncGenerator<{ path: string; absolute: string }>, total: number): AsyncGenerator<FileCheck & { index: number }> {
    const dispatching = this.dispatch(walk).catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));

    try {
      for (;;) {
        if (this.failure !== undefined) throw this.failure;

        const check = this.buffered.get(this.nextYield);
        if (check !== undefined) {
          const index = this.nextYield;
          this.buffered.delete(index);
          this.paths.delete(index);
          this.nextYield++;
          this.stats.inFlight = this.nextIndex - this.nextYield;
          this.signal.notify();
          this.options.onProgress?.(this.nextYield, Math.max(total, this.nextYield));
          yield { ...check, index };
          continue;
        }

        if (this.walkDone && this.nextYield === this.nextIndex) break;
        await this.signal.wait();
      }
    } finally {
      this.stopped = true;
      this.signal.notify();
      await this.runner?.close();
      await dispatching;
      this.stats.liveThreads = this.pool?.liveThreads ?? 0;
    }

    // Pruning runs once, after every worker has written its entries.
    if (this.options.cache !== undefined) await (this.cache ?? (await this.openCache(this.options.cache))).prune();
  }

  private openCache(folder: string): Promise<CheckCache> {
    return CheckCache.open(folder, this.options.cacheMaxBytes === undefined ? {} : { maxBytes: this.options.cacheMaxBytes });
  }

  private async dispatch(walk: AsyncGenerator<{ path: string; absolute: string }>): Promise<void> {
    let batch: FileTask[] = [];

    try {
      for await (const entry of walk) {
        // Back-pressure: the file at `nextYield + window` waits until the oldest result has left.
        while (this.nextIndex >= this.nextYield + this.window) {
          if (batch.length > 0) {
            await this.submit(batch);
            batch = [];
          } else {
            await this.signal.wait();
          }
          if (this.stopped) return;
        }
        if (this.stopped) return;

        const index = this.nextIndex++;
        this.paths.set(index, entry.path);
        this.stats.inFlight = this.nextIndex - this.nextYield;
        this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
        batch.push({ index, path: entry.path, absolute: entry.absolute });
        if (batch.length >= BATCH_FILES) {
          await this.submit(batch);
          batch = [];
        }
        if (this.stopped) return;
      }
      if (batch.length > 0) await this.submit(batch);
    } finally {
      await walk.return(undefined);
      this.walkDone = true;
      this.signal.notify();
    }
  }

  private async submit(batch: FileTask[]): Promise<void> {
    while (!this.stopped && !this.runner!.hasCapacity()) await this.signal.wait();
    if (!this.stopped) this.runner!.submit(batch);
  }

  private accept(outcomes: TaskOutcome[]): void {
    for (const outcome of outcomes) {
      if ('failure' in outcome) {
        const path = this.paths.get(outcome.index) ?? `file ${outcome.index}`;
        this.fail(new FileCheckError(outcome.failure.code ?? 'ERR_CHECK_FAILED', `checking ${path} failed: ${outcome.failure.message}`));
        return;
      }
      this.buffered.set(outcome.index, outcome.check);
    }
    this.stats.maxBuffered = Math.max(this.stats.maxBuffered, this.buffered.size);
    this.signal.notify();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.stopped = true;
    this.signal.notify();
  }
}

/** The engine raised an error on one file (a core trap, an exceeded limit) in a worker thread. */
export class FileCheckError extends BulwarkError {}
