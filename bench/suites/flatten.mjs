// flatten: one ~10 MB JSON document turned into a node table in the WASM
// core (the table stays in core memory), against JSON.parse plus a plain
// JavaScript flatten to (path, value) pairs, and JSON.parse alone.
//
// JSON.parse gets an already-decoded string, which favours JavaScript. A
// second row includes the UTF-8 decode, to show what starting from bytes costs.

import { flattenToPairs } from '../peers/js-flatten.mjs';
import { loadDist } from '../lib/dist.mjs';
import { measure, megabytesPerSecond, ratio, round } from '../lib/measure.mjs';
import { generateLargeJson } from '../workloads/large-json.mjs';

const BUDGET = { time: 4000, iterations: 15, warmupTime: 0, warmupIterations: 3 };

/** Target from the project brief: WASM flattening at least this many times faster than JSON.parse plus a flatten. */
const TARGET_SPEEDUP = 3;

export async function runFlatten() {
  const { bytes, records } = generateLargeJson();
  const text = new TextDecoder().decode(bytes);
  const dist = await loadDist(['wasm', 'flatten', 'flattenReference']);
  const core = await dist.wasm.createCore();

  const outcome = dist.flatten.flattenInCore(core, 'json', bytes);
  if (!outcome.ok) throw new Error(`flatten: the core rejected the generated document (${outcome.code} at ${outcome.line}:${outcome.column})`);
  const pairs = flattenToPairs(JSON.parse(text));
  const referenceNodes = referenceCount(dist.flattenReference.flattenReference('json', bytes, { limits: core.limits }));
  if (referenceNodes !== outcome.count) throw new Error(`flatten: the reference flattener made ${referenceNodes} nodes, the core ${outcome.count}`);

  let sink = 0;
  const tasks = {
    'bulwark-wasm flattenInCore': () => {
      const result = dist.flatten.flattenInCore(core, 'json', bytes);
      sink += result.ok ? result.count : -1;
    },
    'bulwark-reference flattenReference': () => {
      sink += referenceCount(dist.flattenReference.flattenReference('json', bytes, { limits: core.limits }));
    },
    'JSON.parse + JS flatten to pairs': () => {
      sink += flattenToPairs(JSON.parse(text)).paths.length;
    },
    'JSON.parse alone': () => {
      sink += JSON.parse(text).length;
    },
    'UTF-8 decode + JSON.parse': () => {
      sink += JSON.parse(new TextDecoder().decode(bytes)).length;
    },
  };
  const timings = await measure('flatten', tasks, BUDGET);
  if (sink === 0) throw new Error('flatten: no task produced a result');

  const wasmMedian = timings['bulwark-wasm flattenInCore'].medianMs;
  const rows = Object.entries(timings).map(([task, stats]) => ({
    task,
    medianMs: round(stats.medianMs, 2),
    p75Ms: round(stats.p75Ms, 2),
    samples: stats.samples,
    mbPerSecond: megabytesPerSecond(bytes.length, stats.medianMs),
    thisOverWasm: ratio(stats.medianMs, wasmMedian),
  }));
  const speedup = ratio(timings['JSON.parse + JS flatten to pairs'].medianMs, wasmMedian);

  return {
    workload: { bytes: bytes.length, records, tableNodes: outcome.count, scalarPairs: pairs.paths.length },
    rows,
    target: { description: 'WASM flattening at least 3x faster than JSON.parse plus a JS flatten', targetSpeedup: TARGET_SPEEDUP, measuredSpeedup: speedup, met: speedup >= TARGET_SPEEDUP },
    summary: rows.map((row) => `${row.task.padEnd(36)} ${String(row.medianMs).padStart(9)} ms  ${String(row.mbPerSecond).padStart(7)} MB/s  ${String(row.thisOverWasm).padStart(6)}x wasm`),
  };
}

/** Node count of a reference flatten outcome (`{ ok, tape }`); -1 when it failed. */
function referenceCount(result) {
  return result.ok ? result.tape.count : -1;
}
