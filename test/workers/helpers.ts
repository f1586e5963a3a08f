// Shared pieces of the batch API tests: runs over the fixtures and a corpus
// of generated files.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { FileCheck } from '../../src/check/engine.js';
import { checkFiles, type BatchOptions } from '../../src/node/batch.js';

/** Real configs copied into fixtures/ (sources in each folder's SOURCE.md). */
export const FIXTURE_PATHS = ['fixtures/configs', 'fixtures/formats/configs'];

/** Collects every result of a run, in the order the batch API yields them. */
export async function collectChecks(options: BatchOptions): Promise<(FileCheck & { index: number })[]> {
  const checks: (FileCheck & { index: number })[] = [];
  for await (const check of checkFiles(options)) checks.push(check);
  return checks;
}

/** Returns a compose file with a privileged service, so every generated file has a finding. */
function composeFile(n: number): string {
  return `services:\n  app${n}:\n    image: nginx:1.${n % 30}\n    privileged: true\n`;
}

/** Writes `count` small YAML files under `folder`, 500 to a sub-folder. */
export function writeCorpus(folder: string, count: number): void {
  for (let n = 0; n < count; n++) {
    const sub = path.join(folder, `part-${String(Math.floor(n / 500)).padStart(3, '0')}`);
    if (n % 500 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `compose-${n}.yml`), composeFile(n));
  }
}
