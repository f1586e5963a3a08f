// `bulwark check`: run the rules over files, write the report, map findings to an exit code.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckReport } from '../check/finding.js';
import { countAtOrAbove, renderJson, renderJunit, renderSarif, renderText } from '../report/index.js';
import type { CheckArgs } from './args.js';
import type { CliEngine } from './engine.js';
import { EXIT_FINDINGS, EXIT_OK } from './exit.js';
import { noColorRequested, supportsEscapes, type CliIo } from './io.js';
import { writeFileAtomic } from './output.js';
import { ProgressBar } from './progress.js';

export async function runCheckCommand(args: CheckArgs, io: CliIo, engine: CliEngine): Promise<number> {
  const now = io.now ?? Date.now;
  const showProgress = args.progress && supportsEscapes(io.stderr, io.env);
  const progress = showProgress ? new ProgressBar(io.stderr, now) : undefined;

  // 1. Check. Rule folders are resolved here; scanned paths stay as given so reports show them unchanged.
  let report: CheckReport;
  try {
    report = await engine.runCheck({
      paths: args.paths,
      rules: args.rules.map((folder) => path.resolve(io.cwd, folder)),
      builtinRules: args.builtinRules,
      exclude: args.exclude,
      cwd: io.cwd,
      engine: args.engine,
      onProgress: progress === undefined ? undefined : (done, total) => progress.update(done, total),
    });
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

function directoryUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Reads `homepage` from the package manifest; SARIF leaves `informationUri` out without one. */
async function readHomepage(): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { homepage?: unknown };
    return typeof manifest.homepage === 'string' ? manifest.homepage : undefined;
  } catch {
    return undefined;
  }
}
