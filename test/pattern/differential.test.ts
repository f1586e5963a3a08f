// Differential property tests: the WASM matcher against the reference, and
// the reference against a third oracle that translates each pattern into a
// RegExp over a canonical path string.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathStep } from '../../src/core/tape.js';
import { type PatternStep, compilePatterns, matchPatternsReference, matchesPath, parsePattern } from '../../src/policy/pattern/index.js';
import { type DocumentValue, Entries, createCore, matchInWasm, tapeOf } from './helpers.js';

const RUNS = 10_000;

// A small key alphabet, so random patterns and documents meet often. It contains
// keys that need quoting, an empty key, a digit key, a non-ASCII key and the
// FNV-1a colliding pair "glbvs"/"yacxa".
const KEYS = ['a', 'b', 'c', 'tls', '$', '0', 'x.y', '', 'é', 'a b', '"q\'', '*', 'glbvs', 'yacxa'];
const INDEXES = [0, 1, 2, 3];

// A wider alphabet for the long `{...}` lists of rule packs, such as
// `**.{k1,k2,...,k30}`; documents use its keys less often than KEYS.
const WIDE_KEYS = [...Array.from({ length: 36 }, (_, i) => `k${i}`), 'containers', 'initContainers', 'securityContext'];

const keyArbitrary = fc.constantFrom(...KEYS);
const documentKeyArbitrary = fc.oneof(
  { weight: 4, arbitrary: keyArbitrary },
  { weight: 1, arbitrary: fc.constantFrom(...WIDE_KEYS) },
);

const stepArbitrary: fc.Arbitrary<PatternStep> = fc.oneof(
  { weight: 5, arbitrary: keyArbitrary.map((key) => ({ kind: 'key' as const, keys: [key] })) },
  { weight: 1, arbitrary: fc.uniqueArray(keyArbitrary, { minLength: 2, maxLength: 3 }).map((keys) => ({ kind: 'key' as const, keys })) },
  { weight: 2, arbitrary: fc.constantFrom(...INDEXES).map((index) => ({ kind: 'index' as const, index })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'wildcard' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'indexWildcard' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'descendants' as const }) },
);

const patternArbitrary = fc.array(stepArbitrary, { maxLength: 5 });

// Suffix patterns as rule packs write them: `**`, then up to three steps that
// are mostly large key lists, with some indexes and wildcards.
const wideListArbitrary = fc
  .uniqueArray(fc.oneof(keyArbitrary, fc.constantFrom(...WIDE_KEYS)), { minLength: 1, maxLength: 30 })
  .map((keys) => ({ kind: 'key' as const, keys }));
const suffixStepArbitrary: fc.Arbitrary<PatternStep> = fc.oneof(
  { weight: 6, arbitrary: wideListArbitrary },
  { weight: 1, arbitrary: fc.constantFrom(...INDEXES).map((index) => ({ kind: 'index' as const, index })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wildcard' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'indexWildcard' as const }) },
);
const suffixPatternArbitrary = fc
  .array(suffixStepArbitrary, { minLength: 1, maxLength: 3 })
  .map((steps): PatternStep[] => [{ kind: 'descendants' }, ...steps]);

const choicesArbitrary = fc.array(fc.nat(11), { minLength: 1, maxLength: 6 });

// Pattern lists: either a few arbitrary patterns, or many suffix patterns with
// large key lists mixed with a few arbitrary ones, as in the built-in pack.
const patternListArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.tuple(patternArbitrary, choicesArbitrary), { maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.array(fc.tuple(suffixPatternArbitrary, choicesArbitrary), { minLength: 5, maxLength: 25 }),
        fc.array(fc.tuple(patternArbitrary, choicesArbitrary), { maxLength: 4 }),
      )
      .chain(([suffixes, others]) => fc.shuffledSubarray([...suffixes, ...others], { minLength: suffixes.length + others.length })),
  },
);

/** Writes steps as pattern text, choosing among the equivalent spellings. */
function renderPattern(steps: readonly PatternStep[], choices: readonly number[]): string {
  let text = choices[0] % 3 === 0 ? '$' : '';
  steps.forEach((step, position) => {
    const choice = choices[(position + 1) % choices.length];
    const first = text === '';
    const dotted = (part: string) => (first ? part : `.${part}`);
    switch (step.kind) {
      case 'key':
        if (step.keys.length > 1) text += dotted(`{${step.keys.map((key) => renderKey(key, choice, first)).join(',')}}`);
        else if (isBare(step.keys[0], first) && choice % 2 === 0) text += dotted(step.keys[0]);
        else text += choice % 4 === 1 ? `[${quote(step.keys[0], choice)}]` : dotted(quote(step.keys[0], choice));
        break;
      case 'index':
        text += `[${step.index}]`;
        break;
      case 'wildcard':
        text += dotted('*');
        break;
      case 'indexWildcard':
        text += '[*]';
        break;
      case 'descendants':
        text += dotted('**');
        break;
    }
  });
  return text;
}

function isBare(key: string, first: boolean): boolean {
  return /^[A-Za-z0-9_$@-]+$/.test(key) && !(first && key === '$');
}

function renderKey(key: string, choice: number, first: boolean): string {
  return isBare(key, first) && choice % 2 === 0 ? key : quote(key, choice);
}

function quote(key: string, choice: number): string {
  if (choice % 3 === 0) return `'${key.replace(/[\\']/g, (char) => `\\${char}`)}'`;
  return JSON.stringify(key);
}

// Documents: the root is a container, objects keep duplicate keys (Entries)
// and arrays are short.
const documentArbitrary: fc.Arbitrary<DocumentValue> = fc.letrec<{ node: DocumentValue; container: DocumentValue }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    fc.constantFrom<DocumentValue>(null, 1, 'text', true),
    tie('container'),
  ),
  container: fc.oneof(
    fc.array(fc.tuple(documentKeyArbitrary, tie('node')), { maxLength: 5 }).map((entries) => new Entries(entries)),
    fc.array(tie('node'), { maxLength: 4 }),
  ),
})).container;

// The third oracle. A path becomes `/k<hex code units>` per key and `/i<n>`
// per index, so no key can forge a separator. Each step kind becomes a
// regular-expression fragment over that string.
function canonicalPath(path: readonly PathStep[]): string {
  return path.map((step) => (typeof step === 'number' ? `/i${step}` : `/k${encodeKey(step)}`)).join('');
}

function encodeKey(key: string): string {
  return [...key].map((char) => char.charCodeAt(0).toString(16).padStart(4, '0')).join('');
}

function patternRegExp(steps: readonly PatternStep[]): RegExp {
  const parts = steps.map((step) => {
    switch (step.kind) {
      case 'key':
        return `/k(?:${step.keys.map(encodeKey).join('|')})`;
      case 'index':
        return `/i${step.index}`;
      case 'wildcard':
        return '/[ki][^/]*';
      case 'indexWildcard':
        return '/i[^/]*';
      case 'descendants':
        return '(?:/[ki][^/]*)*';
    }
  });
  return new RegExp(`^${parts.join('')}$`);
}

const pathArbitrary = fc.array(fc.oneof(keyArbitrary, fc.constantFrom(...INDEXES, 7)), { maxLength: 6 });

describe('pattern matcher differential', () => {
  const core = createCore();

  it('WASM equals reference on random inputs', () => {
    fc.assert(
      fc.property(
        patternListArbitrary,
        documentArbitrary,
        (patterns, document) => {
          const texts = patterns.map(([steps, choices]) => renderPattern(steps, choices));
          const set = compilePatterns(texts);
          const tape = tapeOf(document);
          expect([...matchInWasm(core, set, tape)]).toEqual([...matchPatternsReference(set, tape)]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rendered patterns parse back to steps', () => {
    fc.assert(
      fc.property(patternArbitrary, fc.array(fc.nat(11), { minLength: 1, maxLength: 6 }), (steps, choices) => {
        expect(parsePattern(renderPattern(steps, choices))).toEqual(steps);
      }),
      { numRuns: RUNS },
    );
  });

  it('reference equals RegExp oracle on paths', () => {
    fc.assert(
      fc.property(patternArbitrary, pathArbitrary, (steps, path) => {
        expect(matchesPath(steps, path)).toBe(patternRegExp(steps).test(canonicalPath(path)));
      }),
      { numRuns: RUNS },
    );
  });
});
