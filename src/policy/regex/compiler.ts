// Thompson construction: turns the syntax tree into the NFA program laid out
// in program.ts. Counted repetitions are expanded into copies, so `a{3,5}`
// becomes `aaa(a(a)?)?`; the parser has already bounded the counts.

import { Assertion, type RegexNode } from './ast.js';
import { MAX_CODE_POINT } from './charset.js';
import { RegexSyntaxError } from './errors.js';
import {
  FLAG_ANCHORED_START,
  HEADER_WORDS,
  MAX_PROGRAM_WORDS,
  OP_ANY,
  OP_ANY_NOT_NL,
  OP_ASSERT,
  OP_CHAR,
  OP_JUMP,
  OP_MATCH,
  OP_RANGES,
  OP_SPLIT,
  REGEX_MAGIC,
} from './program.js';

interface Instruction {
  op: number;
  /** Operand: code point for OP_CHAR, assertion kind for OP_ASSERT. */
  operand: number;
  ranges: number[];
  out: number;
  out1: number;
}

/** A target still to be filled: instruction index and which of its targets. */
interface Hole {
  instruction: number;
  field: 'out' | 'out1';
}

interface Fragment {
  start: number;
  holes: Hole[];
}

/** Compiles a syntax tree into program words. Throws RegexSyntaxError when the program would be too large. */
export function compileTree(tree: RegexNode): Uint32Array {
  const builder = new ProgramBuilder();
  const body = builder.compile(tree);
  const match = builder.emit(OP_MATCH);
  builder.patch(body.holes, match);
  return builder.encode(body.start, startsAnchored(tree));
}

class ProgramBuilder {
  private readonly instructions: Instruction[] = [];
  private words = HEADER_WORDS;

  compile(node: RegexNode): Fragment {
    switch (node.kind) {
      case 'empty':
        return this.single(this.emit(OP_JUMP));
      case 'set':
        return this.single(this.emitSet(node.ranges));
      case 'any':
        return this.single(this.emit(node.matchesNewline ? OP_ANY : OP_ANY_NOT_NL));
      case 'assert':
        return this.single(this.emit(OP_ASSERT, node.assertion));
      case 'group':
        return this.compile(node.item);
      case 'concat':
        return this.concat(node.items.map((item) => () => this.compile(item)));
      case 'alternate':
        return this.alternate(node.items);
      case 'repeat':
        return this.repeat(node.item, node.min, node.max, node.greedy);
    }
  }

  emit(op: number, operand = 0, ranges: number[] = []): number {
    this.words += instructionSize(op, ranges);
    if (this.words > MAX_PROGRAM_WORDS) {
      throw new RegexSyntaxError(`pattern compiles to more than ${MAX_PROGRAM_WORDS} words; use smaller repeat counts`, 1);
    }
    this.instructions.push({ op, operand, ranges, out: -1, out1: -1 });
    return this.instructions.length - 1;
  }

  patch(holes: Hole[], target: number): void {
    for (const hole of holes) this.instructions[hole.instruction][hole.field] = target;
  }

  /** Lays the instructions out after the header and resolves targets to word offsets. */
  encode(start: number, anchored: boolean): Uint32Array {
    const offsets: number[] = [];
    let offset = HEADER_WORDS;
    for (const instruction of this.instructions) {
      offsets.push(offset);
      offset += instructionSize(instruction.op, instruction.ranges);
    }

    const words = new Uint32Array(offset);
    words[0] = REGEX_MAGIC;
    words[1] = anchored ? FLAG_ANCHORED_START : 0;
    words[2] = offsets[start];
    words[3] = this.instructions.length;

    this.instructions.forEach((instruction, index) => {
      let pc = offsets[index];
      words[pc++] = instruction.op | (instruction.op === OP_RANGES ? instruction.ranges.length / 2 : instruction.operand) * 256;
      if (instruction.op === OP_MATCH) return;
      words[pc++] = offsets[instruction.out];
      if (instruction.op === OP_SPLIT) words[pc++] = offsets[instruction.out1];
      if (instruction.op === OP_CHAR) words[pc++] = instruction.operand;
      for (const bound of instruction.ranges) words[pc++] = bound;
    });
    return words;
  }

  private emitSet(ranges: number[]): number {
    if (ranges.length === 2 && ranges[0] === ranges[1]) return this.emit(OP_CHAR, ranges[0]);
    if (ranges.length === 2 && ranges[0] === 0 && ranges[1] === MAX_CODE_POINT) return this.emit(OP_ANY);
    if (ranges.length === 4 && ranges[0] === 0 && ranges[1] === 0x09 && ranges[2] === 0x0b && ranges[3] === MAX_CODE_POINT) {
      return this.emit(OP_ANY_NOT_NL);
    }
    return this.emit(OP_RANGES, 0, ranges);
  }

  private single(instruction: number): Fragment {
    const holes: Hole[] = [{ instruction, field: 'out' }];
    return { start: instruction, holes };
  }

  // Parts are thunks so that each copy of a repeated item compiles afresh.
  private concat(parts: Array<() => Fragment>): Fragment {
    if (parts.length === 0) return this.single(this.emit(OP_JUMP));

    const first = parts[0]();
    let holes = first.holes;
    for (const part of parts.slice(1)) {
      const next = part();
      this.patch(holes, next.start);
      holes = next.holes;
    }
    return { start: first.start, holes };
  }

  // a|b|c becomes split(a, split(b, c)).
  private alternate(items: RegexNode[]): Fragment {
    const last = this.compile(items[items.length - 1]);
    let start = last.start;
    const holes = [...last.holes];
    for (let i = items.length - 2; i >= 0; i--) {
      const split = this.emit(OP_SPLIT);
      const branch = this.compile(items[i]);
      this.instructions[split].out = branch.start;
      this.instructions[split].out1 = start;
      holes.push(...branch.holes);
      start = split;
    }
    return { start, holes };
  }

  private repeat(item: RegexNode, min: number, max: number, greedy: boolean): Fragment {
    if (max === 0) return this.single(this.emit(OP_JUMP));

    const parts: Array<() => Fragment> = [];
    const required = max === -1 && min > 0 ? min - 1 : min;
    for (let i = 0; i < required; i++) parts.push(() => this.compile(item));

    if (max === -1) {
      parts.push(() => (min > 0 ? this.plus(item, greedy) : this.star(item, greedy)));
    } else if (max > min) {
      parts.push(() => this.optionalChain(item, max - min, greedy));
    }
    return this.concat(parts);
  }

  // x*: L: split(x -> L, out)
  private star(item: RegexNode, greedy: boolean): Fragment {
    const split = this.emit(OP_SPLIT);
    const body = this.compile(item);
    this.patch(body.holes, split);
    return this.loopExit(split, body.start, greedy, split);
  }

  // x+: x, then split(back to x, out)
  private plus(item: RegexNode, greedy: boolean): Fragment {
    const body = this.compile(item);
    const split = this.emit(OP_SPLIT);
    this.patch(body.holes, split);
    return this.loopExit(split, body.start, greedy, body.start);
  }

  private loopExit(split: number, loop: number, greedy: boolean, start: number): Fragment {
    const exit: Hole = { instruction: split, field: greedy ? 'out1' : 'out' };
    this.instructions[split][greedy ? 'out' : 'out1'] = loop;
    return { start, holes: [exit] };
  }

  // x{0,n} as nested options (x(x(x)?)?)?, so each copy is tried only after the previous one matched.
  private optionalChain(item: RegexNode, count: number, greedy: boolean): Fragment {
    const holes: Hole[] = [];
    let start = -1;
    let pending: Hole[] = [];
    for (let i = 0; i < count; i++) {
      const split = this.emit(OP_SPLIT);
      const body = this.compile(item);
      if (start === -1) start = split;
      this.patch(pending, split);
      this.instructions[split][greedy ? 'out' : 'out1'] = body.start;
      holes.push({ instruction: split, field: greedy ? 'out1' : 'out' });
      pending = body.holes;
    }
    holes.push(...pending);
    return { start, holes };
  }
}

function instructionSize(op: number, ranges: number[]): number {
  switch (op) {
    case OP_MATCH:
      return 1;
    case OP_CHAR:
    case OP_SPLIT:
      return 3;
    case OP_RANGES:
      return 2 + ranges.length;
    default:
      return 2;
  }
}

/** Whether every match must start at offset 0 (`^abc`, `\A(a|b)`). */
function startsAnchored(node: RegexNode): boolean {
  switch (node.kind) {
    case 'assert':
      return node.assertion === Assertion.BeginText;
    case 'concat':
      return startsAnchored(node.items[0]);
    case 'alternate':
      return node.items.every(startsAnchored);
    case 'group':
      return startsAnchored(node.item);
    case 'repeat':
      return node.min > 0 && startsAnchored(node.item);
    default:
      return false;
  }
}
