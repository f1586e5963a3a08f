import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileWalkError, walkFiles, type WalkOptions } from '../../src/node/files.js';

let root: string;
let outside: string;

function write(relative: string, text = 'x: 1\n'): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function walk(paths: string[], options: WalkOptions = {}): Promise<string[]> {
  const found: string[] = [];
  for await (const file of walkFiles(paths, { cwd: root, ...options })) found.push(file.path);
  return found;
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'bulwark-walk-'));
  outside = mkdtempSync(path.join(tmpdir(), 'bulwark-outside-'));
  writeFileSync(path.join(outside, 'secret.yaml'), 'password: x\n');

  write('tree/b.yaml');
  write('tree/a.yaml', 'a: 1\n');
  write('tree/B.json');
  write('tree/sub/c.conf');
  write('tree/sub/deep/d.env');
  write('tree/.git/config');
  write('tree/node_modules/pkg/package.json');
  write('tree/vendor/lib.yaml');
  write('tree/docs/readme.min.json');

  symlinkSync(path.join(root, 'tree'), path.join(root, 'tree/sub/loop'));
  symlinkSync(outside, path.join(root, 'tree/escape'));
  symlinkSync(path.join(root, 'tree/sub/deep'), path.join(root, 'tree/deeplink'));
  symlinkSync(path.join(root, 'tree/a.yaml'), path.join(root, 'tree/z-link.yaml'));
  symlinkSync(path.join(root, 'missing'), path.join(root, 'tree/dangling.yaml'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('walkFiles', () => {
  it('lists files in sorted order', async () => {
    expect(await walk(['tree'])).toEqual([
      'tree/B.json',
      'tree/a.yaml',
      'tree/b.yaml',
      'tree/deeplink/d.env',
      'tree/docs/readme.min.json',
      'tree/sub/c.conf',
      'tree/sub/deep/d.env',
      'tree/vendor/lib.yaml',
      'tree/z-link.yaml',
    ]);
  });

  it('skips git and node_modules', async () => {
    const found = await walk(['tree']);

    expect(found.some((file) => file.includes('.git/'))).toBe(false);
    expect(found.some((file) => file.includes('node_modules/'))).toBe(false);
  });

  it('leaves symlinked folders outside the root', async () => {
    expect((await walk(['tree'])).some((file) => file.includes('secret'))).toBe(false);
  });

  it('skips symlinks back to an ancestor', async () => {
    expect((await walk(['tree'])).some((file) => file.includes('loop'))).toBe(false);
  });

  it('excludes by relative path', async () => {
    const found = await walk(['tree'], { exclude: ['vendor/**', 'sub/deep'] });

    expect(found).not.toContain('tree/vendor/lib.yaml');
    expect(found).not.toContain('tree/sub/deep/d.env');
    expect(found).toContain('tree/sub/c.conf');
  });

  it('excludes by base name', async () => {
    const found = await walk(['tree'], { exclude: ['*.min.json', 'sub'] });

    expect(found).not.toContain('tree/docs/readme.min.json');
    expect(found.some((file) => file.startsWith('tree/sub/'))).toBe(false);
    expect(found).toContain('tree/B.json');
  });

  it('reports sizes and absolute paths', async () => {
    const files = [];
    for await (const file of walkFiles(['tree/a.yaml'], { cwd: root })) files.push(file);

    expect(files).toEqual([{ path: 'tree/a.yaml', absolute: path.join(root, 'tree/a.yaml'), size: 5 }]);
  });

  it('normalises given paths', async () => {
    expect(await walk(['./tree/sub/'])).toEqual(['tree/sub/c.conf', 'tree/sub/deep/d.env']);
  });

  it('walks the current folder', async () => {
    const found = await walk(['.'], { cwd: path.join(root, 'tree/sub') });

    expect(found).toEqual(['c.conf', 'deep/d.env']);
  });

  it('applies excludes to given files', async () => {
    expect(await walk(['tree/a.yaml'], { exclude: ['a.yaml'] })).toEqual([]);
  });

  it('rejects a missing path', async () => {
    const error = await walk(['tree', 'nope.yaml']).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FileWalkError);
    expect((error as FileWalkError).code).toBe('ERR_PATH_NOT_FOUND');
    expect((error as FileWalkError).message).toContain('`nope.yaml`');
  });
});
