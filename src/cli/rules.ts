// `bulwark rules list` and `bulwark rules test`.

import path from 'node:path';
import type { Rule, RulePack } from '../policy/rule.js';
import { formatControls } from '../report/summary.js';
import { toTerminalText } from '../report/text.js';
import type { RulesListArgs, RulesTestArgs } from './args.js';
import { EXIT_FINDINGS, EXIT_OK } from './exit.js';
import type { CliEngine } from './engine.js';
import type { CliIo } from './io.js';

export async function runRulesListCommand(args: RulesListArgs, io: CliIo, engine: CliEngine): Promise<number> {
  const pack = await engine.loadRulePacks({ rules: resolveFolders(args.rules, io), builtinRules: args.builtinRules });
  io.stdout.write(args.format === 'json' ? renderRuleListJson(pack) : renderRuleListText(pack));
  return EXIT_OK;
}

export async function runRulesTestCommand(args: RulesTestArgs, io: CliIo, engine: CliEngine): Promise<number> {
  const report = await engine.runRuleTests({ rules: resolveFolders(args.rules, io), builtinRules: args.builtinRules, engine: args.engine });
  const failed = report.results.filter((result) => !result.ok);
  const lines = failed.map((result) => {
    const detail = result.detail === undefined ? '' : `: ${toTerminalText(result.detail)}`;
    return `FAIL  ${toTerminalText(result.ruleId)}  ${result.example} example ${result.index}${detail}`;
  });

  const passed = report.results.length - failed.length;
  lines.push(`${passed} example${passed === 1 ? '' : 's'} passed, ${failed.length} failed`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** Renders the rules as aligned columns, then one line naming the pack. */
export function renderRuleListText(pack: RulePack): string {
  const header = ['ID', 'SEVERITY', 'STATUS', 'TITLE', 'CONTROLS'];
  const rows = pack.rules.map((rule) => [rule.id, rule.severity, rule.status, rule.title, formatControls(rule.frameworks)].map(toTerminalText));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));

  const lines = [header, ...rows].map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
  lines.push('', `${pack.rules.length} rule${pack.rules.length === 1 ? '' : 's'} in pack ${toTerminalText(pack.name)} ${toTerminalText(pack.version)} (sha256 ${pack.digest})`);
  return `${lines.join('\n')}\n`;
}

/** Renders the pack identity and every rule's metadata; examples and expressions are left out. */
export function renderRuleListJson(pack: RulePack): string {
  const rules = pack.rules.map((rule: Rule) => ({
    id: rule.id,
    version: rule.version,
    status: rule.status,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    frameworks: rule.frameworks,
    appliesTo: rule.appliesTo,
    tags: rule.tags,
    references: rule.references,
    source: rule.source,
  }));
  return `${JSON.stringify({ pack: { name: pack.name, version: pack.version, digest: pack.digest }, rules }, null, 2)}\n`;
}

function resolveFolders(folders: string[], io: CliIo): string[] {
  return folders.map((folder) => path.resolve(io.cwd, folder));
}
