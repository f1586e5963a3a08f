import { describe, expect, it } from 'vitest';
import { decodeText, findInvalidUtf8 } from '../../src/formats/text.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 + 2 * i] = littleEndian ? unit & 0xff : unit >> 8;
    out[3 + 2 * i] = littleEndian ? unit >> 8 : unit & 0xff;
  }
  return out;
}

describe('decodeText', () => {
  it('strips a UTF-8 BOM', () => {
    const result = decodeText('a.yaml', bytes(0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x31));
    expect(result).toEqual({ ok: true, text: 'a: 1', encoding: 'utf-8' });
  });

  it('reports the first invalid UTF-8 byte', () => {
    const input = new Uint8Array([...utf8('a: 1\nbé: '), 0xc3, 0x28, ...utf8('\n')]);
    const result = decodeText('a.yaml', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ file: 'a.yaml', code: 'ERR_INVALID_UTF8', line: 2, column: 5 });
  });

  it('counts the BOM out of columns', () => {
    const result = decodeText('a.yaml', bytes(0xef, 0xbb, 0xbf, 0x61, 0xff));
    expect(result.ok ? undefined : [result.failure.line, result.failure.column]).toEqual([1, 2]);
  });

  it('decodes UTF-16 little-endian', () => {
    expect(decodeText('w.yaml', utf16('key: välue\n', true))).toEqual({ ok: true, text: 'key: välue\n', encoding: 'utf-16le' });
  });

  it('decodes UTF-16 big-endian', () => {
    expect(decodeText('w.yaml', utf16('a: 😀\n', false))).toEqual({ ok: true, text: 'a: 😀\n', encoding: 'utf-16be' });
  });

  it('rejects unpaired UTF-16 surrogates', () => {
    const result = decodeText('w.yaml', utf16('a: 1\nb: \ud800x', true));
    expect(result.ok ? undefined : result.failure).toMatchObject({ code: 'ERR_INVALID_UTF16', line: 2, column: 4 });
  });

  it('rejects an odd UTF-16 length', () => {
    const input = utf16('ab', true);
    const result = decodeText('w.yaml', input.subarray(0, input.length - 1));
    expect(result.ok ? undefined : result.failure.code).toBe('ERR_INVALID_UTF16');
  });
});

describe('findInvalidUtf8', () => {
  const cases: Array<[string, number[], number]> = [
    ['valid multibyte', [0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
    ['lone continuation', [0x61, 0x80], 1],
    ['overlong two-byte', [0xc0, 0xaf], 0],
    ['overlong three-byte', [0xe0, 0x80, 0xaf], 0],
    ['encoded surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated sequence', [0x61, 0x62, 0xe2, 0x82], 2],
  ];
  it.each(cases)('handles %s', (_name, input, expected) => {
    expect(findInvalidUtf8(new Uint8Array(input))).toBe(expected);
  });

  it('agrees with the fatal decoder', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let seed = 1; seed < 2000; seed++) {
      const input = new Uint8Array(6).map((_, i) => (seed * 2654435761 + i * 40503) >>> (i * 3) & 0xff);
      let valid = true;
      try {
        decoder.decode(input);
      } catch {
        valid = false;
      }
      expect(findInvalidUtf8(input) === -1, Array.from(input).join(',')).toBe(valid);
    }
  });
});
