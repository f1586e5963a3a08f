// Writing a report file so that readers never see a partial one.

import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from './errors.js';
import { trackTemporary, untrackTemporary } from '../node/temporary.js';

/**
 * Writes `text` to `file` through a temporary file in the same folder, flushed
 * to disk and then renamed over `file`. On POSIX file systems the rename is
 * atomic, so `file` holds either its old content or all of the new.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

  trackTemporary(temporary);
  try {
    // `wx` fails instead of following a link planted at the temporary name.
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    untrackTemporary(temporary);
  } catch (error) {
    await rm(temporary, { force: true });
    untrackTemporary(temporary);
    throw new OutputError(`cannot write report to ${file} (${errorCode(error)}): check that the folder ${folder} exists and is writable`, { cause: error });
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}
