import { describe, expect, test } from 'vitest';
import { Status } from '../../src/core/abi.js';
import { coreDocuments, createCore, expectSameAsPackage, packageDocuments } from './helpers.js';

describe('yaml core limits', () => {
  test('deep block nesting falls back', () => {
    let text = '';
    for (let i = 0; i < 10_000; i++) text += `${' '.repeat(i)}k:\n`;
    const core = coreDocuments(text);
    expect(core.fallback?.status).toBe(Status.DepthLimit);
    expect(packageDocuments(text).failures[0].code).toBe('ERR_DEPTH_LIMIT');
  });

  test('deep flow nesting falls back', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    expect(coreDocuments(text).fallback?.status).toBe(Status.DepthLimit);
  });

  test('deep nesting within raised limit', () => {
    const core = createCore({ maxDepth: 20_000 });
    const text = `${'- '.repeat(10_000)}x\n`;
    const result = coreDocuments(text, {}, core);
    expect(result.fallback).toBeUndefined();
    expect(result.tapes[0].count).toBe(10_001);
    expect(result.tapes[0].depth(10_000)).toBe(10_000);
  });

  test('table limit falls back', () => {
    const core = createCore({ maxNodes: 100 });
    const text = Array.from({ length: 200 }, (_, i) => `k${i}: v`).join('\n');
    expect(coreDocuments(text, {}, core).fallback?.status).toBe(Status.TableLimit);
  });

  test('huge document matches package', () => {
    const lines = [];
    for (let i = 0; i < 50_000; i++) lines.push(`key${i}:\n  - name: "item ${i}"\n    value: ${i}\n    flag: ${i % 2 === 0}`);
    expect(expectSameAsPackage(`${lines.join('\n')}\n`, {}, false)).toBe(false);
  });

  test('many documents keep positions', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `---\nn: ${i}\ns: "é${i}"\n`).join('');
    expect(expectSameAsPackage(text, {}, false)).toBe(false);
    expect(coreDocuments(text).tapes[1999].line(1)).toBe(3 * 1999 + 2);
  });

  test('invalid utf-8 falls back', () => {
    const bytes = new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);
    expect(coreDocuments(bytes).fallback?.status).toBe(Status.InvalidUtf8);
    const overlong = new Uint8Array([0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]);
    expect(coreDocuments(overlong).fallback?.status).toBe(Status.InvalidUtf8);
  });

  test('utf-8 bom is skipped', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: 1\n')]);
    const result = coreDocuments(bytes);
    expect(result.fallback).toBeUndefined();
    expect(result.tapes[0].column(1)).toBe(1);
  });

  test('unterminated quote falls back', () => {
    const result = coreDocuments('a: "open\n');
    expect(result.fallback).toBeDefined();
    expect(packageDocuments('a: "open\n').failures.length).toBeGreaterThan(0);
  });
});
