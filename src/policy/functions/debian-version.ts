// debianVersionCompare: Debian package versions, `[epoch:]upstream[-revision]`,
// ordered as Debian Policy 5.6.12 describes and dpkg's verrevcmp implements.
//
//   - The epoch (digits before the first `:`) compares as a number; absent is 0.
//     When the text before the first `:` is not all digits there is no epoch.
//   - The revision follows the last `-`; absent compares like `0`.
//   - Upstream and revision are compared in alternating runs: a non-digit run
//     character by character, where `~` sorts before everything (even the
//     end of the string) and letters sort before other characters; then a
//     digit run as a number.

import { compareDigits, indexOfByte, isAsciiLetter, isDigit, lastIndexOfByte, utf8 } from './text.js';

const COLON = 0x3a;
const HYPHEN = 0x2d;
const TILDE = 0x7e;

/** Compares two Debian versions; returns -1, 0 or 1. Never throws. */
export function debianVersionCompare(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);

  const xColon = epochEnd(x);
  const yColon = epochEnd(y);
  const epoch = compareDigits(x, 0, Math.max(xColon, 0), y, 0, Math.max(yColon, 0));
  if (epoch !== 0) return epoch;

  const xDash = lastIndexOfByte(x, HYPHEN, xColon + 1, x.length);
  const yDash = lastIndexOfByte(y, HYPHEN, yColon + 1, y.length);
  const xUpstreamEnd = xDash < 0 ? x.length : xDash;
  const yUpstreamEnd = yDash < 0 ? y.length : yDash;
  const upstream = compareRuns(x, xColon + 1, xUpstreamEnd, y, yColon + 1, yUpstreamEnd);
  if (upstream !== 0) return upstream;

  return compareRuns(x, xDash < 0 ? x.length : xDash + 1, x.length, y, yDash < 0 ? y.length : yDash + 1, y.length);
}

/** Returns the index of the `:` that ends a numeric epoch, or -1 when there is none. */
function epochEnd(bytes: Uint8Array): number {
  const colon = indexOfByte(bytes, COLON, 0, bytes.length);
  if (colon === 0 || colon === bytes.length) return -1;
  for (let i = 0; i < colon; i++) if (!isDigit(bytes[i])) return -1;
  return colon;
}

// Weight of a byte in a non-digit run; the end of the string weighs 0, like a digit.
function weight(bytes: Uint8Array, i: number, end: number): number {
  if (i >= end) return 0;
  const byte = bytes[i];
  if (isDigit(byte)) return 0;
  if (isAsciiLetter(byte)) return byte;
  if (byte === TILDE) return -1;
  return byte + 256;
}

function compareRuns(a: Uint8Array, i: number, aEnd: number, b: Uint8Array, j: number, bEnd: number): number {
  while (i < aEnd || j < bEnd) {
    // Non-digit run: both sides advance together while their weights agree.
    while ((i < aEnd && !isDigit(a[i])) || (j < bEnd && !isDigit(b[j]))) {
      const difference = weight(a, i, aEnd) - weight(b, j, bEnd);
      if (difference !== 0) return difference < 0 ? -1 : 1;
      i++;
      j++;
    }

    // Digit run, compared as a number.
    let iDigits = i;
    let jDigits = j;
    while (iDigits < aEnd && isDigit(a[iDigits])) iDigits++;
    while (jDigits < bEnd && isDigit(b[jDigits])) jDigits++;
    const order = compareDigits(a, i, iDigits, b, j, jDigits);
    if (order !== 0) return order;
    i = iDigits;
    j = jDigits;
  }
  return 0;
}
