// UTF-8 string helpers of the VM. Strings are byte slices; comparing bytes of
// UTF-8 orders strings by code point, as CEL does.

/** -1, 0 or 1: byte order, then length. */
export function compareBytes(a: usize, aLength: u32, b: usize, bLength: u32): i32 {
  const shared = aLength < bLength ? aLength : bLength;
  const diff = memory.compare(a, b, shared);
  if (diff != 0) return diff < 0 ? -1 : 1;
  if (aLength == bLength) return 0;
  return aLength < bLength ? -1 : 1;
}

@inline export function bytesEqual(a: usize, aLength: u32, b: usize, bLength: u32): bool {
  return aLength == bLength && memory.compare(a, b, aLength) == 0;
}

/** Number of code points: bytes that do not continue a sequence. */
export function codePointCount(ptr: usize, length: u32): u32 {
  let count: u32 = 0;
  for (let i: u32 = 0; i < length; i++) {
    if ((load<u8>(ptr + i) & 0xc0) != 0x80) count++;
  }
  return count;
}

/** Offset of the first occurrence of the needle, or -1. */
export function findBytes(haystack: usize, haystackLength: u32, needle: usize, needleLength: u32): i32 {
  if (needleLength == 0) return 0;
  if (needleLength > haystackLength) return -1;
  const first = load<u8>(needle);
  const last = haystackLength - needleLength;
  for (let i: u32 = 0; i <= last; i++) {
    if (load<u8>(haystack + i) == first && memory.compare(haystack + i, needle, needleLength) == 0) return <i32>i;
  }
  return -1;
}

/**
 * Decodes the code point at `ptr + i`; writes its byte length to `decodedLength`.
 * Malformed bytes decode as themselves with length 1 (they never match a space).
 */
export let decodedLength: u32 = 1;

export function decodeAt(ptr: usize, i: u32, length: u32): u32 {
  const b0 = <u32>load<u8>(ptr + i);
  if (b0 < 0x80) {
    decodedLength = 1;
    return b0;
  }
  if (b0 >= 0xc0 && b0 < 0xe0 && i + 1 < length) {
    decodedLength = 2;
    return ((b0 & 0x1f) << 6) | (<u32>load<u8>(ptr + i + 1) & 0x3f);
  }
  if (b0 >= 0xe0 && b0 < 0xf0 && i + 2 < length) {
    decodedLength = 3;
    return ((b0 & 0x0f) << 12) | ((<u32>load<u8>(ptr + i + 1) & 0x3f) << 6) | (<u32>load<u8>(ptr + i + 2) & 0x3f);
  }
  if (b0 >= 0xf0 && i + 3 < length) {
    decodedLength = 4;
    return ((b0 & 0x07) << 18) | ((<u32>load<u8>(ptr + i + 1) & 0x3f) << 12)
      | ((<u32>load<u8>(ptr + i + 2) & 0x3f) << 6) | (<u32>load<u8>(ptr + i + 3) & 0x3f);
  }
  decodedLength = 1;
  return 0xfffd;
}

/** White space as Go's unicode.IsSpace defines it, which cel-go's trim() removes. */
export function isTrimSpace(c: u32): bool {
  if (c == 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0x85) return false;
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
    || c == 0x202f || c == 0x205f || c == 0x3000;
}

/** Start of the code point that ends just before `end` (UTF-8 lead byte). */
export function previousStart(ptr: usize, end: u32): u32 {
  let i = end - 1;
  while (i > 0 && (load<u8>(ptr + i) & 0xc0) == 0x80 && end - i < 4) i--;
  return i;
}

/** Writes the decimal digits of `value` at `out`; returns the byte count. */
export function writeUnsigned(out: usize, value: u64): u32 {
  let digits: u32 = 1;
  let probe = value;
  while (probe >= 10) {
    probe /= 10;
    digits++;
  }
  let rest = value;
  for (let i = digits; i > 0; i--) {
    store<u8>(out + i - 1, <u8>(0x30 + <u32>(rest % 10)));
    rest /= 10;
  }
  return digits;
}

export function writeSigned(out: usize, value: i64): u32 {
  if (value < 0) {
    store<u8>(out, 0x2d);
    // The magnitude of i64.MIN_VALUE fits in u64.
    return 1 + writeUnsigned(out + 1, <u64>(-(value + 1)) + 1);
  }
  return writeUnsigned(out, <u64>value);
}

export const PARSE_OK: u32 = 0;
export const PARSE_MALFORMED: u32 = 1;
export const PARSE_OUT_OF_RANGE: u32 = 2;

export let parsedInt: i64 = 0;
export let parsedUint: u64 = 0;

/**
 * Parses `[+-]?[0-9]+` (with `signed`) or `[0-9]+` into parsedInt or
 * parsedUint. Returns PARSE_OK, PARSE_MALFORMED, or PARSE_OUT_OF_RANGE when
 * the text is well formed but the value does not fit.
 */
export function parseInteger(ptr: usize, length: u32, signed: bool): u32 {
  if (length == 0) return PARSE_MALFORMED;
  let i: u32 = 0;
  let negative = false;
  const sign = load<u8>(ptr);
  if (signed && (sign == 0x2b || sign == 0x2d)) {
    negative = sign == 0x2d;
    i = 1;
  }
  if (i == length) return PARSE_MALFORMED;
  let value: u64 = 0;
  let overflow = false;
  if (length - i <= 18) {
    // Eighteen digits always fit 2^63, so the common short case skips the overflow test.
    for (; i < length; i++) {
      const c = <u32>load<u8>(ptr + i);
      if (c - 0x30 > 9) return PARSE_MALFORMED;
      value = value * 10 + <u64>(c - 0x30);
    }
  }
  for (; i < length; i++) {
    const c = <u32>load<u8>(ptr + i);
    if (c < 0x30 || c > 0x39) return PARSE_MALFORMED;
    const digit = <u64>(c - 0x30);
    if (value > (0xffffffffffffffff - digit) / 10) overflow = true;
    else value = value * 10 + digit;
  }
  if (overflow) return PARSE_OUT_OF_RANGE;
  if (!signed) {
    parsedUint = value;
    return PARSE_OK;
  }
  if (negative) {
    if (value > 0x8000000000000000) return PARSE_OUT_OF_RANGE;
    parsedInt = <i64>(0 - value);
  } else {
    if (value > 0x7fffffffffffffff) return PARSE_OUT_OF_RANGE;
    parsedInt = <i64>value;
  }
  return PARSE_OK;
}

export let parsedDouble: f64 = 0;

/**
 * Parses `[+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?`, or `inf`,
 * `infinity`, `nan` in any case with an optional sign, into parsedDouble.
 * NOTE: exact (correctly rounded) only when the digits fit 2^53 and the power
 * of ten is at most 22; longer literals may differ from JavaScript's Number()
 * in the last bit.
 */
export function parseDouble(ptr: usize, length: u32): bool {
  if (length == 0) return false;
  let i: u32 = 0;
  let negative = false;
  const sign = load<u8>(ptr);
  if (sign == 0x2b || sign == 0x2d) {
    negative = sign == 0x2d;
    i = 1;
  }
  if (matchesWordIgnoringCase(ptr + i, length - i, "infinity") || matchesWordIgnoringCase(ptr + i, length - i, "inf")) {
    parsedDouble = negative ? -Infinity : Infinity;
    return true;
  }
  if (matchesWordIgnoringCase(ptr + i, length - i, "nan")) {
    parsedDouble = NaN;
    return true;
  }

  let mantissa: u64 = 0;
  let kept: u32 = 0;
  let exponent: i32 = 0;
  let integerDigits: u32 = 0;
  let fractionDigits: u32 = 0;
  while (i < length && isDigit(load<u8>(ptr + i))) {
    const digit = <u64>(load<u8>(ptr + i) - 0x30);
    if (mantissa == 0 && digit == 0) {
      // Leading zeros carry no digits.
    } else if (kept < 19) {
      mantissa = mantissa * 10 + digit;
      kept++;
    } else {
      exponent++;
    }
    i++;
    integerDigits++;
  }
  if (i < length && load<u8>(ptr + i) == 0x2e) {
    i++;
    while (i < length && isDigit(load<u8>(ptr + i))) {
      const digit = <u64>(load<u8>(ptr + i) - 0x30);
      if (kept < 19 && !(mantissa == 0 && digit == 0)) {
        mantissa = mantissa * 10 + digit;
        kept++;
        exponent--;
      } else if (mantissa == 0) {
        exponent--;
      }
      i++;
      fractionDigits++;
    }
  }
  if (integerDigits == 0 && fractionDigits == 0) return false;

  if (i < length && (load<u8>(ptr + i) | 0x20) == 0x65) {
    i++;
    let expNegative = false;
    if (i < length && (load<u8>(ptr + i) == 0x2b || load<u8>(ptr + i) == 0x2d)) {
      expNegative = load<u8>(ptr + i) == 0x2d;
      i++;
    }
    let expValue: i32 = 0;
    let expDigits: u32 = 0;
    while (i < length && isDigit(load<u8>(ptr + i))) {
      if (expValue < 100000) expValue = expValue * 10 + <i32>(load<u8>(ptr + i) - 0x30);
      i++;
      expDigits++;
    }
    if (expDigits == 0) return false;
    exponent += expNegative ? -expValue : expValue;
  }
  if (i != length) return false;

  let value = <f64>mantissa;
  if (mantissa != 0) {
    if (exponent < 0) value = scaleDown(value, -exponent);
    else if (exponent > 0) value = scaleUp(value, exponent);
  }
  parsedDouble = negative ? -value : value;
  return true;
}

function scaleUp(value: f64, exponent: i32): f64 {
  let result = value;
  let e = exponent;
  while (e > 22 && result < Infinity) {
    result *= 1e22;
    e -= 22;
  }
  return result * Math.pow(10, <f64>e);
}

function scaleDown(value: f64, exponent: i32): f64 {
  let result = value;
  let e = exponent;
  while (e > 22 && result > 0) {
    result /= 1e22;
    e -= 22;
  }
  return result / Math.pow(10, <f64>e);
}

@inline function isDigit(c: u8): bool {
  return c >= 0x30 && c <= 0x39;
}

function matchesWordIgnoringCase(ptr: usize, length: u32, word: string): bool {
  if (<i32>length != word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (<i32>(load<u8>(ptr + <usize>i) | 0x20) != word.charCodeAt(i)) return false;
  }
  return true;
}
