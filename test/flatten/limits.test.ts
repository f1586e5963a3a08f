import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/abi.js';
import { flattenInCore, viewCoreTape } from '../../src/core/flatten.js';
import { createCore, differenceOf, flattenCore, flattenRef } from './helpers.js';

describe('flatten limits', () => {
  it('rejects 10,000-deep JSON arrays', () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    const core = flattenCore('json', text);
    expect(core).toMatchObject({ ok: false, code: 'ERR_DEPTH_LIMIT', offset: 513, line: 1, column: 514 });
    expect(differenceOf(core, flattenRef('json', text))).toBeUndefined();
  });

  it('rejects unclosed deep JSON nesting', () => {
    const core = flattenCore('json', '{"a":'.repeat(10_000));
    expect(core).toMatchObject({ ok: false, code: 'ERR_DEPTH_LIMIT' });
  });

  it('accepts nesting at the limit', () => {
    const depth = DEFAULT_LIMITS.maxDepth;
    const text = '['.repeat(depth) + '1' + ']'.repeat(depth);
    const core = flattenCore('json', text);
    expect(core.ok).toBe(true);
  });

  it('rejects 10,000-deep nginx blocks', () => {
    const text = 'a {'.repeat(10_000) + '}'.repeat(10_000);
    const core = flattenCore('directives', text, 'nginx');
    expect(core).toMatchObject({ ok: false, code: 'ERR_DEPTH_LIMIT' });
    expect(differenceOf(core, flattenRef('directives', text, 'nginx'))).toBeUndefined();
  });

  it('rejects 10,000-deep Apache blocks', () => {
    const text = '<If x>\n'.repeat(10_000);
    const core = flattenCore('directives', text, 'apache');
    expect(core).toMatchObject({ ok: false, code: 'ERR_DEPTH_LIMIT', line: 513 });
    expect(differenceOf(core, flattenRef('directives', text, 'apache'))).toBeUndefined();
  });

  it('honours a lower depth limit', () => {
    const core = createCore({ maxDepth: 2 });
    const outcome = flattenInCore(core, 'json', new TextEncoder().encode('[[[1]]]'));
    expect(outcome).toMatchObject({ ok: false, code: 'ERR_DEPTH_LIMIT', offset: 3 });
    const reference = flattenRef('json', '[[[1]]]', undefined, { ...DEFAULT_LIMITS, maxDepth: 2 });
    expect(reference).toMatchObject({ ok: false, code: 'ERR_DEPTH_LIMIT', offset: 3 });
  });

  it('rejects tables over the node limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxNodes: 100 };
    const core = createCore(limits);
    const text = `[${Array.from({ length: 200 }, (_, i) => i).join(',')}]`;
    const outcome = flattenInCore(core, 'json', new TextEncoder().encode(text));
    expect(outcome).toMatchObject({ ok: false, code: 'ERR_TABLE_LIMIT' });
    const reference = flattenRef('json', text, undefined, limits);
    expect(differenceOf(outcome.ok ? { ok: true, tape: viewCoreTape(core) } : outcome, reference)).toBeUndefined();
  });

  it('counts key=value nodes against the limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxNodes: 3 };
    const core = createCore(limits);
    const text = 'A=1\nB=2\nC=3\n';
    const outcome = flattenInCore(core, 'env', new TextEncoder().encode(text));
    expect(outcome).toMatchObject({ ok: false, code: 'ERR_TABLE_LIMIT', line: 3, column: 1 });
    expect(flattenRef('env', text, undefined, limits)).toMatchObject({ ok: false, code: 'ERR_TABLE_LIMIT', line: 3 });
  });

  it('rejects input over the size limit', () => {
    const core = createCore({ maxInputBytes: 16 });
    const bytes = new TextEncoder().encode('{"a": "0123456789abcdef"}');
    const outcome = flattenInCore(core, 'json', bytes);
    expect(outcome).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE' });
    const reference = flattenRef('json', bytes, undefined, { ...DEFAULT_LIMITS, maxInputBytes: 16 });
    expect(reference).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE' });
  });

  it('rejects invalid UTF-8 in every format', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('key = "ok"\nname = '), 0xed, 0xa0, 0x80, 0x0a]);
    for (const format of ['env', 'ini', 'properties', 'directives'] as const) {
      const core = flattenCore(format, bytes);
      expect(core).toMatchObject({ ok: false, code: 'ERR_INVALID_UTF8', offset: 18, line: 2, column: 8 });
      expect(differenceOf(core, flattenRef(format, bytes))).toBeUndefined();
    }
  });

  it('reuses one core across documents', () => {
    const core = createCore();
    const first = flattenInCore(core, 'json', new TextEncoder().encode('{"a": "x\\n"}'));
    const second = flattenInCore(core, 'env', new TextEncoder().encode('B="y\\n"'));
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(true);
    expect(viewCoreTape(core).toValue()).toEqual({ B: 'y\n' });
  });
});
