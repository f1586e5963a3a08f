import { describe, expect, it } from 'vitest';
import { renderText, toTerminalText } from '../../src/report/text.js';
import { finding, fileResult, mixedReport, report } from './fixture.js';

const ESC = '\u001b';

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderText', () => {
  it('groups findings under file headers', () => {
    const output = lines(renderText(mixedReport(), { color: false }));

    const headers = output.filter((line) => line !== '' && !line.startsWith(' '));
    expect(headers.slice(0, 4)).toEqual(['broken.json', 'compose.yaml', 'deploy/pod.yaml', 'etc/ssh/sshd_config']);
  });

  it('sorts findings by line within a file', () => {
    const output = lines(renderText(mixedReport(), { color: false }));
    const start = output.indexOf('deploy/pod.yaml');
    const findingLines = output.slice(start + 1).filter((line) => /^ {2}\S/u.test(line)).slice(0, 3);

    expect(findingLines[0]).toMatch(/^ {2}- +low +GENERIC-DEBUG-OFF/u);
    expect(findingLines[1]).toMatch(/^ {2}7:9 +high +K8S-RUN-AS-NON-ROOT +Container `app` runs as root/u);
    expect(findingLines[2]).toMatch(/^ {2}14:9 +high +K8S-RUN-AS-NON-ROOT +Container `sidecar` runs as root/u);
  });

  it('shows controls and remediation', () => {
    const output = lines(renderText(mixedReport(), { color: false }));
    const index = output.findIndex((line) => line.includes('Container `app` runs as root'));

    expect(output[index]).toContain('[PCI-DSS-4.0 2.2.5; SOC2 CC6.1]');
    expect(output[index + 1].trim()).toBe('Set securityContext.runAsNonRoot: true on the pod or container.');
    expect(output[index + 1]).toMatch(/^ {8,}Set/u);
  });

  it('lists multiple controls compactly', () => {
    const output = renderText(mixedReport(), { color: false });

    expect(output).toContain('[PCI-DSS-4.0 2.2.6,8.2.1; HIPAA 164.312(a)(1)]');
  });

  it('labels rule and parse errors', () => {
    const output = lines(renderText(mixedReport(), { color: false }));

    expect(output.find((line) => line.includes('COMPOSE-PRIVILEGED'))).toContain('rule error: no such key: privileged');
    expect(output.find((line) => line.includes('BULWARK-PARSE-ERROR'))).toMatch(/4:17 +medium +BULWARK-PARSE-ERROR/u);
  });

  it('lists skipped files with reasons', () => {
    const output = lines(renderText(mixedReport(), { color: false }));
    const index = output.indexOf('Skipped files');

    expect(index).toBeGreaterThan(0);
    expect(output[index + 1]).toBe('  assets/logo.png  binary file');
  });

  it('summarises counts on the last line', () => {
    const output = lines(renderText(mixedReport(), { color: false }));

    expect(output.at(-1)).toBe('');
    expect(output.at(-2)).toBe(
      '5 files checked, 4 findings (1 critical, 2 high, 1 low), 1 rule error, 1 parse error, 1 file skipped in 1234 ms',
    );
  });

  it('summarises a clean run', () => {
    const output = renderText(report([], [fileResult('a.yaml', [['K8S-RUN-AS-NON-ROOT', 0]])]), { color: false });

    expect(output).toBe('1 file checked, no findings in 1234 ms\n');
  });

  it('omits colour unless asked', () => {
    expect(renderText(mixedReport(), { color: false })).not.toContain(ESC);
  });

  it('colours severities when asked', () => {
    const output = renderText(mixedReport(), { color: true });

    expect(output).toContain(`${ESC}[1m${ESC}[35mcritical${ESC}[0m`);
    expect(output).toContain(`${ESC}[31mhigh    ${ESC}[0m`);
  });

  it('escapes control characters from findings', () => {
    const hostile = finding('K8S-RUN-AS-NON-ROOT', { message: `key \u001b[2Jcleared\u202e`, file: 'a\u0007.yaml' });
    const output = renderText(report([hostile], []), { color: false });

    expect(output).not.toContain('\u001b');
    expect(output).not.toContain('\u0007');
    expect(output).toContain('key \\u{1b}[2Jcleared\\u{202e}');
    expect(output).toContain('a\\u{7}.yaml');
  });
});

describe('toTerminalText', () => {
  it('keeps printable text unchanged', () => {
    expect(toTerminalText('größe: 10 € ✓')).toBe('größe: 10 € ✓');
  });

  it('turns tabs and newlines safe', () => {
    expect(toTerminalText('a\tb\nc')).toBe('a b\\u{a}c');
  });
});
