// Real configuration files (fixtures/flatten, origins in SOURCE.md) through
// both engines, with spot checks of what a rule would look up.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import type { FlattenFormat } from '../../src/core/flatten.js';
import type { Tape } from '../../src/core/tape.js';
import type { Dialect } from '../../src/policy/rule.js';
import { differenceOf, flattenBoth } from './helpers.js';

const SAMPLES: [file: string, format: FlattenFormat, dialect?: Dialect][] = [
  ['atmoz-sftp__files__sshd_config', 'directives', 'sshd'],
  ['openssh-portable__sshd_config', 'directives', 'sshd'],
  ['awesome-compose__nginx-wsgi-flask__nginx.conf', 'directives', 'nginx'],
  ['h5bp-nginx__conf.d__templates__example.com.conf', 'directives', 'nginx'],
  ['h5bp-nginx__h5bp__tls__policy_strict.conf', 'directives', 'nginx'],
  ['h5bp-nginx__nginx.conf', 'directives', 'nginx'],
  ['nginx__conf__nginx.conf', 'directives', 'nginx'],
  ['vulhub__nginx__insecure-configuration__error1.conf', 'directives', 'nginx'],
  ['vulhub__nginx__insecure-configuration__error2.conf', 'directives', 'nginx'],
  ['redis__redis.conf', 'directives', 'redis'],
  ['postgres__postgresql.conf.sample', 'directives', 'postgresql'],
  ['postgres__pg_hba.conf.sample', 'directives', 'postgresql'],
  ['httpd__docs__conf__httpd.conf.in', 'directives', 'apache'],
  ['httpd__docs__conf__extra__httpd-ssl.conf.in', 'directives', 'apache'],
  ['vulhub__httpd__apache_parsing_vulnerability__docker-php.conf', 'directives', 'apache'],
  ['k8s-examples__mysql-galera__image__my.cnf', 'ini'],
  ['conftest__examples__ini__grafana.ini', 'ini'],
  ['sops__example.ini', 'ini'],
  ['awesome-compose__postgresql-pgadmin__.env', 'env'],
  ['docker-elk__.env', 'env'],
  ['laravel__.env.example', 'env'],
  ['awesome-compose__react-java-mysql__application.properties', 'properties'],
  ['conftest__examples__properties__sample.properties', 'properties'],
  ['kafka__config__kraft-scram__server.properties', 'properties'],
  ['spring-petclinic__application-mysql.properties', 'properties'],
  ['spring-petclinic__application.properties', 'properties'],
  ['k8s-examples__meteor__mongo-pod.json', 'json'],
  ['k8s-examples__phabricator__phabricator-controller.json', 'json'],
];

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`../../fixtures/flatten/${name}`, import.meta.url));
}

/** Flattens a fixture with both engines, checks they agree, and returns the core's table. */
function sample(name: string, format: FlattenFormat, dialect?: Dialect): Tape {
  const { core, reference } = flattenBoth(format, fixture(name), dialect);
  expect(differenceOf(core, reference)).toBeUndefined();
  if (!core.ok) throw new Error(`${name}: ${core.reason} at ${core.line}:${core.column}`);
  return core.tape;
}

/** Rows whose path from the root is `steps`. */
function find(tape: Tape, ...steps: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < tape.count; i++) {
    const path = tape.path(i);
    if (path.length === steps.length && path.every((step, k) => step === steps[k])) out.push(i);
  }
  return out;
}

describe('real samples', () => {
  for (const [name, format, dialect] of SAMPLES) {
    it(`flattens ${name}`, () => {
      const tape = sample(name, format, dialect);
      expect(tape.count).toBeGreaterThan(0);
    });
  }

  it('finds sshd PermitRootLogin line', () => {
    const tape = sample('atmoz-sftp__files__sshd_config', 'directives', 'sshd');
    const [row] = find(tape, 'PermitRootLogin');
    expect(tape.text(row)).toBe('no');
    expect(tape.line(row)).toBe(12);
    expect(tape.column(row)).toBe(1);
  });

  it('splits tab-separated sshd arguments', () => {
    const tape = sample('openssh-portable__sshd_config', 'directives', 'sshd');
    const [row] = find(tape, 'Subsystem');
    expect(tape.text(row)).toBe('sftp\t/usr/libexec/sftp-server');
    expect(tape.line(row)).toBe(112);
  });

  it('nests nginx server directives', () => {
    const tape = sample('nginx__conf__nginx.conf', 'directives', 'nginx');
    const [listen] = find(tape, 'http', 'server', 'listen');
    expect(tape.text(listen)).toBe('80');
    expect([tape.line(listen), tape.column(listen)]).toEqual([36, 9]);
    const locations = find(tape, 'http', 'server', 'location');
    expect(locations.map((row) => tape.text(row))).toEqual(['/', '= /50x.html']);
    expect(tape.kind(locations[0])).toBe(NodeKind.Object);
  });

  it('reads nginx ssl_protocols arguments', () => {
    const tape = sample('h5bp-nginx__h5bp__tls__policy_strict.conf', 'directives', 'nginx');
    const [row] = find(tape, 'ssl_protocols');
    expect(tape.text(row)).toBe('TLSv1.2 TLSv1.3');
    expect(tape.line(row)).toBe(43);
  });

  it('unquotes nginx map values', () => {
    const tape = sample('h5bp-nginx__nginx.conf', 'directives', 'nginx');
    const maps = find(tape, 'http', 'map');
    const entries = tape.children(maps[0]).map((row) => [tape.key(row), tape.text(row)]);
    expect(entries[0]).toEqual(['default', 'public, immutable, stale-while-revalidate']);
    expect(entries[1]).toEqual(['', 'no-store']);
  });

  it('reads redis quoted empty values', () => {
    const tape = sample('redis__redis.conf', 'directives', 'redis');
    expect(tape.text(find(tape, 'logfile')[0])).toBe('');
    expect(tape.text(find(tape, 'bind')[0])).toBe('127.0.0.1 -::1');
    expect(tape.line(find(tape, 'port')[0])).toBe(139);
  });

  it('reads my.cnf bare keys and includes', () => {
    const tape = sample('k8s-examples__mysql-galera__image__my.cnf', 'ini');
    const [bare] = find(tape, 'mysqld', 'skip-external-locking');
    expect(tape.text(bare)).toBe('');
    expect(tape.line(bare)).toBe(18);
    const [include] = find(tape, 'isamchk', '!includedir');
    expect(tape.text(include)).toBe('/etc/mysql/conf.d/');
  });

  it('reads grafana sections and root keys', () => {
    const tape = sample('conftest__examples__ini__grafana.ini', 'ini');
    expect(tape.text(find(tape, 'app_mode')[0])).toBe('production');
    expect(tape.text(find(tape, 'users', 'allow_sign_up')[0])).toBe('false');
    expect(tape.text(find(tape, 'server', 'http_addr')[0])).toBe('');
  });

  it('reads .env quoted values', () => {
    const tape = sample('docker-elk__.env', 'env');
    expect(tape.text(find(tape, 'ELASTIC_PASSWORD')[0])).toBe('changeme');
    expect(tape.text(find(tape, 'METRICBEAT_INTERNAL_PASSWORD')[0])).toBe('');
  });

  it('joins .properties continuation lines', () => {
    const tape = sample('kafka__config__kraft-scram__server.properties', 'properties');
    const [row] = find(tape, 'listener.name.controller.plain.sasl.jaas.config');
    expect(tape.text(row)).toBe('org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin" user_admin="admin";');
    expect(tape.line(row)).toBe(75);
  });

  it('nests Apache blocks and continuations', () => {
    const tape = sample('httpd__docs__conf__extra__httpd-ssl.conf.in', 'directives', 'apache');
    const [host] = find(tape, 'VirtualHost');
    expect(tape.text(host)).toBe('_default_:@@SSLPort@@');
    expect(tape.line(host)).toBe(149);
    const [log] = find(tape, 'VirtualHost', 'CustomLog');
    expect(tape.text(log)).toBe('"@rel_logfiledir@/ssl_request_log"           "%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x \\"%r\\" %b"');
    expect(tape.text(find(tape, 'SSLProtocol')[0])).toBe('all -SSLv3');
  });
});
