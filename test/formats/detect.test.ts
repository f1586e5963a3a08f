import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import { FIXTURES, fixtureBytes } from './helpers.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The real configuration files, under the path each has in its repository
 * (fixtures/formats/SOURCE.md), with the detection a reader would expect.
 */
const REAL_FILES: Array<[fixture: string, repositoryPath: string, expected: string]> = [
  ['atmoz-sftp__files__sshd_config', 'files/sshd_config', 'directives/sshd'],
  ['awesome-compose__nginx-wsgi-flask__nginx.conf', 'nginx-wsgi-flask/nginx/nginx.conf', 'directives/nginx'],
  ['awesome-compose__postgresql-pgadmin__.env', 'postgresql-pgadmin/.env', 'env'],
  ['awesome-compose__react-java-mysql__application.properties', 'react-java-mysql/backend/src/main/resources/application.properties', 'properties'],
  ['awesome-compose__react-rust-postgres__backend__Cargo.toml', 'react-rust-postgres/backend/Cargo.toml', 'toml'],
  ['conftest__examples__ini__grafana.ini', 'examples/ini/grafana.ini', 'ini'],
  ['conftest__examples__properties__sample.properties', 'examples/properties/sample.properties', 'properties'],
  ['conftest__examples__traefik__traefik.toml', 'examples/traefik/traefik.toml', 'toml'],
  ['docker-elk__.env', '.env', 'env'],
  ['h5bp-nginx__conf.d__templates__example.com.conf', 'conf.d/templates/example.com.conf', 'directives/nginx'],
  ['h5bp-nginx__h5bp__tls__policy_strict.conf', 'h5bp/tls/policy_strict.conf', 'directives/nginx'],
  ['h5bp-nginx__nginx.conf', 'nginx.conf', 'directives/nginx'],
  ['httpd__docs__conf__extra__httpd-ssl.conf.in', 'docs/conf/extra/httpd-ssl.conf.in', 'directives/apache'],
  ['httpd__docs__conf__httpd.conf.in', 'docs/conf/httpd.conf.in', 'directives/apache'],
  ['jhipster-sample-app__application-dev.yml', 'src/main/resources/config/application-dev.yml', 'yaml'],
  ['jhipster-sample-app__application-secret-samples.yml', 'src/main/resources/config/application-secret-samples.yml', 'yaml'],
  ['k8s-examples__mysql-galera__image__my.cnf', '_archived/storage/mysql-galera/image/my.cnf', 'ini'],
  ['kafka__config__kraft-scram__server.properties', 'config/kraft-scram/server.properties', 'properties'],
  ['laravel__.env.example', '.env.example', 'env'],
  ['nginx__conf__nginx.conf', 'conf/nginx.conf', 'directives/nginx'],
  ['openssh-portable__sshd_config', 'sshd_config', 'directives/sshd'],
  ['postgres__pg_hba.conf.sample', 'src/backend/libpq/pg_hba.conf.sample', 'directives/generic'],
  ['postgres__postgresql.conf.sample', 'src/backend/utils/misc/postgresql.conf.sample', 'directives/postgresql'],
  ['redis__redis.conf', 'redis.conf', 'directives/redis'],
  ['sops__example.ini', 'example.ini', 'ini'],
  ['spring-petclinic__application-mysql.properties', 'src/main/resources/application-mysql.properties', 'properties'],
  ['spring-petclinic__application.properties', 'src/main/resources/application.properties', 'properties'],
  ['vulhub__httpd__apache_parsing_vulnerability__docker-php.conf', 'httpd/apache_parsing_vulnerability/conf/docker-php.conf', 'directives/apache'],
  ['vulhub__nginx__insecure-configuration__error1.conf', 'nginx/insecure-configuration/configuration/error1.conf', 'directives/nginx'],
  ['vulhub__nginx__insecure-configuration__error2.conf', 'nginx/insecure-configuration/configuration/error2.conf', 'directives/nginx'],
  ['k8s-examples__meteor__mongo-pod.json', '_archived/meteor/mongo-pod.json', 'json'],
  ['k8s-website__pods__security__security-context-4.yaml', 'content/en/examples/pods/security/security-context-4.yaml', 'yaml'],
  ['docker-elk__docker-compose.yml', 'docker-compose.yml', 'yaml'],
];

function describeDetection(path: string, bytes: Uint8Array): string {
  const detection = detectFormat(path, bytes);
  if ('skip' in detection) return `skip/${detection.skip}`;
  return detection.dialect ? `${detection.format}/${detection.dialect}` : detection.format;
}

describe('detectFormat on real files', () => {
  it('covers every server fixture', () => {
    const covered = new Set(REAL_FILES.map(([fixture]) => fixture));
    const server = readdirSync(`${FIXTURES}configs`).filter((name) => !/\.(ya?ml|json)$/.test(name));
    expect(server.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(REAL_FILES)('detects %s', (fixture, repositoryPath, expected) => {
    expect(describeDetection(repositoryPath, fixtureBytes(`configs/${fixture}`))).toBe(expected);
  });

  it.each(REAL_FILES)('detects %s from its content alone', (fixture, _path, expected) => {
    // Files whose name decides are still sniffed correctly or skipped, never misread as another text format.
    const byContent = describeDetection('unnamed', fixtureBytes(`configs/${fixture}`));
    const acceptable = [expected.split('/')[0], 'skip/unknown-format'];
    if (expected.startsWith('properties') || expected.startsWith('directives') || expected === 'toml') acceptable.push('env', 'ini', 'yaml');
    expect(acceptable).toContain(byContent.split('/')[0] === 'skip' ? byContent : byContent.split('/')[0]);
  });
});

describe('detectFormat by name', () => {
  const none = utf8('');
  const cases: Array<[string, string]> = [
    ['deploy/app.YAML', 'yaml'],
    ['a.yml', 'yaml'],
    ['package.json', 'json'],
    ['pyproject.toml', 'toml'],
    ['.env', 'env'],
    ['.env.production', 'env'],
    ['config/prod.env', 'env'],
    ['settings.env.sample', 'env'],
    ['php.ini', 'ini'],
    ['/etc/mysql/my.cnf', 'ini'],
    ['setup.cfg', 'ini'],
    ['/etc/grafana/grafana.ini', 'ini'],
    ['log4j.properties', 'properties'],
    ['/etc/ssh/sshd_config', 'directives/sshd'],
    ['/etc/ssh/ssh_config', 'directives/sshd'],
    ['/etc/ssh/sshd_config.d/50-cloud-init.conf', 'directives/sshd'],
    ['sshd_config.orig', 'directives/sshd'],
    ['/etc/redis/redis-6379.conf', 'directives/redis'],
    ['redis.conf', 'directives/redis'],
    ['postgresql.conf', 'directives/postgresql'],
    ['postgresql.auto.conf', 'directives/postgresql'],
    ['pg_hba.conf', 'directives/generic'],
    ['httpd.conf', 'directives/apache'],
    ['extra/httpd-vhosts.conf.in', 'directives/apache'],
    ['/etc/apache2/apache2.conf', 'directives/apache'],
    ['/etc/nginx/nginx.conf', 'directives/nginx'],
    ['/etc/nginx/sites/app.conf', 'directives/nginx'],
    ['/etc/nginx/conf.d/default.conf', 'directives/nginx'],
    ['/etc/sysctl.conf', 'directives/generic'],
    ['values.yaml.dist', 'yaml'],
    ['config.toml.example', 'toml'],
  ];
  it.each(cases)('detects %s', (path, expected) => {
    expect(describeDetection(path, none)).toBe(expected);
  });
});

describe('detectFormat by content', () => {
  const cases: Array<[string, string, string]> = [
    ['json object', '{"a": 1}', 'json'],
    ['json array', '[\n  {"a": 1}\n]', 'json'],
    ['yaml stream', '---\napiVersion: v1\n', 'yaml'],
    ['yaml mapping', '# comment\nname: web\nimage: nginx\nports:\n  - 80\n', 'yaml'],
    ['ini sections', '[server]\nhttp_port = 3000\n', 'ini'],
    ['env assignments', 'DB_HOST=localhost\nDB_PASSWORD=secret\nexport PORT=80\n', 'env'],
    ['prose', 'Hello there, this is not a config.\nNor is this.\n', 'skip/unknown-format'],
    ['empty file', '', 'skip/unknown-format'],
  ];
  it.each(cases)('detects %s', (_name, content, expected) => {
    expect(describeDetection('unnamed', utf8(content))).toBe(expected);
  });

  it('sniffs apache blocks in conf files', () => {
    expect(describeDetection('site.conf', utf8('<VirtualHost *:80>\n  ServerName x\n</VirtualHost>\n'))).toBe('directives/apache');
  });

  it('sniffs nginx blocks in conf files', () => {
    expect(describeDetection('site.conf', utf8('# site\nserver {\n  listen 80;\n}\n'))).toBe('directives/nginx');
  });

  it('prefers apache content under conf.d', () => {
    expect(describeDetection('/etc/httpd/conf.d/ssl.conf', utf8('Listen 443\n<VirtualHost _default_:443>\n</VirtualHost>\n'))).toBe('directives/apache');
  });

  it('reads UTF-16 content', () => {
    const text = 'name: web\nimage: nginx\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    expect(describeDetection('unnamed', bytes)).toBe('yaml');
  });
});

describe('detectFormat binary files', () => {
  it('skips files with a NUL byte', () => {
    expect(describeDetection('app.yaml', new Uint8Array([0x61, 0x3a, 0x00, 0x31]))).toBe('skip/binary');
  });

  it('skips files of control bytes', () => {
    const bytes = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(describeDetection('blob.conf', bytes)).toBe('skip/binary');
  });

  it('looks only at the first 8 KiB', () => {
    const bytes = new Uint8Array(20_000).fill(0x61);
    bytes[10_000] = 0;
    expect(describeDetection('a.yaml', bytes)).toBe('yaml');
  });

  it('keeps text with tabs and escapes', () => {
    expect(describeDetection('a.conf', utf8('key\tvalue\n\u001b[0m\n'))).toBe('directives/generic');
  });
});
