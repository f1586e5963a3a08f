// Format rules of the key=value families, checked on both engines. Each case
// lists the members it expects as [path, value, line, column].

import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import type { FlattenFormat } from '../../src/core/flatten.js';
import type { Dialect } from '../../src/policy/rule.js';
import { differenceOf, flattenBoth } from './helpers.js';

type Member = [path: string, value: string, line: number, column: number];

function members(format: FlattenFormat, text: string, dialect?: Dialect): Member[] {
  const { core, reference } = flattenBoth(format, text, dialect);
  expect(differenceOf(core, reference)).toBeUndefined();
  if (!core.ok) throw new Error(`${core.reason} at ${core.line}:${core.column}`);
  const { tape } = core;
  return Array.from({ length: tape.count - 1 }, (_, k) => k + 1).map((i) => [tape.path(i).join('/'), tape.text(i), tape.line(i), tape.column(i)]);
}

function failure(format: FlattenFormat, text: string, dialect?: Dialect): [string, number, number] {
  const { core, reference } = flattenBoth(format, text, dialect);
  expect(differenceOf(core, reference)).toBeUndefined();
  if (core.ok) throw new Error('expected a failure');
  return [core.reason, core.line, core.column];
}

describe('.env rules', () => {
  it('reads entries and comments', () => {
    expect(members('env', '# c\nexport A=1\n  B = two words  \nC=\nD\n')).toEqual([
      ['A', '1', 2, 8],
      ['B', 'two words', 3, 3],
      ['C', '', 4, 1],
      ['D', '', 5, 1],
    ]);
  });

  it('ends unquoted values at blank-hash', () => {
    expect(members('env', 'A=x #c\nB=x#y\nC= #c')).toEqual([['A', 'x', 1, 1], ['B', 'x#y', 2, 1], ['C', '', 3, 1]]);
  });

  it('decodes double-quoted escapes', () => {
    expect(members('env', 'A="a\\nb\\tc\\"d\\\\e\\$f\\x" # c')).toEqual([['A', 'a\nb\tc"d\\e$f\\x', 1, 1]]);
  });

  it('keeps single-quoted text literal', () => {
    expect(members('env', "A='a\\n $B'")).toEqual([['A', 'a\\n $B', 1, 1]]);
  });

  it('spans lines inside quotes', () => {
    expect(members('env', 'KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1')).toEqual([
      ['KEY', '-----BEGIN-----\nabc\n-----END-----', 1, 1],
      ['NEXT', '1', 4, 1],
    ]);
  });

  it('rejects malformed lines', () => {
    expect(failure('env', 'A=1\n=x')).toEqual(['line is not a valid entry', 2, 1]);
    expect(failure('env', 'A B=1')).toEqual(['line is not a valid entry', 1, 3]);
    expect(failure('env', "A='x'y")).toEqual(['line is not a valid entry', 1, 6]);
    expect(failure('env', 'A=1\nB="open\n')).toEqual(['unterminated string', 2, 3]);
  });
});

describe('INI rules', () => {
  it('nests keys under sections', () => {
    expect(members('ini', 'top = 1\n[server]\nhttp_port = 3000\nhost: h ; x\n[server]\n')).toEqual([
      ['top', '1', 1, 1],
      ['server', '', 2, 2],
      ['server/http_port', '3000', 3, 1],
      ['server/host', 'h ; x', 4, 1],
      ['server', '', 5, 2],
    ]);
  });

  it('reads bare keys and includes', () => {
    expect(members('ini', '[mysqld]\nskip-name-resolve\n!includedir /etc/mysql/conf.d/\n')).toEqual([
      ['mysqld', '', 1, 2],
      ['mysqld/skip-name-resolve', '', 2, 1],
      ['mysqld/!includedir', '/etc/mysql/conf.d/', 3, 1],
    ]);
  });

  it('unquotes whole quoted values', () => {
    expect(members('ini', 'a = "x y"\nb = "x" "y"\nc = \'\'')).toEqual([['a', 'x y', 1, 1], ['b', '"x" "y"', 2, 1], ['c', '', 3, 1]]);
  });

  it('rejects broken section headers', () => {
    expect(failure('ini', '[open\n')).toEqual(['invalid section header', 1, 1]);
    expect(failure('ini', '[a] x')).toEqual(['invalid section header', 1, 5]);
    expect(failure('ini', '[ ]')).toEqual(['invalid section header', 1, 1]);
    expect(failure('ini', ' = v')).toEqual(['line is not a valid entry', 1, 2]);
  });
});

describe('.properties rules', () => {
  it('splits on every separator form', () => {
    expect(members('properties', 'a=1\nb:2\nc 3\nd = 4 \ne\n\tf\t:\t= 5')).toEqual([
      ['a', '1', 1, 1],
      ['b', '2', 2, 1],
      ['c', '3', 3, 1],
      ['d', '4 ', 4, 1],
      ['e', '', 5, 1],
      ['f', '= 5', 6, 2],
    ]);
  });

  it('skips both comment markers', () => {
    expect(members('properties', '# a=1\n  ! b=2\nc=3\\\n')).toEqual([['c', '3', 3, 1]]);
  });

  it('joins continuation lines', () => {
    expect(members('properties', 'list = a, \\\n       b, \\\r\n  c\nnext=\\\\\n')).toEqual([
      ['list', 'a, b, c', 1, 1],
      ['next', '\\', 4, 1],
    ]);
  });

  it('decodes escapes in keys and values', () => {
    expect(members('properties', 'my\\ key\\=x\\:y = \\u00e9\\t\\q\\ud83d\\ude00\\udc00')).toEqual([
      ['my key=x:y', 'é\tq😀\ufffd', 1, 1],
    ]);
  });

  it('keeps dotted keys flat', () => {
    expect(members('properties', 'spring.datasource.url=jdbc:mysql://db/x')).toEqual([['spring.datasource.url', 'jdbc:mysql://db/x', 1, 1]]);
  });

  it('rejects malformed unicode escapes', () => {
    expect(failure('properties', 'a=1\nb=\\u00g1')).toEqual(['invalid escape sequence in string', 2, 3]);
  });
});

describe('directive rules', () => {
  it('reads generic directives', () => {
    expect(members('directives', '# c\nName  a  b  \nQuoted "x y"\nEmpty\n')).toEqual([
      ['Name', 'a  b', 2, 1],
      ['Quoted', 'x y', 3, 1],
      ['Empty', '', 4, 1],
    ]);
  });

  it('opens sshd Match blocks', () => {
    const text = 'PermitRootLogin no\nMatch User anoncvs\n\tX11Forwarding no\nmatch Address 10.0.0.0/8\n  PasswordAuthentication=yes\n';
    expect(members('directives', text, 'sshd')).toEqual([
      ['PermitRootLogin', 'no', 1, 1],
      ['Match', 'User anoncvs', 2, 1],
      ['Match/X11Forwarding', 'no', 3, 2],
      ['match', 'Address 10.0.0.0/8', 4, 1],
      ['match/PasswordAuthentication', 'yes', 5, 3],
    ]);
  });

  it('reads postgresql assignments', () => {
    const text = "max_connections = 100   # (change requires restart)\nlisten_addresses='*'\nsearch_path = '\"$user\", public'  # c\nname = 'it''s#x'\n";
    expect(members('directives', text, 'postgresql')).toEqual([
      ['max_connections', '100', 1, 1],
      ['listen_addresses', '*', 2, 1],
      ['search_path', '"$user", public', 3, 1],
      ['name', "it''s#x", 4, 1],
    ]);
  });

  it('nests nginx blocks', () => {
    const text = 'http {\n  server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3; # strict\n    location ~ \\.php$ { deny all; }\n  }\n}\n';
    expect(members('directives', text, 'nginx')).toEqual([
      ['http', '', 1, 1],
      ['http/server', '', 2, 3],
      ['http/server/listen', '443 ssl', 3, 5],
      ['http/server/ssl_protocols', 'TLSv1.2 TLSv1.3', 4, 5],
      ['http/server/location', '~ \\.php$', 5, 5],
      ['http/server/location/deny', 'all', 5, 25],
    ]);
  });

  it('keeps nginx multi-line arguments', () => {
    const text = "log_format main '$a'\n    '$b';\nadd_header X-Frame-Options \"SAMEORIGIN\" always;\nset $x ${y}z;";
    expect(members('directives', text, 'nginx')).toEqual([
      ['log_format', "main '$a'\n    '$b'", 1, 1],
      ['add_header', 'X-Frame-Options "SAMEORIGIN" always', 3, 1],
      ['set', '$x ${y}z', 4, 1],
    ]);
  });

  it('reports nginx structure errors', () => {
    expect(failure('directives', 'http {\n  listen 80;\n', 'nginx')).toEqual(['unbalanced block braces', 1, 1]);
    expect(failure('directives', 'listen 80;\n}', 'nginx')).toEqual(['unbalanced block braces', 2, 1]);
    expect(failure('directives', 'listen 80', 'nginx')).toEqual(['unexpected end of input', 1, 10]);
    expect(failure('directives', 'a { b }', 'nginx')).toEqual(['unexpected character', 1, 7]);
    expect(failure('directives', ';', 'nginx')).toEqual(['unexpected character', 1, 1]);
    expect(failure('directives', 'a "b', 'nginx')).toEqual(['unterminated string', 1, 3]);
    expect(failure('directives', 'a "b"c;', 'nginx')).toEqual(['unexpected character', 1, 6]);
  });

  it('nests Apache tags', () => {
    const text = '<VirtualHost *:443>\n  SSLEngine on\n  <Directory "/var/www">\n    Require all granted\n  </directory>\n</VirtualHost>\nListen 80\n';
    const rows = members('directives', text, 'apache');
    expect(rows).toEqual([
      ['VirtualHost', '*:443', 1, 2],
      ['VirtualHost/SSLEngine', 'on', 2, 3],
      ['VirtualHost/Directory', '/var/www', 3, 4],
      ['VirtualHost/Directory/Require', 'all granted', 4, 5],
      ['Listen', '80', 7, 1],
    ]);
    const { core } = flattenBoth('directives', text, 'apache');
    expect(core.ok).toBe(true);
    if (core.ok) expect(core.tape.kind(1)).toBe(NodeKind.Object);
  });

  it('reports unbalanced Apache tags', () => {
    expect(failure('directives', '<Directory />\nOptions None\n', 'apache')).toEqual(['unbalanced block braces', 1, 2]);
    expect(failure('directives', '<A>\n</B>\n', 'apache')).toEqual(['unbalanced block braces', 2, 1]);
    expect(failure('directives', '</A>', 'apache')).toEqual(['unbalanced block braces', 1, 1]);
    expect(failure('directives', '<A', 'apache')).toEqual(['line is not a valid entry', 1, 1]);
  });

  it('joins Apache continuation lines', () => {
    expect(members('directives', 'LogFormat "%h" \\\n    combined\n# c \\\nHidden x\nNext y', 'apache')).toEqual([
      ['LogFormat', '"%h"     combined', 1, 1],
      ['Next', 'y', 5, 1],
    ]);
  });
});
