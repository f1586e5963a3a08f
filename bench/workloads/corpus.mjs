// Loads the real configuration files under fixtures/ into memory and
// replicates them (with a copy number in each path, so every file keeps a
// distinct name and its extension) until the corpus reaches a byte target.

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Folders of real configs, most specific first: fixtures/configs when it
 * exists, else the configs the format tests use. The YAML test-suite cases
 * are parser edge cases rather than configs, so they are left out.
 */
const CORPUS_FOLDERS = [['fixtures/configs'], ['fixtures/formats/configs', 'fixtures/formats/cloudformation']];

/** Notes that sit beside fixtures and are not configs. */
const NOT_CONFIG = /^(SOURCE|SOURCES|README)\.md$/i;

function walk(folder, files) {
  for (const name of readdirSync(folder).sort()) {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) walk(full, files);
    else if (!NOT_CONFIG.test(name)) files.push(full);
  }
}

function readFiles(folders, keep) {
  const full = [];
  for (const folder of folders) if (existsSync(join(ROOT, folder))) walk(join(ROOT, folder), full);
  return full.filter(keep).map((file) => ({ path: relative(ROOT, file), bytes: new Uint8Array(readFileSync(file)) }));
}

/** Reads the corpus files as `{ path, bytes }`, with `path` relative to the repository. */
export function loadCorpus() {
  const folders = CORPUS_FOLDERS.find((group) => existsSync(join(ROOT, group[0]))) ?? [];
  return { folders, files: readFiles(folders, () => true) };
}

/**
 * Reads the JSON configs of every corpus folder. Real JSON configs are few in
 * the fixtures, so this looks in all the folders, not only the first that exists.
 */
export function loadJsonCorpus() {
  const folders = CORPUS_FOLDERS.flat();
  return { folders, files: readFiles(folders, (file) => file.endsWith('.json')) };
}

/** `dir/name.ext` → `dir/copy7/name.ext`: the file name, which format detection reads, stays as it is. */
function copyPath(path, copy) {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dot = name.indexOf('.', 1);
  const stem = dot === -1 ? name : name.slice(0, dot);
  const extension = dot === -1 ? '' : name.slice(dot);
  return `${path.slice(0, slash + 1)}copy${copy}/${stem}${extension}`;
}

/**
 * Repeats `files` in order until the total reaches `targetBytes`. Copies share
 * the bytes (no extra memory per copy); only the path differs.
 */
export function replicate(files, targetBytes) {
  const total = files.reduce((sum, file) => sum + file.bytes.length, 0);
  if (total === 0) throw new Error('the corpus is empty: no config files under fixtures/');
  const result = [];
  let size = 0;
  for (let copy = 0; size < targetBytes; copy++) {
    for (const file of files) {
      result.push({ path: copyPath(file.path, copy), bytes: file.bytes });
      size += file.bytes.length;
    }
  }
  return { files: result, bytes: size };
}
