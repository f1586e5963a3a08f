// Decoding configuration bytes into text before a host parser reads them.
// UTF-8 is the norm: a BOM is stripped and invalid sequences are rejected
// with the position of the first bad byte, because silently replacing them
// would let a rule read a value that is not in the file. Files that start
// with a UTF-16 BOM (Windows editors write them) are decoded as UTF-16;
// unpaired surrogates or an odd byte count are rejected the same way.

import type { ParseFailure } from './types.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncodingName }
  | { ok: false; failure: Omit<ParseFailure, 'format'> };

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes file bytes as UTF-8 (or UTF-16 after a UTF-16 BOM), stripping any BOM. */
export function decodeText(file: string, bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(file, bytes.subarray(2), true);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(file, bytes.subarray(2), false);

  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: utf8Fatal.decode(body), encoding: 'utf-8' };
  } catch {
    // The fatal decoder does not say where; find the first bad byte ourselves.
    const offset = findInvalidUtf8(body);
    const { line, column } = utf8Position(body, offset);
    return {
      ok: false,
      failure: {
        file,
        code: 'ERR_INVALID_UTF8',
        reason: `invalid UTF-8 byte sequence at line ${line}, column ${column}; save the file as UTF-8`,
        line,
        column,
      },
    };
  }
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** True when the bytes open with a UTF-16 byte order mark (either byte order). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/**
 * Returns the offset of the first byte that does not start or continue a
 * well-formed UTF-8 sequence (no overlong forms, no surrogates, nothing above
 * U+10FFFF), or -1 when the bytes are valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }

    let needed: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else {
      return i;
    }

    // The first continuation byte has the narrowed range; the rest are 80-BF.
    for (let k = 1; k <= needed; k++) {
      const byte = bytes[i + k];
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (byte === undefined || byte < min || byte > max) return i;
    }
    i += needed + 1;
  }
  return -1;
}

/** Line (1-based) and column (1-based, UTF-16 code units) of a byte offset in valid UTF-8 before it. */
function utf8Position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const end = offset < 0 ? bytes.length : offset;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: utf8Lossy.decode(bytes.subarray(lineStart, end)).length + 1 };
}

function decodeUtf16(file: string, body: Uint8Array, littleEndian: boolean): DecodedText {
  const encoding: TextEncodingName = littleEndian ? 'utf-16le' : 'utf-16be';
  const units = Math.floor(body.length / 2);
  let line = 1;
  let lineStartUnit = 0;
  let badUnit = body.length % 2 === 1 ? units : -1;

  // Scan code units for unpaired surrogates, counting lines for the report.
  for (let u = 0; u < units; u++) {
    const unit = readUnit(body, u, littleEndian);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = u + 1 < units ? readUnit(body, u + 1, littleEndian) : -1;
      if (next < 0xdc00 || next > 0xdfff) {
        badUnit = u;
        break;
      }
      u++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      badUnit = u;
      break;
    } else if (unit === 0x0a) {
      line++;
      lineStartUnit = u + 1;
    }
  }

  if (badUnit >= 0) {
    const column = badUnit - lineStartUnit + 1;
    return {
      ok: false,
      failure: {
        file,
        code: 'ERR_INVALID_UTF16',
        reason: `invalid UTF-16 (${littleEndian ? 'little' : 'big'}-endian) sequence at line ${line}, column ${column}; save the file as UTF-8`,
        line,
        column,
      },
    };
  }
  return { ok: true, text: new TextDecoder(encoding, { ignoreBOM: true }).decode(body), encoding };
}

function readUnit(body: Uint8Array, index: number, littleEndian: boolean): number {
  const first = body[2 * index];
  const second = body[2 * index + 1];
  return littleEndian ? first | (second << 8) : (first << 8) | second;
}
