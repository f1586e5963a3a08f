// e2e: bytes in, findings out, with CheckEngine.checkFile over real configs
// replicated to at least 50 MB, on the WASM engine and on the reference
// engine. Each measurement runs in its own process (e2e-worker.mjs) so that
// the peak memory figures do not mix.

import { execFileSync } from 'node:child_process';

import { ratio } from '../lib/measure.mjs';
import { writeResults } from '../lib/results.mjs';

const WORKER = new URL('./e2e-worker.mjs', import.meta.url).pathname;

/** Target from the project brief: end to end on JSON at this many MB/s or more. */
const TARGET_MB_PER_SECOND = 100;

/** Corpora: the mixed real configs, their JSON files only, and large generated JSON documents. */
const CORPORA = ['mixed', 'json', 'large-json'];

function runWorker(engine, corpus) {
  const output = execFileSync(process.execPath, [WORKER, engine, corpus], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').pop());
}

export async function runE2e() {
  const rows = [];
  const disagreements = [];
  for (const corpus of CORPORA) {
    const wasm = runWorker('wasm', corpus);
    const reference = runWorker('reference', corpus);

    // A difference is an engine bug rather than a benchmark error, so it is recorded and the timings are kept.
    if (wasm.findings !== reference.findings || wasm.parseErrors !== reference.parseErrors) {
      disagreements.push(`${corpus}: WASM ${wasm.findings} findings (${wasm.parseErrors} parse errors), reference ${reference.findings} (${reference.parseErrors})`);
    }
    rows.push({ ...wasm, speedupOverReference: ratio(reference.medianMs, wasm.medianMs) }, reference);

    // A full run takes many minutes, so each finished corpus is saved at once.
    writeResults('e2e.partial', { rows, disagreements });
  }

  const jsonWasm = rows.find((row) => row.engine === 'wasm' && row.corpus === 'json');
  return {
    disagreements,
    rows,
    target: {
      description: 'end to end at least 100 MB/s on JSON (real JSON configs, replicated)',
      targetMbPerSecond: TARGET_MB_PER_SECOND,
      measuredMbPerSecond: jsonWasm.mbPerSecond,
      met: jsonWasm.mbPerSecond >= TARGET_MB_PER_SECOND,
    },
    summary: [...disagreements.map((line) => `WARNING engines disagree: ${line}`), ...rows.map((row) => `${`${row.engine} ${row.corpus}`.padEnd(22)} ${String(row.files).padStart(7)} files ${String((row.bytes / 1e6).toFixed(1)).padStart(6)} MB  ${String(row.mbPerSecond).padStart(7)} MB/s ${String(row.filesPerSecond).padStart(8)} files/s  maxRSS ${row.maxRssMb} MB (sampled ${row.peakRssSampledMb} MB)`)],
  };
}
