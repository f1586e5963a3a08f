import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWalkOrder, MAX_SHARD_COUNT, parseShard, selectShard, shardOf, ShardError } from '../../src/check/shard.js';
import { runCheck } from '../../src/node/check.js';
import { walkFiles } from '../../src/node/files.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const FIXTURE_ROOTS = ['fixtures/configs', 'fixtures/formats/configs'];

async function walk(root: string): Promise<string[]> {
  const paths: string[] = [];
  for await (const file of walkFiles([root], { cwd: REPO })) paths.push(file.path);
  return paths;
}

/** Returns, for each path, the shards (1-based) that select it among `count`. */
function owners(paths: readonly string[], count: number): number[][] {
  return paths.map((file) => {
    const selected: number[] = [];
    for (let index = 1; index <= count; index++) if (selectShard(file, { index, count })) selected.push(index);
    return selected;
  });
}

describe('parseShard', () => {
  it('reads K/N', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/7')).toEqual({ index: 3, count: 7 });
    expect(parseShard(`${MAX_SHARD_COUNT}/${MAX_SHARD_COUNT}`)).toEqual({ index: MAX_SHARD_COUNT, count: MAX_SHARD_COUNT });
  });

  it.each(['', '1', '1/', '/2', 'a/b', '1.5/2', '-1/2', '1/2/3', '1 / 2', '0x1/2'])('rejects malformed %j', (text) => {
    expect(() => parseShard(text)).toThrow(ShardError);
    expect(() => parseShard(text)).toThrow(/write K\/N/);
  });

  it('rejects index zero with a hint', () => {
    expect(() => parseShard('0/4')).toThrow(/numbered from 1.*JOB_COMPLETION_INDEX, add 1/);
  });

  it('rejects index above count', () => {
    expect(() => parseShard('5/4')).toThrow(/from 1 to 4/);
  });

  it('rejects zero and huge counts', () => {
    expect(() => parseShard('1/0')).toThrow(/shard count 0/);
    expect(() => parseShard(`1/${MAX_SHARD_COUNT + 1}`)).toThrow(/shard count/);
  });

  it('rejects invalid library values', async () => {
    expect(() => selectShard('a.yaml', { index: 1.5, count: 2 })).toThrow(ShardError);
    expect(() => selectShard('a.yaml', { index: 1, count: Number.NaN })).toThrow(ShardError);
    await expect(runCheck({ paths: ['fixtures/configs'], cwd: REPO, shard: { index: 0, count: 2 } })).rejects.toThrow(ShardError);
  });
});

describe('selectShard', () => {
  it('partitions the fixtures for N=1..7', async () => {
    for (const root of FIXTURE_ROOTS) {
      const paths = await walk(root);
      expect(paths.length).toBeGreaterThan(30);
      for (let count = 1; count <= 7; count++) {
        for (const selected of owners(paths, count)) expect(selected).toHaveLength(1);
      }
    }
  });

  it('spreads fixtures over every shard', async () => {
    const paths = [...(await walk(FIXTURE_ROOTS[0]!)), ...(await walk(FIXTURE_ROOTS[1]!))];
    const sizes = [0, 0, 0];
    for (const file of paths) sizes[shardOf(file, 3) - 1]!++;
    for (const size of sizes) expect(size).toBeGreaterThan(paths.length / 6);
  });

  it('partitions random path sets', () => {
    const pathArbitrary = fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(pathArbitrary, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (paths, count) => {
        for (const selected of owners(paths, count)) expect(selected).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it('ignores file order and neighbours', () => {
    const pathArbitrary = fc.stringMatching(/^[a-z]{1,6}(\/[a-z0-9._-]{1,8}){0,3}$/u);
    fc.assert(
      fc.property(fc.uniqueArray(pathArbitrary, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (paths, count, seed) => {
        const shuffled = [...paths].sort((a, b) => (hashMix(a, seed) - hashMix(b, seed)));
        const subset = shuffled.slice(0, Math.ceil(shuffled.length / 2));
        const before = new Map(paths.map((file) => [file, shardOf(file, count)]));
        for (const file of shuffled) expect(shardOf(file, count)).toBe(before.get(file));
        for (const file of subset) expect(shardOf(file, count)).toBe(before.get(file));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps pinned assignments', () => {
    // These values fix the hash across releases: shards of one run may come from different builds.
    expect([1, 2, 3, 4, 5, 6, 7].map((count) => shardOf('k8s/deployment.yaml', count))).toEqual(PINNED_DEPLOYMENT);
    expect(shardOf('server/nginx/nginx.conf', 5)).toBe(PINNED_NGINX);
  });
});

describe('compareWalkOrder', () => {
  it('matches the walker on fixtures', async () => {
    for (const root of FIXTURE_ROOTS) {
      const walked = await walk(root);
      const shuffled = [...walked].reverse();
      expect(shuffled.sort(compareWalkOrder)).toEqual(walked);
    }
  });

  it('sorts folders segment by segment', () => {
    // A plain string sort puts `a-c` first because `-` sorts before `/`.
    expect(['a-c', 'a/b'].sort(compareWalkOrder)).toEqual(['a/b', 'a-c']);
    expect(['B.json', 'a.yaml'].sort(compareWalkOrder)).toEqual(['B.json', 'a.yaml']);
    expect(compareWalkOrder('x/y', 'x/y')).toBe(0);
  });
});

function hashMix(text: string, seed: number): number {
  let value = seed | 0;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193);
  return value;
}

const PINNED_DEPLOYMENT = [1, 1, 2, 1, 1, 5, 5];
const PINNED_NGINX = 1;
