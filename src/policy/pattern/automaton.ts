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
//
// A pattern that starts with `**` stays live in every state, so a few of them
// with long `{...}` lists multiply the states by the keys they name. The
// compiler therefore keeps suffix patterns (src/policy/pattern/suffix.ts) out
// of the DFA and passes `undefined` in their place.

import { PatternLimitError } from './errors.js';
import type { PatternStep } from './syntax.js';

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
  /** Literal keys of the DFA's patterns; a key's symbol id is its position here. */
  symbols: string[];
  /** State 0 is `DEAD_STATE`. */
  states: DfaState[];
  /** The state of the root node. */
  start: number;
}

/**
 * Builds the DFA of `patterns`; pattern ids are indexes into the array, and
 * `undefined` entries are left out (they never accept).
 */
export function determinize(patterns: readonly (readonly PatternStep[] | undefined)[], maxStates = DEFAULT_MAX_PATTERN_STATES): Dfa {
  const nfa = buildPositions(patterns);
  const states: DfaState[] = [];
  const registry = new StateRegistry(maxStates);
  registry.intern(new Int32Array(0));
  const start = registry.intern(nfa.closure(nfa.starts));

  // Breadth-first over the reachable sets; ids follow discovery order.
  for (let id = 0; id < registry.sets.length; id++) {
    states.push(expand(nfa, registry.sets[id], registry));
  }
  return { symbols: nfa.symbols, states, start };
}

/** The NFA positions of all patterns, with the symbol id of every literal key. */
class Positions {
  /** Pattern id of each position. */
  readonly pattern: number[] = [];
  /** The step a position waits for; undefined where the pattern is complete. */
  readonly step: (PatternStep | undefined)[] = [];
  /** Symbol ids of each `key` step's keys, parallel to `step`. */
  readonly stepSymbols: (readonly number[] | undefined)[] = [];
  /** First position of every pattern in the DFA. */
  readonly starts: number[] = [];
  readonly symbols: string[] = [];
  private readonly symbolIds = new Map<string, number>();
  /** Stamp per position for duplicate removal in `closure`; `stamp` is the current pass. */
  private seen = new Uint32Array(0);
  private stamp = 0;

  symbolOf(key: string): number {
    let id = this.symbolIds.get(key);
    if (id === undefined) {
      id = this.symbols.length;
      this.symbolIds.set(key, id);
      this.symbols.push(key);
    }
    return id;
  }

  /** Adds the positions reachable by skipping `**` steps; returns the set sorted and without duplicates. */
  closure(moves: readonly number[]): Int32Array {
    if (this.seen.length !== this.step.length) this.seen = new Uint32Array(this.step.length);
    this.stamp++;
    const out: number[] = [];
    for (let position of moves) {
      for (;;) {
        if (this.seen[position] !== this.stamp) {
          this.seen[position] = this.stamp;
          out.push(position);
        }
        if (this.step[position]?.kind !== 'descendants') break;
        position++;
      }
    }
    return Int32Array.from(out).sort();
  }
}

function buildPositions(patterns: readonly (readonly PatternStep[] | undefined)[]): Positions {
  const nfa = new Positions();
  patterns.forEach((steps, pattern) => {
    if (steps === undefined) return;
    nfa.starts.push(nfa.step.length);
    for (let offset = 0; offset <= steps.length; offset++) {
      const step = steps[offset];
      nfa.pattern.push(pattern);
      nfa.step.push(step);
      nfa.stepSymbols.push(step?.kind === 'key' ? step.keys.map((key) => nfa.symbolOf(key)) : undefined);
    }
  });
  return nfa;
}

/** Numbers distinct position sets, looked up by a numeric hash with exact comparison. */
class StateRegistry {
  /** Position set of each state id. */
  readonly sets: Int32Array[] = [];
  private readonly buckets = new Map<number, number[]>();

  constructor(private readonly maxStates: number) {}

  intern(set: Int32Array): number {
    const hash = hashSet(set);
    const bucket = this.buckets.get(hash);
    if (bucket) {
      for (const id of bucket) if (sameSet(this.sets[id], set)) return id;
    }

    const id = this.sets.length;
    if (id >= this.maxStates) {
      throw new PatternLimitError(
        `patterns compile to more than ${this.maxStates} automaton states; ` +
          "split the rule pack, or replace '*' steps that follow '**' with literal keys",
      );
    }
    this.sets.push(set);
    if (bucket) bucket.push(id);
    else this.buckets.set(hash, [id]);
    return id;
  }
}

/** FNV-1a over the set's 32-bit members, one member per round. */
function hashSet(set: Int32Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < set.length; i++) hash = Math.imul(hash ^ set[i], 0x01000193);
  return hash >>> 0;
}

function sameSet(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function expand(nfa: Positions, set: Int32Array, registry: StateRegistry): DfaState {
  // One pass over the set sorts every live position into what it accepts:
  // any key, any index, or particular keys and indexes. A literal key's target
  // is then the any-key moves plus that key's own moves, so the cost per state
  // grows with the live keys, not with keys times positions.
  const anyKey: number[] = [];
  const anyIndex: number[] = [];
  const byKey = new Map<number, number[]>();
  const byIndex = new Map<number, number[]>();
  const accepts: number[] = [];
  for (const position of set) {
    const step = nfa.step[position];
    if (step === undefined) {
      accepts.push(nfa.pattern[position]);
      continue;
    }

    // `**` stays where it is; every other step moves on.
    const next = step.kind === 'descendants' ? position : position + 1;
    switch (step.kind) {
      case 'descendants':
      case 'wildcard':
        anyKey.push(next);
        anyIndex.push(next);
        break;
      case 'indexWildcard':
        anyIndex.push(next);
        break;
      case 'index':
        appendMove(byIndex, step.index, next);
        break;
      case 'key':
        for (const symbol of nfa.stepSymbols[position]!) appendMove(byKey, symbol, next);
        break;
    }
  }

  const keyDefault = registry.intern(nfa.closure(anyKey));
  const indexDefault = registry.intern(nfa.closure(anyIndex));

  const keyTransitions: [number, number][] = [];
  for (const [symbol, moves] of byKey) {
    const target = registry.intern(nfa.closure(anyKey.concat(moves)));
    if (target !== keyDefault) keyTransitions.push([symbol, target]);
  }
  const indexTransitions: [number, number][] = [];
  for (const [index, moves] of byIndex) {
    const target = registry.intern(nfa.closure(anyIndex.concat(moves)));
    if (target !== indexDefault) indexTransitions.push([index, target]);
  }

  keyTransitions.sort((a, b) => a[0] - b[0]);
  indexTransitions.sort((a, b) => a[0] - b[0]);
  // Positions ascend with pattern ids, so the accepts are already ascending.
  return { keyDefault, indexDefault, keyTransitions, indexTransitions, accepts };
}

function appendMove(moves: Map<number, number[]>, label: number, next: number): void {
  const list = moves.get(label);
  if (list) list.push(next);
  else moves.set(label, [next]);
}
