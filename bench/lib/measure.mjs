// Runs a set of tinybench tasks and reduces each to the statistics the
// reports quote: the median (p50) first, with spread and sample count beside
// it. Means are kept in the JSON for reference only, because on a shared,
// noisy machine a few slow samples move the mean but not the median.

import { Bench } from 'tinybench';

/**
 * Options per suite: `time` and `iterations` are the minimum measuring
 * budget (both must be met); the warmup runs are not counted.
 */
export const QUICK = { time: 2000, iterations: 20, warmupTime: 500, warmupIterations: 10 };
export const SLOW = { time: 0, iterations: 7, warmupTime: 0, warmupIterations: 1 };

/** Runs `tasks` (name → function) one after another and returns their statistics by name. */
export async function measure(suite, tasks, budget = QUICK) {
  const bench = new Bench({ name: suite, ...budget });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();

  const results = {};
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state === 'errored') throw new Error(`${suite}: task "${task.name}" failed: ${result.error?.message}`, { cause: result.error });
    const latency = result.latency;
    results[task.name] = {
      medianMs: latency.p50,
      p75Ms: latency.p75,
      p99Ms: latency.p99,
      minMs: latency.min,
      maxMs: latency.max,
      madMs: latency.mad,
      meanMs: latency.mean,
      samples: latency.samplesCount,
    };
  }
  return results;
}

/** `a / b` rounded for reports; how many times slower `a` is than `b`. */
export function ratio(a, b) {
  return Math.round((a / b) * 100) / 100;
}

/** Megabytes (10^6 bytes) per second for `bytes` processed in `ms`. */
export function megabytesPerSecond(bytes, ms) {
  return Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
}

export function round(value, digits = 3) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
