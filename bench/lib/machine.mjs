// The facts a benchmark record must carry to be read later: the machine, the
// runtime, the time, and how busy the machine was when the run started.

import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line ? line.slice(line.indexOf(':') + 1).trim() : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeMachine() {
  return {
    date: new Date().toISOString(),
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}
