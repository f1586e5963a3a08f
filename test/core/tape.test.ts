import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import { TapeBuilder, formatPath, hashKey } from '../../src/core/tape.js';

describe('TapeBuilder', () => {
  it('builds nested containers with subtree ends', () => {
    const builder = new TapeBuilder(new Uint8Array(0));
    builder.open(NodeKind.Object, undefined, 1, 1);
    builder.open(NodeKind.Array, 'items', 1, 2);
    builder.scalar(NodeKind.Number, 0, '1', 1, 10, 1);
    builder.scalar(NodeKind.String, 1, 'two', 1, 13);
    builder.close();
    builder.scalar(NodeKind.Bool, 'on', 'true', 2, 1, 1);
    builder.close();
    const tape = builder.finish();

    expect(tape.count).toBe(5);
    expect(tape.end(0)).toBe(5);
    expect(tape.end(1)).toBe(4);
    expect(tape.children(0)).toEqual([1, 4]);
    expect(tape.path(3)).toEqual(['items', 1]);
    expect(tape.toValue()).toEqual({ items: [1, 'two'], on: true });
    expect(tape.number(1)).toBe(2);
  });

  it('rejects unclosed containers', () => {
    const builder = new TapeBuilder(new Uint8Array(0));
    builder.open(NodeKind.Object, undefined, 1, 1);
    expect(() => builder.finish()).toThrow(/left open/);
  });
});

describe('formatPath', () => {
  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name', 0])).toBe('metadata.labels["app.kubernetes.io/name"][0]');
  });
});

describe('hashKey', () => {
  it('matches FNV-1a test vectors', () => {
    // Vectors from the FNV reference page (draft-eastlake-fnv): "" and "a".
    expect(hashKey(new Uint8Array(0))).toBe(0x811c9dc5);
    expect(hashKey(new TextEncoder().encode('a'))).toBe(0xe40c292c);
  });
});
