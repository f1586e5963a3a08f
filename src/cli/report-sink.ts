// Destinations of a streamed report: a file replaced in one step, or stdout.

import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

import type { ReportSink } from '../report/stream-sink.js';
import { OutputError } from './errors.js';
import type { CliStream } from './io.js';
import { trackTemporary, untrackTemporary } from '../node/temporary.js';
import { errnoCode } from '../node/errno.js';

/** Bytes gathered before one write to the report file. */
const FILE_SINK_CHUNK_BYTES = 64 * 1024;

/** A report sink that writes a temporary file beside `file` and renames it over `file` on commit. */
export interface AtomicFileSink extends ReportSink {
  commit(): Promise<void>;
  /** Removes the temporary file; `file` keeps its old content. */
  discard(): Promise<void>;
}

/**
 * Opens a temporary file in the folder of `file`. On POSIX file systems the
 * rename in `commit` is atomic, so `file` contains its old content or all of the
 * new, never part of it.
 */
export async function openAtomicFileSink(file: string): Promise<AtomicFileSink> {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fail = (error: unknown) => new OutputError(`cannot write report to ${file} (${errnoCode(error)}): check that the folder ${folder} exists and is writable`, { cause: error });

  let handle: FileHandle;
  try {
    // `wx` fails instead of following a link planted at the temporary name.
    handle = await open(temporary, 'wx', 0o644);
  } catch (error) {
    throw fail(error);
  }
  trackTemporary(temporary);

  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async () => {
    if (pendingLength === 0) return;
    const text = pending.join('');
    pending = [];
    pendingLength = 0;
    try {
      await handle.write(text, null, 'utf8');
    } catch (error) {
      throw fail(error);
    }
  };

  return {
    write: async (text: string) => {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= FILE_SINK_CHUNK_BYTES) await flush();
    },
    commit: async () => {
      try {
        await flush();
        await handle.sync();
        await handle.close();
        await rename(temporary, file);
        untrackTemporary(temporary);
      } catch (error) {
        await handle.close().catch(() => undefined);
        await rm(temporary, { force: true });
        untrackTemporary(temporary);
        throw error instanceof OutputError ? error : fail(error);
      }
    },
    discard: async () => {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
      untrackTemporary(temporary);
    },
  };
}

/** A sink over a CLI stream that waits for `drain` when a Node stream reports a full buffer. */
export function streamSink(stream: CliStream): ReportSink {
  const drainable = stream as CliStream & { once?: (event: 'drain', listener: () => void) => unknown };
  return {
    write: (text: string) => {
      const accepted = stream.write(text);
      if (accepted !== false || typeof drainable.once !== 'function') return undefined;
      return new Promise<void>((resolve) => {
        drainable.once!('drain', resolve);
      });
    },
  };
}

