// The helper functions the rule VM borrows from assembly/match: regular
// expressions, version comparison, CIDR ranges and config-value conversions.
// Each returns a plain number, so the VM keeps its own error codes.

import { REGEX_BAD_PROGRAM, regexTestAt, regexTestChecked } from "../match/regex";
import { versionCompareAt } from "../match/version";
import { cidrContainsAt, isPrivateIpAt } from "../match/cidr";
import { bytesSizeAt, secondsAt, toBoolAt } from "../match/convert";

/** True when the regex program is well formed (checked once, at program load). */
export function regexValid(programPtr: usize, programWords: u32): bool {
  return regexTestAt(programPtr, programWords, programPtr, 0) != REGEX_BAD_PROGRAM;
}

/** 1 on a match, 0 on none, negative when memory ran out. The program must have passed regexValid. */
export function regexTest(programPtr: usize, programWords: u32, inputPtr: usize, inputLength: u32): i32 {
  return regexTestChecked(programPtr, programWords, inputPtr, inputLength);
}

/** -1, 0 or 1; every byte string is a version. */
export function versionCompare(aPtr: usize, aLength: u32, bPtr: usize, bLength: u32): i32 {
  return versionCompareAt(aPtr, aLength, bPtr, bLength);
}

/** 1 when the range contains the address or range, 0 when not, negative when either text is invalid. */
export function cidrContains(rangePtr: usize, rangeLength: u32, targetPtr: usize, targetLength: u32): i32 {
  return cidrContainsAt(rangePtr, rangeLength, targetPtr, targetLength);
}

/** 1 for a private address, 0 for a public one, negative when the text is not an address. */
export function isPrivateIp(ptr: usize, length: u32): i32 {
  return isPrivateIpAt(ptr, length);
}

/** 1 or 0 for a boolean word, negative otherwise. */
export function toBool(ptr: usize, length: u32): i32 {
  return toBoolAt(ptr, length);
}

/** True when the last seconds() or bytesSize() read its text (in range). */
export let conversionOk: bool = false;

/** Seconds of a duration text; sets conversionOk. */
export function seconds(ptr: usize, length: u32): i64 {
  const value = secondsAt(ptr, length);
  conversionOk = value >= 0;
  return value;
}

/** Bytes of a size text; sets conversionOk. */
export function bytesSize(ptr: usize, length: u32): i64 {
  const value = bytesSizeAt(ptr, length);
  conversionOk = value >= 0;
  return value;
}
