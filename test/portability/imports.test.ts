// The portable core (src/ outside src/node/ and src/cli/) must run in edge
// runtimes such as workerd, which have no `node:` modules.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

const NODE_ONLY = ['src/node', 'src/cli'];
const NODE_BUILTINS = /from\s+['"](node:[^'"]+|fs|path|os|crypto|child_process|worker_threads|url|util|stream|buffer)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('portable core', () => {
  const files = sources('src').filter((file) => !NODE_ONLY.some((dir) => relative(dir, file).split('/')[0] !== '..'));

  it('covers the portable folders', () => {
    expect(files.some((file) => file.startsWith('src/core/'))).toBe(true);
    expect(files.some((file) => file.startsWith('src/check/'))).toBe(true);
  });

  it('imports no Node built-in module', () => {
    const offenders = files.filter((file) => NODE_BUILTINS.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('uses no Node globals', () => {
    const offenders = files.filter((file) => /\b(process\.|Buffer\.|__dirname|require\()/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders).toEqual([]);
  });
});
