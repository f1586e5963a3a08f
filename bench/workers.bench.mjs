// Throughput of `bulwark check` over a large generated corpus with 1 and 2
// worker threads: the batch API with a streamed JSON report written to
// /dev/null. Prints a markdown table of files/s, MB/s and peak RSS.
//
// Run after `npm run build` (it imports dist/ and build/bulwark.wasm):
//   node bench/workers.bench.mjs [FILES]
// FILES defaults to 100000. The corpus is fixtures/configs/** copied under
// unique paths into a temporary folder, removed at the end.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

import { streamCheck } from '../dist/node/batch.js';
import { fileSpill } from '../dist/node/spill.js';
import { JsonStreamWriter } from '../dist/report/stream-json.js';

const FILES = Number(process.argv[2] ?? 100_000);
const FILES_PER_FOLDER = 1000;
const SOURCE = new URL('../fixtures/configs/', import.meta.url).pathname;

function listFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return entry.isFile() && entry.name !== 'SOURCE.md' ? [full] : [];
  });
}

/** Copies the corpus round-robin until `count` files exist; each copy keeps its name so format detection is unchanged. */
function buildCorpus(root, count) {
  const sources = listFiles(SOURCE).map((file) => ({ relative: path.relative(SOURCE, file), bytes: readFileSync(file) }));
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    const source = sources[n % sources.length];
    const folder = path.join(root, `copy-${String(Math.floor(n / FILES_PER_FOLDER)).padStart(4, '0')}`, `${n}`, path.dirname(source.relative));
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, path.basename(source.relative)), source.bytes);
    bytes += source.bytes.length;
  }
  return { bytes, sources: sources.length };
}

async function devNullSink() {
  const handle = await open('/dev/null', 'w');
  return { sink: { write: (text) => handle.write(text) }, close: () => handle.close() };
}

async function measure(root, jobs, bytes) {
  const { sink, close } = await devNullSink();
  const started = process.hrtime.bigint();
  const { files } = await streamCheck({ paths: [root], jobs }, (shell) => new JsonStreamWriter(shell, sink, fileSpill));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await close();
  // maxRSS is in KiB and covers the whole process, worker threads included; it never decreases, so later rows include earlier peaks.
  return { jobs, files, seconds, filesPerSecond: files / seconds, mbPerSecond: bytes / 1e6 / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const root = mkdtempSync(path.join(tmpdir(), 'bulwark-workers-bench-'));
try {
  const corpus = buildCorpus(root, FILES);
  const rows = [];
  for (const jobs of [1, 2]) rows.push(await measure(root, jobs, corpus.bytes));

  console.log(`Corpus: ${FILES} files (${corpus.sources} source files copied), ${(corpus.bytes / 1e6).toFixed(1)} MB; Node ${process.version}; ${availableParallelism()} cores available\n`);
  console.log('| jobs | files | seconds | files/s | MB/s | peak RSS (MB, process) |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.jobs} | ${row.files} | ${row.seconds.toFixed(1)} | ${row.filesPerSecond.toFixed(0)} | ${row.mbPerSecond.toFixed(2)} | ${row.peakRssMb.toFixed(0)} |`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

