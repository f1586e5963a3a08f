// Version comparison in WASM, the twin of src/policy/functions/version.ts,
// debian-version.ts and rpm-version.ts (the rules are documented there). All
// three read UTF-8 bytes, never allocate and never fail: every byte string is
// a version.
//
// Exported to the rule VM and the vulnerability scanner (all return -1, 0, 1):
//
//   versionCompareAt(aPtr: usize, aLen: u32, bPtr: usize, bLen: u32): i32
//     Dotted and semantic versions: optional leading v, numeric segments
//     compared as numbers of any length, pre-release before its release,
//     build metadata ignored, missing segments count as 0.
//   debianVersionCompareAt(aPtr: usize, aLen: u32, bPtr: usize, bLen: u32): i32
//     Debian [epoch:]upstream[-revision], dpkg ordering (`~` sorts first).
//   rpmVersionCompareAt(aPtr: usize, aLen: u32, bPtr: usize, bLen: u32): i32
//     RPM [epoch:]version[-release], rpmvercmp ordering (`~` and `^`).

const DOT: u8 = 0x2e;
const HYPHEN: u8 = 0x2d;
const PLUS: u8 = 0x2b;
const COLON: u8 = 0x3a;
const TILDE: u8 = 0x7e;
const CARET: u8 = 0x5e;
const DIGIT_ZERO: u8 = 0x30;

// ---------------------------------------------------------------- helpers

@inline
function byteAt(ptr: usize, i: u32): u8 {
  return load<u8>(ptr + <usize>i);
}

@inline
function isDigit(byte: u8): bool {
  return byte >= 0x30 && byte <= 0x39;
}

@inline
function isLetter(byte: u8): bool {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** Byte-wise comparison of [aStart, aEnd) and [bStart, bEnd); a shorter prefix sorts first. */
function compareBytes(a: usize, aStart: u32, aEnd: u32, b: usize, bStart: u32, bEnd: u32): i32 {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = aLength < bLength ? aLength : bLength;
  for (let i: u32 = 0; i < length; i++) {
    const x = byteAt(a, aStart + i);
    const y = byteAt(b, bStart + i);
    if (x != y) return x < y ? -1 : 1;
  }
  if (aLength == bLength) return 0;
  return aLength < bLength ? -1 : 1;
}

/** Compares digit runs as numbers of any length: skip leading zeros, longer is larger, then by digits. */
function compareDigits(a: usize, aStart: u32, aEnd: u32, b: usize, bStart: u32, bEnd: u32): i32 {
  while (aStart < aEnd && byteAt(a, aStart) == DIGIT_ZERO) aStart++;
  while (bStart < bEnd && byteAt(b, bStart) == DIGIT_ZERO) bStart++;
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  if (aLength != bLength) return aLength < bLength ? -1 : 1;
  return compareBytes(a, aStart, aEnd, b, bStart, bEnd);
}

function indexOfByte(ptr: usize, byte: u8, start: u32, end: u32): u32 {
  for (let i = start; i < end; i++) if (byteAt(ptr, i) == byte) return i;
  return end;
}

/** Returns the index of the last `byte` in [start, end), or -1. */
function lastIndexOfByte(ptr: usize, byte: u8, start: u32, end: u32): i32 {
  for (let i = <i32>end - 1; i >= <i32>start; i--) if (byteAt(ptr, <u32>i) == byte) return i;
  return -1;
}

// ------------------------------------------------------- dotted / semver

export function versionCompareAt(aPtr: usize, aLen: u32, bPtr: usize, bLen: u32): i32 {
  const aStart = versionStart(aPtr, aLen);
  const bStart = versionStart(bPtr, bLen);
  const aEnd = indexOfByte(aPtr, PLUS, aStart, aLen);
  const bEnd = indexOfByte(bPtr, PLUS, bStart, bLen);
  const aHyphen = indexOfByte(aPtr, HYPHEN, aStart, aEnd);
  const bHyphen = indexOfByte(bPtr, HYPHEN, bStart, bEnd);

  const core = compareSegments(aPtr, aStart, aHyphen, bPtr, bStart, bHyphen, true);
  if (core != 0) return core;

  // A pre-release sorts before its release.
  const aHasPre = aHyphen < aEnd;
  const bHasPre = bHyphen < bEnd;
  if (!aHasPre || !bHasPre) return aHasPre == bHasPre ? 0 : aHasPre ? -1 : 1;
  return compareSegments(aPtr, aHyphen + 1, aEnd, bPtr, bHyphen + 1, bEnd, false);
}

// One leading `v` or `V` before a digit is dropped.
function versionStart(ptr: usize, length: u32): u32 {
  if (length < 2) return 0;
  const first = byteAt(ptr, 0);
  return (first == 0x76 || first == 0x56) && isDigit(byteAt(ptr, 1)) ? 1 : 0;
}

/**
 * Compares dot-separated lists. With `zeroFill` a missing segment counts as
 * 0; without it the shorter list sorts first. A position of end + 1 marks an
 * exhausted list.
 */
function compareSegments(a: usize, aStart: u32, aEnd: u32, b: usize, bStart: u32, bEnd: u32, zeroFill: bool): i32 {
  let i = aStart;
  let j = bStart;
  while (i <= aEnd || j <= bEnd) {
    if (!zeroFill && (i > aEnd || j > bEnd)) return i > aEnd ? -1 : 1;

    const iEnd = i <= aEnd ? indexOfByte(a, DOT, i, aEnd) : i;
    const jEnd = j <= bEnd ? indexOfByte(b, DOT, j, bEnd) : j;
    const order = compareIdentifiers(a, i, iEnd, b, j, jEnd);
    if (order != 0) return order;
    i = iEnd + 1;
    j = jEnd + 1;
  }
  return 0;
}

// An empty identifier counts as the number 0; numbers sort before other identifiers.
function compareIdentifiers(a: usize, aStart: u32, aEnd: u32, b: usize, bStart: u32, bEnd: u32): i32 {
  const aNumeric = isNumeric(a, aStart, aEnd);
  const bNumeric = isNumeric(b, bStart, bEnd);
  if (aNumeric && bNumeric) return compareDigits(a, aStart, aEnd, b, bStart, bEnd);
  if (aNumeric != bNumeric) return aNumeric ? -1 : 1;
  return compareBytes(a, aStart, aEnd, b, bStart, bEnd);
}

function isNumeric(ptr: usize, start: u32, end: u32): bool {
  for (let i = start; i < end; i++) if (!isDigit(byteAt(ptr, i))) return false;
  return true;
}

// ---------------------------------------------------------------- Debian

export function debianVersionCompareAt(aPtr: usize, aLen: u32, bPtr: usize, bLen: u32): i32 {
  const aColon = debianEpochEnd(aPtr, aLen);
  const bColon = debianEpochEnd(bPtr, bLen);
  const epoch = compareDigits(aPtr, 0, aColon < 0 ? 0 : <u32>aColon, bPtr, 0, bColon < 0 ? 0 : <u32>bColon);
  if (epoch != 0) return epoch;

  const aRest = <u32>(aColon + 1);
  const bRest = <u32>(bColon + 1);
  const aDash = lastIndexOfByte(aPtr, HYPHEN, aRest, aLen);
  const bDash = lastIndexOfByte(bPtr, HYPHEN, bRest, bLen);
  const upstream = compareDebianRuns(aPtr, aRest, aDash < 0 ? aLen : <u32>aDash, bPtr, bRest, bDash < 0 ? bLen : <u32>bDash);
  if (upstream != 0) return upstream;

  return compareDebianRuns(aPtr, aDash < 0 ? aLen : <u32>aDash + 1, aLen, bPtr, bDash < 0 ? bLen : <u32>bDash + 1, bLen);
}

/** Index of the `:` ending an all-digit, non-empty epoch, or -1. */
function debianEpochEnd(ptr: usize, length: u32): i32 {
  const colon = indexOfByte(ptr, COLON, 0, length);
  if (colon == 0 || colon == length) return -1;
  for (let i: u32 = 0; i < colon; i++) if (!isDigit(byteAt(ptr, i))) return -1;
  return <i32>colon;
}

// Weight in a non-digit run: end of string and digits 0, `~` -1, letters
// their code, anything else code + 256.
function debianWeight(ptr: usize, i: u32, end: u32): i32 {
  if (i >= end) return 0;
  const byte = byteAt(ptr, i);
  if (isDigit(byte)) return 0;
  if (isLetter(byte)) return <i32>byte;
  if (byte == TILDE) return -1;
  return <i32>byte + 256;
}

function compareDebianRuns(a: usize, i: u32, aEnd: u32, b: usize, j: u32, bEnd: u32): i32 {
  while (i < aEnd || j < bEnd) {
    while ((i < aEnd && !isDigit(byteAt(a, i))) || (j < bEnd && !isDigit(byteAt(b, j)))) {
      const difference = debianWeight(a, i, aEnd) - debianWeight(b, j, bEnd);
      if (difference != 0) return difference < 0 ? -1 : 1;
      i++;
      j++;
    }

    let iDigits = i;
    let jDigits = j;
    while (iDigits < aEnd && isDigit(byteAt(a, iDigits))) iDigits++;
    while (jDigits < bEnd && isDigit(byteAt(b, jDigits))) jDigits++;
    const order = compareDigits(a, i, iDigits, b, j, jDigits);
    if (order != 0) return order;
    i = iDigits;
    j = jDigits;
  }
  return 0;
}

// ------------------------------------------------------------------- RPM

export function rpmVersionCompareAt(aPtr: usize, aLen: u32, bPtr: usize, bLen: u32): i32 {
  // Epoch: the digits before a `:`; absent or empty counts as 0.
  let aDigits: u32 = 0;
  while (aDigits < aLen && isDigit(byteAt(aPtr, aDigits))) aDigits++;
  let bDigits: u32 = 0;
  while (bDigits < bLen && isDigit(byteAt(bPtr, bDigits))) bDigits++;
  const aHasEpoch = aDigits < aLen && byteAt(aPtr, aDigits) == COLON;
  const bHasEpoch = bDigits < bLen && byteAt(bPtr, bDigits) == COLON;
  const epoch = compareDigits(aPtr, 0, aHasEpoch ? aDigits : 0, bPtr, 0, bHasEpoch ? bDigits : 0);
  if (epoch != 0) return epoch;

  // Release: after the last `-`; compared only when both sides have one.
  const aVersion: u32 = aHasEpoch ? aDigits + 1 : 0;
  const bVersion: u32 = bHasEpoch ? bDigits + 1 : 0;
  const aDash = lastIndexOfByte(aPtr, HYPHEN, aVersion, aLen);
  const bDash = lastIndexOfByte(bPtr, HYPHEN, bVersion, bLen);
  const version = rpmvercmp(aPtr, aVersion, aDash < 0 ? aLen : <u32>aDash, bPtr, bVersion, bDash < 0 ? bLen : <u32>bDash);
  if (version != 0 || aDash < 0 || bDash < 0) return version;
  return rpmvercmp(aPtr, <u32>aDash + 1, aLen, bPtr, <u32>bDash + 1, bLen);
}

@inline
function isRpmSeparator(byte: u8): bool {
  return !isDigit(byte) && !isLetter(byte) && byte != TILDE && byte != CARET;
}

function rpmvercmp(a: usize, i: u32, aEnd: u32, b: usize, j: u32, bEnd: u32): i32 {
  if (compareBytes(a, i, aEnd, b, j, bEnd) == 0) return 0;

  while (i < aEnd || j < bEnd) {
    while (i < aEnd && isRpmSeparator(byteAt(a, i))) i++;
    while (j < bEnd && isRpmSeparator(byteAt(b, j))) j++;
    const aByte: u8 = i < aEnd ? byteAt(a, i) : 0;
    const bByte: u8 = j < bEnd ? byteAt(b, j) : 0;

    // `~` sorts before everything, the end of the string included.
    if (aByte == TILDE || bByte == TILDE) {
      if (aByte != TILDE) return 1;
      if (bByte != TILDE) return -1;
      i++;
      j++;
      continue;
    }

    // `^` sorts after the end of the string but before anything else.
    if (aByte == CARET || bByte == CARET) {
      if (i >= aEnd) return -1;
      if (j >= bEnd) return 1;
      if (aByte != CARET) return 1;
      if (bByte != CARET) return -1;
      i++;
      j++;
      continue;
    }

    if (i >= aEnd || j >= bEnd) break;

    // The run type follows the left side: digits, or letters.
    const numeric = isDigit(aByte);
    let iRun = i;
    let jRun = j;
    if (numeric) {
      while (iRun < aEnd && isDigit(byteAt(a, iRun))) iRun++;
      while (jRun < bEnd && isDigit(byteAt(b, jRun))) jRun++;
    } else {
      while (iRun < aEnd && isLetter(byteAt(a, iRun))) iRun++;
      while (jRun < bEnd && isLetter(byteAt(b, jRun))) jRun++;
    }

    // The right side has a run of the other type: digits are newer.
    if (jRun == j) return numeric ? 1 : -1;

    const order = numeric ? compareDigits(a, i, iRun, b, j, jRun) : compareBytes(a, i, iRun, b, j, jRun);
    if (order != 0) return order;
    i = iRun;
    j = jRun;
  }

  if (i >= aEnd && j >= bEnd) return 0;
  return i >= aEnd ? -1 : 1;
}
