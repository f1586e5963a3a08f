// Host side of the WASM path-pattern matcher (assembly/match/pattern.ts):
// loads a compiled PatternSet into a core and reads the match pairs back.

import type { PatternSet } from '../policy/pattern/compile.js';
import { Status, STATUS_REASON } from './abi.js';
import { CoreError, LimitError } from './errors.js';
import type { CoreInstance } from './wasm.js';

interface PatternExports {
  patterns_reserve(length: number): number;
  patterns_load(length: number): number;
  patterns_match(): number;
  pattern_matches_ptr(): number;
  pattern_matches_count(): number;
  set_max_pattern_matches(value: number): void;
}

function patternExports(core: CoreInstance): PatternExports {
  return core.exports as unknown as PatternExports;
}

/** Copies the pattern image of `set` into `core` and has the core validate it. */
export function loadPatternsIntoCore(core: CoreInstance, set: PatternSet): void {
  const exports = patternExports(core);
  const length = set.image.length;

  const ptr = core.call('path patterns', () => exports.patterns_reserve(length)) >>> 0;
  if (ptr === 0) throw new CoreError(`could not reserve ${length} bytes for the path-pattern image in the WASM core`);
  core.bytes().set(set.image, ptr);

  const status = core.call('path patterns', () => exports.patterns_load(length));
  if (status !== Status.Ok) {
    throw new CoreError(`the WASM core rejected the path-pattern image (${STATUS_REASON[status] ?? `status ${status}`}); recompile the patterns with this version of Bulwark`);
  }
}

/** Sets the most match pairs one document may produce in `core` (the core's default is 4,194,304). */
export function setPatternMatchLimit(core: CoreInstance, pairs: number): void {
  patternExports(core).set_max_pattern_matches(pairs);
}

/**
 * Matches the loaded patterns against the core's current node table. Returns
 * a copy of the pairs `[patternId, node, ...]`, ascending by node, then by
 * pattern id.
 */
export function matchPatternsInCore(core: CoreInstance, what = 'document'): Uint32Array {
  const exports = patternExports(core);
  const status = core.call(what, () => exports.patterns_match());

  if (status === Status.ResultLimit) {
    throw new LimitError('ERR_RESULT_LIMIT', `path patterns matched too many nodes in ${what}; narrow the patterns or raise the limit with setPatternMatchLimit`);
  }
  if (status === Status.NoProgram) throw new CoreError('no path patterns are loaded in the WASM core; call loadPatternsIntoCore first');
  if (status !== Status.Ok) throw new CoreError(`path-pattern matching failed on ${what}: ${STATUS_REASON[status] ?? `status ${status}`}`);

  const count = exports.pattern_matches_count() >>> 0;
  const ptr = exports.pattern_matches_ptr() >>> 0;
  return new Uint32Array(core.exports.memory.buffer, ptr, count * 2).slice();
}
