// Byte-level helpers shared by the helper functions. Every function here
// reads UTF-8 bytes, so the TypeScript and WASM versions see the same input
// and compare strings in code point order.

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

export function isAsciiLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** ASCII whitespace: space, \t, \n, \v, \f, \r. */
export function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** Returns [start, end) of `bytes` without surrounding ASCII whitespace. */
export function trimAscii(bytes: Uint8Array): [number, number] {
  let start = 0;
  let end = bytes.length;
  while (start < end && isAsciiSpace(bytes[start])) start++;
  while (end > start && isAsciiSpace(bytes[end - 1])) end--;
  return [start, end];
}

/** Compares two byte ranges lexicographically (a shorter prefix sorts first). Returns -1, 0 or 1. */
export function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < length; i++) {
    const difference = a[aStart + i] - b[bStart + i];
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return Math.sign(aEnd - aStart - (bEnd - bStart));
}

/**
 * Compares two runs of ASCII digits as numbers of any length: leading zeros
 * are skipped, then the longer run is larger, then the first differing digit
 * decides. Returns -1, 0 or 1.
 */
export function compareDigits(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  while (aStart < aEnd && a[aStart] === 0x30) aStart++;
  while (bStart < bEnd && b[bStart] === 0x30) bStart++;
  if (aEnd - aStart !== bEnd - bStart) return aEnd - aStart < bEnd - bStart ? -1 : 1;
  return compareBytes(a, aStart, aEnd, b, bStart, bEnd);
}

/** Returns the index of the first `byte` in [start, end), or `end`. */
export function indexOfByte(bytes: Uint8Array, byte: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (bytes[i] === byte) return i;
  return end;
}

/** Returns the index of the last `byte` in [start, end), or -1. */
export function lastIndexOfByte(bytes: Uint8Array, byte: number, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (bytes[i] === byte) return i;
  return -1;
}
