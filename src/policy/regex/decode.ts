// Turns matcher input into code points. Invalid input never fails: each
// unpaired surrogate, and each byte that does not start a valid UTF-8
// sequence, becomes U+FFFD, as RE2 and Go's utf8.DecodeRune do.

export const REPLACEMENT_CHARACTER = 0xfffd;

// Code point buffer reused between calls, grown only for longer input. Its
// contents are valid up to the length each call returns.
let buffer = new Uint32Array(256);

function reserve(length: number): Uint32Array {
  if (buffer.length < length) buffer = new Uint32Array(Math.max(length, buffer.length * 2));
  return buffer;
}

/** Decodes a JS string; returns the shared buffer and the number of code points. */
export function decodeString(text: string): [Uint32Array, number] {
  const out = reserve(text.length);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    out[count++] = c >= 0xd800 && c <= 0xdfff ? REPLACEMENT_CHARACTER : c;
  }
  return [out, count];
}

/** Decodes UTF-8 bytes; returns the shared buffer and the number of code points. */
export function decodeUtf8(bytes: Uint8Array): [Uint32Array, number] {
  const out = reserve(bytes.length);
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    const [c, size] = decodeUtf8At(bytes, i);
    out[count++] = c;
    i += size;
  }
  return [out, count];
}

/**
 * Decodes one code point at `i`; returns it and its size in bytes. Overlong
 * forms, surrogates and values past U+10FFFF are invalid, and an invalid or
 * truncated sequence yields U+FFFD for its first byte only.
 */
export function decodeUtf8At(bytes: Uint8Array, i: number): [number, number] {
  const b0 = bytes[i];
  if (b0 < 0x80) return [b0, 1];

  let size: number;
  let c: number;
  // Bounds for the second byte rule out overlong forms, surrogates and > U+10FFFF.
  let low = 0x80;
  let high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    size = 2;
    c = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    size = 3;
    c = b0 & 0x0f;
    if (b0 === 0xe0) low = 0xa0;
    if (b0 === 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    size = 4;
    c = b0 & 0x07;
    if (b0 === 0xf0) low = 0x90;
    if (b0 === 0xf4) high = 0x8f;
  } else {
    return [REPLACEMENT_CHARACTER, 1];
  }

  if (i + size > bytes.length) return [REPLACEMENT_CHARACTER, 1];
  for (let k = 1; k < size; k++) {
    const b = bytes[i + k];
    const min = k === 1 ? low : 0x80;
    const max = k === 1 ? high : 0xbf;
    if (b < min || b > max) return [REPLACEMENT_CHARACTER, 1];
    c = (c << 6) | (b & 0x3f);
  }
  return [c, size];
}
