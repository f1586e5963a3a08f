import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Status } from '../../src/core/abi.js';
import { CoreError, LimitError } from '../../src/core/errors.js';
import { loadPatternsIntoCore, matchPatternsInCore, setPatternMatchLimit } from '../../src/core/pattern-wasm.js';
import { TapeBuilder } from '../../src/core/tape.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { PatternLimitError, compilePatterns } from '../../src/policy/pattern/index.js';
import { createCore, matchInWasm, tapeOf } from './helpers.js';

interface RawPatternExports {
  patterns_reserve(length: number): number;
  patterns_load(length: number): number;
  patterns_match(): number;
  pattern_count(): number;
}

const core = createCore();
const raw = core.exports as unknown as RawPatternExports;
const tape = tapeOf({ a: { b: [1, { c: 2 }], d: 'x' }, glbvs: { yacxa: true } });
// DFA patterns and suffix patterns of every last-step kind, so the corruption
// tests reach every section of the image.
const good = compilePatterns(['a.b[*]', '**.c', '*.{d,yacxa}', 'a.b[1].*', '$', '**.{b,d}[1].c', '**[1]', '**.*', '**[*].{c,glbvs}', '**.a.b[*]']);
const SUFFIX_COUNT_WORD = 20;
const SUFFIX_RECORDS_WORD = 21;

function headerWord(image: Uint8Array, word: number): number {
  return new DataView(image.buffer, image.byteOffset).getUint32(word * 4, true);
}

/** Copies raw image bytes into the core and returns the load status. */
function loadRaw(image: Uint8Array, length = image.length): number {
  const ptr = raw.patterns_reserve(image.length) >>> 0;
  core.bytes().set(image, ptr);
  return raw.patterns_load(length);
}

describe('pattern image validation', () => {
  it('loads a compiled image', () => {
    expect(loadRaw(good.image)).toBe(Status.Ok);
    expect(raw.pattern_count()).toBe(10);
    expect(headerWord(good.image, SUFFIX_COUNT_WORD)).toBe(6);
  });

  it('rejects unordered suffix records', () => {
    // Swap the pattern ids of the first two suffix records: the matcher's
    // merge needs them ascending.
    const image = good.image.slice();
    const view = new DataView(image.buffer);
    const first = headerWord(image, SUFFIX_RECORDS_WORD) * 4;
    const firstId = view.getUint32(first, true);
    view.setUint32(first, view.getUint32(first + 12, true), true);
    view.setUint32(first + 12, firstId, true);
    expect(loadRaw(image)).toBe(Status.BadProgram);
  });

  it('rejects a suffix pattern id out of range', () => {
    const image = good.image.slice();
    const view = new DataView(image.buffer);
    const records = headerWord(image, SUFFIX_RECORDS_WORD) * 4;
    const last = records + (headerWord(image, SUFFIX_COUNT_WORD) - 1) * 12;
    view.setUint32(last, 10, true);
    expect(loadRaw(image)).toBe(Status.BadProgram);
  });

  it('rejects truncated and misaligned lengths', () => {
    expect(loadRaw(good.image, good.image.length - 4)).toBe(Status.BadProgram);
    expect(loadRaw(good.image, good.image.length - 1)).toBe(Status.BadProgram);
    expect(loadRaw(good.image, 0)).toBe(Status.BadProgram);
  });

  it('rejects a wrong magic word', () => {
    const image = good.image.slice();
    image[0] ^= 1;
    expect(loadRaw(image)).toBe(Status.BadProgram);
  });

  it('survives every single-word corruption', () => {
    // Each word of the image set to a few hostile values: the load either
    // rejects the image or accepts one that matches without trapping.
    loadTapeIntoCore(core, tape);
    const words = good.image.length / 4;
    for (let word = 0; word < words; word++) {
      for (const mutate of [() => 0, () => 0xffffffff, (value: number) => value + 1, (value: number) => value ^ 0x80000000, (value: number) => value + 7]) {
        const image = good.image.slice();
        const view = new DataView(image.buffer);
        view.setUint32(word * 4, mutate(view.getUint32(word * 4, true)) >>> 0, true);
        const status = loadRaw(image);
        expect([Status.Ok, Status.BadProgram]).toContain(status);
        if (status === Status.Ok) expect(core.call('corrupted image', () => raw.patterns_match())).toBe(Status.Ok);
      }
    }
  });

  it('survives random image bytes', () => {
    loadTapeIntoCore(core, tape);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(good.image.length), (noise, at) => {
        // Random bytes alone, and random bytes spliced into a valid image.
        const spliced = good.image.slice();
        spliced.set(noise.subarray(0, spliced.length - at), at);
        for (const image of [noise, spliced]) {
          const status = loadRaw(image);
          expect([Status.Ok, Status.BadProgram]).toContain(status);
          if (status === Status.Ok) raw.patterns_match();
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('unloads the image on reserve', () => {
    expect(loadRaw(good.image)).toBe(Status.Ok);
    raw.patterns_reserve(16);
    expect(raw.patterns_match()).toBe(Status.NoProgram);
    expect(() => matchPatternsInCore(core)).toThrow(CoreError);
  });

  it('matches after reloading a good image', () => {
    loadRaw(new Uint8Array(8));
    expect([...matchInWasm(core, good, tape)].length).toBeGreaterThan(0);
  });
});

describe('pattern matcher limits', () => {
  it('rejects state explosion at compile time', () => {
    // `x.**.a` followed by n single-step wildcards needs about 2^(n+1) states
    // to remember where the last n+1 steps had an `a`. (Without the leading
    // `x` it is a suffix pattern, which never enters the DFA.)
    const explosive = `x.**.a${'.*'.repeat(16)}`;
    expect(() => compilePatterns([explosive])).toThrow(PatternLimitError);
    expect(() => compilePatterns(['x.**.a.*.*.*'], { maxStates: 8 })).toThrow(/more than 8 automaton states/);
    expect(compilePatterns(['x.**.a.*.*.*'], { maxStates: 64 }).stateCount).toBeLessThanOrEqual(64);
  });

  it('carries the limit error code', () => {
    let caught: unknown;
    try {
      compilePatterns(['x.**.a.*.*'], { maxStates: 4 });
    } catch (error) {
      caught = error;
    }
    expect((caught as PatternLimitError).code).toBe('ERR_PATTERN_LIMIT');
  });

  it('rejects too many match pairs', () => {
    const limited = createCore();
    setPatternMatchLimit(limited, 3);
    const set = compilePatterns(['**']);
    loadPatternsIntoCore(limited, set);
    loadTapeIntoCore(limited, tapeOf({ a: 1, b: 2 }));
    expect(matchPatternsInCore(limited)).toHaveLength(6);
    loadTapeIntoCore(limited, tapeOf({ a: 1, b: 2, c: 3 }));
    let caught: unknown;
    try {
      matchPatternsInCore(limited);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LimitError);
    expect((caught as LimitError).code).toBe('ERR_RESULT_LIMIT');
  });

  it('matches an empty table', () => {
    loadPatternsIntoCore(core, good);
    loadTapeIntoCore(core, new TapeBuilder(new Uint8Array(0)).finish());
    expect(matchPatternsInCore(core)).toHaveLength(0);
  });

  it('survives a malformed table', () => {
    // Rows whose parent follows them and whose subtree ends point backwards
    // or past the table, as a buggy host parser could write them.
    loadPatternsIntoCore(core, compilePatterns(['**', 'a.*', '**.b.c', '**[*].c', '**.*.*.*']));
    const rows = new Uint32Array(tape.rows);
    for (let row = 1; row < tape.count; row++) {
      rows[row * 12 + 1] = (row * 7) % (tape.count + 2);
      rows[row * 12 + 2] = (row * 5) % (tape.count + 3);
      rows[row * 12 + 3] = 0xfffffff0;
    }
    loadTapeIntoCore(core, tape);
    core.words().set(rows, (core.exports.tape_ptr() >>> 0) / 4);
    expect(() => matchPatternsInCore(core)).not.toThrow();
  });
});
