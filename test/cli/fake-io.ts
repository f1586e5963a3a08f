// In-memory process streams and a scripted engine for CLI tests.

import type { CheckOptions } from '../../src/node/check.js';
import type { CliEngine, CliIo } from '../../src/cli/main.js';
import type { CheckReport } from '../../src/check/finding.js';
import type { RulePack } from '../../src/policy/rule.js';

export interface FakeIo extends CliIo {
  out(): string;
  err(): string;
}

export function fakeIo(options: { stdoutTTY?: boolean; stderrTTY?: boolean; env?: Record<string, string | undefined>; cwd?: string; now?: () => number } = {}): FakeIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.stdoutTTY ?? false },
    stderr: { write: (text: string) => (err += text), isTTY: options.stderrTTY ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: options.now,
    out: () => out,
    err: () => err,
  };
}

export interface FakeEngine extends CliEngine {
  calls: { runCheck: CheckOptions[] };
}

/** An engine whose runCheck returns `report`, or runs `behaviour` for progress and errors. */
export function fakeEngine(report: CheckReport, behaviour?: (options: CheckOptions) => void): FakeEngine {
  const calls: FakeEngine['calls'] = { runCheck: [] };
  const pack: RulePack = { name: report.pack.name, version: report.pack.version, digest: report.pack.digest, rules: [] };
  return {
    calls,
    runCheck: async (options: CheckOptions) => {
      calls.runCheck.push(options);
      behaviour?.(options);
      return report;
    },
    runRuleTests: async () => ({ results: [] }),
    loadRulePacks: async () => pack,
  };
}
