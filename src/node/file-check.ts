// Reading and checking one walked file: the unit of work that the batch API
// runs in worker threads or in-process.

import { readFile } from 'node:fs/promises';

import type { CheckEngine, FileCheck } from '../check/engine.js';
import { PARSE_ERROR_RULE } from '../check/finding.js';
import type { CheckCache } from './cache.js';
import { errnoCode } from './errno.js';

/** One file handed to a checker: its position in the walk order and where to read it. */
export interface FileTask {
  index: number;
  /** Path shown in findings. */
  path: string;
  absolute: string;
}

/** The check of one task, or the error that stopped it (a core trap, a bug). */
export type TaskOutcome =
  | { index: number; check: FileCheck }
  | { index: number; failure: SerializedError };

/** An error as it crosses a thread boundary: class name, stable code and message. */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
  stack?: string;
}

/**
 * Reads and checks one file. A file that cannot be read (removed since the
 * walk, permissions) becomes a parse-error finding, so one bad file does not
 * stop a run over thousands. With a cache, an unchanged file is not checked
 * again. Errors of the engine itself are returned as a
 * failure and end the run, as they do in a single-threaded check.
 */
export async function checkTask(engine: CheckEngine, task: FileTask, cache?: CheckCache): Promise<TaskOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(task.absolute);
  } catch (error) {
    return { index: task.index, check: unreadableFile(task.path, error) };
  }

  try {
    const check = cache === undefined ? engine.checkFile(task.path, bytes) : await cache.check(engine, task.path, bytes);
    return { index: task.index, check };
  } catch (error) {
    return { index: task.index, failure: serializeError(error) };
  }
}

/** Builds the result of a file that could not be read. */
export function unreadableFile(path: string, error: unknown): FileCheck {
  const code = errnoCode(error);
  return {
    findings: [{
      kind: 'parse-error',
      ruleId: PARSE_ERROR_RULE,
      ruleVersion: '1.0.0',
      title: 'File could not be parsed',
      severity: 'medium',
      message: `file cannot be read (${code}) (ERR_FILE_UNREADABLE)`,
      remediation: 'Check that the file still exists and is readable, or exclude it with --exclude.',
      frameworks: {},
      file: path,
      line: 0,
      column: 0,
      path: '',
      document: 0,
    }],
    result: { file: path, documents: 0, rules: [] },
  };
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') serialized.code = code;
  if (error.stack !== undefined) serialized.stack = error.stack;
  return serialized;
}

