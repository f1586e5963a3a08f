// Path patterns: syntax, compilation to one image per rule pack (a DFA plus
// suffix patterns indexed by their last step), and the reference matcher.
// The WASM matcher is assembly/match/pattern.ts, driven by
// src/core/pattern-wasm.ts.

export { type PatternStep, MAX_PATTERN_INDEX, parsePattern } from './syntax.js';
export { PatternLimitError, PatternSyntaxError } from './errors.js';
export { DEFAULT_MAX_PATTERN_STATES } from './automaton.js';
export { type CompileOptions, type PatternSet, compilePatterns } from './compile.js';
export { matchPatternsReference, matchesPath } from './reference.js';
export { isSuffixPattern } from './suffix.js';
