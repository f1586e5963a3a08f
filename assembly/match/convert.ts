// Conversions in WASM, the twin of src/policy/functions/convert.ts (the
// accepted forms are documented there). Text is UTF-8 bytes; surrounding
// ASCII whitespace is ignored and letters match regardless of ASCII case.
// Nothing is allocated.
//
// Exported to the rule VM:
//
//   toBoolAt(ptr: usize, len: u32): i32
//     1 for yes/on/true/1, 0 for no/off/false/0, CONVERT_INVALID (-1) otherwise.
//   secondsAt(ptr: usize, len: u32): i64
//     Whole seconds (>= 0) of `30`, `30s`, `15m`, `1h30m`, `2d`, `1w`,
//     `1500ms` (milliseconds add up, then round down); CONVERT_INVALID (-1)
//     for another form, CONVERT_OVERFLOW (-2) when the total in milliseconds
//     does not fit in a signed 64-bit integer.
//   bytesSizeAt(ptr: usize, len: u32): i64
//     Bytes (>= 0) of `512`, `64k`, `512M`, `1G`, `1GB`, `1MiB`, `8 kb`, all
//     1024-based; CONVERT_INVALID (-1) or CONVERT_OVERFLOW (-2).

export const CONVERT_INVALID: i32 = -1;
export const CONVERT_OVERFLOW: i32 = -2;

const MAX_INT64: u64 = 0x7fffffffffffffff;

@inline
function isSpace(byte: u8): bool {
  return byte == 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

@inline
function isDigit(byte: u8): bool {
  return byte >= 0x30 && byte <= 0x39;
}

@inline
function lowerAscii(byte: u8): u8 {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

@inline
function isLetter(byte: u8): bool {
  const lower = lowerAscii(byte);
  return lower >= 0x61 && lower <= 0x7a;
}

// Bounds of the last trim().
let trimmedStart: u32 = 0;
let trimmedEnd: u32 = 0;

function trim(ptr: usize, length: u32): void {
  let start: u32 = 0;
  let end = length;
  while (start < end && isSpace(load<u8>(ptr + start))) start++;
  while (end > start && isSpace(load<u8>(ptr + end - 1))) end--;
  trimmedStart = start;
  trimmedEnd = end;
}

/**
 * Whether [start, end) equals `word` (lower-case ASCII letters and digits,
 * at most 8 bytes packed little-endian into a u64) regardless of ASCII case.
 */
function equalsWord(ptr: usize, start: u32, end: u32, word: u64, wordLength: u32): bool {
  if (end - start != wordLength) return false;
  for (let i: u32 = 0; i < wordLength; i++) {
    if (<u64>lowerAscii(load<u8>(ptr + start + i)) != ((word >>> (<u64>i << 3)) & 0xff)) return false;
  }
  return true;
}

// Words packed little-endian: "yes" is 0x736579.
const WORD_YES: u64 = 0x736579;
const WORD_ON: u64 = 0x6e6f;
const WORD_TRUE: u64 = 0x65757274;
const WORD_ONE: u64 = 0x31;
const WORD_NO: u64 = 0x6f6e;
const WORD_OFF: u64 = 0x66666f;
const WORD_FALSE: u64 = 0x65736c6166;
const WORD_ZERO: u64 = 0x30;

export function toBoolAt(ptr: usize, len: u32): i32 {
  trim(ptr, len);
  const start = trimmedStart;
  const end = trimmedEnd;
  if (equalsWord(ptr, start, end, WORD_YES, 3) || equalsWord(ptr, start, end, WORD_ON, 2)
    || equalsWord(ptr, start, end, WORD_TRUE, 4) || equalsWord(ptr, start, end, WORD_ONE, 1)) return 1;
  if (equalsWord(ptr, start, end, WORD_NO, 2) || equalsWord(ptr, start, end, WORD_OFF, 3)
    || equalsWord(ptr, start, end, WORD_FALSE, 5) || equalsWord(ptr, start, end, WORD_ZERO, 1)) return 0;
  return CONVERT_INVALID;
}

// Value of the digits read by readNumber; numberOverflow is set when it exceeds MAX_INT64.
let numberValue: u64 = 0;
let numberOverflow = false;

/** Reads decimal digits from `start`; returns the index after them. */
function readNumber(ptr: usize, start: u32, end: u32): u32 {
  let value: u64 = 0;
  let overflow = false;
  let i = start;
  while (i < end && isDigit(load<u8>(ptr + i))) {
    const digit = <u64>(load<u8>(ptr + i) - 0x30);
    if (value > (MAX_INT64 - digit) / 10) overflow = true;
    else value = value * 10 + digit;
    i++;
  }
  numberValue = value;
  numberOverflow = overflow;
  return i;
}

/** Milliseconds per unit for seconds(), or 0 for an unknown unit in [start, end). */
function durationUnit(ptr: usize, start: u32, end: u32): u64 {
  const length = end - start;
  if (length == 0 || length > 2) return 0;
  const first = lowerAscii(load<u8>(ptr + start));
  if (length == 2) return first == 0x6d && lowerAscii(load<u8>(ptr + start + 1)) == 0x73 ? 1 : 0; // ms
  if (first == 0x73) return 1000; // s
  if (first == 0x6d) return 60000; // m
  if (first == 0x68) return 3600000; // h
  if (first == 0x64) return 86400000; // d
  if (first == 0x77) return 604800000; // w
  return 0;
}

export function secondsAt(ptr: usize, len: u32): i64 {
  trim(ptr, len);
  const start = trimmedStart;
  const end = trimmedEnd;
  if (start == end) return CONVERT_INVALID;

  let total: u64 = 0;
  let overflow = false;
  let i = start;
  while (i < end) {
    const digitsEnd = readNumber(ptr, i, end);
    if (digitsEnd == i) return CONVERT_INVALID;
    const value = numberValue;
    const valueOverflow = numberOverflow;
    let unitEnd = digitsEnd;
    while (unitEnd < end && isLetter(load<u8>(ptr + unitEnd))) unitEnd++;

    // A number without a unit is allowed only as the whole text.
    let scale: u64;
    if (unitEnd == digitsEnd) {
      if (i != start || unitEnd != end) return CONVERT_INVALID;
      scale = 1000;
    } else {
      scale = durationUnit(ptr, digitsEnd, unitEnd);
      if (scale == 0) return CONVERT_INVALID;
    }

    // Overflow is reported only once the whole text is known to be valid.
    if (valueOverflow || value > (MAX_INT64 - total) / scale) overflow = true;
    else total += value * scale;
    i = unitEnd;
  }
  if (overflow) return CONVERT_OVERFLOW;
  return <i64>(total / 1000);
}

/** Power of 1024 for a size unit in [start, end), or -1 for an unknown unit. */
function sizeUnit(ptr: usize, start: u32, end: u32): i32 {
  const length = end - start;
  if (length == 0) return 0;
  if (length > 3) return -1;

  const first = lowerAscii(load<u8>(ptr + start));
  if (length == 1 && first == 0x62) return 0; // b
  let power: i32 = -1;
  if (first == 0x6b) power = 1; // k
  else if (first == 0x6d) power = 2; // m
  else if (first == 0x67) power = 3; // g
  else if (first == 0x74) power = 4; // t
  else if (first == 0x70) power = 5; // p
  else if (first == 0x65) power = 6; // e
  if (power < 0 || length == 1) return power;

  // Two letters: `kb`; three: `kib`.
  const last = lowerAscii(load<u8>(ptr + end - 1));
  if (last != 0x62) return -1;
  if (length == 3 && lowerAscii(load<u8>(ptr + start + 1)) != 0x69) return -1;
  return power;
}

export function bytesSizeAt(ptr: usize, len: u32): i64 {
  trim(ptr, len);
  const start = trimmedStart;
  const end = trimmedEnd;

  const digitsEnd = readNumber(ptr, start, end);
  if (digitsEnd == start) return CONVERT_INVALID;
  let unitStart = digitsEnd;
  while (unitStart < end && (load<u8>(ptr + unitStart) == 0x20 || load<u8>(ptr + unitStart) == 0x09)) unitStart++;
  const power = sizeUnit(ptr, unitStart, end);
  if (power < 0) return CONVERT_INVALID;

  const shift = <u64>(power * 10);
  if (numberOverflow || (shift > 0 && numberValue > (MAX_INT64 >> shift))) return CONVERT_OVERFLOW;
  return <i64>(numberValue << shift);
}
