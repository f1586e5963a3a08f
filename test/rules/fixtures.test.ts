// The built-in rules over the real configuration files in fixtures/configs
// (sources in fixtures/configs/SOURCE.md): known misconfigurations are
// reported, hardened files stay clean of the rules they satisfy, and no rule
// errors on any file.

import { describe, expect, it } from 'vitest';

import { runCheck } from '../../src/node/check.js';

const ROOT = 'fixtures/configs';

/** Rules each insecure file must trigger, for the reason in the comment. */
const EXPECTED: Record<string, string[]> = {
  // privileged, hostNetwork, hostPID, hostIPC, hostPath `/`, docker.sock
  'k8s/newrelic-infra-daemonset.yaml': ['BWK-K8S-001', 'BWK-K8S-002', 'BWK-K8S-003', 'BWK-K8S-004', 'BWK-K8S-013', 'BWK-K8S-014'],
  // privileged, /proc and /boot mounts, docker.sock, literal ACCESS_KEY
  'k8s/sysdig-daemonset.yaml': ['BWK-K8S-001', 'BWK-K8S-013', 'BWK-K8S-014', 'BWK-K8S-018'],
  // MYSQL_ROOT_PASSWORD and MYSQL_PASSWORD as literal values
  'k8s/javaee-mysql-pod.yaml': ['BWK-K8S-018'],
  // capabilities.add IPC_LOCK
  'k8s/elasticsearch-rc.yaml': ['BWK-K8S-001', 'BWK-K8S-009'],
  // the frontend Service of type NodePort
  'k8s/guestbook-all-in-one.yaml': ['BWK-K8S-020'],
  'compose/portainer/compose.yaml': ['BWK-DCK-004', 'BWK-DCK-006'],
  'compose/wordpress-mysql/compose.yaml': ['BWK-DCK-003'],
  'compose/plex/compose.yaml': ['BWK-DCK-002'],
  // /proc, /sys and / bind mounts of node-exporter and cAdvisor
  'compose/dockprom/docker-compose.yml': ['BWK-DCK-001', 'BWK-DCK-009'],
  // upstream defaults: no PermitRootLogin, PasswordAuthentication or ClientAliveInterval
  'server/openssh-portable/sshd_config': ['BWK-SSH-001', 'BWK-SSH-002', 'BWK-SSH-010'],
  'server/vulhub-nginx-insecure-configuration/error2.conf': ['BWK-NGX-002'],
  'server/nginx/nginx.conf': ['BWK-NGX-001'],
  'server/redis/redis.conf': ['BWK-RDS-002', 'BWK-RDS-004'],
  'server/postgres/postgresql.conf.sample': ['BWK-PG-001', 'BWK-PG-003', 'BWK-PG-004'],
  'server/postgres/pg_hba.conf.sample': ['BWK-PG-006'],
  'server/mysql-galera/my.cnf': ['BWK-MY-003', 'BWK-MY-004'],
  'server/jhipster-sample-app/application-secret-samples.yml': ['BWK-APP-005'],
  'server/jhipster-sample-app/application-dev.yml': ['BWK-APP-006'],
  'server/laravel/.env.example': ['BWK-APP-001', 'BWK-AUTH-003'],
  'server/docker-elk/.env': ['BWK-AUTH-004'],
  'server/grafana/grafana.ini': ['BWK-AUTH-003'],
  // SSLProtocol all -SSLv3 keeps TLS 1.0 and 1.1
  'server/httpd/httpd-ssl.conf.in': ['BWK-TLS-002'],
};

/** Rules a hardened file satisfies and must not trigger. */
const CLEAN: Record<string, string[]> = {
  'k8s/hardened/cartservice.yaml': ['BWK-K8S-001', 'BWK-K8S-005', 'BWK-K8S-006', 'BWK-K8S-008', 'BWK-K8S-011', 'BWK-K8S-012', 'BWK-K8S-015', 'BWK-K8S-016'],
  'k8s/hardened/frontend.yaml': ['BWK-K8S-001', 'BWK-K8S-005', 'BWK-K8S-006', 'BWK-K8S-008', 'BWK-K8S-011', 'BWK-K8S-012', 'BWK-K8S-015', 'BWK-K8S-016'],
  'k8s/hardened/network-policy-deny-all.yaml': ['BWK-NET-001'],
  'server/atmoz-sftp/sshd_config': ['BWK-SSH-001', 'BWK-SSH-004', 'BWK-SSH-005'],
  'server/h5bp-nginx/h5bp/tls/policy_strict.conf': ['BWK-TLS-002', 'BWK-TLS-003'],
};

const report = await runCheck({ paths: [ROOT], builtinRules: true });
const rulesByFile = new Map<string, Set<string>>();
for (const finding of report.findings) {
  const file = finding.file.slice(ROOT.length + 1);
  const rules = rulesByFile.get(file) ?? new Set<string>();
  rules.add(finding.ruleId);
  rulesByFile.set(file, rules);
}

describe('built-in rules on fixtures', () => {
  it('reports no rule errors', () => {
    const errors = report.findings.filter((f) => f.kind !== 'violation').map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    expect(errors).toEqual([]);
  });

  it('checks every configuration file', () => {
    const skipped = report.files.filter((f) => f.skipped && !f.file.endsWith('SOURCE.md')).map((f) => f.file);
    expect(skipped).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))('%s triggers its rules', (file, rules) => {
    const found = rulesByFile.get(file) ?? new Set<string>();
    for (const rule of rules) expect(found.has(rule), `${rule} on ${file}`).toBe(true);
  });

  it.each(Object.entries(CLEAN))('%s stays clean', (file, rules) => {
    const found = rulesByFile.get(file) ?? new Set<string>();
    for (const rule of rules) expect(found.has(rule), `${rule} on ${file}`).toBe(false);
  });
});
