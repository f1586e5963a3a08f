import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BulwarkError } from '../../src/core/errors.js';
import type { Rule } from '../../src/policy/rule.js';
import { VERSION } from '../../src/version.js';
import { finding, mixedReport, parseError, report } from '../report/fixture.js';
import { fakeEngine, fakeIo } from './fake-io.js';

const ESC = '\u001b';
const scratch = mkdtempSync(path.join(tmpdir(), 'bulwark-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(argv: string[], io = fakeIo(), engine = fakeEngine(mixedReport())) {
  const code = await main(argv, io, engine);
  return { code, out: io.out(), err: io.err(), engine };
}

describe('bulwark top level', () => {
  it('prints the version', async () => {
    const { code, out } = await run(['--version']);

    expect(code).toBe(0);
    expect(out).toBe(`${VERSION}\n`);
  });

  it('prints help with --help', async () => {
    const { code, out } = await run(['--help']);

    expect(code).toBe(0);
    expect(out).toContain('Usage: bulwark <command>');
    expect(out).toContain('Exit codes:');
  });

  it('prints help without arguments', async () => {
    const { code, out, err } = await run([]);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Usage: bulwark <command>');
  });

  it('rejects an unknown command', async () => {
    const { code, err } = await run(['scan', '.']);

    expect(code).toBe(2);
    expect(err).toBe('bulwark: unknown command `scan`: use check, merge, rules list, rules test or help\n');
  });

  it('rejects an unknown top-level option', async () => {
    const { code, err } = await run(['--verbose']);

    expect(code).toBe(2);
    expect(err).toContain('unknown option `--verbose`');
  });

  it.each([
    [['help', 'check'], 'Usage: bulwark check PATH...'],
    [['check', '--help'], 'Usage: bulwark check PATH...'],
    [['check', '-h', '--format'], 'Usage: bulwark check PATH...'],
    [['help', 'rules'], 'Usage: bulwark rules <list|test>'],
    [['rules', '--help'], 'Usage: bulwark rules <list|test>'],
    [['help', 'rules', 'list'], 'Usage: bulwark rules list'],
    [['rules', 'list', '--help'], 'Usage: bulwark rules list'],
    [['rules', 'test', '-h'], 'Usage: bulwark rules test'],
  ])('help for %j', async (argv, heading) => {
    const { code, out } = await run(argv);

    expect(code).toBe(0);
    expect(out.startsWith(heading)).toBe(true);
  });

  it('rejects help for unknown topics', async () => {
    const { code, err } = await run(['help', 'scan']);

    expect(code).toBe(2);
    expect(err).toContain('no help for `scan`');
  });

  it('documents every check option', async () => {
    const { out } = await run(['help', 'check']);

    for (const option of ['--rules DIR', '--no-builtin', '--exclude GLOB', '--format FORMAT', '--output FILE', '--fail-on SEVERITY', '--engine ENGINE', '--no-progress', '--no-color']) {
      expect(out).toContain(option);
    }
  });
});

describe('bulwark check arguments', () => {
  it.each([
    [['check'], 'missing PATH: give one or more files or folders to check'],
    [['check', '.', '--format', 'xml'], 'invalid value `xml` for --format: use one of text, json, sarif, junit'],
    [['check', '.', '--fail-on', 'severe'], 'invalid value `severe` for --fail-on: use one of info, low, medium, high, critical, never'],
    [['check', '.', '--engine', 'fast'], 'invalid value `fast` for --engine: use one of wasm, reference'],
    [['check', '.', '--bogus'], 'unknown option `--bogus` for `bulwark check`: run `bulwark help check` for the options'],
    [['check', '.', '--format'], 'missing value for `--format`'],
    [['check', '.', '--output', '--format', 'json'], 'missing value for `--output` (the next argument starts with `-`)'],
    [['check', '.', '--no-color=yes'], '`--no-color` takes no value'],
    [['check', 'a.yaml', ''], 'empty PATH'],
    [['check', '.', '--exclude', ''], 'empty value for --exclude'],
    [['check', '.', '--rules', ''], 'empty value for --rules'],
    [['check', '.', '--output', ''], 'empty value for --output'],
  ])('rejects %j', async (argv, message) => {
    const { code, out, err, engine } = await run(argv);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`bulwark: ${message}`);
    expect(engine.calls.runCheck).toHaveLength(0);
  });

  it('passes options to the engine', async () => {
    const io = fakeIo({ cwd: scratch });
    const { code, engine } = await run(
      ['check', 'a.yaml', 'k8s', '--rules', 'packs/one', '--rules=/abs/two', '--no-builtin', '--exclude', 'vendor/**', '--exclude', '*.min.json', '--engine', 'reference'],
      io,
    );

    expect(code).toBe(1);
    expect(engine.calls.runCheck[0]).toMatchObject({
      paths: ['a.yaml', 'k8s'],
      rules: [path.join(scratch, 'packs/one'), '/abs/two'],
      builtinRules: false,
      exclude: ['vendor/**', '*.min.json'],
      engine: 'reference',
    });
  });

  it('defaults engine and builtin rules', async () => {
    const { engine } = await run(['check', '.']);

    expect(engine.calls.runCheck[0]).toMatchObject({ paths: ['.'], rules: [], builtinRules: true, exclude: [], engine: 'wasm' });
  });
});

describe('bulwark check exit codes', () => {
  const mediumOnly = report([finding('COMPOSE-PRIVILEGED')], []);
  const parseOnly = report([parseError('a.json', 1, 2)], []);
  const lowOnly = report([finding('GENERIC-DEBUG-OFF')], []);
  const clean = report([], []);

  it.each([
    ['clean run', clean, [], 0],
    ['low at default threshold', lowOnly, [], 1],
    ['info below default threshold', report([finding('X', { severity: 'info' })], []), [], 0],
    ['medium below high', mediumOnly, ['--fail-on', 'high'], 0],
    ['medium at medium', mediumOnly, ['--fail-on', 'medium'], 1],
    ['parse error at medium', parseOnly, ['--fail-on', 'medium'], 1],
    ['parse error below high', parseOnly, ['--fail-on', 'high'], 0],
    ['never fails', mixedReport(), ['--fail-on', 'never'], 0],
    ['critical at critical', mixedReport(), ['--fail-on', 'critical'], 1],
  ] as const)('%s', async (_name, checkReport, options, expected) => {
    const { code } = await run(['check', '.', ...options], fakeIo(), fakeEngine(checkReport));

    expect(code).toBe(expected);
  });

  it('maps input errors to 2', async () => {
    const engine = fakeEngine(clean, () => {
      throw new BulwarkError('ERR_INPUT', 'path `nope` not found');
    });
    const { code, out, err } = await run(['check', 'nope'], fakeIo(), engine);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('bulwark: path `nope` not found\n');
  });

  it('reports unexpected errors', async () => {
    const engine = fakeEngine(clean, () => {
      throw new TypeError('boom');
    });
    const { code, err } = await run(['check', '.'], fakeIo(), engine);

    expect(code).toBe(2);
    expect(err).toContain('bulwark: unexpected error: boom');
    expect(err).toContain('BULWARK_DEBUG');
  });

  it('explains the exit for machine formats', async () => {
    const { code, err } = await run(['check', '.', '--format', 'json', '--fail-on', 'high']);

    expect(code).toBe(1);
    expect(err).toBe('bulwark: 3 findings at or above severity high (--fail-on)\n');
  });
});

describe('bulwark check output', () => {
  it.each([
    ['json', (out: string) => expect(JSON.parse(out).findings).toHaveLength(6)],
    ['sarif', (out: string) => expect(JSON.parse(out).version).toBe('2.1.0')],
    ['junit', (out: string) => expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true)],
    ['text', (out: string) => expect(out).toContain('deploy/pod.yaml\n')],
  ])('writes %s to stdout', async (format, check) => {
    const { out } = await run(['check', '.', '--format', format]);

    check(out);
  });

  it('roots SARIF at the working folder', async () => {
    const { out } = await run(['check', '.', '--format', 'sarif'], fakeIo({ cwd: scratch }));

    expect(JSON.parse(out).runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${scratch}/`);
  });

  it('writes --output files atomically', async () => {
    const io = fakeIo({ cwd: scratch });
    const { code, out, err } = await run(['check', '.', '--format', 'json', '--output', 'report.json'], io);

    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('bulwark: wrote json report to report.json\n');
    expect(JSON.parse(readFileSync(path.join(scratch, 'report.json'), 'utf8')).findings).toHaveLength(6);
    expect(readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing output file', async () => {
    const io = fakeIo({ cwd: scratch });
    await run(['check', '.', '--format', 'json', '--output', 'again.json'], io);
    await run(['check', '.', '--format', 'sarif', '--output', 'again.json'], fakeIo({ cwd: scratch }));

    expect(JSON.parse(readFileSync(path.join(scratch, 'again.json'), 'utf8')).version).toBe('2.1.0');
  });

  it('treats --output - as stdout', async () => {
    const { out } = await run(['check', '.', '--format', 'json', '--output', '-'], fakeIo({ cwd: scratch }));

    expect(JSON.parse(out).findings).toHaveLength(6);
    expect(existsSync(path.join(scratch, '-'))).toBe(false);
  });

  it('rejects an unwritable output folder', async () => {
    const { code, err } = await run(['check', '.', '--output', 'no/such/folder/r.txt'], fakeIo({ cwd: scratch }));

    expect(code).toBe(2);
    expect(err).toContain('cannot write report to');
    expect(err).toContain('ENOENT');
  });
});

describe('bulwark check colour', () => {
  it.each([
    ['a terminal', { stdoutTTY: true }, [], true],
    ['a pipe', { stdoutTTY: false }, [], false],
    ['NO_COLOR', { stdoutTTY: true, env: { NO_COLOR: '1' } }, [], false],
    ['empty NO_COLOR', { stdoutTTY: true, env: { NO_COLOR: '' } }, [], true],
    ['TERM=dumb', { stdoutTTY: true, env: { TERM: 'dumb' } }, [], false],
    ['--no-color', { stdoutTTY: true }, ['--no-color'], false],
  ] as const)('colours text for %s: %s', async (_name, ioOptions, options, coloured) => {
    const { out } = await run(['check', '.', ...options], fakeIo(ioOptions));

    expect(out.includes(ESC)).toBe(coloured);
  });

  it('never colours machine formats', async () => {
    const { out } = await run(['check', '.', '--format', 'json'], fakeIo({ stdoutTTY: true }));

    expect(out).not.toContain(ESC);
  });
});

describe('bulwark check progress', () => {
  function progressEngine(total: number, clock?: { now: number; step: number }) {
    return fakeEngine(mixedReport(), (options) => {
      for (let done = 1; done <= total; done++) {
        if (clock) clock.now += clock.step;
        options.onProgress?.(done, total);
      }
    });
  }

  it('draws on a terminal for large runs', async () => {
    const { err } = await run(['check', '.'], fakeIo({ stderrTTY: true }), progressEngine(200));

    expect(err).toContain('\r\u001b[K[');
    expect(err).toContain('files');
    expect(err.endsWith('\r\u001b[K')).toBe(true);
  });

  it('stays off for pipes', async () => {
    const { err } = await run(['check', '.'], fakeIo({ stderrTTY: false }), progressEngine(200));

    expect(err).toBe('');
  });

  it('stays off with --no-progress', async () => {
    const { err } = await run(['check', '.', '--no-progress'], fakeIo({ stderrTTY: true }), progressEngine(200));

    expect(err).toBe('');
  });

  it('stays off for small quick runs', async () => {
    const clock = { now: 0, step: 1 };
    const { err } = await run(['check', '.'], fakeIo({ stderrTTY: true, now: () => clock.now }), progressEngine(10, clock));

    expect(err).toBe('');
  });

  it('appears for small slow runs', async () => {
    const clock = { now: 0, step: 400 };
    const { err } = await run(['check', '.'], fakeIo({ stderrTTY: true, now: () => clock.now }), progressEngine(10, clock));

    expect(err).toContain('10/10 files');
  });

  it('keeps stdout free of progress', async () => {
    const { out } = await run(['check', '.', '--format', 'json'], fakeIo({ stderrTTY: true }), progressEngine(200));

    expect(out).not.toContain('\r');
  });
});

describe('bulwark rules', () => {
  const rule: Rule = {
    id: 'K8S-RUN-AS-NON-ROOT',
    version: '1.0.0',
    status: 'active',
    title: 'Containers must not run as root',
    severity: 'high',
    frameworks: { 'PCI-DSS-4.0': ['2.2.5'] },
    appliesTo: { formats: ['yaml'] },
    match: 'spec.containers[*]',
    assert: 'self.securityContext.runAsNonRoot == true',
    message: 'runs as root',
    remediation: 'Set runAsNonRoot.',
    examples: { pass: [], fail: [] },
    source: { file: 'rules/k8s.yaml', line: 3 },
  };

  function rulesEngine(results: { ruleId: string; example: 'pass' | 'fail'; index: number; ok: boolean; detail?: string }[] = []) {
    const engine = fakeEngine(mixedReport());
    engine.loadRulePacks = async () => ({ name: 'builtin', version: '1.0.0', digest: 'cd'.repeat(32), rules: [rule] });
    engine.runRuleTests = async () => ({ results });
    return engine;
  }

  it('lists rules as text', async () => {
    const { code, out } = await run(['rules', 'list'], fakeIo(), rulesEngine());
    const lines = out.split('\n');

    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^ID +SEVERITY +STATUS +TITLE +CONTROLS$/u);
    expect(lines[1]).toMatch(/^K8S-RUN-AS-NON-ROOT +high +active +Containers must not run as root +PCI-DSS-4.0 2\.2\.5$/u);
    expect(out).toContain(`1 rule in pack builtin 1.0.0 (sha256 ${'cd'.repeat(32)})`);
  });

  it('lists rules as JSON', async () => {
    const { out } = await run(['rules', 'list', '--format', 'json'], fakeIo(), rulesEngine());
    const parsed = JSON.parse(out);

    expect(parsed.pack.digest).toBe('cd'.repeat(32));
    expect(parsed.rules[0]).toMatchObject({ id: 'K8S-RUN-AS-NON-ROOT', severity: 'high', status: 'active' });
    expect(parsed.rules[0].assert).toBeUndefined();
  });

  it('rejects bad list format', async () => {
    const { code, err } = await run(['rules', 'list', '--format', 'sarif'], fakeIo(), rulesEngine());

    expect(code).toBe(2);
    expect(err).toContain('invalid value `sarif` for --format: use one of text, json');
  });

  it('rejects stray arguments', async () => {
    const { code, err } = await run(['rules', 'list', 'extra'], fakeIo(), rulesEngine());

    expect(code).toBe(2);
    expect(err).toContain('unexpected argument `extra`');
  });

  it.each([
    [['rules'], 'missing subcommand for `bulwark rules`'],
    [['rules', 'show'], 'unknown subcommand `rules show`'],
  ])('rejects %j', async (argv, message) => {
    const { code, err } = await run(argv, fakeIo(), rulesEngine());

    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('passes rule tests', async () => {
    const { code, out } = await run(['rules', 'test'], fakeIo(), rulesEngine([{ ruleId: 'A', example: 'pass', index: 0, ok: true }]));

    expect(code).toBe(0);
    expect(out).toBe('1 example passed, 0 failed\n');
  });

  it('fails on a misbehaving example', async () => {
    const results = [
      { ruleId: 'A', example: 'pass' as const, index: 0, ok: true },
      { ruleId: 'A', example: 'fail' as const, index: 1, ok: false, detail: 'no violation reported' },
    ];
    const { code, out } = await run(['rules', 'test', '--no-builtin', '--rules', 'x'], fakeIo(), rulesEngine(results));

    expect(code).toBe(1);
    expect(out).toBe('FAIL  A  fail example 1: no violation reported\n1 example passed, 1 failed\n');
  });
});
