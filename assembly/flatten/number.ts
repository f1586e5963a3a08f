// JSON number literals (RFC 8259 section 6): grammar check and conversion.
//
// Conversion takes Clinger's fast path: when the significant digits form an
// integer w <= 2^53 and the decimal exponent e is within [-22, 22], both w and
// 10^|e| are exact doubles, so one IEEE multiply or divide gives the correctly
// rounded result. Every other literal is flagged FLAG_DEFERRED_NUMBER and the
// host parses its text with Number(), which rounds correctly.

import { ERR_INVALID_NUMBER, OK } from "../errors";
import { byteAt, fail, srcEnd } from "./common";

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

const MAX_EXACT: u64 = 9007199254740992; // 2^53
const MAX_DIGITS: i32 = 19; // fits u64 without overflow
const EXPONENT_CAP: i32 = 100000; // far past any double

// Results of scanNumber.
export let numberEnd: u32 = 0;
export let numberValue: f64 = 0;
export let numberIsInt: bool = false;
export let numberDeferred: bool = false;

@inline function isDigit(b: u32): bool {
  return b - 0x30 < 10;
}

/** Scans the literal at `start`; on failure records ERR_INVALID_NUMBER where a digit was due. */
export function scanNumber(start: u32): i32 {
  const end = srcEnd;
  let i = start;
  let negative = false;
  if (byteAt(i) == 0x2d) {
    negative = true;
    i++;
  }

  let mantissa: u64 = 0;
  let digits: i32 = 0;
  let exponent: i32 = 0;
  let deferred = false;

  // Integer part: 0 or a digit run without a leading zero.
  if (i >= end || !isDigit(byteAt(i))) return fail(ERR_INVALID_NUMBER, i);
  if (byteAt(i) == 0x30) {
    i++;
  } else {
    while (i < end) {
      const b = byteAt(i);
      if (!isDigit(b)) break;
      if (digits < MAX_DIGITS) {
        mantissa = mantissa * 10 + <u64>(b - 0x30);
        digits++;
      } else {
        deferred = true;
      }
      i++;
    }
  }

  // Fraction.
  let isInt = true;
  if (i < end && byteAt(i) == 0x2e) {
    isInt = false;
    i++;
    if (i >= end || !isDigit(byteAt(i))) return fail(ERR_INVALID_NUMBER, i);
    while (i < end) {
      const b = byteAt(i);
      if (!isDigit(b)) break;
      if (mantissa == 0 && b == 0x30) {
        exponent--; // leading zeros only move the point
      } else if (digits < MAX_DIGITS) {
        mantissa = mantissa * 10 + <u64>(b - 0x30);
        digits++;
        exponent--;
      } else {
        deferred = true;
      }
      i++;
    }
  }

  // Exponent.
  if (i < end && (byteAt(i) | 0x20) == 0x65) {
    isInt = false;
    i++;
    let sign: i32 = 1;
    if (i < end) {
      const s = byteAt(i);
      if (s == 0x2b) {
        i++;
      } else if (s == 0x2d) {
        sign = -1;
        i++;
      }
    }
    if (i >= end || !isDigit(byteAt(i))) return fail(ERR_INVALID_NUMBER, i);
    let value: i32 = 0;
    while (i < end) {
      const b = byteAt(i);
      if (!isDigit(b)) break;
      if (value < EXPONENT_CAP) value = value * 10 + <i32>(b - 0x30);
      i++;
    }
    exponent += sign * value;
  }

  numberEnd = i;
  numberIsInt = isInt;
  numberDeferred = false;
  if (mantissa == 0 && !deferred) {
    numberValue = negative ? -0.0 : 0.0;
  } else if (!deferred && mantissa <= MAX_EXACT && exponent >= -22 && exponent <= 22) {
    const w = <f64>mantissa;
    const v = exponent >= 0 ? w * unchecked(POW10[exponent]) : w / unchecked(POW10[-exponent]);
    numberValue = negative ? -v : v;
  } else {
    numberValue = 0;
    numberDeferred = true;
  }
  return OK;
}
