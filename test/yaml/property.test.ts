import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expectSameAsPackage } from './helpers.js';

// Structured values rendered as YAML in varied styles; the core must give the
// package's rows (values, types, key order, lines and columns) or fall back.

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

const keyArb = fc.oneof(
  fc.stringMatching(/^[a-z][a-zA-Z0-9_.\/-]{0,12}$/),
  fc.constantFrom('name', 'image', 'ports', 'on', 'y', 'no', 'true', '1', 'key with space', 'é', 'a:b', 'x#y'),
);
const stringArb = fc.oneof(
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9 _.:\/#-]{0,20}$/),
  fc.constantFrom('', ' lead', 'trail ', 'yes', 'No', 'null', '~', '0x1F', '0o17', '1e3', '.inf', '-.5', '007', '+12', 'a\nb', 'tab\there', 'quote"s', "it's", 'back\\slash', 'é ü 😀', 'line1\n\nline3\n', '#hash', '- dash', ': colon', '[x]', '{y}'),
  fc.string({ maxLength: 12 }),
);
const scalarArb: fc.Arbitrary<Value> = fc.oneof(
  stringArb,
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(12345678901234567890),
);
const { value: valueArb } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
  ),
}));

interface Style {
  indent: number;
  sameIndentSeq: boolean;
  flowChance: number;
  comments: boolean;
  pick: number[];
}

let pickIndex = 0;
function pick(style: Style, n: number): number {
  const v = style.pick[pickIndex++ % style.pick.length];
  return v % n;
}

const SAFE_PLAIN = /^[a-zA-Z][a-zA-Z0-9 _./-]*[a-zA-Z0-9]$|^[a-zA-Z]$/;

function scalarText(value: Value, style: Style, column: number, flow: boolean): string {
  if (value === null) return ['null', '~', ''][pick(style, flow ? 2 : 3)];
  if (typeof value === 'boolean') return value ? ['true', 'True'][pick(style, 2)] : ['false', 'FALSE'][pick(style, 2)];
  if (typeof value === 'number') return String(value);
  const s = value as string;
  const choice = pick(style, 5);
  if (choice === 0 && SAFE_PLAIN.test(s)) return s;
  if (choice === 1 && !/[\n]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  if (choice === 2 && !flow && s.length > 0 && !/^[ \n]|[ \t]\n|\t/.test(s) && !/^\s*$/.test(s)) {
    const pad = ' '.repeat(column + style.indent);
    const chomp = s.endsWith('\n\n') ? '+' : s.endsWith('\n') ? '' : '-';
    const body = s.replace(/\n+$/, '').split('\n').map((l) => (l === '' ? '' : pad + l)).join('\n');
    return `|${chomp}\n${body}\n${chomp === '+' ? '\n'.repeat(s.length - s.replace(/\n+$/, '').length - 1) : ''}`;
  }
  return JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
}

function isContainer(value: Value): value is Value[] | { [key: string]: Value } {
  return value !== null && typeof value === 'object';
}

function flowText(value: Value, style: Style): string {
  if (Array.isArray(value)) return `[${value.map((v) => flowText(v, style)).join(', ')}${value.length && pick(style, 4) === 0 ? ',' : ''}]`;
  if (isContainer(value)) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${flowText(v, style)}`).join(', ')}}`;
  return scalarText(value, style, 0, true);
}

function comment(style: Style): string {
  return style.comments && pick(style, 3) === 0 ? ' # note' : '';
}

function render(value: Value, style: Style, column: number): string[] {
  if (!isContainer(value)) return [scalarText(value, style, column - style.indent, false)];
  const entries: Array<[string | null, Value]> = Array.isArray(value) ? value.map((v) => [null, v]) : Object.entries(value);
  if (entries.length === 0 || pick(style, 100) < style.flowChance) return [flowText(value, style)];
  const pad = ' '.repeat(column);
  const lines: string[] = [];
  for (const [key, item] of entries) {
    const head = key === null ? `${pad}-` : `${pad}${SAFE_PLAIN.test(key) && pick(style, 3) > 0 ? key : JSON.stringify(key)}:`;
    if (isContainer(item) && (Array.isArray(item) ? item.length : Object.keys(item).length) > 0 && pick(style, 100) >= style.flowChance) {
      if (key === null && pick(style, 2) === 0) {
        // Compact form: the first entry on the dash's line.
        const inner = render(item, style, column + 2);
        lines.push(`${pad}- ${inner[0].slice(column + 2)}`, ...inner.slice(1));
      } else {
        const childColumn = key !== null && Array.isArray(item) && style.sameIndentSeq ? column : column + style.indent;
        lines.push(head + comment(style), ...render(item, style, childColumn));
      }
      continue;
    }
    const text = isContainer(item) ? flowText(item, style) : scalarText(item, style, column, false);
    const [first, ...rest] = text.split('\n');
    lines.push(`${head}${first === '' ? '' : ' '}${first}${first.startsWith('|') || first === '' ? '' : comment(style)}`, ...rest);
  }
  return lines;
}

const styleArb = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  sameIndentSeq: fc.boolean(),
  flowChance: fc.integer({ min: 0, max: 40 }),
  comments: fc.boolean(),
  pick: fc.array(fc.nat(1000), { minLength: 8, maxLength: 32 }),
});

describe('yaml property core versus package', () => {
  test('generated documents match or fall back', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 3 }), styleArb, fc.boolean(), (values, style, crlf) => {
        pickIndex = 0;
        const documents = values.map((v) => render(v, style, 0).join('\n'));
        let text = documents.length === 1 ? `${documents[0]}\n` : documents.map((d, i) => `${i === 0 && pick(style, 2) ? '' : '---\n'}${d}\n${pick(style, 3) === 0 ? '...\n' : ''}`).join('');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        runs++;
        if (!expectSameAsPackage(text)) taken++;
        if (runs % 4 === 0 && !expectSameAsPackage(text, { yaml11Booleans: true })) taken++;
      }),
      { numRuns: 10_000 },
    );
    expect(runs).toBe(10_000);
    // Most generated documents stay inside the fast subset, so the comparison is not vacuous.
    expect(taken).toBeGreaterThan(runs / 2);
  });
});
