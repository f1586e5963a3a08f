// Renders docs/rules.md, the index of the built-in rules, from the loaded
// pack, so the page cannot drift from the rule files.

import type { Rule, RulePack } from '../../src/policy/rule.js';

const AREAS: Record<string, string> = {
  K8S: 'Kubernetes (`rules/kubernetes.yaml`)',
  DCK: 'Docker Compose (`rules/compose.yaml`)',
  TLS: 'TLS and cryptography (`rules/tls.yaml`)',
  AUTH: 'Authentication (`rules/authentication.yaml`)',
  LOG: 'Logging and audit (`rules/logging.yaml`)',
  NET: 'Network exposure (`rules/network.yaml`)',
  ENC: 'Encryption at rest (`rules/encryption.yaml`)',
  SSH: 'OpenSSH server (`rules/sshd.yaml`)',
  NGX: 'nginx (`rules/nginx.yaml`)',
  RDS: 'Redis (`rules/redis.yaml`)',
  PG: 'PostgreSQL (`rules/postgresql.yaml`)',
  MY: 'MySQL and MariaDB (`rules/mysql.yaml`)',
  APP: 'Application frameworks (`rules/application.yaml`)',
};

function areaOf(rule: Rule): string {
  return rule.id.split('-')[1];
}

function appliesTo(rule: Rule): string {
  const parts: string[] = [];
  if (rule.appliesTo.dialects) parts.push(rule.appliesTo.dialects.join(', '));
  else if (rule.appliesTo.formats) parts.push(rule.appliesTo.formats.join(', '));
  else parts.push('any format');
  if (rule.presence === 'required') parts.push('required');
  return parts.join('; ');
}

function frameworks(rule: Rule): string {
  return Object.entries(rule.frameworks)
    .map(([framework, controls]) => `${framework} ${controls.join(', ')}`)
    .join('; ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderRulesIndex(pack: RulePack): string {
  const lines = [
    '# Built-in rules',
    '',
    `The built-in pack \`${pack.name}\` ${pack.version} holds ${pack.rules.length} rules. Each maps to`,
    'controls of PCI DSS 4.0, the HIPAA Security Rule (45 CFR 164), SOC 2 (Trust',
    'Services Criteria 2017) or GDPR, and ships passing and failing examples that',
    '`bulwark rules test` runs. "required" means the rule also reports a file',
    'where the setting is missing, because the program\'s default is unsafe.',
    '',
    'This page is generated from the rule files by `test/rules/builtin-pack.test.ts`;',
    'regenerate it with `UPDATE_RULES_INDEX=1 npx vitest run test/rules/builtin-pack.test.ts`.',
  ];
  for (const [area, heading] of Object.entries(AREAS)) {
    const rules = pack.rules.filter((rule) => areaOf(rule) === area).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (rules.length === 0) continue;
    lines.push('', `## ${heading}`, '', '| id | title | severity | applies to | frameworks |', '|---|---|---|---|---|');
    for (const rule of rules) {
      lines.push(`| ${rule.id} | ${escapeCell(rule.title)} | ${rule.severity} | ${escapeCell(appliesTo(rule))} | ${escapeCell(frameworks(rule))} |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
