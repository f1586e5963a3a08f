import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { coreDocuments, describeTape, expectSameAsPackage, packageDocuments } from './helpers.js';

const root = new URL('../../fixtures/', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name) || /yaml-test-suite-(valid|errors)\/[^/]+\/in\.yaml$/.test(path)) out.push(path);
  }
  return out;
}

const files = [...new Set(['configs', 'formats', 'peer-suite'].flatMap((dir) => yamlFiles(join(root, dir))))].sort();
const validSuite = join(root, 'formats/yaml-test-suite-valid');
const errorSuite = join(root, 'formats/yaml-test-suite-errors');

describe('yaml fixtures core versus package', () => {
  test('fixture set is not empty', () => {
    expect(files.length).toBeGreaterThan(300);
  });

  test('every fixture matches or falls back', () => {
    let taken = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      try {
        if (!expectSameAsPackage(text)) taken++;
      } catch (error) {
        throw new Error(`${file.slice(root.length)}: ${(error as Error).message}`);
      }
    }
    // The real configs (Kubernetes, compose, CI) are mostly inside the fast subset.
    expect(taken).toBeGreaterThan(files.length / 3);
  });

  test('configs mostly take fast path', () => {
    const configs = files.filter((f) => f.includes('/configs/'));
    const fellBack = configs.filter((f) => coreDocuments(readFileSync(f, 'utf8')).fallback);
    expect(fellBack.length / configs.length).toBeLessThan(0.2);
  });

  test('error suite never crashes', () => {
    const cases = files.filter((f) => f.startsWith(errorSuite));
    expect(cases.length).toBeGreaterThan(50);
    for (const file of cases) {
      const text = readFileSync(file, 'utf8');
      const core = coreDocuments(text);
      const expected = packageDocuments(text);
      // The core either leaves the file to the package, which reports the error, or matches it exactly.
      if (!core.fallback) {
        expect(expected.failures, file).toEqual([]);
        expect(core.tapes.map(describeTape), file).toEqual(expected.documents.map(describeTape));
      }
    }
  });

  test('valid suite falls back or matches', () => {
    const cases = files.filter((f) => f.startsWith(validSuite));
    expect(cases.length).toBeGreaterThan(200);
  });
});
