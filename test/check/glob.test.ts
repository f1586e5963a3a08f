import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs } from '../../src/check/glob.js';

const cases: [glob: string, path: string, matches: boolean][] = [
  ['*.yaml', 'pod.yaml', true],
  ['*.yaml', 'k8s/pod.yaml', false],
  ['*.yaml', '.yaml', true],
  ['k8s/*.yaml', 'k8s/pod.yaml', true],
  ['k8s/*.yaml', 'k8s/sub/pod.yaml', false],
  ['**/*.yaml', 'pod.yaml', true],
  ['**/*.yaml', 'a/b/c/pod.yaml', true],
  ['**/*.yaml', 'a/b/c/pod.yml', false],
  ['a/**/b.conf', 'a/b.conf', true],
  ['a/**/b.conf', 'a/x/y/b.conf', true],
  ['a/**/b.conf', 'ab.conf', false],
  ['vendor/**', 'vendor/x/y.json', true],
  ['vendor/**', 'vendor/', true],
  ['vendor/**', 'vendors/x.json', false],
  ['**', 'any/thing/at/all', true],
  ['?.env', 'a.env', true],
  ['?.env', 'ab.env', false],
  ['?.env', '/.env', false],
  ['a**b', 'axxb', true],
  ['a**b', 'a/b', false],
  ['file[1].json', 'file[1].json', true],
  ['file[1].json', 'file1.json', false],
  ['(x)+.y', '(x)+.y', true],
  ['\\*.yaml', '*.yaml', true],
  ['\\*.yaml', 'x.yaml', false],
  ['./k8s/*.yaml', 'k8s/pod.yaml', true],
  ['k8s/*.yaml', './k8s/pod.yaml', true],
  ['*.YAML', 'pod.yaml', false],
  ['sshd_config', 'sshd_config', true],
  ['sshd_config', 'etc/sshd_config', false],
  ['é*.yaml', 'été.yaml', true],
  ['?', '😀', true],
];

describe('compileGlob', () => {
  it.each(cases)('glob %j on %j gives %s', (glob, path, matches) => {
    expect(compileGlob(glob)(path)).toBe(matches);
  });

  it('handles many stars without match', () => {
    // With exponential backtracking this call would not return within the test timeout.
    expect(compileGlob('*a*a*a*a*a*a*a*a*b')('a'.repeat(40))).toBe(false);
  });
});

describe('compileGlobs', () => {
  it('matches when any glob matches', () => {
    const matcher = compileGlobs(['*.json', 'vendor/**']);

    expect(matcher('a.json')).toBe(true);
    expect(matcher('vendor/x.yaml')).toBe(true);
    expect(matcher('a.yaml')).toBe(false);
  });

  it('matches nothing without globs', () => {
    expect(compileGlobs([])('anything')).toBe(false);
  });
});
