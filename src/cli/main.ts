// The `bulwark` command: dispatch to a command, map every error to an exit code.

import { BulwarkError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { parseCheckArgs, parseMergeArgs, parseRulesListArgs, parseRulesTestArgs } from './args.js';
import { runCheckCommand } from './check.js';
import { runMergeCommand } from './merge.js';
import { loadEngine, type CliEngine } from './engine.js';
import { UsageError } from './errors.js';
import { EXIT_OK, EXIT_USAGE } from './exit.js';
import { helpText, isHelpTopic, type HelpTopic } from './help.js';
import type { CliIo } from './io.js';
import { runRulesListCommand, runRulesTestCommand } from './rules.js';

export type { CliIo, CliStream } from './io.js';
export type { CliEngine } from './engine.js';
export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit.js';

/**
 * Runs the command line `argv` (without the node and script paths) and returns
 * the exit code. Never throws: errors are written to `io.stderr`. `engine`
 * replaces the library calls, for tests; by default they are loaded on first use.
 */
export async function main(argv: string[], io: CliIo, engine?: CliEngine): Promise<number> {
  try {
    return await dispatch(argv, io, engine === undefined ? loadEngine : async () => engine);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: string[], io: CliIo, getEngine: () => Promise<CliEngine>): Promise<number> {
  const [command, ...rest] = argv;

  switch (command) {
    case undefined:
      io.stderr.write(helpText(''));
      return EXIT_USAGE;

    case '--version':
    case '-V':
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;

    case '--help':
    case '-h':
      return printHelp(io, '');

    case 'help':
      return printHelp(io, helpTopic(rest));

    case 'check': {
      const args = parseCheckArgs(rest);
      if (args === 'help') return printHelp(io, 'check');
      return runCheckCommand(args, io, await getEngine());
    }

    case 'merge': {
      const args = parseMergeArgs(rest);
      if (args === 'help') return printHelp(io, 'merge');
      return runMergeCommand(args, io);
    }

    case 'rules':
      return dispatchRules(rest, io, getEngine);

    default:
      if (command.startsWith('-')) throw new UsageError(`unknown option \`${command}\`: run \`bulwark help\` for the commands and options`);
      throw new UsageError(`unknown command \`${command}\`: use check, merge, rules list, rules test or help`);
  }
}

async function dispatchRules(argv: string[], io: CliIo, getEngine: () => Promise<CliEngine>): Promise<number> {
  const [subcommand, ...rest] = argv;

  switch (subcommand) {
    case '--help':
    case '-h':
      return printHelp(io, 'rules');

    case 'list': {
      const args = parseRulesListArgs(rest);
      if (args === 'help') return printHelp(io, 'rules list');
      return runRulesListCommand(args, io, await getEngine());
    }

    case 'test': {
      const args = parseRulesTestArgs(rest);
      if (args === 'help') return printHelp(io, 'rules test');
      return runRulesTestCommand(args, io, await getEngine());
    }

    case undefined:
      throw new UsageError('missing subcommand for `bulwark rules`: use `rules list` or `rules test`', 'rules');

    default:
      throw new UsageError(`unknown subcommand \`rules ${subcommand}\`: use \`rules list\` or \`rules test\``, 'rules');
  }
}

function helpTopic(words: string[]): HelpTopic | '' {
  const topic = words.join(' ');
  if (topic === '') return '';
  if (isHelpTopic(topic)) return topic;
  throw new UsageError(`no help for \`${topic}\`: use \`bulwark help\`, \`help check\`, \`help rules list\` or \`help rules test\``);
}

function printHelp(io: CliIo, topic: HelpTopic | ''): number {
  io.stdout.write(helpText(topic));
  return EXIT_OK;
}

function reportError(error: unknown, io: CliIo): number {
  // Usage errors, and input errors from the library (missing path, malformed
  // rule pack, exceeded limit), name the problem and the fix themselves.
  if (error instanceof BulwarkError) {
    io.stderr.write(`bulwark: ${error.message}\n`);
    return EXIT_USAGE;
  }

  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`bulwark: unexpected error: ${message}\n`);
  if (io.env.BULWARK_DEBUG !== undefined && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Set BULWARK_DEBUG=1 to print the stack trace, and report it with the command that was run.\n');
  return EXIT_USAGE;
}
