// pack10k: a generated Kubernetes List (~10,000 leaf items) checked against
// the full built-in rule pack with CheckEngine.checkFile, on the WASM engine
// and on the reference engine, as one JSON document and as one YAML document.

import { loadDist } from '../lib/dist.mjs';
import { measure, ratio, round } from '../lib/measure.mjs';
import { k8sListDocuments } from '../workloads/k8s-list.mjs';

const BUDGET = { time: 3000, iterations: 10, warmupTime: 0, warmupIterations: 3 };

/** Findings as sorted lines, so the two engines' results can be compared. */
function findingKeys(findings) {
  return findings.map((f) => `${f.ruleId} ${f.kind} ${f.line}:${f.column} ${f.path}`).sort();
}

export async function runPack10k() {
  const documents = k8sListDocuments();
  const { check } = await loadDist(['check']);
  const pack = await check.loadRulePacks({});
  const engines = {
    wasm: await check.createEngine(pack, 'wasm'),
    reference: await check.createEngine(pack, 'reference'),
  };

  // Both engines should report the same findings. A difference is an engine
  // bug, not a benchmark error, so it is recorded and printed, and timing goes on.
  const findingCounts = {};
  const disagreements = [];
  for (const [format, bytes] of [['json', documents.json], ['yaml', documents.yaml]]) {
    const path = `list.${format}`;
    const wasm = engines.wasm.checkFile(path, bytes);
    const reference = engines.reference.checkFile(path, bytes);
    const a = findingKeys(wasm.findings);
    const b = findingKeys(reference.findings);
    if (a.join('\n') !== b.join('\n')) {
      const first = a.find((line, i) => line !== b[i]) ?? b.find((line, i) => line !== a[i]);
      disagreements.push(`${path}: WASM ${a.length} findings, reference ${b.length}; first difference: ${first}`);
    }
    findingCounts[format] = { wasm: a.length, reference: b.length };
  }

  let sink = 0;
  const tasks = {};
  for (const kind of ['wasm', 'reference']) {
    for (const [format, bytes] of [['json', documents.json], ['yaml', documents.yaml]]) {
      tasks[`${kind} ${format}`] = () => {
        sink += engines[kind].checkFile(`list.${format}`, bytes).findings.length;
      };
    }
  }
  const timings = await measure('pack10k', tasks, BUDGET);
  if (sink === 0) throw new Error('pack10k: no findings were produced; the generated list should break some rules');

  const rows = Object.entries(timings).map(([task, stats]) => {
    const [kind, format] = task.split(' ');
    const reference = timings[`reference ${format}`].medianMs;
    return { task, medianMs: round(stats.medianMs, 2), p75Ms: round(stats.p75Ms, 2), samples: stats.samples, referenceOverThis: ratio(reference, stats.medianMs), engine: kind, format };
  });

  return {
    workload: {
      items: documents.items,
      leaves: documents.leaves,
      jsonBytes: documents.json.length,
      yamlBytes: documents.yaml.length,
      rules: pack.rules.length,
      findings: findingCounts,
    },
    disagreements,
    rows,
    summary: [...disagreements.map((line) => `WARNING engines disagree: ${line}`), ...rows.map((row) => `${row.task.padEnd(16)} ${String(row.medianMs).padStart(9)} ms/document   reference/this ${row.referenceOverThis}x`)],
  };
}
