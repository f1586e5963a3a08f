// The WASM tokenizers and the TypeScript reference must write the same table
// (or fail the same way) on any input. Documents are built from lines that
// follow each format's grammar, from noise over the bytes that matter to it,
// and from mutations of both.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlattenFormat } from '../../src/core/flatten.js';
import { DIALECTS, type Dialect } from '../../src/policy/rule.js';
import { differenceOf, flattenBoth } from './helpers.js';

const RUNS = 10_000;

const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const blanks = fc.constantFrom('', '', ' ', '  ', '\t', ' \t');
const word = fc.oneof(
  fc.constantFrom('a', 'Key', 'spring.datasource.url', 'skip-name-resolve', 'é', '😀', 'x_1'),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-/:@$%'), minLength: 1, maxLength: 8 }),
);
const text = fc.string({ unit: fc.constantFrom(...'ab c=:#;"\'\\{}[]<>/$é😀\t'), maxLength: 16 });

/** Noise: short strings over the bytes that steer the format. */
const noise = (alphabet: string[]) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 });

/** A document: lines joined by random line breaks. */
const documentOf = (line: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(fc.tuple(line, eol), { maxLength: 10 }), fc.boolean()).map(([lines, finalBreak]) => {
    const body = lines.map(([l, e]) => l + e).join('');
    return finalBreak ? body : body.replace(/(\r\n|\r|\n)$/, '');
  });

const mutationUnit = fc.constantFrom(...'=:#;"\'\\{}[]<>/ \t\n\rxé');

/** Random deletions, insertions and truncations of a document. */
const mutated = (documents: fc.Arbitrary<string>) =>
  fc.tuple(documents, fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'truncate'), fc.double({ min: 0, max: 1, noNaN: true }), mutationUnit), { minLength: 1, maxLength: 3 }))
    .map(([doc, steps]) => {
      let out = doc;
      for (const [kind, where, ch] of steps) {
        const at = Math.min(Math.floor(where * (out.length + 1)), out.length);
        if (kind === 'delete') out = out.slice(0, at) + out.slice(at + 1);
        else if (kind === 'insert') out = out.slice(0, at) + ch + out.slice(at);
        else out = out.slice(0, at);
      }
      return out;
    });

function family(structured: fc.Arbitrary<string>, alphabet: string[]): fc.Arbitrary<string> {
  const documents = documentOf(fc.oneof({ arbitrary: structured, weight: 4 }, { arbitrary: noise(alphabet), weight: 1 }));
  return fc.oneof({ arbitrary: documents, weight: 3 }, { arbitrary: mutated(documents), weight: 2 });
}

function expectSameTables(format: FlattenFormat, documents: fc.Arbitrary<string>, dialects: fc.Arbitrary<Dialect | undefined> = fc.constant(undefined)): void {
  fc.assert(
    fc.property(documents, dialects, (doc, dialect) => {
      const { core, reference } = flattenBoth(format, doc, dialect);
      expect(differenceOf(core, reference)).toBeUndefined();
    }),
    { numRuns: RUNS },
  );
}

// ---------------------------------------------------------------------------

const envValue = fc.oneof(
  text.map((t) => t.replace(/[\r\n]/g, '')),
  text.map((t) => `'${t.replace(/'/g, '')}'`),
  text.map((t) => `"${t.replace(/"/g, '\\"')}"`),
  fc.constantFrom('"a\\nb\\tc\\$d\\\\e\\x"', '"multi\nline"', "'multi\nline'", 'x #comment', 'x#not', '', '"unterminated'),
);
const envLine = fc.oneof(
  fc.tuple(blanks, fc.constantFrom('', 'export ', 'export  '), word, blanks, envValue, fc.constantFrom('', ' # note', '#x')).map(([b, e, k, s, v, c]) => `${b}${e}${k}${s}=${s}${v}${c}`),
  fc.constantFrom('# comment', '', '   ', 'BARE', 'export', 'export =1', '=novalue', 'A B=1'),
);

const iniLine = fc.oneof(
  fc.tuple(blanks, word, blanks, fc.constantFrom('=', ':', ' = '), text.map((t) => t.replace(/[\r\n]/g, ''))).map(([b, k, s, sep, v]) => `${b}${k}${s}${sep}${v}`),
  fc.tuple(blanks, word, blanks, fc.constantFrom('', ' ; c', ' # c', ' x')).map(([b, n, s, t]) => `${b}[${s}${n}${s}]${t}`),
  fc.constantFrom('; comment', '# comment', '', 'skip-external-locking', '!includedir /etc/mysql/conf.d/', '!include x.cnf', '[]', '[open', 'k = "quoted"', "k = 'q' x", '= v'),
);

const propertiesLine = fc.oneof(
  fc.tuple(blanks, word, fc.constantFrom('=', ':', ' ', ' = ', '\t:\t', '\f'), text.map((t) => t.replace(/[\r\n]/g, ''))).map(([b, k, sep, v]) => `${b}${k}${sep}${v}`),
  fc.constantFrom('# c', '! c', '', 'key\\ with\\ spaces = v', 'a=b\\\n   c', 'a=b\\\\', 'u=\\u0041\\ud83d\\ude00\\ud800', 'bad=\\u12', 'cont\\\n', 'k=v\\', '\\\n  k=v', 'esc=\\t\\n\\r\\f\\q', 'k\\=\\:x=1'),
);

const directiveLine = fc.oneof(
  fc.tuple(blanks, word, fc.constantFrom(' ', '\t', ' = ', '='), text.map((t) => t.replace(/[\r\n]/g, ''))).map(([b, n, sep, v]) => `${b}${n}${sep}${v}`),
  fc.tuple(blanks, word, text.map((t) => t.replace(/[\r\n;{}]/g, ''))).map(([b, n, v]) => `${b}${n} ${v};`),
  fc.tuple(word, fc.constantFrom('', ' /', ' ~ \\.php$', ' "q"')).map(([n, a]) => `${n}${a} {`),
  fc.tuple(word, fc.constantFrom('', ' /', ' "/var/www"', ' *:443')).map(([n, a]) => `<${n}${a}>`),
  fc.constantFrom(
    '}', '};', '</a>', '<a>', '</Directory>', '<Directory "/x">', 'Match User anoncvs', 'match all', '# comment', '',
    'log_format main \'$a "$b"\'\n  \'$c\';', 'x ${var} y;', 'a "b"c;', 'a "b")', 'CustomLog a \\\n   "b c"', 'name = \'it\'\'s\' # c',
    'listen 80; root /x;', 'if ($a = "b") { return 403; }', 'server {', 'logfile ""', 'save ""',
  ),
);

describe('core and reference agree', () => {
  it('on .env documents', () => {
    expectSameTables('env', family(envLine, [...'AB=x#"\'\\ \t$n', 'export ', '\n', '\r']));
  });

  it('on INI documents', () => {
    expectSameTables('ini', family(iniLine, [...'ab=:[];#!" \t\'', '\n', '\r\n']));
  });

  it('on .properties documents', () => {
    expectSameTables('properties', family(propertiesLine, [...'ab=:#! \t\f\\u0Dd8', '\\u0041', '\\ud83d', '\\ude00', '\n', '\r']));
  });

  it('on directive documents', () => {
    expectSameTables(
      'directives',
      family(directiveLine, [...'ab ;{}#"\'\\<>/=$()\t', 'Match ', '</a>', '<a>', '\n', '\r\n']),
      fc.constantFrom<Dialect | undefined>(...DIALECTS, undefined),
    );
  });

  it('on arbitrary bytes', () => {
    const formats: FlattenFormat[] = ['json', 'env', 'ini', 'properties', 'directives'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...formats), fc.constantFrom(...DIALECTS), (bytes, format, dialect) => {
        const { core, reference } = flattenBoth(format, bytes, dialect);
        expect(differenceOf(core, reference)).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });
});
