// Help text of every command. Each option line states what the option sets.

export const HELP_TOPICS = ['check', 'merge', 'rules', 'rules list', 'rules test'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

const EXIT_CODES = `Exit codes:
  0  nothing at or above the --fail-on threshold
  1  findings at or above the threshold (parse errors count as medium)
  2  usage or input error: unknown option, bad value, missing path, malformed rule pack`;

const MAIN_HELP = `Usage: bulwark <command> [options]

Checks configuration files against security and compliance rules.

Commands:
  check PATH...    Check files and folders against the rules
  merge FILE...    Merge the reports of the shards of one check
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
  --shard K/N         Check only shard K of N (1-based), picked by a hash of
                      each path; merge the shards' reports with bulwark merge
  --cache DIR         Keep results in folder DIR and skip files whose content,
                      path, rules and engine are unchanged since they were cached
  --cache-max-mb N    Size bound of the cache folder in MiB (default 256); the
                      least recently used entries are deleted after each run
  -j, --jobs N        Check on N worker threads (default: one per available
                      core); 1 checks in the main thread. The output is the
                      same for every N
  --yaml-1.1-booleans Read yes, no, on, off, y and n in YAML as booleans, as
                      Kubernetes tooling does (YAML 1.2 reads them as strings)
  --max-file-size N   Largest file checked, in bytes (K, M, G suffixes;
                      default 64M); larger files get a parse-error finding
  --max-depth N       Deepest nesting of objects, arrays and blocks (default 512)
  --max-nodes N       Most nodes in one document (default 4194304)
  --max-alias-expansion N
                      Most nodes YAML aliases may expand to (default 100000)
  --max-host-parse-size N
                      Largest YAML or TOML file given to the full host parser,
                      in bytes (default 8M); YAML the WASM core reads directly
                      is not bound by it
  -h, --help          Show this help

${EXIT_CODES}

Examples:
  bulwark check k8s/ docker-compose.yml
  bulwark check . --exclude 'test/**' --format sarif --output bulwark.sarif
  bulwark check . --fail-on high --rules ./company-rules
`;

const MERGE_HELP = `Usage: bulwark merge FILE... [options]

Merges the JSON reports or SARIF logs of the shards of one check (see
--shard) into the report an unsharded run writes: files and findings in walk
order, startedAt the earliest start, durationMs the span until the latest end.
Inputs must come from the same Bulwark version and rule pack digest.

Options:
  --format FORMAT   Output format: json or sarif; by default the inputs' kind.
                    JSON reports can be merged into SARIF, not the reverse
  --output FILE     Write the merged report to FILE instead of stdout
  --fail-on SEVERITY
                    Lowest severity that makes the exit code 1, as in check:
                    info, low, medium, high, critical, or never (default);
                    needs JSON reports as inputs
  -h, --help        Show this help

Exit codes:
  0  merged, and nothing at or above the --fail-on threshold
  1  merged, with findings at or above the --fail-on threshold
  2  an input is missing, malformed, from another version or rule pack, a
     shard is missing or given twice

Example:
  bulwark merge shard-1.json shard-2.json shard-3.json --format sarif -o bulwark.sarif
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
  merge: MERGE_HELP,
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
