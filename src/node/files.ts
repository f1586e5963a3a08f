// Lists the files under the paths given to `bulwark check`, in a stable order.

import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { compileGlobs, type GlobMatcher } from '../check/glob.js';
import { BulwarkError } from '../core/errors.js';
import { errnoCode } from './errno.js';

/** Folder names never entered: version-control metadata and installed packages. */
export const SKIPPED_DIRECTORY_NAMES: ReadonlySet<string> = new Set(['.git', 'node_modules']);

export interface WalkedFile {
  /** Path as given, or the given folder joined with the path below it, always with `/`. */
  path: string;
  absolute: string;
  /** Size in bytes. */
  size: number;
}

export interface WalkOptions {
  /**
   * Globs matched against each path relative to the given root and against its
   * base name. A matching folder is not entered. A file given directly is
   * matched against the path as given and against its base name.
   */
  exclude?: string[];
  /** Folder that relative paths are resolved against; defaults to `process.cwd()`. */
  cwd?: string;
}

export type FileWalkErrorCode = 'ERR_PATH_NOT_FOUND' | 'ERR_PATH_UNREADABLE';

/** A path given to the walk is missing or cannot be read. */
export class FileWalkError extends BulwarkError {
  readonly path: string;

  constructor(code: FileWalkErrorCode, filePath: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = filePath;
  }
}

/**
 * Yields every regular file under `paths`. Folders are read in sorted order, so
 * the output is the same on every run. Symlinked files are followed. A symlinked
 * folder is entered only when its target lies inside the root being walked and
 * is not one of the folders that contain the link, which rules out loops.
 */
export async function* walkFiles(paths: string[], options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const cwd = options.cwd ?? process.cwd();
  const excluded = compileGlobs(options.exclude ?? []);

  for (const given of paths) {
    const displayPath = toDisplayPath(given);
    const absolute = path.resolve(cwd, given);
    const info = await statGiven(given, absolute);

    if (info.isDirectory()) {
      const rootReal = await realpath(absolute);
      yield* walkDirectory({ displayPath, absolute, relative: '', rootReal, ancestors: [rootReal], excluded });
    } else if (info.isFile() && !isExcluded(excluded, displayPath, path.posix.basename(displayPath))) {
      yield { path: displayPath, absolute, size: info.size };
    }
  }
}

interface DirectoryVisit {
  displayPath: string;
  absolute: string;
  /** Path below the walk root with `/`, `''` at the root itself. */
  relative: string;
  rootReal: string;
  /** Real paths of this folder and every folder above it, up to the root. */
  ancestors: string[];
  excluded: GlobMatcher;
}

async function* walkDirectory(visit: DirectoryVisit): AsyncGenerator<WalkedFile> {
  const entries = await readDirectory(visit.displayPath, visit.absolute);

  for (const name of entries) {
    if (SKIPPED_DIRECTORY_NAMES.has(name)) continue;

    const absolute = path.join(visit.absolute, name);
    const relative = visit.relative === '' ? name : `${visit.relative}/${name}`;
    const displayPath = joinDisplayPath(visit.displayPath, name);
    const entry = await lstatIfPresent(absolute);
    if (entry === undefined) continue;

    // A symlink is judged by its target; a dangling link is not a file to check.
    let info = entry;
    let real: string | undefined;
    if (entry.isSymbolicLink()) {
      const target = await resolveLink(absolute);
      if (target === undefined) continue;
      ({ info, real } = target);
    }

    if (info.isDirectory()) {
      if (isExcluded(visit.excluded, `${relative}/`, name) || isExcluded(visit.excluded, relative, name)) continue;

      const folderReal = real ?? (await realpath(absolute));
      if (real !== undefined && !isInside(folderReal, visit.rootReal)) continue;
      if (visit.ancestors.includes(folderReal)) continue;

      yield* walkDirectory({ ...visit, displayPath, absolute, relative, ancestors: [...visit.ancestors, folderReal] });
    } else if (info.isFile()) {
      if (isExcluded(visit.excluded, relative, name)) continue;
      yield { path: displayPath, absolute, size: info.size };
    }
  }
}

async function statGiven(given: string, absolute: string) {
  try {
    return await stat(absolute);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) {
      throw new FileWalkError('ERR_PATH_NOT_FOUND', given, `path \`${given}\` not found: check the spelling, or run from the folder that contains it`, { cause: error });
    }
    throw new FileWalkError('ERR_PATH_UNREADABLE', given, `path \`${given}\` cannot be read (${errnoCode(error)}): check its permissions`, { cause: error });
  }
}

async function readDirectory(displayPath: string, absolute: string): Promise<string[]> {
  try {
    const names = await readdir(absolute);
    // Sort by UTF-16 code units, not by locale, so the order is the same on every machine.
    return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    throw new FileWalkError('ERR_PATH_UNREADABLE', displayPath, `folder \`${displayPath}\` cannot be read (${errnoCode(error)}): check its permissions, or exclude it with --exclude`, { cause: error });
  }
}

/** Returns undefined for an entry removed since the folder was read. */
async function lstatIfPresent(absolute: string) {
  try {
    return await lstat(absolute);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function resolveLink(absolute: string) {
  try {
    const real = await realpath(absolute);
    return { info: await stat(real), real };
  } catch {
    return undefined;
  }
}

function isExcluded(excluded: GlobMatcher, relative: string, name: string): boolean {
  return excluded(relative) || excluded(name);
}

function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function toDisplayPath(given: string): string {
  const slashed = given.split(path.sep).join('/');
  const normalized = path.posix.normalize(slashed);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function joinDisplayPath(folder: string, name: string): string {
  if (folder === '.') return name;
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

function isErrnoCode(error: unknown, code: string): boolean {
  return errnoCode(error) === code;
}

