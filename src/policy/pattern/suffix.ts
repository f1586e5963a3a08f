// Suffix patterns: `**` followed by one or more steps, none of them `**`
// (`**.{a,b}`, `**.hostPath.path`, `**.containers[*].image`, `**.*`). A node
// matches one exactly when its path has at least n steps and its last n steps
// match the n steps after the `**`. The WASM matcher checks that by walking
// up the parent chain, so these patterns stay out of the DFA, where each of
// them would be live in every state.
//
// The tables below index every suffix pattern by its last step, so the
// matcher only walks up for patterns whose last step can match the node.

import type { PatternStep } from './syntax.js';

/** Suffix step kinds, as stored in the image. */
export const SuffixStepKind = { Key: 0, Index: 1, Any: 2, AnyIndex: 3 } as const;

export interface SuffixStep {
  kind: number;
  /** For a key step: the first entry in `stepKeys`. For an index step: the index. Otherwise 0. */
  operand: number;
  /** For a key step: the number of entries in `stepKeys`. Otherwise 0. */
  keyCount: number;
}

/** The suffix patterns of a set, in the form the image stores. */
export interface SuffixTables {
  /** One record per suffix pattern, ascending by pattern id; a record's index is its suffix id. */
  records: { pattern: number; firstStep: number; stepCount: number }[];
  /** The steps after the `**` of every record, in path order. */
  steps: SuffixStep[];
  /** Symbol ids of the key steps, ascending within each step. */
  stepKeys: number[];
  /** Symbol id to the suffix ids whose last step names that key, ascending. */
  bySymbol: Map<number, number[]>;
  /** Array index to the suffix ids whose last step is `[index]`, ascending. */
  byIndex: Map<number, number[]>;
  /** Suffix ids whose last step is `*`, ascending. */
  anyStep: number[];
  /** Suffix ids whose last step is `[*]`, ascending. */
  anyIndex: number[];
}

/** Tests whether a pattern is a suffix pattern: `**`, then one or more steps with no other `**`. */
export function isSuffixPattern(steps: readonly PatternStep[]): boolean {
  if (steps.length < 2 || steps[0].kind !== 'descendants') return false;
  return steps.every((step, position) => position === 0 || step.kind !== 'descendants');
}

/**
 * Builds the suffix tables of the patterns for which `isSuffixPattern` holds.
 * `symbolOf` returns the symbol id of a key, adding keys the DFA does not name.
 */
export function buildSuffixTables(patterns: readonly (readonly PatternStep[])[], symbolOf: (key: string) => number): SuffixTables {
  const tables: SuffixTables = { records: [], steps: [], stepKeys: [], bySymbol: new Map(), byIndex: new Map(), anyStep: [], anyIndex: [] };

  patterns.forEach((steps, pattern) => {
    if (!isSuffixPattern(steps)) return;
    const suffix = tables.records.length;
    const tail = steps.slice(1);
    tables.records.push({ pattern, firstStep: tables.steps.length, stepCount: tail.length });
    for (const step of tail) tables.steps.push(encodeStep(step, tables, symbolOf));

    // Index the pattern by its last step; suffix ids are assigned in pattern
    // order, so every list below stays ascending.
    const last = tail[tail.length - 1];
    switch (last.kind) {
      case 'key':
        for (const key of last.keys) appendSuffix(tables.bySymbol, symbolOf(key), suffix);
        break;
      case 'index':
        appendSuffix(tables.byIndex, last.index, suffix);
        break;
      case 'wildcard':
        tables.anyStep.push(suffix);
        break;
      case 'indexWildcard':
        tables.anyIndex.push(suffix);
        break;
      // `**` cannot be the last step: isSuffixPattern excludes it.
    }
  });
  return tables;
}

function appendSuffix(lists: Map<number, number[]>, label: number, suffix: number): void {
  const list = lists.get(label);
  if (list) list.push(suffix);
  else lists.set(label, [suffix]);
}

function encodeStep(step: PatternStep, tables: SuffixTables, symbolOf: (key: string) => number): SuffixStep {
  switch (step.kind) {
    case 'key': {
      // Ascending, for the matcher's binary search; the parser already drops repeated keys.
      const symbols = step.keys.map(symbolOf).sort((a, b) => a - b);
      const operand = tables.stepKeys.length;
      tables.stepKeys.push(...symbols);
      return { kind: SuffixStepKind.Key, operand, keyCount: symbols.length };
    }
    case 'index':
      return { kind: SuffixStepKind.Index, operand: step.index, keyCount: 0 };
    case 'indexWildcard':
      return { kind: SuffixStepKind.AnyIndex, operand: 0, keyCount: 0 };
    default:
      // `*`; a `**` never follows the first step of a suffix pattern.
      return { kind: SuffixStepKind.Any, operand: 0, keyCount: 0 };
  }
}
