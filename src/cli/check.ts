// `bulwark check`: run the rules over files, write the report, map findings to an exit code.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckReport } from '../check/finding.js';
import type { CheckOptions } from '../node/check.js';
import { fileSpill } from '../node/spill.js';
import { countAtOrAbove, renderJson, renderJunit, renderSarif, renderText, type SarifOptions } from '../report/index.js';
import type { StreamingReportWriter } from '../report/stream.js';
import type { ReportSink } from '../report/stream-sink.js';
import { JsonStreamWriter } from '../report/stream-json.js';
import { JunitStreamWriter } from '../report/stream-junit.js';
import { SarifStreamWriter } from '../report/stream-sarif.js';
import { TextStreamWriter } from '../report/stream-text.js';
import type { CheckArgs } from './args.js';
import type { CliEngine } from './engine.js';
import { EXIT_FINDINGS, EXIT_OK } from './exit.js';
import { noColorRequested, supportsEscapes, type CliIo } from './io.js';
import { writeFileAtomic } from './output.js';
import { ProgressBar } from './progress.js';
import { openAtomicFileSink, streamSink } from './report-sink.js';

export async function runCheckCommand(args: CheckArgs, io: CliIo, engine: CliEngine): Promise<number> {
  const now = io.now ?? Date.now;
  const showProgress = args.progress && supportsEscapes(io.stderr, io.env);
  const progress = showProgress ? new ProgressBar(io.stderr, now) : undefined;

  // 1. Check. Rule folders are resolved here; scanned paths stay as given so reports show them unchanged.
  const options: CheckOptions = {
    paths: args.paths,
    rules: args.rules.map((folder) => path.resolve(io.cwd, folder)),
    builtinRules: args.builtinRules,
    exclude: args.exclude,
    cwd: io.cwd,
    engine: args.engine,
    onProgress: progress === undefined ? undefined : (done, total) => progress.update(done, total),
    ...(args.shard !== undefined ? { shard: args.shard } : {}),
    ...(args.cache !== undefined ? { cache: path.resolve(io.cwd, args.cache) } : {}),
    ...(args.cacheMaxMb !== undefined ? { cacheMaxBytes: args.cacheMaxMb * 1024 * 1024 } : {}),
    ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
    limits: args.limits,
    yaml11Booleans: args.yaml11Booleans,
  };
  if (engine.streamCheck !== undefined) return runStreamingCheck(args, io, engine.streamCheck, options, progress);

  let report: CheckReport;
  try {
    report = await engine.runCheck(options);
  } finally {
    progress?.clear();
  }

  // 2. Render and write.
  const toFile = args.output !== undefined && args.output !== '-';
  const color = args.format === 'text' && !toFile && args.color && !noColorRequested(io.env) && supportsEscapes(io.stdout, io.env);
  const rendered = await render(report, args, io, color);

  if (toFile) {
    const file = path.resolve(io.cwd, args.output!);
    await writeFileAtomic(file, rendered);
    io.stderr.write(`bulwark: wrote ${args.format} report to ${args.output}\n`);
  } else {
    io.stdout.write(rendered);
  }

  // 3. Exit code: the text report's summary already says why, other formats get one line on stderr.
  if (args.failOn === 'never') return EXIT_OK;
  const failing = countAtOrAbove(report.findings, args.failOn);
  if (failing === 0) return EXIT_OK;
  if (args.format !== 'text' || toFile) {
    io.stderr.write(`bulwark: ${failing} finding${failing === 1 ? '' : 's'} at or above severity ${args.failOn} (--fail-on)\n`);
  }
  return EXIT_FINDINGS;
}

/**
 * Checks and writes the report as files complete, so memory does not grow
 * with the number of files. The output is byte-identical to rendering the
 * finished report.
 */
async function runStreamingCheck(
  args: CheckArgs,
  io: CliIo,
  streamCheck: NonNullable<CliEngine['streamCheck']>,
  options: CheckOptions,
  progress: ProgressBar | undefined,
): Promise<number> {
  const toFile = args.output !== undefined && args.output !== '-';
  const color = args.format === 'text' && !toFile && args.color && !noColorRequested(io.env) && supportsEscapes(io.stdout, io.env);
  const sarifOptions: SarifOptions = { sourceRoot: directoryUri(io.cwd), informationUri: await readHomepage() };
  const fileSink = toFile ? await openAtomicFileSink(path.resolve(io.cwd, args.output!)) : undefined;
  const sink = fileSink ?? streamSink(io.stdout);

  // The report and the exit code need only counts, kept one file at a time.
  let failing = 0;
  try {
    await streamCheck(
      options,
      (shell) => createStreamWriter(args.format, shell, sink, { color, sarif: sarifOptions }),
      (check) => {
        if (args.failOn !== 'never') failing += countAtOrAbove(check.findings, args.failOn);
      },
    );
    await fileSink?.commit();
  } catch (error) {
    await fileSink?.discard();
    throw error;
  } finally {
    progress?.clear();
  }
  if (toFile) io.stderr.write(`bulwark: wrote ${args.format} report to ${args.output}\n`);

  if (failing === 0) return EXIT_OK;
  if (args.format !== 'text' || toFile) {
    io.stderr.write(`bulwark: ${failing} finding${failing === 1 ? '' : 's'} at or above severity ${args.failOn} (--fail-on)\n`);
  }
  return EXIT_FINDINGS;
}

function createStreamWriter(format: CheckArgs['format'], shell: CheckReport, sink: ReportSink, options: { color: boolean; sarif: SarifOptions }): StreamingReportWriter {
  switch (format) {
    case 'text':
      return new TextStreamWriter(shell, { color: options.color }, sink, fileSpill);
    case 'json':
      return new JsonStreamWriter(shell, sink, fileSpill);
    case 'sarif':
      return new SarifStreamWriter(shell, options.sarif, sink, fileSpill);
    case 'junit':
      return new JunitStreamWriter(shell, sink, fileSpill);
  }
}

async function render(report: CheckReport, args: CheckArgs, io: CliIo, color: boolean): Promise<string> {
  switch (args.format) {
    case 'text':
      return renderText(report, { color });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, { sourceRoot: directoryUri(io.cwd), informationUri: await readHomepage() });
    case 'junit':
      return renderJunit(report);
  }
}

export function directoryUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Reads `homepage` from the package manifest; SARIF leaves `informationUri` out without one. */
export async function readHomepage(): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { homepage?: unknown };
    return typeof manifest.homepage === 'string' ? manifest.homepage : undefined;
  } catch {
    return undefined;
  }
}
