// Runs the benchmark suites and writes bench/results/<suite>.json.
//
//   node bench/run.mjs            every suite
//   node bench/run.mjs rules10k   one suite (rules10k, pack10k, flatten, e2e)
//
// The suites import the built package (dist/ and build/bulwark.wasm); `npm run
// bench` builds it first.

import { describeMachine } from './lib/machine.mjs';
import { writeResults } from './lib/results.mjs';
import { runE2e } from './suites/e2e.mjs';
import { runFlatten } from './suites/flatten.mjs';
import { runPack10k } from './suites/pack10k.mjs';
import { runRules10k } from './suites/rules10k.mjs';

const SUITES = { rules10k: runRules10k, pack10k: runPack10k, flatten: runFlatten, e2e: runE2e };

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in SUITES));
if (unknown.length) {
  console.error(`unknown suite: ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

for (const name of requested.length ? requested : Object.keys(SUITES)) {
  const machine = describeMachine();
  console.log(`\n== ${name} (${machine.cpus} CPUs, ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverage1m}) ==`);
  const started = performance.now();
  const result = await SUITES[name]();
  const file = writeResults(name, { suite: name, command: `node bench/run.mjs ${name}`, machine, durationS: Math.round((performance.now() - started) / 100) / 10, ...result });
  for (const line of result.summary) console.log(line);
  if (result.target) console.log(`target: ${result.target.description}: ${result.target.met ? 'met' : 'NOT met'}`);
  console.log(`results: ${file}`);
}
