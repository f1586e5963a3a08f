import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import { parseYaml } from '../../src/formats/yaml.js';
import { checkTapeInvariants, FIXTURES, fixtureText, LIMITS, positionAt, rowAt, rowsAt } from './helpers.js';

function parseOne(text: string, limits = LIMITS) {
  const result = parseYaml('test.yaml', text, limits);
  return { ...result, tape: result.documents[0] };
}

describe('parseYaml on real manifests', () => {
  const frontend = parseYaml('frontend.yaml', fixtureText('configs/microservices-demo__kubernetes-manifests__frontend.yaml'), LIMITS);

  it('splits the frontend stream into four documents', () => {
    expect(frontend.failures).toEqual([]);
    expect(frontend.documents.map((tape) => tape.toValue(rowAt(tape, 'kind')))).toEqual(['Deployment', 'Service', 'Service', 'ServiceAccount']);
    expect(frontend.documentIndexes).toEqual([0, 1, 2, 3]);
  });

  it('places keys at their source lines', () => {
    const deployment = frontend.documents[0];
    expect(positionAt(deployment, 'kind')).toBe('16:1');
    expect(positionAt(deployment, 'spec.template.spec.securityContext.runAsNonRoot')).toBe('36:9');
    expect(positionAt(deployment, 'spec.template.spec.containers[0].image')).toBe('47:11');
    expect(positionAt(deployment, 'spec.template.spec.containers[0].env[1].value')).toBe('70:13');
    expect(positionAt(frontend.documents[1], 'kind')).toBe('109:1');
  });

  it('places array elements at their values', () => {
    const deployment = frontend.documents[0];
    expect(positionAt(deployment, 'spec.template.spec.containers[0]')).toBe('39:11');
    expect(positionAt(deployment, 'spec.template.spec.containers[0].securityContext.capabilities.drop[0]')).toBe('44:19');
  });

  it('reads compose files with one-space indentation', () => {
    const { tape, failures } = parseOne(fixtureText('configs/vulhub__openssl__CVE-2014-0160__docker-compose.yml'));
    expect(failures).toEqual([]);
    expect(positionAt(tape, 'services.nginx')).toBe('3:2');
    expect(positionAt(tape, 'services.nginx.image')).toBe('4:4');
    expect(positionAt(tape, 'services.nginx.ports[1]')).toBe('9:7');
    expect(tape.toValue(rowAt(tape, 'services.nginx.ports[1]'))).toBe('8443:443');
  });

  it('reads compose environment maps and lists', () => {
    const { tape, failures } = parseOne(fixtureText('configs/docker-elk__docker-compose.yml'));
    expect(failures).toEqual([]);
    expect(positionAt(tape, 'services.setup.environment.ELASTIC_PASSWORD')).toBe('30:7');
    expect(positionAt(tape, 'services.setup.volumes[0]')).toBe('26:9');
  });

  it('flags integers written as integers', () => {
    const { tape } = parseOne(fixtureText('configs/dockprom__docker-compose.yml'));
    const expose = rowAt(tape, 'services.prometheus.expose[0]');
    expect(tape.kind(expose)).toBe(NodeKind.Number);
    expect(tape.isInt(expose)).toBe(true);
    expect(tape.number(expose)).toBe(9090);
    expect(positionAt(tape, 'services.prometheus.command[5]')).toBe('23:9');
  });

  it('reads the flow-style manifest with trailing commas', () => {
    const { tape, failures } = parseOne(fixtureText('configs/k8s-website__pods__security__security-context-4.yaml'));
    expect(failures).toEqual([]);
    expect(tape.toValue(rowAt(tape, 'spec.containers[0].securityContext.capabilities.add'))).toEqual(['NET_ADMIN', 'SYS_TIME']);
    expect(positionAt(tape, 'kind')).toBe('4:3');
    expect(positionAt(tape, 'metadata.name')).toBe('6:5');
    expect(positionAt(tape, 'spec.containers[0].securityContext.capabilities.add[1]')).toBe('16:13');
  });

  it('keeps every document of guestbook all-in-one', () => {
    const result = parseYaml('guestbook.yaml', fixtureText('configs/k8s-examples__web__guestbook__all-in-one__guestbook-all-in-one.yaml'), LIMITS);
    expect(result.failures).toEqual([]);
    expect(result.documents).toHaveLength(6);
    for (const tape of result.documents) checkTapeInvariants(tape);
  });

  it('reads every real fixture without failures', () => {
    const names = readdirSync(`${FIXTURES}configs`).filter((name) => /\.ya?ml$/.test(name));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const result = parseYaml(name, fixtureText(`configs/${name}`), LIMITS);
      expect(result.failures, name).toEqual([]);
      for (const tape of result.documents) checkTapeInvariants(tape);
    }
  });
});

describe('parseYaml custom tags', () => {
  it('reads CloudFormation templates with short tags', () => {
    const names = readdirSync(`${FIXTURES}cloudformation`);
    expect(names).toHaveLength(9);
    for (const name of names) {
      const result = parseYaml(name, fixtureText(`cloudformation/${name}`), LIMITS);
      expect(result.failures, name).toEqual([]);
      expect(result.documents, name).toHaveLength(1);
    }
  });

  it('keeps the scalar under a Ref tag', () => {
    const { tape } = parseOne(fixtureText('cloudformation/kics__passwords_and_secrets__negative19.yaml'));
    const row = rowAt(tape, 'Resources.ElastiCacheReplicationGroup.Properties.AuthToken');
    expect(tape.text(row)).toBe('PinpointAPNSVoipChannelTokenKey');
    expect(`${tape.line(row)}:${tape.column(row)}`).toBe('8:7');
  });

  it('keeps the sequence under a GetAtt tag', () => {
    const { tape, failures } = parseOne('Value: !GetAtt [Bucket, Arn]\nName: !Sub "${AWS::StackName}-x"\nOff: !Not [!Equals [a, b]]\n');
    expect(failures).toEqual([]);
    expect(tape.toValue()).toEqual({ Value: ['Bucket', 'Arn'], Name: '${AWS::StackName}-x', Off: [['a', 'b']] });
  });
});

describe('parseYaml anchors and merge keys', () => {
  const source = [
    'x-logging: &logging',
    '  driver: json-file',
    '  options:',
    '    max-size: "10m"',
    'x-base: &base',
    '  restart: always',
    '  logging: *logging',
    'services:',
    '  web:',
    '    <<: *base',
    '    image: nginx',
    '    restart: "no"',
    '  db:',
    '    <<: [*base, {user: root}]',
    '    logging: *logging',
    '',
  ].join('\n');
  const { tape, failures } = parseOne(source);

  it('expands aliases into copies', () => {
    expect(failures).toEqual([]);
    expect(tape.toValue(rowAt(tape, 'services.db.logging'))).toEqual({ driver: 'json-file', options: { 'max-size': '10m' } });
  });

  it('applies merge keys with explicit keys winning', () => {
    expect(tape.toValue(rowAt(tape, 'services.web'))).toEqual({ restart: 'no', logging: { driver: 'json-file', options: { 'max-size': '10m' } }, image: 'nginx' });
    expect(rowsAt(tape, 'services.web.restart')).toHaveLength(1);
    expect(tape.toValue(rowAt(tape, 'services.db.user'))).toBe('root');
  });

  it('places aliases where they are used', () => {
    expect(positionAt(tape, 'services.db.logging')).toBe('15:5');
    expect(positionAt(tape, 'services.db.logging.driver')).toBe('2:3');
  });

  it('places merged keys at their definition', () => {
    expect(positionAt(tape, 'services.web.logging')).toBe('7:3');
  });

  it('keeps the order of a sequence merge', () => {
    const merged = parseOne('a: &a {k: 1, x: a}\nb: &b {k: 2, y: b}\nc:\n  <<: [*a, *b]\n').tape;
    expect(merged.toValue(rowAt(merged, 'c'))).toEqual({ k: 1, x: 'a', y: 'b' });
  });

  it('rejects a merge of a scalar', () => {
    const result = parseOne('a: &a 1\nb:\n  <<: *a\n');
    expect(result.documents).toHaveLength(0);
    expect(result.failures.map((f) => [f.code, f.line])).toEqual([['ERR_SYNTAX', 3]]);
  });

  it('rejects an alias without anchor', () => {
    const result = parseOne('a: *missing\n');
    expect(result.failures.map((f) => `${f.code} ${f.line}:${f.column}`)).toEqual(['ERR_SYNTAX 1:4']);
  });

  it('rejects a recursive alias', () => {
    const result = parseOne('a: &a\n  b: *a\n');
    expect(result.documents).toHaveLength(0);
    expect(result.failures.map((f) => `${f.code} ${f.line}:${f.column}`)).toEqual(['ERR_ALIAS_LIMIT 2:6']);
  });

  it('rejects a recursive merge', () => {
    const result = parseOne('a: &a\n  x: 1\n  b:\n    <<: *a\n');
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_ALIAS_LIMIT']);
  });
});

describe('parseYaml alias bombs', () => {
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    '',
  ].join('\n');

  it('stops billion laughs at the limit', () => {
    const result = parseOne(laughs);
    expect(result.documents).toHaveLength(0);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].code).toBe('ERR_ALIAS_LIMIT');
    expect(result.failures[0].line).toBeGreaterThanOrEqual(2);
  });

  it('stops a lower expansion limit sooner', () => {
    const result = parseOne('a: &a [1, 2, 3]\nb: [*a, *a]\n', { ...LIMITS, maxAliasExpansion: 5 });
    expect(result.failures.map((f) => `${f.code} ${f.line}:${f.column}`)).toEqual(['ERR_ALIAS_LIMIT 2:9']);
  });

  it('stops merge fan-out bombs', () => {
    const lines = ['a0: &a0 {}'];
    for (let i = 1; i <= 12; i++) lines.push(`a${i}: &a${i} {<<: [${Array(9).fill(`*a${i - 1}`).join(', ')}]}`);
    const result = parseOne(lines.join('\n'));
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_ALIAS_LIMIT']);
  });

  it('accepts expansion within the limit', () => {
    const result = parseOne('a: &a [1, 2, 3]\nb: [*a, *a]\n');
    expect(result.failures).toEqual([]);
    expect(result.tape.toValue()).toEqual({ a: [1, 2, 3], b: [[1, 2, 3], [1, 2, 3]] });
  });
});

describe('parseYaml nesting limits', () => {
  const depth = 10_000;

  it('rejects 10,000-deep flow nesting', () => {
    const result = parseOne('['.repeat(depth) + ']'.repeat(depth));
    expect(result.failures.map((f) => `${f.code} ${f.line}:${f.column}`)).toEqual([`ERR_DEPTH_LIMIT 1:${LIMITS.maxDepth + 2}`]);
  });

  it('rejects 10,000-deep flow mappings', () => {
    const result = parseOne('{a: '.repeat(depth) + '1' + '}'.repeat(depth));
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_DEPTH_LIMIT']);
  });

  it('rejects 10,000-deep block sequences', () => {
    const result = parseOne('- '.repeat(depth) + 'x\n');
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_DEPTH_LIMIT']);
  });

  it('rejects 10,000-deep block mappings', () => {
    let text = '';
    for (let i = 0; i < depth; i++) text += `${' '.repeat(i)}k:\n`;
    const result = parseOne(text);
    // The key on line n is at depth n, so the first key too deep is on line maxDepth + 1.
    expect(result.failures.map((f) => `${f.code} ${f.line}`)).toEqual([`ERR_DEPTH_LIMIT ${LIMITS.maxDepth + 1}`]);
  });

  it('rejects unclosed deep flow nesting', () => {
    const result = parseOne('['.repeat(depth));
    expect(result.documents).toHaveLength(0);
    expect(result.failures.length).toBeGreaterThan(0);
  });

  it('accepts nesting at the limit', () => {
    const limits = { ...LIMITS, maxDepth: 50 };
    expect(parseOne('['.repeat(50) + '1' + ']'.repeat(50), limits).failures).toEqual([]);
    expect(parseOne('['.repeat(51) + ']'.repeat(51), limits).failures).toEqual([]);
    expect(parseOne('['.repeat(51) + '1' + ']'.repeat(51), limits).failures.map((f) => `${f.code} ${f.column}`)).toEqual(['ERR_DEPTH_LIMIT 52']);
  });

  it('counts block depth like flow depth', () => {
    const limits = { ...LIMITS, maxDepth: 2 };
    expect(parseOne('a:\n  b: 1\n', limits).failures).toEqual([]);
    expect(parseOne('a:\n  b:\n    c: 1\n', limits).failures.map((f) => `${f.code} ${f.line}:${f.column}`)).toEqual(['ERR_DEPTH_LIMIT 3:5']);
  });

  it('rejects depth built from alias chains', () => {
    const lines = ['l0: &l0 [x]'];
    for (let i = 1; i <= 30; i++) lines.push(`l${i}: &l${i} [*l${i - 1}]`);
    const result = parseOne(lines.join('\n'), { ...LIMITS, maxDepth: 20 });
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_DEPTH_LIMIT']);
  });

  it('rejects tables over the node limit', () => {
    const result = parseOne('[1, 2, 3, 4, 5, 6]', { ...LIMITS, maxNodes: 4 });
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_TABLE_LIMIT']);
  });
});

describe('parseYaml duplicate keys', () => {
  it('keeps both keys and reports the second', () => {
    const { tape, failures } = parseOne('a: 1\nb:\n  c: 2\n  c: 3\n');
    expect(tape.toValue(rowsAt(tape, 'b.c')[0])).toBe(2);
    expect(rowsAt(tape, 'b.c').map((row) => tape.toValue(row))).toEqual([2, 3]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'ERR_DUPLICATE_KEY', line: 4, column: 3, document: 0 });
    expect(failures[0].reason).toContain('line 4, column 3');
    expect(failures[0].reason).toContain('first at line 3, column 3');
  });

  it('does not echo duplicated values', () => {
    const { failures } = parseOne('password: hunter2\npassword: hunter3\n');
    expect(failures[0].reason).not.toContain('hunter');
  });
});

describe('parseYaml streams and errors', () => {
  it('keeps good documents around a bad one', () => {
    const result = parseYaml('s.yaml', 'a: 1\n---\nb: [1, 2\n---\nc: 3\n', LIMITS);
    expect(result.documents.map((tape) => tape.toValue())).toEqual([{ a: 1 }, { c: 3 }]);
    expect(result.documentIndexes).toEqual([0, 2]);
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures.every((f) => f.code === 'ERR_SYNTAX' && f.document === 1)).toBe(true);
  });

  it('reports syntax errors with positions', () => {
    const result = parseOne('a:\n  - x\n  y: 1\n');
    expect(result.failures.map((f) => `${f.code} ${f.line}`)).toEqual(['ERR_SYNTAX 3']);
  });

  it('skips empty documents', () => {
    const result = parseYaml('s.yaml', '---\n# only a comment\n---\na: 1\n---\n', LIMITS);
    expect(result.failures).toEqual([]);
    expect(result.documentIndexes).toEqual([1]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseYaml('e.yaml', '', LIMITS)).toEqual({ documents: [], documentIndexes: [], failures: [] });
  });

  it('keeps quoted source out of reasons', () => {
    const result = parseOne('a: "secret-token\n');
    expect(result.failures.length).toBeGreaterThan(0);
    for (const failure of result.failures) expect(failure.reason).not.toContain('secret-token');
  });

  it('counts columns in UTF-16 code units', () => {
    const { tape } = parseOne('x: {"😀é": 1, b: 2}\n');
    expect(positionAt(tape, 'x.b')).toBe('1:15');
  });
});

describe('parseYaml scalars', () => {
  const { tape } = parseOne('i: 0x1F\nf: 1.0\nb: True\nn: ~\ns: "007"\nbig: 123456789012345678901\ninf: .inf\nts: 2001-12-14\n');

  it('keeps integer literals and values', () => {
    const row = rowAt(tape, 'i');
    expect(tape.isInt(row)).toBe(true);
    expect(tape.number(row)).toBe(31);
    expect(tape.text(row)).toBe('0x1F');
  });

  it('keeps floats apart from integers', () => {
    expect(tape.isInt(rowAt(tape, 'f'))).toBe(false);
    expect(tape.number(rowAt(tape, 'f'))).toBe(1);
    expect(tape.number(rowAt(tape, 'inf'))).toBe(Infinity);
  });

  it('stores unsafe integers as doubles', () => {
    expect(tape.isInt(rowAt(tape, 'big'))).toBe(false);
  });

  it('resolves the core schema', () => {
    expect(tape.toValue()).toMatchObject({ b: true, n: null, s: '007', ts: '2001-12-14' });
  });

  it('stringifies non-string keys', () => {
    const value = parseOne('1: one\ntrue: yes\n~: nothing\n[a, b]: pair\n').tape.toValue();
    expect(value).toEqual({ '1': 'one', true: 'yes', '': 'nothing', '[a, b]': 'pair' });
  });
});
