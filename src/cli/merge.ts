// `bulwark merge`: combine the reports of the shards of one check into the
// report an unsharded run would have written.

import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { countAtOrAbove, renderJson, renderSarif } from '../report/index.js';
import { detectMergeInput, mergeReports, mergeSarifLogs, MergeError, type MergeInput, type MergeInputKind } from '../report/merge.js';
import type { MergeArgs } from './args.js';
import { directoryUri, readHomepage } from './check.js';
import { UsageError } from './errors.js';
import { EXIT_FINDINGS, EXIT_OK } from './exit.js';
import type { CliIo } from './io.js';
import { writeFileAtomic } from './output.js';

export async function runMergeCommand(args: MergeArgs, io: CliIo): Promise<number> {
  // 1. Read and recognise every input; they must all be of one kind.
  const inputs: MergeInput[] = [];
  let kind: MergeInputKind | undefined;
  for (const file of args.files) {
    const input = await readInput(file, io.cwd);
    const inputKind = detectMergeInput(input.value);
    if (inputKind === undefined) {
      throw new MergeError(`${file} is neither a Bulwark JSON report nor a SARIF log: give the output of \`bulwark check --format json\` or \`--format sarif\``);
    }
    if (kind !== undefined && inputKind !== kind) {
      throw new MergeError(`${file} is a ${describe(inputKind)} but ${args.files[0]} is a ${describe(kind)}: merge inputs of one kind`);
    }
    kind = inputKind;
    inputs.push(input);
  }

  // 2. Merge. JSON reports can be written as SARIF; a SARIF log lacks what a JSON report holds.
  const format = args.format ?? (kind === 'sarif' ? 'sarif' : 'json');
  let rendered: string;
  let failing = 0;
  if (kind === 'sarif') {
    if (format === 'json') throw new MergeError('cannot write a JSON report from SARIF logs, which leave out the per-file results: merge the JSON reports of the shards instead');
    // A SARIF result has a level, not the rule severity that --fail-on compares.
    if (args.failOn !== 'never') throw new UsageError('--fail-on needs JSON reports as inputs: merge the JSON reports of the shards, with --format sarif for a SARIF log', 'merge');
    rendered = mergeSarifLogs(inputs);
  } else {
    const report = mergeReports(inputs);
    rendered = format === 'json' ? renderJson(report) : renderSarif(report, { sourceRoot: directoryUri(io.cwd), informationUri: await readHomepage() });
    if (args.failOn !== 'never') failing = countAtOrAbove(report.findings, args.failOn);
  }

  // 3. Write.
  if (args.output !== undefined && args.output !== '-') {
    await writeFileAtomic(path.resolve(io.cwd, args.output), rendered);
    io.stderr.write(`bulwark: wrote merged ${format} report of ${inputs.length} input${inputs.length === 1 ? '' : 's'} to ${args.output}\n`);
  } else {
    io.stdout.write(rendered);
  }

  // 4. Exit code, as `bulwark check` computes it, when --fail-on is given.
  if (failing === 0) return EXIT_OK;
  io.stderr.write(`bulwark: ${failing} finding${failing === 1 ? '' : 's'} at or above severity ${args.failOn} (--fail-on)\n`);
  return EXIT_FINDINGS;
}

async function readInput(file: string, cwd: string): Promise<MergeInput> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new MergeError(`cannot read ${file} (${typeof code === 'string' ? code : 'unknown error'}): check the path of the shard's report`);
  }

  try {
    return { name: file, value: JSON.parse(text) as unknown };
  } catch {
    // The parser's message can quote the content, so only the file is named.
    throw new MergeError(`${file} is not valid JSON: the shard's report is truncated or not a report; write it again`);
  }
}

function describe(kind: MergeInputKind): string {
  return kind === 'sarif' ? 'SARIF log' : 'JSON report';
}
