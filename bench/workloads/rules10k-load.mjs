// Generates the rules10k workload into a temporary folder and reads it back.
// The generator runs as its own process because it is a command-line script
// (it reads process.argv and writes files), kept unchanged from its origin.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GENERATOR = new URL('./rules10k.mjs', import.meta.url).pathname;

/** The generator's own default seed; results are only comparable at this seed. */
export const DEFAULT_SEED = 7;

/**
 * Generates the workload and returns its three files: the config as bytes
 * and parsed, the 200 neutral rules, and the expected violations per rule id.
 */
export function loadRules10k(seed = DEFAULT_SEED) {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-rules10k-'));
  try {
    execFileSync(process.execPath, [GENERATOR, folder, String(seed)], { stdio: 'pipe' });
    const configBytes = readFileSync(join(folder, 'config.json'));
    return {
      seed,
      configBytes: new Uint8Array(configBytes.buffer, configBytes.byteOffset, configBytes.byteLength),
      config: JSON.parse(configBytes.toString('utf8')),
      rules: JSON.parse(readFileSync(join(folder, 'rules.json'), 'utf8')),
      expected: JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Compares violation counts (rule id → count) with the expected ones and
 * returns one line per rule that differs; an empty list means a faithful run.
 */
export function compareCounts(expected, actual) {
  const differences = [];
  for (const [id, count] of Object.entries(expected)) {
    if (actual[id] !== count) differences.push(`${id}: expected ${count} violations, got ${actual[id] ?? 'none'}`);
  }
  for (const id of Object.keys(actual)) {
    if (!(id in expected)) differences.push(`${id}: not a workload rule`);
  }
  return differences;
}
