// Entry point of a check worker thread: one WASM core and one CheckEngine,
// compiled from the rule texts the main thread read, checking the batches of
// files the pool hands out.

import { parentPort, workerData } from 'node:worker_threads';

import type { Limits } from '../core/abi.js';
import { CoreInstance } from '../core/wasm.js';
import { CheckEngine, type EngineKind } from '../check/engine.js';
import { CheckCache } from './cache.js';
import { buildPackFromSources, type PackSource } from './check.js';
import { checkTask, serializeError, type FileTask, type TaskOutcome } from './file-check.js';

/** What the pool passes to each worker when it starts it. */
export interface WorkerSetup {
  engine: EngineKind;
  /** The compiled core, shared so that no worker compiles it again; absent for the reference engine. */
  module?: WebAssembly.Module;
  sources: PackSource[];
  limits: Partial<Limits>;
  yaml11Booleans: boolean;
  /** Folder and size bound of the incremental cache, when the run uses one. */
  cache?: { folder: string; maxBytes?: number; coreDigest?: string };
  /** Test hook: the worker throws an uncaught error when it is handed this path. */
  crashOnPath?: string;
}

export type WorkerRequest = { type: 'tasks'; tasks: FileTask[] };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'startup-failed'; error: ReturnType<typeof serializeError> }
  | { type: 'outcomes'; outcomes: TaskOutcome[] };

function createWorkerEngine(setup: WorkerSetup): CheckEngine {
  const pack = buildPackFromSources(setup.sources);
  const yaml11Booleans = setup.yaml11Booleans;
  if (setup.engine === 'reference' || setup.module === undefined) return new CheckEngine(pack, { limits: setup.limits, yaml11Booleans });
  return new CheckEngine(pack, { core: CoreInstance.createSync(setup.module, setup.limits), limits: setup.limits, yaml11Booleans });
}

async function runTasks(engine: CheckEngine, tasks: FileTask[], setup: WorkerSetup, cache: CheckCache | undefined): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = [];
  for (const task of tasks) {
    if (setup.crashOnPath !== undefined && task.path === setup.crashOnPath) {
      // Thrown outside checkTask's error handling on purpose, so it kills the thread.
      setImmediate(() => {
        throw new Error(`test hook: worker crashed on ${task.path}`);
      });
      return new Promise<never>(() => {});
    }
    outcomes.push(await checkTask(engine, task, cache));
  }
  return outcomes;
}

async function start(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('src/node/worker.ts runs only as a worker thread started by src/node/pool.ts');

  const setup = workerData as WorkerSetup;
  let engine: CheckEngine;
  let cache: CheckCache | undefined;
  try {
    engine = createWorkerEngine(setup);
    if (setup.cache !== undefined) cache = await CheckCache.open(setup.cache.folder, { ...(setup.cache.maxBytes === undefined ? {} : { maxBytes: setup.cache.maxBytes }), ...(setup.cache.coreDigest === undefined ? {} : { coreDigest: setup.cache.coreDigest }) });
  } catch (error) {
    port.postMessage({ type: 'startup-failed', error: serializeError(error) } satisfies WorkerReply);
    return;
  }

  // Batches run one after another, in the order they arrive, so a queue of promises keeps them serial.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      const outcomes = await runTasks(engine, request.tasks, setup, cache);
      port.postMessage({ type: 'outcomes', outcomes } satisfies WorkerReply);
    });
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

void start();
