import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { countAtOrAbove, sortFindings, summarize, thresholdSeverity } from '../../src/report/summary.js';
import { finding, mixedReport, parseError } from './fixture.js';

describe('summarize', () => {
  it('counts findings by kind', () => {
    const summary = summarize(mixedReport());

    expect(summary.filesChecked).toBe(5);
    expect(summary.filesSkipped).toBe(1);
    expect(summary.violationCount).toBe(4);
    expect(summary.violations).toEqual({ info: 0, low: 1, medium: 0, high: 2, critical: 1 });
    expect(summary.ruleErrors).toBe(1);
    expect(summary.parseErrors).toBe(1);
  });
});

describe('countAtOrAbove', () => {
  it('counts parse errors as medium', () => {
    const findings = [parseError('a.json', 1, 1)];

    expect(thresholdSeverity(findings[0])).toBe('medium');
    expect(countAtOrAbove(findings, 'medium')).toBe(1);
    expect(countAtOrAbove(findings, 'high')).toBe(0);
  });

  it('applies each threshold', () => {
    const findings = mixedReport().findings;

    expect(countAtOrAbove(findings, 'info')).toBe(6);
    expect(countAtOrAbove(findings, 'low')).toBe(6);
    expect(countAtOrAbove(findings, 'medium')).toBe(5);
    expect(countAtOrAbove(findings, 'high')).toBe(3);
    expect(countAtOrAbove(findings, 'critical')).toBe(1);
  });
});

describe('sortFindings', () => {
  it('orders by file then position', () => {
    const sorted = sortFindings([
      finding('K8S-RUN-AS-NON-ROOT', { file: 'b.yaml', line: 1 }),
      finding('K8S-RUN-AS-NON-ROOT', { file: 'a.yaml', line: 9, column: 2 }),
      finding('K8S-RUN-AS-NON-ROOT', { file: 'a.yaml', line: 9, column: 1 }),
    ]);

    expect(sorted.map((item) => `${item.file}:${item.line}:${item.column}`)).toEqual(['a.yaml:9:1', 'a.yaml:9:2', 'b.yaml:1:1']);
  });
});

describe('renderJson', () => {
  it('round-trips the report', () => {
    const report = mixedReport();
    const output = renderJson(report);

    expect(output.endsWith('\n')).toBe(true);
    expect(JSON.parse(output)).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
