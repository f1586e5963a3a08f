// Compiles the patterns of a rule pack into one image for the WASM core
// (layout in image.ts). Suffix patterns (`**` followed by steps without `**`,
// see suffix.ts) are indexed by their last step; all other patterns are
// determinized into one DFA (automaton.ts).

import { DEFAULT_MAX_PATTERN_STATES, determinize } from './automaton.js';
import { encodeImage } from './image.js';
import { buildSuffixTables, isSuffixPattern } from './suffix.js';
import { type PatternStep, parsePattern } from './syntax.js';

export { IMAGE_HEADER_WORDS, IMAGE_MAGIC, IMAGE_VERSION, STATE_WORDS, SYMBOL_WORDS } from './image.js';

/** The patterns of a rule pack, parsed and compiled together. */
export interface PatternSet {
  /** Pattern texts; a pattern's id is its index here. */
  readonly patterns: readonly string[];
  /** Parsed steps, one list per pattern. */
  readonly steps: readonly (readonly PatternStep[])[];
  /** The image for the WASM core (layout in image.ts). */
  readonly image: Uint8Array;
  /** Number of DFA states, including the dead state; suffix patterns add none. */
  readonly stateCount: number;
}

export interface CompileOptions {
  /** Maximum automaton states; more raises PatternLimitError. Default DEFAULT_MAX_PATTERN_STATES. */
  maxStates?: number;
}

/** How many compiled pattern sets the process keeps for reuse. */
const MAX_CACHED_PATTERN_SETS = 16;

// Compiled sets by their exact pattern list and state limit, oldest first.
// Test suites and long-lived hosts build many engines over the same pack.
const cache = new Map<string, PatternSet>();

/**
 * Parses and compiles `patterns` into one image. Raises PatternSyntaxError
 * for the first invalid pattern and PatternLimitError when the DFA would
 * exceed `maxStates`. Sets are cached per process by their exact pattern list,
 * so callers must not modify the returned set or its image.
 */
export function compilePatterns(patterns: readonly string[], options: CompileOptions = {}): PatternSet {
  const maxStates = options.maxStates ?? DEFAULT_MAX_PATTERN_STATES;
  const cacheKey = JSON.stringify([maxStates, patterns]);
  const cached = cache.get(cacheKey);
  if (cached) {
    // Refresh the entry so the cache evicts the least recently used set.
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached;
  }

  const set = compileUncached(patterns, maxStates);
  cache.set(cacheKey, set);
  if (cache.size > MAX_CACHED_PATTERN_SETS) cache.delete(cache.keys().next().value!);
  return set;
}

function compileUncached(patterns: readonly string[], maxStates: number): PatternSet {
  const steps = patterns.map((pattern) => parsePattern(pattern));
  const dfa = determinize(steps.map((pattern) => (isSuffixPattern(pattern) ? undefined : pattern)), maxStates);

  // Suffix patterns share the DFA's symbol table and add the keys it lacks.
  const symbols = [...dfa.symbols];
  const symbolIds = new Map(symbols.map((key, id) => [key, id]));
  const symbolOf = (key: string): number => {
    let id = symbolIds.get(key);
    if (id === undefined) {
      id = symbols.length;
      symbols.push(key);
      symbolIds.set(key, id);
    }
    return id;
  };
  const suffixes = buildSuffixTables(steps, symbolOf);

  const image = encodeImage(dfa, suffixes, symbols, patterns.length);
  return Object.freeze({ patterns: Object.freeze([...patterns]), steps, image, stateCount: dfa.states.length });
}
