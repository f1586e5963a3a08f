// Splitting one check over several machines. Each file goes to the shard
// picked by a hash of its path, so a file lands on the same shard on every
// machine and run, whatever the walk order and whichever other files exist.

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { BulwarkError } from '../core/errors.js';

/** One share of a sharded check: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Largest shard count accepted; far above any CI matrix or Indexed Job size. */
export const MAX_SHARD_COUNT = 10_000;

/** A shard given as text or as numbers is invalid. */
export class ShardError extends BulwarkError {
  constructor(message: string) {
    super('ERR_SHARD', message);
  }
}

/**
 * Reports whether the file at `path` belongs to `shard`. `path` is the path
 * shown in reports (relative, with `/`). The first 48 bits of SHA-256 over its
 * UTF-8 bytes, modulo `count`, give the 0-based shard, so the modulo bias is
 * below 2^-30 for every accepted count.
 */
export function selectShard(path: string, shard: Shard): boolean {
  validateShard(shard);
  return shardOf(path, shard.count) === shard.index;
}

/** Returns the 1-based shard of `path` among `count` shards. */
export function shardOf(path: string, count: number): number {
  const digest = sha256(utf8ToBytes(path));
  // Six bytes stay below 2^53, so the number is exact.
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + digest[i]!;
  return (value % count) + 1;
}

/**
 * Parses `K/N` (1 ≤ K ≤ N ≤ {@link MAX_SHARD_COUNT}, decimal). A Kubernetes
 * Indexed Job numbers its pods from 0, so pass `$((JOB_COMPLETION_INDEX+1))/N`.
 */
export function parseShard(text: string): Shard {
  const match = /^([0-9]+)\/([0-9]+)$/u.exec(text.trim());
  if (match === null) throw new ShardError(`invalid shard \`${text}\`: write K/N, e.g. 2/4 for the second of four shards`);

  const shard = { index: Number(match[1]), count: Number(match[2]) };
  validateShard(shard);
  return shard;
}

/** Throws a {@link ShardError} unless `shard` is a valid K/N pair. */
export function validateShard(shard: Shard): void {
  const { index, count } = shard;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARD_COUNT) {
    throw new ShardError(`invalid shard count ${String(count)}: use a whole number from 1 to ${MAX_SHARD_COUNT}`);
  }
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    const hint = index === 0 ? ' (shards are numbered from 1; for a 0-based index such as JOB_COMPLETION_INDEX, add 1)' : '';
    throw new ShardError(`invalid shard ${String(index)}/${count}: the shard number must be from 1 to ${count}${hint}`);
  }
}

/**
 * Compares two report paths in the order `bulwark check` walks one folder:
 * segment by segment (split at `/`), each by UTF-16 code units, as the walker
 * sorts the names of each folder. Sorting the files of several shards with it
 * restores the order of an unsharded run.
 */
export function compareWalkOrder(a: string, b: string): number {
  if (a === b) return 0;
  const left = a.split('/');
  const right = b.split('/');
  const shared = Math.min(left.length, right.length);

  for (let i = 0; i < shared; i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}
