// Runners of file batches: a pool of worker threads, or the calling thread
// itself for `jobs: 1`. Both report outcomes through the same callbacks, so
// the batch API (src/node/batch.ts) drives either one the same way.

import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { CheckEngine } from '../check/engine.js';
import { BulwarkError } from '../core/errors.js';
import type { CheckCache } from './cache.js';
import { checkTask, serializeError, type FileTask, type TaskOutcome } from './file-check.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker.js';

/** Batches sent to one worker before it replies. Two keep it busy while the main thread handles a reply. */
export const MAX_BATCHES_PER_WORKER = 2;

/** A worker thread could not start, crashed, or exited while it still had files to check. */
export class WorkerPoolError extends BulwarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_WORKER', message, options);
  }
}

export interface RunnerCallbacks {
  onOutcomes(outcomes: TaskOutcome[]): void;
  /** Called at most once per failure; the batch API stops the run on the first call. */
  onError(error: Error): void;
}

/** Something that checks batches of files and reports their outcomes. */
export interface BatchRunner {
  /** Reports whether another batch can be submitted now. */
  hasCapacity(): boolean;
  submit(tasks: FileTask[]): void;
  /** Stops every thread the runner started; safe to call more than once. */
  close(): Promise<void>;
}

interface PoolMember {
  id: number;
  worker: Worker;
  /** Batches sent and not yet answered, oldest first. */
  pending: FileTask[][];
  exited: boolean;
}

/** A fixed set of worker threads, each with its own core and engine. */
export class WorkerPool implements BatchRunner {
  private readonly members: PoolMember[] = [];
  private closing = false;

  private constructor(private readonly callbacks: RunnerCallbacks) {}

  /** Starts `jobs` workers and resolves once every one has compiled its rules. */
  static async start(jobs: number, setup: WorkerSetup, callbacks: RunnerCallbacks): Promise<WorkerPool> {
    const pool = new WorkerPool(callbacks);
    const entry = await resolveWorkerEntry();
    const started: Promise<void>[] = [];
    for (let id = 0; id < jobs; id++) started.push(pool.spawn(id, entry, setup));

    try {
      await Promise.all(started);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  hasCapacity(): boolean {
    return !this.closing && this.members.some((member) => member.pending.length < MAX_BATCHES_PER_WORKER);
  }

  submit(tasks: FileTask[]): void {
    // The least loaded worker gets the batch, so a slow file delays only the batches queued behind it.
    let target = this.members[0];
    for (const member of this.members) if (member.pending.length < target.pending.length) target = member;

    target.pending.push(tasks);
    target.worker.postMessage({ type: 'tasks', tasks } satisfies WorkerRequest);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.members.map((member) => member.worker.terminate()));
  }

  /** Number of threads still running, for tests that check nothing is left behind. */
  get liveThreads(): number {
    return this.members.filter((member) => !member.exited).length;
  }

  private spawn(id: number, entry: URL, setup: WorkerSetup): Promise<void> {
    const worker = new Worker(entry, { workerData: setup });
    const member: PoolMember = { id, worker, pending: [], exited: false };
    this.members.push(member);

    return new Promise<void>((resolve, reject) => {
      let ready = false;

      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          ready = true;
          resolve();
        } else if (reply.type === 'startup-failed') {
          reject(new WorkerPoolError(`worker thread ${id} could not start: ${reply.error.message}`));
        } else {
          member.pending.shift();
          this.callbacks.onOutcomes(reply.outcomes);
        }
      });

      worker.on('error', (error) => {
        if (this.closing) return;
        const failure = this.crashError(member, error.message, error);
        if (ready) this.callbacks.onError(failure);
        else reject(failure);
      });

      worker.on('exit', (code) => {
        member.exited = true;
        if (this.closing) return;
        const failure = this.crashError(member, `it exited with code ${code}`);
        if (ready) this.callbacks.onError(failure);
        else reject(failure);
      });
    });
  }

  private crashError(member: PoolMember, reason: string, cause?: unknown): WorkerPoolError {
    const batch = member.pending[0];
    const files = batch === undefined ? '' : ` while checking one of ${describeBatch(batch)}`;
    return new WorkerPoolError(`worker thread ${member.id} stopped${files}: ${reason}; rerun with --jobs 1 to see the error in the main thread`, { cause });
  }
}

/** Checks batches on the calling thread, one at a time: `jobs: 1`, and runtimes without worker threads. */
export class InProcessRunner implements BatchRunner {
  private busy = false;
  private closed = false;

  constructor(private readonly engine: CheckEngine, private readonly callbacks: RunnerCallbacks, private readonly cache?: CheckCache) {}

  hasCapacity(): boolean {
    return !this.busy && !this.closed;
  }

  submit(tasks: FileTask[]): void {
    this.busy = true;
    void this.run(tasks);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async run(tasks: FileTask[]): Promise<void> {
    const outcomes: TaskOutcome[] = [];
    try {
      for (const task of tasks) {
        if (this.closed) return;
        outcomes.push(await checkTask(this.engine, task, this.cache));
      }
    } catch (error) {
      this.callbacks.onError(error instanceof Error ? error : new Error(serializeError(error).message));
      return;
    } finally {
      this.busy = false;
    }
    this.callbacks.onOutcomes(outcomes);
  }
}

function describeBatch(batch: FileTask[]): string {
  const shown = batch.slice(0, 3).map((task) => task.path).join(', ');
  return batch.length > 3 ? `${shown} and ${batch.length - 3} more` : shown;
}

let bundledEntry: Promise<URL> | undefined;

/**
 * Returns the module a worker runs. From the compiled package it is worker.js
 * beside this file. From TypeScript sources (vitest, the benchmark) Node
 * cannot load worker.ts in a thread, so it is bundled with esbuild, a
 * development dependency, into a file in the temporary folder named by its content.
 */
function resolveWorkerEntry(): Promise<URL> {
  if (import.meta.url.endsWith('.js')) return Promise.resolve(new URL('./worker.js', import.meta.url));
  bundledEntry ??= bundleWorkerSource();
  return bundledEntry;
}

async function bundleWorkerSource(): Promise<URL> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);" },
  });
  const code = built.outputFiles[0].contents;

  // Named by content, so every process running the same sources shares one file and none is left per run.
  const digest = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const outfile = path.join(tmpdir(), `bulwark-worker-${digest}.mjs`);
  if (!existsSync(outfile)) {
    const partial = `${outfile}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, outfile);
  }
  return pathToFileURL(outfile);
}
