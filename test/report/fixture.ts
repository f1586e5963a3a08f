// Builds hand-made CheckReports for the report writer tests.

import { PARSE_ERROR_RULE, type CheckReport, type FileResult, type Finding } from '../../src/check/finding.js';
import type { Severity } from '../../src/policy/rule.js';

type PackRule = CheckReport['pack']['rules'][number];

export const RULES: PackRule[] = [
  {
    id: 'K8S-RUN-AS-NON-ROOT',
    version: '1.2.0',
    title: 'Containers must not run as root',
    severity: 'high',
    frameworks: { 'PCI-DSS-4.0': ['2.2.5'], SOC2: ['CC6.1'] },
    remediation: 'Set securityContext.runAsNonRoot: true on the pod or container.',
    description: 'A container running as UID 0 can modify its image and escalate through kernel bugs.',
  },
  {
    id: 'SSH-NO-ROOT-LOGIN',
    version: '1.0.0',
    title: 'SSH root login is disabled',
    severity: 'critical',
    frameworks: { 'PCI-DSS-4.0': ['2.2.6', '8.2.1'], HIPAA: ['164.312(a)(1)'] },
    remediation: 'Set PermitRootLogin no.',
  },
  {
    id: 'COMPOSE-PRIVILEGED',
    version: '1.0.0',
    title: 'Services do not run privileged',
    severity: 'medium',
    frameworks: {},
    remediation: 'Remove privileged: true.',
  },
  {
    id: 'GENERIC-DEBUG-OFF',
    version: '0.3.0',
    title: 'Debug mode is off',
    severity: 'low',
    frameworks: { SOC2: ['CC7.2'] },
    remediation: '',
  },
];

/** Builds a violation of `ruleId` with the rule's metadata; `overrides` replaces any field. */
export function finding(ruleId: string, overrides: Partial<Finding> = {}): Finding {
  const rule = RULES.find((candidate) => candidate.id === ruleId);
  return {
    kind: 'violation',
    ruleId,
    ruleVersion: rule?.version ?? '1',
    title: rule?.title ?? ruleId,
    severity: rule?.severity ?? 'medium',
    message: `${ruleId} failed`,
    remediation: rule?.remediation ?? '',
    frameworks: rule?.frameworks ?? {},
    file: 'deploy/pod.yaml',
    line: 1,
    column: 1,
    path: '',
    document: 0,
    ...overrides,
  };
}

export function parseError(file: string, line: number, column: number, message = 'unexpected end of flow mapping'): Finding {
  return {
    kind: 'parse-error',
    ruleId: PARSE_ERROR_RULE,
    ruleVersion: '1',
    title: 'File could not be parsed',
    severity: 'info' as Severity,
    message,
    remediation: 'Fix the syntax error.',
    frameworks: {},
    file,
    line,
    column,
    path: '',
    document: 0,
  };
}

export function fileResult(file: string, rules: [ruleId: string, failed: number, errors?: number][], extra: Partial<FileResult> = {}): FileResult {
  return {
    file,
    format: 'yaml',
    documents: 1,
    rules: rules.map(([ruleId, failed, errors = 0]) => ({ ruleId, evaluated: Math.max(1, failed), failed, errors })),
    ...extra,
  };
}

export function report(findings: Finding[], files: FileResult[], rules: PackRule[] = RULES): CheckReport {
  return {
    tool: { name: 'bulwark', version: '0.1.0' },
    pack: { name: 'builtin', version: '2025.1', digest: 'ab'.repeat(32), rules },
    findings,
    files,
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1234,
  };
}

/**
 * A report with something of every kind: two files with violations (one of
 * them two findings of one rule), a rule error, a parse error, a clean file and
 * a skipped file.
 */
export function mixedReport(): CheckReport {
  const findings: Finding[] = [
    finding('K8S-RUN-AS-NON-ROOT', { file: 'deploy/pod.yaml', line: 14, column: 9, path: 'spec.containers[1].securityContext', message: 'Container `sidecar` runs as root' }),
    finding('K8S-RUN-AS-NON-ROOT', { file: 'deploy/pod.yaml', line: 7, column: 9, path: 'spec.containers[0].securityContext', message: 'Container `app` runs as root' }),
    finding('GENERIC-DEBUG-OFF', { file: 'deploy/pod.yaml', line: 0, column: 0, path: '', message: 'Debug flag is set for the whole file' }),
    finding('SSH-NO-ROOT-LOGIN', { file: 'etc/ssh/sshd_config', line: 32, column: 1, path: 'PermitRootLogin', message: 'PermitRootLogin is yes' }),
    finding('COMPOSE-PRIVILEGED', { kind: 'error', file: 'compose.yaml', line: 3, column: 5, path: 'services.web', message: 'no such key: privileged' }),
    parseError('broken.json', 4, 17),
  ];
  const files: FileResult[] = [
    fileResult('broken.json', [], { format: 'json', documents: 0 }),
    fileResult('compose.yaml', [['COMPOSE-PRIVILEGED', 0, 1]]),
    fileResult('deploy/pod.yaml', [['K8S-RUN-AS-NON-ROOT', 2], ['GENERIC-DEBUG-OFF', 1], ['COMPOSE-PRIVILEGED', 0]]),
    fileResult('etc/ssh/sshd_config', [['SSH-NO-ROOT-LOGIN', 1]], { format: 'directives', dialect: 'sshd' }),
    fileResult('clean.yaml', [['K8S-RUN-AS-NON-ROOT', 0]]),
    fileResult('assets/logo.png', [], { format: undefined, documents: 0, skipped: 'binary file' }),
  ];
  return report(findings, files);
}
