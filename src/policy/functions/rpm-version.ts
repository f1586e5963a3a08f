// rpmVersionCompare: RPM versions, `[epoch:]version[-release]`, ordered as
// rpm's rpmvercmp (rpmio/rpmvercmp.c) and rpmverCmp (rpmio/rpmver.c) do.
//
//   - The epoch is the digits before a `:`; absent (or empty) counts as 0.
//   - The release follows the last `-`; it is compared only when both sides
//     have one, so `1.0` == `1.0-1`.
//   - Each part is split into runs of digits and runs of ASCII letters;
//     other characters only separate runs. Digit runs compare as numbers,
//     letter runs byte by byte, and a digit run is newer than a letter run.
//     `~` sorts before everything, even the end of the string (`1.0~rc1` <
//     `1.0`); `^` sorts after the end of the string but before anything else
//     (`1.0` < `1.0^git1` < `1.0.1`). When one side runs out, the side with
//     runs left is newer.

import { compareBytes, compareDigits, isAsciiLetter, isDigit, lastIndexOfByte, utf8 } from './text.js';

const COLON = 0x3a;
const HYPHEN = 0x2d;
const TILDE = 0x7e;
const CARET = 0x5e;

interface Evr {
  bytes: Uint8Array;
  /** [0, epochEnd) holds the epoch digits; epochEnd is -1 without an epoch. */
  epochEnd: number;
  versionStart: number;
  versionEnd: number;
  /** -1 without a release. */
  releaseStart: number;
}

/** Compares two RPM versions; returns -1, 0 or 1. Never throws. */
export function rpmVersionCompare(a: string, b: string): number {
  const x = splitEvr(utf8(a));
  const y = splitEvr(utf8(b));

  const epoch = compareEpochs(x, y);
  if (epoch !== 0) return epoch;

  const version = rpmvercmp(x.bytes, x.versionStart, x.versionEnd, y.bytes, y.versionStart, y.versionEnd);
  if (version !== 0 || x.releaseStart < 0 || y.releaseStart < 0) return version;
  return rpmvercmp(x.bytes, x.releaseStart, x.bytes.length, y.bytes, y.releaseStart, y.bytes.length);
}

function splitEvr(bytes: Uint8Array): Evr {
  let digits = 0;
  while (digits < bytes.length && isDigit(bytes[digits])) digits++;
  const hasEpoch = digits < bytes.length && bytes[digits] === COLON;
  const versionStart = hasEpoch ? digits + 1 : 0;

  const dash = lastIndexOfByte(bytes, HYPHEN, versionStart, bytes.length);
  return {
    bytes,
    epochEnd: hasEpoch ? digits : -1,
    versionStart,
    versionEnd: dash < 0 ? bytes.length : dash,
    releaseStart: dash < 0 ? -1 : dash + 1,
  };
}

// An absent or empty epoch is "0"; rpmvercmp of two digit runs is a numeric comparison.
function compareEpochs(x: Evr, y: Evr): number {
  return compareDigits(x.bytes, 0, Math.max(x.epochEnd, 0), y.bytes, 0, Math.max(y.epochEnd, 0));
}

/** rpmvercmp over byte ranges; returns -1, 0 or 1. */
export function rpmvercmp(a: Uint8Array, i: number, aEnd: number, b: Uint8Array, j: number, bEnd: number): number {
  if (compareBytes(a, i, aEnd, b, j, bEnd) === 0) return 0;

  while (i < aEnd || j < bEnd) {
    while (i < aEnd && isSeparator(a[i])) i++;
    while (j < bEnd && isSeparator(b[j])) j++;
    const aByte = i < aEnd ? a[i] : 0;
    const bByte = j < bEnd ? b[j] : 0;

    if (aByte === TILDE || bByte === TILDE) {
      if (aByte !== TILDE) return 1;
      if (bByte !== TILDE) return -1;
      i++;
      j++;
      continue;
    }

    if (aByte === CARET || bByte === CARET) {
      if (i >= aEnd) return -1;
      if (j >= bEnd) return 1;
      if (aByte !== CARET) return 1;
      if (bByte !== CARET) return -1;
      i++;
      j++;
      continue;
    }

    if (i >= aEnd || j >= bEnd) break;

    // The run type follows the left side: digits, or letters.
    const numeric = isDigit(aByte);
    const inRun = numeric ? isDigit : isAsciiLetter;
    let iRun = i;
    let jRun = j;
    while (iRun < aEnd && inRun(a[iRun])) iRun++;
    while (jRun < bEnd && inRun(b[jRun])) jRun++;

    // The right side has a run of the other type: digits are newer.
    if (jRun === j) return numeric ? 1 : -1;

    const order = numeric ? compareDigits(a, i, iRun, b, j, jRun) : compareBytes(a, i, iRun, b, j, jRun);
    if (order !== 0) return order;
    i = iRun;
    j = jRun;
  }

  if (i >= aEnd && j >= bEnd) return 0;
  return i >= aEnd ? -1 : 1;
}

function isSeparator(byte: number): boolean {
  return !isDigit(byte) && !isAsciiLetter(byte) && byte !== TILDE && byte !== CARET;
}
