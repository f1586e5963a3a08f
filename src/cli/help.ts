// Help text of every command. Each option line states what the option sets.

export const HELP_TOPICS = ['check', 'rules', 'rules list', 'rules test'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

const EXIT_CODES = `Exit codes:
  0  nothing at or above the --fail-on threshold
  1  findings at or above the threshold (parse errors count as medium)
  2  usage or input error: unknown option, bad value, missing path, malformed rule pack`;

const MAIN_HELP = `Usage: bulwark <command> [options]

Checks configuration files against security and compliance rules.

Commands:
  check PATH...    Check files and folders against the rules
  rules list       List the rules a check would run
  rules test       Run the pass and fail examples of every rule
  help [COMMAND]   Show help for a command

Options:
  --version        Print the version and exit
  -h, --help       Show this help

${EXIT_CODES}
  (\`rules test\` exits with 1 when a rule example does not behave as declared.)

Run \`bulwark help check\` for the options of a command.
`;

const CHECK_HELP = `Usage: bulwark check PATH... [options]

Checks every configuration file in the given files and folders. Folders are
read recursively in sorted order; .git and node_modules folders are skipped.

Options:
  --rules DIR         Add the rule pack in folder DIR; repeat for more packs
  --no-builtin        Leave out the built-in rule pack (give --rules instead)
  --exclude GLOB      Skip paths that match GLOB, tested against the path below
                      each given folder and against the base name; * and ? stay
                      within one folder, ** spans folders; repeatable
  --format FORMAT     Report format: text (default), json, sarif or junit
  --output FILE       Write the report to FILE instead of stdout; the file is
                      replaced in one step, never left half-written
  --fail-on SEVERITY  Lowest severity that makes the exit code 1: info, low
                      (default), medium, high, critical, or never
  --engine ENGINE     Rule evaluator: wasm (default) or reference, the slower
                      TypeScript evaluator used to cross-check it
  --no-progress       Do not draw the progress bar on stderr
  --no-color          Do not colour the text report (as does NO_COLOR=1)
  -h, --help          Show this help

${EXIT_CODES}

Examples:
  bulwark check k8s/ docker-compose.yml
  bulwark check . --exclude 'test/**' --format sarif --output bulwark.sarif
  bulwark check . --fail-on high --rules ./company-rules
`;

const RULES_HELP = `Usage: bulwark rules <list|test> [options]

Commands:
  rules list    List the rules a check would run
  rules test    Run the pass and fail examples of every rule

Run \`bulwark help rules list\` or \`bulwark help rules test\` for their options.
`;

const RULES_LIST_HELP = `Usage: bulwark rules list [options]

Lists the rules of the built-in pack and of every --rules folder.

Options:
  --rules DIR       Add the rule pack in folder DIR; repeat for more packs
  --no-builtin      Leave out the built-in rule pack (give --rules instead)
  --format FORMAT   Output format: text (default) or json
  -h, --help        Show this help
`;

const RULES_TEST_HELP = `Usage: bulwark rules test [options]

Checks every rule against its own examples: each pass example must produce no
finding of the rule, each fail example at least one. Exits with 1 when an
example does not behave as declared, 2 when a rule pack is malformed.

Options:
  --rules DIR       Add the rule pack in folder DIR; repeat for more packs
  --no-builtin      Leave out the built-in rule pack (give --rules instead)
  --engine ENGINE   Rule evaluator: wasm (default) or reference
  -h, --help        Show this help
`;

const HELP: Record<HelpTopic | '', string> = {
  '': MAIN_HELP,
  check: CHECK_HELP,
  rules: RULES_HELP,
  'rules list': RULES_LIST_HELP,
  'rules test': RULES_TEST_HELP,
};

/** Returns the help text of a topic; `''` is the top-level help. */
export function helpText(topic: HelpTopic | ''): string {
  return HELP[topic];
}

export function isHelpTopic(topic: string): topic is HelpTopic {
  return (HELP_TOPICS as readonly string[]).includes(topic);
}
