// Determinization of a set of parsed patterns into one DFA over path steps.
//
// Each pattern of n steps is a chain of n + 1 NFA positions: position j means
// "the first j steps matched", position n accepts. A `**` step at j loops on
// every step and is skipped by an epsilon move to j + 1. A DFA state is the
// epsilon-closed set of positions over all patterns; subset construction runs
// ahead of time, so matching costs one transition per node.
//
// The alphabet is finite because patterns name finitely many keys and
// indexes: every literal key is a symbol, every other key falls in one "other
// key" class, and likewise for indexes. A state stores its target for the
// other-key and other-index classes, plus explicit transitions only for the
// literal keys and indexes whose target differs from that default.

import { PatternLimitError } from '../../../src/policy/pattern/errors.js';
import type { PatternStep } from '../../../src/policy/pattern/syntax.js';

/** The state with no live positions: it never accepts and never leaves. */
export const DEAD_STATE = 0;

/** Default maximum number of DFA states a pattern set may compile to. */
export const DEFAULT_MAX_PATTERN_STATES = 65_536;

export interface DfaState {
  /** Target for any key that is not in `keyTransitions`. */
  keyDefault: number;
  /** Target for any index that is not in `indexTransitions`. */
  indexDefault: number;
  /** Symbol id to target, ascending by symbol id, only where the target differs from `keyDefault`. */
  keyTransitions: [symbol: number, target: number][];
  /** Index to target, ascending by index, only where the target differs from `indexDefault`. */
  indexTransitions: [index: number, target: number][];
  /** Ids of the patterns that match a node in this state, ascending. */
  accepts: number[];
}

export interface Dfa {
  /** Literal keys of all patterns; a key's symbol id is its position here. */
  symbols: string[];
  /** State 0 is `DEAD_STATE`. */
  states: DfaState[];
  /** The state of the root node. */
  start: number;
}

/** One NFA position: pattern `pattern` with `offset` steps matched. */
interface Position {
  pattern: number;
  offset: number;
  step: PatternStep | undefined;
}

/** Builds the DFA of `patterns`; pattern ids are indexes into the array. */
export function determinize(patterns: readonly (readonly PatternStep[])[], maxStates = DEFAULT_MAX_PATTERN_STATES): Dfa {
  // 1. Number the positions and the literal keys.
  const positions: Position[] = [];
  const firstPosition: number[] = [];
  const symbolIds = new Map<string, number>();
  patterns.forEach((steps, pattern) => {
    firstPosition.push(positions.length);
    for (let offset = 0; offset <= steps.length; offset++) positions.push({ pattern, offset, step: steps[offset] });
    for (const step of steps) {
      if (step.kind !== 'key') continue;
      for (const key of step.keys) if (!symbolIds.has(key)) symbolIds.set(key, symbolIds.size);
    }
  });

  // 2. Explore the reachable sets breadth-first; ids follow discovery order.
  const states: DfaState[] = [];
  const ids = new Map<string, number>();
  const pending: number[][] = [];
  const stateOf = (set: number[]): number => {
    const name = set.join(',');
    let id = ids.get(name);
    if (id === undefined) {
      id = ids.size;
      if (id >= maxStates) {
        throw new PatternLimitError(
          `patterns compile to more than ${maxStates} automaton states; ` +
            "split the rule pack, or replace '*' steps that follow '**' with literal keys",
        );
      }
      ids.set(name, id);
      pending.push(set);
    }
    return id;
  };
  stateOf([]);
  const start = stateOf(closure(positions, firstPosition));

  for (let id = 0; id < pending.length; id++) {
    states.push(expand(positions, pending[id], symbolIds, stateOf));
  }
  return { symbols: [...symbolIds.keys()], states, start };
}

/** Adds the positions reachable by skipping `**` steps; returns them ascending. */
function closure(positions: readonly Position[], set: Iterable<number>): number[] {
  const out = new Set<number>();
  for (let position of set) {
    out.add(position);
    while (positions[position].step?.kind === 'descendants') out.add(++position);
  }
  return [...out].sort((a, b) => a - b);
}

/** Does a step match an object key (`key`, or any key not named by a pattern when undefined)? */
function stepMatchesKey(step: PatternStep, key: string | undefined): boolean {
  switch (step.kind) {
    case 'key':
      return key !== undefined && step.keys.includes(key);
    case 'wildcard':
    case 'descendants':
      return true;
    default:
      return false;
  }
}

/** Does a step match an array index (`index`, or any index not named by a pattern when undefined)? */
function stepMatchesIndex(step: PatternStep, index: number | undefined): boolean {
  switch (step.kind) {
    case 'index':
      return index !== undefined && step.index === index;
    case 'wildcard':
    case 'indexWildcard':
    case 'descendants':
      return true;
    default:
      return false;
  }
}

function expand(
  positions: readonly Position[],
  set: readonly number[],
  symbolIds: ReadonlyMap<string, number>,
  stateOf: (set: number[]) => number,
): DfaState {
  // One pass over the set sorts every live position into what it accepts:
  // any key, any index, or particular keys and indexes. A literal key's target
  // is then the any-key moves plus that key's own moves, so the cost per state
  // grows with the live keys, not with keys times positions.
  const anyKey: number[] = [];
  const anyIndex: number[] = [];
  const byKey = new Map<string, number[]>();
  const byIndex = new Map<number, number[]>();
  const accepts: number[] = [];
  for (const position of set) {
    const { step, pattern } = positions[position];
    if (step === undefined) {
      accepts.push(pattern);
      continue;
    }
    // `**` stays where it is; every other step moves on.
    const next = step.kind === 'descendants' ? position : position + 1;
    if (stepMatchesKey(step, undefined)) anyKey.push(next);
    if (stepMatchesIndex(step, undefined)) anyIndex.push(next);
    if (step.kind === 'key') {
      for (const key of step.keys) {
        const list = byKey.get(key);
        if (list) list.push(next);
        else byKey.set(key, [next]);
      }
    } else if (step.kind === 'index') {
      const list = byIndex.get(step.index);
      if (list) list.push(next);
      else byIndex.set(step.index, [next]);
    }
  }

  const keyDefault = stateOf(closure(positions, anyKey));
  const indexDefault = stateOf(closure(positions, anyIndex));

  const keyTransitions: [number, number][] = [];
  for (const [key, moves] of byKey) {
    const target = stateOf(closure(positions, anyKey.concat(moves)));
    if (target !== keyDefault) keyTransitions.push([symbolIds.get(key)!, target]);
  }
  const indexTransitions: [number, number][] = [];
  for (const [index, moves] of byIndex) {
    const target = stateOf(closure(positions, anyIndex.concat(moves)));
    if (target !== indexDefault) indexTransitions.push([index, target]);
  }

  keyTransitions.sort((a, b) => a[0] - b[0]);
  indexTransitions.sort((a, b) => a[0] - b[0]);
  return { keyDefault, indexDefault, keyTransitions, indexTransitions, accepts };
}
