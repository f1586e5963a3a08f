import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import { parseToml } from '../../src/formats/toml.js';
import { checkTapeInvariants, fixtureText, LIMITS, positionAt, rowAt } from './helpers.js';

function parseOne(text: string, limits = LIMITS) {
  const result = parseToml('test.toml', text, limits);
  return { ...result, tape: result.documents[0] };
}

describe('parseToml positions on traefik.toml', () => {
  const { tape, failures } = parseOne(fixtureText('configs/conftest__examples__traefik__traefik.toml'));

  it('parses without failures', () => {
    expect(failures).toEqual([]);
    checkTapeInvariants(tape);
  });

  it('places top-level keys and array elements', () => {
    expect(positionAt(tape, 'defaultEntryPoints')).toBe('1:1');
    expect(positionAt(tape, 'defaultEntryPoints[1]')).toBe('1:31');
  });

  it('places keys under nested table headers', () => {
    expect(positionAt(tape, 'entryPoints.http.address')).toBe('5:5');
    expect(positionAt(tape, 'entryPoints.http.tls.minVersion')).toBe('13:7');
    expect(positionAt(tape, 'entryPoints.http.auth.forward.tls.insecureSkipVerify')).toBe('60:11');
  });

  it('places tables at their header key', () => {
    expect(positionAt(tape, 'entryPoints.http.whitelist')).toBe('8:23');
  });

  it('places arrays of tables per element', () => {
    expect(positionAt(tape, 'entryPoints.http.tls.certificates[0]')).toBe('18:7');
    expect(positionAt(tape, 'entryPoints.http.tls.certificates[1].keyFile')).toBe('23:9');
  });

  it('places elements of multi-line arrays', () => {
    expect(positionAt(tape, 'entryPoints.http.tls.cipherSuites[1]')).toBe('16:9');
    expect(tape.text(rowAt(tape, 'entryPoints.http.auth.basic.users[0]'))).toBe('test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/');
    expect(positionAt(tape, 'entryPoints.http.auth.basic.users[1]')).toBe('41:11');
  });
});

describe('parseToml positions on Cargo.toml', () => {
  const { tape, failures } = parseOne(fixtureText('configs/awesome-compose__react-rust-postgres__backend__Cargo.toml'));

  it('places package and dependency keys', () => {
    expect(failures).toEqual([]);
    expect(positionAt(tape, 'package.edition')).toBe('5:1');
    expect(positionAt(tape, 'dependencies.actix-web')).toBe('10:1');
    expect(positionAt(tape, 'dependencies.tokio-postgres-migration')).toBe('17:1');
    expect(tape.text(rowAt(tape, 'dependencies.serde'))).toBe('1.0');
  });
});

describe('parseToml values and positions', () => {
  const source = [
    'a.b."c.d" = 1', // 1
    '[[fruit]]', // 2
    'name = "apple"', // 3
    '[[fruit.variety]]', // 4
    'name = "red delicious"', // 5
    '[[fruit]]', // 6
    'name = "banana"', // 7
    '[[fruit.variety]]', // 8
    'name = "plantain"', // 9
    '[x]', // 10
    'z = 1979-05-27T07:32:00Z', // 11
    'd = 1979-05-27', // 12
    'inl = { p = { q = [1, {r = 2}] } }', // 13
    'f = 1.0', // 14
    'i = 0xDEADBEEF', // 15
    '80 = "http"', // 16
    '"quoted\\u0041" = true', // 17
    '',
  ].join('\n');
  const { tape, failures } = parseOne(source);

  it('places dotted and quoted key segments', () => {
    expect(failures).toEqual([]);
    expect(positionAt(tape, 'a.b')).toBe('1:3');
    expect(positionAt(tape, 'a.b["c.d"]')).toBe('1:5');
    expect(positionAt(tape, 'x.quotedA')).toBe('17:1');
  });

  it('indexes nested arrays of tables', () => {
    expect(positionAt(tape, 'fruit[1].variety[0].name')).toBe('9:1');
    expect(tape.text(rowAt(tape, 'fruit[1].variety[0].name'))).toBe('plantain');
  });

  it('places inline table members', () => {
    expect(positionAt(tape, 'x.inl.p.q[1].r')).toBe('13:24');
  });

  it('turns dates into strings', () => {
    expect(tape.kind(rowAt(tape, 'x.d'))).toBe(NodeKind.String);
    expect(tape.text(rowAt(tape, 'x.d'))).toBe('1979-05-27');
    expect(tape.text(rowAt(tape, 'x.z'))).toMatch(/^1979-05-27T07:32:00/);
  });

  it('keeps integers apart from floats', () => {
    expect(tape.isInt(rowAt(tape, 'x.i'))).toBe(true);
    expect(tape.number(rowAt(tape, 'x.i'))).toBe(0xdeadbeef);
    expect(tape.isInt(rowAt(tape, 'x.f'))).toBe(false);
    expect(tape.text(rowAt(tape, 'x.f'))).toBe('1.0');
  });

  it('keeps source order for numeric keys', () => {
    const keys = tape.children(rowAt(tape, 'x')).map((row) => tape.key(row));
    expect(keys).toEqual(['z', 'd', 'inl', 'f', 'i', '80', 'quotedA']);
  });
});

describe('parseToml bad input', () => {
  it('reports syntax errors with positions', () => {
    const result = parseOne('a = 1\nb = "unterminated\nc = 3\n');
    expect(result.documents).toHaveLength(0);
    expect(result.failures.map((f) => `${f.code} ${f.line}`)).toEqual(['ERR_SYNTAX 2']);
  });

  it('reports redefined keys', () => {
    const result = parseOne('a = 1\na = 2\n');
    expect(result.failures.map((f) => `${f.code} ${f.line}`)).toEqual(['ERR_SYNTAX 2']);
  });

  it('keeps source text out of reasons', () => {
    const result = parseOne('password = "hunter2\n');
    expect(result.failures[0].reason).not.toContain('hunter2');
  });

  it('rejects 10,000-deep inline arrays', () => {
    const result = parseOne(`a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_DEPTH_LIMIT']);
  });

  it('rejects 10,000-segment dotted keys', () => {
    const result = parseOne(`${Array(10_000).fill('k').join('.')} = 1\n`);
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_DEPTH_LIMIT']);
  });

  it('rejects deep table headers', () => {
    const result = parseOne(`[${Array(600).fill('t').join('.')}]\nx = 1\n`);
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_DEPTH_LIMIT']);
  });

  it('rejects tables over the node limit', () => {
    const result = parseOne('a = [1, 2, 3, 4, 5]\n', { ...LIMITS, maxNodes: 3 });
    expect(result.failures.map((f) => f.code)).toEqual(['ERR_TABLE_LIMIT']);
  });
});
