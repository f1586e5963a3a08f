// One e2e measurement in its own process, so that the peak resident set size
// (process.resourceUsage().maxRSS, the figure `/usr/bin/time -v` prints)
// belongs to one engine and one corpus only.
//
//   node bench/suites/e2e-worker.mjs wasm|reference mixed|json|large-json
//
// Prints one JSON object on stdout.

import { loadDist } from '../lib/dist.mjs';
import { measure, megabytesPerSecond, round } from '../lib/measure.mjs';
import { loadCorpus, loadJsonCorpus, replicate } from '../workloads/corpus.mjs';
import { generateLargeJson } from '../workloads/large-json.mjs';

/** Minimum corpus size: large enough that per-pass start-up costs vanish. */
export const TARGET_BYTES = 50 * 1024 * 1024;

/** The resident set size is sampled every this many files. */
const RSS_SAMPLE_EVERY = 64;

const BUDGET = { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 0 };

function corpusFiles(name) {
  if (name === 'large-json') {
    const { bytes } = generateLargeJson();
    return { ...replicate([{ path: 'generated/records.json', bytes }], TARGET_BYTES), sources: ['generated/records.json'] };
  }
  const { files } = name === 'json' ? loadJsonCorpus() : loadCorpus();
  if (files.length === 0) throw new Error(`e2e: no files found for corpus "${name}"; add configs under fixtures/configs`);
  return { ...replicate(files, TARGET_BYTES), sources: files.map((file) => file.path) };
}

async function main() {
  const [kind, corpusName] = process.argv.slice(2);
  if (!['wasm', 'reference'].includes(kind) || !['mixed', 'json', 'large-json'].includes(corpusName)) {
    throw new Error('usage: node bench/suites/e2e-worker.mjs wasm|reference mixed|json|large-json');
  }

  const corpus = corpusFiles(corpusName);
  const { check } = await loadDist(['check']);
  const pack = await check.loadRulePacks({});
  const engine = await check.createEngine(pack, kind);
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;

  const checkAll = () => {
    let findings = 0;
    let parseErrors = 0;
    let skipped = 0;
    for (let i = 0; i < corpus.files.length; i++) {
      const file = corpus.files[i];
      const { findings: fileFindings, result } = engine.checkFile(file.path, file.bytes);
      findings += fileFindings.length;
      for (const finding of fileFindings) if (finding.kind === 'parse-error') parseErrors++;
      if (result.skipped) skipped++;
      if (i % RSS_SAMPLE_EVERY === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    return { findings, parseErrors, skipped };
  };

  // No separate warmup pass: one pass is thousands of files, so the JIT is
  // warm early in the first timed pass, and the median of three passes
  // ignores what remains. Every pass records what it found, for the parent
  // to compare across engines.
  let lastPass;
  const timings = await measure(`e2e ${kind} ${corpusName}`, { pass: () => { lastPass = checkAll(); } }, BUDGET);
  const median = timings.pass.medianMs;

  process.stdout.write(`${JSON.stringify({
    engine: kind,
    corpus: corpusName,
    files: corpus.files.length,
    bytes: corpus.bytes,
    sources: corpus.sources,
    ...lastPass,
    medianMs: round(median, 1),
    minMs: round(timings.pass.minMs, 1),
    samples: timings.pass.samples,
    mbPerSecond: megabytesPerSecond(corpus.bytes, median),
    filesPerSecond: round(corpus.files.length / (median / 1000), 2),
    rssBeforeMb: round(rssBefore / 2 ** 20, 1),
    peakRssSampledMb: round(peakRss / 2 ** 20, 1),
    maxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
  })}\n`);
}

await main();
