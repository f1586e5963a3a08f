// The program checker guards both matchers against malformed programs; each
// corruption below must be named, never run.

import { describe, expect, it } from 'vitest';

import { compileRegex } from '../../src/policy/functions/index.js';
import { checkProgram, HEADER_WORDS, MAX_PROGRAM_WORDS, OP_ASSERT, OP_RANGES, OP_SPLIT, instructionWords } from '../../src/policy/regex/program.js';

function program(pattern: string): Uint32Array {
  return compileRegex(pattern).words.slice();
}

/** Word offset of the first instruction with opcode `op`. */
function find(words: Uint32Array, op: number): number {
  for (let pc = HEADER_WORDS; pc < words.length; pc += instructionWords(words, pc)) {
    if ((words[pc] & 0xff) === op) return pc;
  }
  throw new Error(`no instruction ${op}`);
}

describe('checkProgram', () => {
  it('accepts compiled programs', () => {
    for (const pattern of ['a', '[a-z]+\\b', '^x|y$', '(?i)abc.*', '\\d{2,3}']) expect(checkProgram(program(pattern))).toBeUndefined();
  });

  it('rejects a missing header', () => {
    expect(checkProgram(new Uint32Array(2))).toBe('missing header');
  });

  it('rejects oversized programs', () => {
    const words = new Uint32Array(MAX_PROGRAM_WORDS + 1);
    words.set(program('a'));
    expect(checkProgram(words)).toBe('program is too large');
  });

  it('rejects unknown opcodes', () => {
    const words = program('ab');
    words[HEADER_WORDS] = 0xff;
    expect(checkProgram(words)).toBe('truncated or unknown instruction');
  });

  it('rejects a wrong instruction count', () => {
    const words = program('ab');
    words[3] += 1;
    expect(checkProgram(words)).toBe('instruction count does not match the header');
  });

  it('rejects a start between instructions', () => {
    const words = program('ab');
    words[2] = HEADER_WORDS + 1;
    expect(checkProgram(words)).toBe('start is not an instruction');
  });

  it('rejects targets between instructions', () => {
    const words = program('a|b');
    const split = find(words, OP_SPLIT);
    words[split + 2] = split + 1;
    expect(checkProgram(words)).toBe('target is not an instruction');
  });

  it('rejects unknown assertions', () => {
    const words = program('^a');
    const assert = find(words, OP_ASSERT);
    words[assert] = OP_ASSERT | (99 << 8);
    expect(checkProgram(words)).toBe('unknown assertion');
  });

  it('rejects unsorted ranges', () => {
    const words = program('[a-cx-z]');
    const ranges = find(words, OP_RANGES);
    words[ranges + 4] = 0x61;
    expect(checkProgram(words)).toBe('ranges are not sorted');
  });
});
