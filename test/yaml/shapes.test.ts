import { describe, expect, test } from 'vitest';
import { expectSameAsPackage } from './helpers.js';

// Each of these is inside the fast subset: the core must take it and match the package.
const FAST = [
  'a: 1\nb: two\nc: 3.5\nd: true\ne: ~\nf:\n',
  'a:\n  b:\n    c: d\n  e: [1, 2, {x: y}]\n',
  '- a\n-\n- b\n',
  '-\n  a: 1\n',
  'k:\n- a\n- b\nz: 1\n',
  'items:\n  - name: x\n    image: nginx\n  - name: y\n    ports:\n      - 80\n      - 443\n',
  '- - a\n  - b\n- c\n',
  'a: |\n  line 1\n  line 2\n\nb: >\n  folded\n  text\n\n  para\n   more\n  back\n',
  'a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: >-\n  z\n',
  'a: |2\n   x\n',
  '- a: |1\n   x\n',
  'a: "esc \\t \\n \\\\ \\" \\x41 \\u00e9 \\U0001F600 \\0 \\e \\N \\_ \\/ end"\n',
  "a: 'it''s'\nb: \"multi\n  line\n\n  folded\"\n",
  'a: plain\n  continued\n\n  again\n',
  'a: 1\n---\nb: 2\n...\n---\n- c\n',
  '---\n---\na: 1\n',
  '# only a comment\n---\na: 1 # trailing\n',
  'a: 0x1F\nb: 0o17\nc: +5\nd: -0\ne: 12345678901234567890\nf: 1e3\ng: .inf\nh: -.Inf\ni: .nan\nj: 1.\nk: .5\nl: 007\n',
  'a: [\n  b,\n  c, ]\nd: {e: 1, f: [g], }\n',
  'url: http://example.com:8080/x\nk: v#not-comment\n',
  '"quoted key": 1\n\'single\': 2\n',
  'a: b\r\nc: d\r\n',
  'x: "a\\\n   b"\n',
  'scalar root\n',
  '[1, 2]\n',
  'é: ü\nk: 😀 x\n',
  '1: one\n-2: two\ntrue: t\n',
];

const FALLBACK = [
  'a: &x 1\nb: *x\n',
  'a: !tag 1\n',
  '? complex\n: key\n',
  '%YAML 1.2\n---\na: 1\n',
  '<<: {a: 1}\n',
  'a: 1\na: 2\n',
  'a:\n\tb: 1\n',
  'a: b\r\rc: d\n',
  '0x10: a\n',
  'null: a\n',
  '[a]: b\n',
  '--- |\n  x\n',
];

describe('yaml fast path shapes', () => {
  test.each(FAST)('takes %j', (text) => {
    expect(expectSameAsPackage(text, {}, false)).toBe(false);
  });

  test.each(FALLBACK)('falls back on %j', (text) => {
    expect(expectSameAsPackage(text)).toBe(true);
  });

  test('yaml 1.1 booleans both paths', () => {
    const text = 'a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\n';
    expect(expectSameAsPackage(text, { yaml11Booleans: true }, false)).toBe(false);
    expect(expectSameAsPackage(text, {}, false)).toBe(false);
  });
});
