// Reference matcher: decides every (pattern, node) pair straight from the
// parsed steps and each node's path, without the automaton. It is slow and
// simple on purpose, so the differential tests can use it as an oracle for
// both the automaton construction and the WASM matcher.

import type { PathStep, Tape } from '../../core/tape.js';
import type { PatternSet } from './compile.js';
import type { PatternStep } from './syntax.js';

// NOTE: keys are compared as decoded strings here but as bytes in WASM, so on
// a table whose key bytes are invalid UTF-8 (decoded to U+FFFD) the two can differ.

/** Returns match pairs `[patternId, node]`, ascending by node, then by pattern id. */
export function matchPatternsReference(set: PatternSet, tape: Tape): Uint32Array {
  const pairs: number[] = [];
  for (let node = 0; node < tape.count; node++) {
    const path = tape.path(node);
    set.steps.forEach((steps, pattern) => {
      if (matchesPath(steps, path)) pairs.push(pattern, node);
    });
  }
  return Uint32Array.from(pairs);
}

/** Tests whether a pattern's steps match a path from the root. */
export function matchesPath(steps: readonly PatternStep[], path: readonly PathStep[], s = 0, p = 0): boolean {
  if (s === steps.length) return p === path.length;
  const step = steps[s];
  if (step.kind === 'descendants') {
    for (let skip = p; skip <= path.length; skip++) if (matchesPath(steps, path, s + 1, skip)) return true;
    return false;
  }
  return p < path.length && stepMatches(step, path[p]) && matchesPath(steps, path, s + 1, p + 1);
}

function stepMatches(step: PatternStep, pathStep: PathStep): boolean {
  switch (step.kind) {
    case 'key':
      return typeof pathStep === 'string' && step.keys.includes(pathStep);
    case 'index':
      return pathStep === step.index;
    case 'indexWildcard':
      return typeof pathStep === 'number';
    default:
      return true;
  }
}
