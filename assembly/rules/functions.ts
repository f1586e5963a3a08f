// The functions of OP_CALL. Arguments are consecutive stack slots (a method's
// receiver first); the result is written over the first one. An error among
// the arguments has already been returned by the caller, so every argument
// here is a value.

import { dtoa_buffered } from "util/number";
import {
  EVAL_INVALID_ARGUMENT, EVAL_NO_MATCHING_OVERLOAD, EVAL_OVERFLOW, FN_BOOL, FN_BYTES_SIZE,
  FN_CIDR_CONTAINS, FN_CONTAINS, FN_DOUBLE, FN_ENDS_WITH, FN_HAS_VALUE, FN_INT, FN_IS_PRIVATE_IP, FN_LOWER_ASCII,
  FN_OPTIONAL_NONE, FN_OPTIONAL_OF, FN_OPTIONAL_OF_NON_ZERO, FN_OR_VALUE, FN_SECONDS, FN_SIZE, FN_SPLIT,
  FN_SPLIT_LIMIT, FN_STARTS_WITH, FN_STRING, FN_STRING_EQUALS, FN_TO_BOOL, FN_TRIM, FN_UINT, FN_UPPER_ASCII, FN_VALUE,
  FN_VERSION_COMPARE,
} from "./layout";
import * as ext from "./externals";
import { listSize, mapSize, wrapSome } from "./operators";
import { scratchAlloc } from "./state";
import {
  PARSE_OK, PARSE_OUT_OF_RANGE, bytesEqual, codePointCount, decodeAt, decodedLength, findBytes, isTrimSpace,
  parseDouble, parseInteger, parsedDouble, parsedInt, parsedUint, previousStart, writeSigned, writeUnsigned,
} from "./text";
import {
  SLOT_BYTES, TAG_BOOL, TAG_DOUBLE, TAG_INT, TAG_LIST, TAG_MAP, TAG_NODE_LIST, TAG_NODE_MAP, TAG_NULL,
  TAG_OPTIONAL_NONE, TAG_OPTIONAL_SOME, TAG_STRING, TAG_UINT, addressOf, auxOf, bitsOf, copyValue, doubleOf,
  intOf, setBool, setDouble, setError, setInt, setString, setUint, setValue, wordOf,
} from "./value";

const TWO_63: f64 = 9223372036854775808.0;
const TWO_64: f64 = 18446744073709551616.0;

/** Calls function `fn` over the arguments at `args`, writing the result over `args`. */
export function callFunction(fn: u32, args: usize): void {
  const a = args;
  const b = args + SLOT_BYTES;
  switch (fn) {
    case FN_SIZE: return size(a);
    case FN_INT: return toInt(a);
    case FN_UINT: return toUint(a);
    case FN_DOUBLE: return toDouble(a);
    case FN_STRING: return toText(a);
    case FN_BOOL: return toBoolean(a);
    case FN_STARTS_WITH:
    case FN_ENDS_WITH:
    case FN_CONTAINS:
    case FN_STRING_EQUALS: return stringTest(fn, a, b);
    case FN_LOWER_ASCII: return changeCase(a, false);
    case FN_UPPER_ASCII: return changeCase(a, true);
    case FN_TRIM: return trim(a);
    case FN_SPLIT: return split(a, b, -1);
    case FN_SPLIT_LIMIT: return splitWithLimit(a, b, args + 2 * SLOT_BYTES);
    case FN_VERSION_COMPARE: return versionCompare(a, b);
    case FN_CIDR_CONTAINS: return cidrContains(a, b);
    case FN_IS_PRIVATE_IP: return isPrivateIp(a);
    case FN_TO_BOOL: return toBoolWord(a);
    case FN_SECONDS:
    case FN_BYTES_SIZE: return toQuantity(fn, a);
    case FN_OR_VALUE: return orValue(a, b);
    case FN_HAS_VALUE: return hasValue(a);
    case FN_VALUE: return optionalValue(a);
    case FN_OPTIONAL_OF: return wrapSome(a);
    case FN_OPTIONAL_NONE: return setValue(a, TAG_OPTIONAL_NONE, 0, 0);
    case FN_OPTIONAL_OF_NON_ZERO: return ofNonZero(a);
    default: return setError(a, EVAL_NO_MATCHING_OVERLOAD);
  }
}

function size(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_STRING) setInt(a, <i64>codePointCount(addressOf(a), auxOf(a)));
  else if (tag == TAG_NODE_LIST || tag == TAG_LIST) setInt(a, <i64>listSize(a));
  else if (tag == TAG_NODE_MAP || tag == TAG_MAP) setInt(a, <i64>mapSize(a));
  else setError(a, EVAL_NO_MATCHING_OVERLOAD);
}

function toInt(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_INT) return;
  if (tag == TAG_UINT) {
    if (bitsOf(a) > 0x7fffffffffffffff) setError(a, EVAL_OVERFLOW);
    else setInt(a, <i64>bitsOf(a));
  } else if (tag == TAG_DOUBLE) {
    // Both bounds are exclusive: the doubles nearest int64 MIN and MAX do not convert.
    const d = doubleOf(a);
    if (!isFinite(d) || d <= -TWO_63 || d >= TWO_63) setError(a, EVAL_OVERFLOW);
    else setInt(a, <i64>Math.trunc(d));
  } else if (tag == TAG_STRING) {
    const parsed = parseInteger(addressOf(a), auxOf(a), true);
    if (parsed == PARSE_OK) setInt(a, parsedInt);
    else setError(a, parsed == PARSE_OUT_OF_RANGE ? EVAL_OVERFLOW : EVAL_INVALID_ARGUMENT);
  } else {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
  }
}

function toUint(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_UINT) return;
  if (tag == TAG_INT) {
    if (intOf(a) < 0) setError(a, EVAL_OVERFLOW);
    else setUint(a, <u64>intOf(a));
  } else if (tag == TAG_DOUBLE) {
    const d = doubleOf(a);
    if (!isFinite(d) || d < 0 || Math.trunc(d) >= TWO_64) setError(a, EVAL_OVERFLOW);
    else setUint(a, <u64>Math.trunc(d));
  } else if (tag == TAG_STRING) {
    const parsed = parseInteger(addressOf(a), auxOf(a), false);
    if (parsed == PARSE_OK) setUint(a, parsedUint);
    else setError(a, parsed == PARSE_OUT_OF_RANGE ? EVAL_OVERFLOW : EVAL_INVALID_ARGUMENT);
  } else {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
  }
}

function toDouble(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_DOUBLE) return;
  if (tag == TAG_INT) setDouble(a, <f64>intOf(a));
  else if (tag == TAG_UINT) setDouble(a, <f64>bitsOf(a));
  else if (tag == TAG_STRING) {
    // A literal beyond the double range (1e999) is invalid rather than infinite.
    if (parseDouble(addressOf(a), auxOf(a)) && (isFinite(parsedDouble) || isNaN(parsedDouble) || isSpecialWord(a))) setDouble(a, parsedDouble);
    else setError(a, EVAL_INVALID_ARGUMENT);
  } else {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
  }
}

/** Room for the longest double text (UTF-16 from dtoa) and its UTF-8 copy. */
const DOUBLE_TEXT_UNITS: u32 = 32;

function toText(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_STRING) return;
  if (tag == TAG_BOOL) {
    const isTrue = bitsOf(a) != 0;
    const out = scratchAlloc(5);
    if (out == 0) return;
    if (isTrue) {
      store<u32>(out, 0x65757274);
      setString(a, out, 4);
    } else {
      store<u32>(out, 0x736c6166);
      store<u8>(out, 0x65, 4);
      setString(a, out, 5);
    }
  } else if (tag == TAG_INT || tag == TAG_UINT) {
    const out = scratchAlloc(20);
    if (out == 0) return;
    const length = tag == TAG_INT ? writeSigned(out, intOf(a)) : writeUnsigned(out, bitsOf(a));
    setString(a, out, length);
  } else if (tag == TAG_DOUBLE) {
    formatDouble(a, doubleOf(a));
  } else {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
  }
}

/**
 * Formats a double like JavaScript's String(number): AssemblyScript's dtoa
 * writes the same layout but adds `.0` to integral values, which is dropped.
 * NOTE: dtoa is Grisu2, which for a few doubles prints a longer digit string
 * than the shortest round-trip form JavaScript prints.
 */
function formatDouble(a: usize, value: f64): void {
  const units = scratchAlloc(DOUBLE_TEXT_UNITS * 2);
  const out = scratchAlloc(DOUBLE_TEXT_UNITS);
  if (units == 0 || out == 0) return;
  let length = dtoa_buffered(units, value);
  if (length >= 2 && load<u16>(units + ((<usize>length - 1) << 1)) == 0x30 && load<u16>(units + ((<usize>length - 2) << 1)) == 0x2e) {
    length -= 2;
  }
  for (let i: u32 = 0; i < length; i++) store<u8>(out + i, <u8>load<u16>(units + (<usize>i << 1)));
  setString(a, out, length);
}

/** Converts to bool: a bool, or the words cel-go's strconv.ParseBool reads. */
function toBoolean(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_BOOL) return;
  if (tag != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const ptr = addressOf(a);
  const length = auxOf(a);
  if (isWord(ptr, length, "true") || isWord(ptr, length, "TRUE") || isWord(ptr, length, "True")
    || isWord(ptr, length, "t") || isWord(ptr, length, "T") || isWord(ptr, length, "1")) {
    setBool(a, true);
  } else if (isWord(ptr, length, "false") || isWord(ptr, length, "FALSE") || isWord(ptr, length, "False")
    || isWord(ptr, length, "f") || isWord(ptr, length, "F") || isWord(ptr, length, "0")) {
    setBool(a, false);
  } else {
    setError(a, EVAL_INVALID_ARGUMENT);
  }
}

/** True when a double text is one of the infinity words rather than digits. */
function isSpecialWord(a: usize): bool {
  const ptr = addressOf(a);
  const length = auxOf(a);
  for (let i: u32 = 0; i < length; i++) {
    const c = load<u8>(ptr + i) | 0x20;
    if (c == 0x69) return true;
  }
  return false;
}

function isWord(ptr: usize, length: u32, word: string): bool {
  if (<i32>length != word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (<i32>load<u8>(ptr + <usize>i) != word.charCodeAt(i)) return false;
  }
  return true;
}

function stringTest(fn: u32, a: usize, b: usize): void {
  if (wordOf(a) != TAG_STRING || wordOf(b) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const ptr = addressOf(a);
  const length = auxOf(a);
  const needle = addressOf(b);
  const needleLength = auxOf(b);
  let result = false;
  if (fn == FN_STRING_EQUALS) {
    result = bytesEqual(ptr, length, needle, needleLength);
  } else if (needleLength <= length) {
    if (fn == FN_STARTS_WITH) result = bytesEqual(ptr, needleLength, needle, needleLength);
    else if (fn == FN_ENDS_WITH) result = bytesEqual(ptr + length - needleLength, needleLength, needle, needleLength);
    else result = findBytes(ptr, length, needle, needleLength) >= 0;
  }
  setBool(a, result);
}

function changeCase(a: usize, upper: bool): void {
  if (wordOf(a) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const ptr = addressOf(a);
  const length = auxOf(a);
  const from: u32 = upper ? 0x61 : 0x41;

  // Most config strings are already in the asked case: keep the slice then.
  let changes = false;
  for (let i: u32 = 0; i < length; i++) {
    const c = <u32>load<u8>(ptr + i);
    if (c >= from && c < from + 26) {
      changes = true;
      break;
    }
  }
  if (!changes) return;

  const out = scratchAlloc(length);
  if (out == 0) return;
  for (let i: u32 = 0; i < length; i++) {
    const c = <u32>load<u8>(ptr + i);
    store<u8>(out + i, <u8>(c >= from && c < from + 26 ? c ^ 0x20 : c));
  }
  setString(a, out, length);
}

function trim(a: usize): void {
  if (wordOf(a) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const ptr = addressOf(a);
  const length = auxOf(a);
  let start: u32 = 0;
  while (start < length) {
    const c = decodeAt(ptr, start, length);
    if (!isTrimSpace(c)) break;
    start += decodedLength;
  }
  let end = length;
  while (end > start) {
    const at = previousStart(ptr, end);
    const c = decodeAt(ptr, at, length);
    if (!isTrimSpace(c)) break;
    end = at;
  }
  setString(a, ptr + start, end - start);
}

function splitWithLimit(a: usize, b: usize, c: usize): void {
  if (wordOf(c) != TAG_INT) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const limit = intOf(c);
  let count: i32 = -1;
  if (limit > 0x7fffffff) count = 0x7fffffff;
  else if (limit >= 0) count = <i32>limit;
  split(a, b, count);
}

/**
 * Splits a string into slices of itself, like Go's strings.SplitN: at most
 * `limit` parts (the last contains the rest) when `limit` is non-negative. An
 * empty separator splits into code points.
 */
function split(a: usize, b: usize, limit: i32): void {
  if (wordOf(a) != TAG_STRING || wordOf(b) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const ptr = addressOf(a);
  const length = auxOf(a);
  const sep = addressOf(b);
  const sepLength = auxOf(b);
  if (limit == 0) {
    setValue(a, TAG_LIST, 0, <u64>scratchAlloc(0));
    return;
  }

  // Count the parts first, so the list is one scratch allocation.
  const max: u32 = limit < 0 ? 0xffffffff : <u32>limit;
  let parts: u32 = 0;
  let at: u32 = 0;
  if (sepLength == 0) {
    parts = codePointCount(ptr, length);
    if (parts > max) parts = max;
  } else {
    parts = 1;
    while (parts < max) {
      const found = findBytes(ptr + at, length - at, sep, sepLength);
      if (found < 0) break;
      at += <u32>found + sepLength;
      parts++;
    }
  }

  const items = scratchAlloc(parts * <u32>SLOT_BYTES);
  if (items == 0 && parts != 0) return;
  at = 0;
  for (let i: u32 = 0; i < parts; i++) {
    const slot = items + <usize>i * SLOT_BYTES;
    if (i == parts - 1) {
      setString(slot, ptr + at, length - at);
    } else if (sepLength == 0) {
      decodeAt(ptr, at, length);
      setString(slot, ptr + at, decodedLength);
      at += decodedLength;
    } else {
      const found = <u32>findBytes(ptr + at, length - at, sep, sepLength);
      setString(slot, ptr + at, found);
      at += found + sepLength;
    }
  }
  setValue(a, TAG_LIST, parts, <u64>items);
}

function versionCompare(a: usize, b: usize): void {
  if (wordOf(a) != TAG_STRING || wordOf(b) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const result = ext.versionCompare(addressOf(a), auxOf(a), addressOf(b), auxOf(b));
  if (result < -1 || result > 1) setError(a, EVAL_INVALID_ARGUMENT);
  else setInt(a, <i64>result);
}

function cidrContains(a: usize, b: usize): void {
  if (wordOf(a) != TAG_STRING || wordOf(b) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const result = ext.cidrContains(addressOf(a), auxOf(a), addressOf(b), auxOf(b));
  if (result < 0) setError(a, EVAL_INVALID_ARGUMENT);
  else setBool(a, result != 0);
}

function isPrivateIp(a: usize): void {
  if (wordOf(a) != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const result = ext.isPrivateIp(addressOf(a), auxOf(a));
  if (result < 0) setError(a, EVAL_INVALID_ARGUMENT);
  else setBool(a, result != 0);
}

function toBoolWord(a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_BOOL) return;
  if (tag != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const result = ext.toBool(addressOf(a), auxOf(a));
  if (result < 0) setError(a, EVAL_INVALID_ARGUMENT);
  else setBool(a, result != 0);
}

function toQuantity(fn: u32, a: usize): void {
  const tag = wordOf(a);
  if (tag == TAG_INT) return;
  if (tag != TAG_STRING) {
    setError(a, EVAL_NO_MATCHING_OVERLOAD);
    return;
  }
  const value = fn == FN_SECONDS ? ext.seconds(addressOf(a), auxOf(a)) : ext.bytesSize(addressOf(a), auxOf(a));
  if (!ext.conversionOk) setError(a, EVAL_INVALID_ARGUMENT);
  else setInt(a, value);
}

function orValue(a: usize, b: usize): void {
  const word = wordOf(a);
  if (word == TAG_OPTIONAL_NONE) copyValue(a, b);
  else if ((word & TAG_OPTIONAL_SOME) != 0) store<u32>(a, word & 0xff);
  else setError(a, EVAL_NO_MATCHING_OVERLOAD);
}

function hasValue(a: usize): void {
  const word = wordOf(a);
  if (word == TAG_OPTIONAL_NONE) setBool(a, false);
  else if ((word & TAG_OPTIONAL_SOME) != 0) setBool(a, true);
  else setError(a, EVAL_NO_MATCHING_OVERLOAD);
}

function optionalValue(a: usize): void {
  const word = wordOf(a);
  if (word == TAG_OPTIONAL_NONE) setError(a, EVAL_INVALID_ARGUMENT);
  else if ((word & TAG_OPTIONAL_SOME) != 0) store<u32>(a, word & 0xff);
  else setError(a, EVAL_NO_MATCHING_OVERLOAD);
}

/** `optional.ofNonZeroValue`: none for null, false, 0, 0u, 0.0, "", [] and {}. */
function ofNonZero(a: usize): void {
  const tag = wordOf(a);
  let zero = false;
  if (tag == TAG_NULL) zero = true;
  else if (tag == TAG_BOOL || tag == TAG_INT || tag == TAG_UINT) zero = bitsOf(a) == 0;
  else if (tag == TAG_DOUBLE) zero = doubleOf(a) == 0;
  else if (tag == TAG_STRING) zero = auxOf(a) == 0;
  else if (tag == TAG_NODE_LIST || tag == TAG_LIST) zero = listSize(a) == 0;
  else if (tag == TAG_NODE_MAP || tag == TAG_MAP) zero = mapSize(a) == 0;
  if (zero) setValue(a, TAG_OPTIONAL_NONE, 0, 0);
  else wrapSome(a);
}
