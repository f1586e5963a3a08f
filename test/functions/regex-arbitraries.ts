// fast-check generators of random patterns for the regex differential test.
// Each generated tree is rendered twice: in RE2 syntax for our engine, and
// in JavaScript `u`-mode syntax for the RegExp oracle.
//
// Kept out of the generator, because RE2 and JavaScript legitimately differ there:
// - `\r`, U+2028 and U+2029 in inputs: JavaScript's `.`, `^` and `$` treat them as line ends;
// - U+212A KELVIN SIGN and U+017F LONG S: JavaScript's `\b` under `iu` counts them as word characters;
// - `\v` in inputs: JavaScript's `\s` matches it (rendered here as `[\t\n\f\r ]` anyway);
// - scoped flags `(?i:...)`: Node 20 RegExp has no modifiers, so flags apply to the whole pattern;
// - quantified assertions (`^*`): JavaScript rejects them, so assertions are wrapped in a group first.

import fc from 'fast-check';

/** Characters of patterns and inputs: ASCII, case pairs (Greek sigma, sharp s, titlecase Dž), astral. */
export const ALPHABET = ['a', 'b', 'c', 'A', 'B', 'x', '0', '1', '_', ' ', '-', '.', '\n', 'é', 'É', 'σ', 'Σ', 'ς', 'ß', 'ẞ', 'İ', 'i', 'ǅ', 'ǆ', '😀', '☺'];

export type Tree =
  | { kind: 'literal'; char: string }
  | { kind: 'class'; negated: boolean; items: ClassItem[] }
  | { kind: 'dot' }
  | { kind: 'assert'; which: '^' | '$' | '\\b' | '\\B' | '\\A' | '\\z' }
  | { kind: 'perl'; letter: 'd' | 'w' | 's' | 'D' | 'W' | 'S' }
  | { kind: 'concat'; items: Tree[] }
  | { kind: 'alternate'; items: Tree[] }
  | { kind: 'group'; style: 'capture' | 'plain' | 'named'; item: Tree }
  | { kind: 'repeat'; item: Tree; op: string };

export type ClassItem =
  | { kind: 'char'; char: string }
  | { kind: 'range'; lo: string; hi: string }
  | { kind: 'perl'; letter: 'd' | 'w' | 's' | 'D' | 'W' }
  | { kind: 'posix'; name: 'alpha' | 'digit' | 'upper' };

export interface GeneratedPattern {
  re2: string;
  js: string;
  flags: string;
  /** Characters the pattern mentions, to bias inputs toward them. */
  chars: string[];
}

const REPEAT_OPERATORS = ['*', '+', '?', '*?', '+?', '??', '{2}', '{0,2}', '{1,}', '{2,3}', '{0}', '{1,2}?'];

const charArbitrary = fc.constantFrom(...ALPHABET);

const classItemArbitrary: fc.Arbitrary<ClassItem> = fc.oneof(
  { weight: 4, arbitrary: charArbitrary.map((char) => ({ kind: 'char' as const, char })) },
  {
    weight: 2,
    arbitrary: fc.tuple(charArbitrary, charArbitrary).map(([a, b]) => {
      const [lo, hi] = a.codePointAt(0)! <= b.codePointAt(0)! ? [a, b] : [b, a];
      return { kind: 'range' as const, lo, hi };
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom('d', 'w', 's', 'D', 'W').map((letter) => ({ kind: 'perl' as const, letter: letter as 'd' })) },
  { weight: 1, arbitrary: fc.constantFrom('alpha', 'digit', 'upper').map((name) => ({ kind: 'posix' as const, name: name as 'alpha' })) },
);

const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    { weight: 8, arbitrary: charArbitrary.map((char) => ({ kind: 'literal' as const, char })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('class' as const), negated: fc.boolean(), items: fc.array(classItemArbitrary, { minLength: 1, maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'dot' as const }) },
    { weight: 1, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B', '\\A', '\\z').map((which) => ({ kind: 'assert' as const, which: which as '^' })) },
    { weight: 1, arbitrary: fc.constantFrom('d', 'w', 's', 'D', 'W', 'S').map((letter) => ({ kind: 'perl' as const, letter: letter as 'd' })) },
    { weight: 4, arbitrary: fc.array(tie('tree'), { minLength: 2, maxLength: 4 }).map((items) => ({ kind: 'concat' as const, items })) },
    { weight: 2, arbitrary: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }).map((items) => ({ kind: 'alternate' as const, items })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('group' as const), style: fc.constantFrom('capture' as const, 'plain' as const, 'named' as const), item: tie('tree') }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('repeat' as const), item: tie('tree'), op: fc.constantFrom(...REPEAT_OPERATORS) }) },
  ),
})).tree;

/** A random pattern with global flags, rendered for RE2 and for JavaScript. */
export const patternArbitrary: fc.Arbitrary<GeneratedPattern> = fc
  .tuple(fc.array(treeArbitrary, { minLength: 1, maxLength: 4 }), fc.subarray(['i', 'm', 's']))
  .map(([items, chosenFlags]) => {
    const tree: Tree = items.length === 1 ? items[0] : { kind: 'concat', items };
    // JavaScript spells \A and \z as ^ and $, which is only right without `m`.
    const flags = usesTextAnchors(tree) ? chosenFlags.filter((flag) => flag !== 'm') : chosenFlags;
    const renderer = new Renderer();
    const re2Body = renderer.render(tree, 're2');
    const jsBody = new Renderer().render(tree, 'js');
    const flagText = flags.join('');
    return {
      re2: flagText === '' ? re2Body : `(?${flagText})${re2Body}`,
      js: jsBody,
      flags: `u${flagText}`,
      chars: renderer.chars,
    };
  });

/** Generates a pattern and an input made mostly of the characters the pattern mentions. */
export const patternAndInputArbitrary = patternArbitrary.chain((pattern) => {
  const mentioned = pattern.chars.length > 0 ? pattern.chars : ALPHABET;
  // Line ends and word/non-word neighbours exercise the assertions.
  const inputChar = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...mentioned) },
    { weight: 2, arbitrary: charArbitrary },
    { weight: 1, arbitrary: fc.constantFrom('\n', ' ', 'a') },
  );
  return fc.tuple(fc.constant(pattern), fc.array(inputChar, { maxLength: 16 }).map((chars) => chars.join('')));
});

const SYNTAX_CHARS = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const CLASS_SPECIAL = new Set(['\\', ']', '[', '^', '-']);

// RE2 `\s` is [\t\n\f\r ]; JavaScript's `\s` is wider, so it is spelled out.
const JS_PERL: Record<string, string> = { d: '\\d', w: '\\w', s: '[\\t\\n\\f\\r ]', D: '\\D', W: '\\W', S: '[^\\t\\n\\f\\r ]' };
const JS_PERL_IN_CLASS: Record<string, string> = { d: '\\d', w: '\\w', s: '\\t\\n\\f\\r ', D: '\\D', W: '\\W' };
const JS_POSIX: Record<string, string> = { alpha: 'A-Za-z', digit: '0-9', upper: 'A-Z' };
// JavaScript has no \A and \z. A lookaround such as `(?![\s\S])` would do, but V8 (Node 20)
// also tries it between the two halves of a surrogate pair, so patterns with \A or \z are
// generated without `m` and use ^ and $.
const JS_ASSERT: Record<string, string> = { '^': '^', $: '$', '\\b': '\\b', '\\B': '\\B', '\\A': '^', '\\z': '$' };

function usesTextAnchors(tree: Tree): boolean {
  switch (tree.kind) {
    case 'assert':
      return tree.which === '\\A' || tree.which === '\\z';
    case 'concat':
    case 'alternate':
      return tree.items.some(usesTextAnchors);
    case 'group':
    case 'repeat':
      return usesTextAnchors(tree.item);
    default:
      return false;
  }
}

class Renderer {
  readonly chars: string[] = [];
  private names = 0;

  render(tree: Tree, dialect: 're2' | 'js'): string {
    switch (tree.kind) {
      case 'literal':
        this.chars.push(tree.char);
        return escapeLiteral(tree.char);
      case 'class':
        return `[${tree.negated ? '^' : ''}${tree.items.map((item) => this.renderClassItem(item, dialect)).join('')}]`;
      case 'dot':
        return '.';
      case 'assert':
        return dialect === 're2' ? tree.which : JS_ASSERT[tree.which];
      case 'perl':
        return dialect === 're2' ? `\\${tree.letter}` : JS_PERL[tree.letter];
      case 'concat':
        return tree.items.map((item) => this.atom(item, dialect)).join('');
      case 'alternate':
        return tree.items.map((item) => this.render(item, dialect)).join('|');
      case 'group': {
        const body = this.render(tree.item, dialect);
        if (tree.style === 'plain') return `(?:${body})`;
        if (tree.style === 'capture') return `(${body})`;
        const name = `g${this.names++}`;
        return dialect === 're2' ? `(?P<${name}>${body})` : `(?<${name}>${body})`;
      }
      case 'repeat':
        return `${this.quantifiable(tree.item, dialect)}${tree.op}`;
    }
  }

  // An item inside a concatenation: alternations need a group.
  private atom(tree: Tree, dialect: 're2' | 'js'): string {
    return tree.kind === 'alternate' ? `(?:${this.render(tree, dialect)})` : this.render(tree, dialect);
  }

  // An item under a quantifier: only single atoms go bare.
  private quantifiable(tree: Tree, dialect: 're2' | 'js'): string {
    const bare = tree.kind === 'literal' || tree.kind === 'class' || tree.kind === 'dot' || tree.kind === 'perl' || tree.kind === 'group';
    return bare ? this.render(tree, dialect) : `(?:${this.render(tree, dialect)})`;
  }

  private renderClassItem(item: ClassItem, dialect: 're2' | 'js'): string {
    switch (item.kind) {
      case 'char':
        this.chars.push(item.char);
        return escapeClassChar(item.char);
      case 'range':
        this.chars.push(item.lo, item.hi);
        return `${escapeClassChar(item.lo)}-${escapeClassChar(item.hi)}`;
      case 'perl':
        return dialect === 're2' ? `\\${item.letter}` : JS_PERL_IN_CLASS[item.letter];
      case 'posix':
        return dialect === 're2' ? `[:${item.name}:]` : JS_POSIX[item.name];
    }
  }
}

function escapeLiteral(char: string): string {
  if (char === '\n') return '\\n';
  return SYNTAX_CHARS.has(char) ? `\\${char}` : char;
}

function escapeClassChar(char: string): string {
  if (char === '\n') return '\\n';
  return CLASS_SPECIAL.has(char) ? `\\${char}` : char;
}
