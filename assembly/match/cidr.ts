// IP ranges in WASM, the twin of src/policy/functions/cidr.ts (the rules are
// documented there). Addresses live in one 128-bit space where IPv4 a.b.c.d
// is ::ffff:a.b.c.d and an IPv4 prefix /p is /(96 + p). Text is UTF-8 bytes;
// surrounding ASCII whitespace is ignored. Nothing is allocated.
//
// Exported to the rule VM:
//
//   cidrContainsAt(rangePtr: usize, rangeLen: u32, targetPtr: usize, targetLen: u32): i32
//     1 when every address of the target (an address or a CIDR range) is in
//     the range, else 0; CIDR_BAD_RANGE (-1) or CIDR_BAD_TARGET (-2) when a
//     side does not parse. `*`, and `0.0.0.0` or `::` without a prefix, are
//     every address when they are the range (either side for `*`).
//   isPrivateIpAt(ptr: usize, len: u32): i32
//     1 when the address (or every address of a range) is in 10/8,
//     172.16/12, 192.168/16, 127/8, 169.254/16, 100.64/10, ::1, fc00::/7 or
//     fe80::/10 (IPv4 blocks also in their mapped form), else 0;
//     CIDR_BAD_RANGE (-1) when it does not parse.

export const CIDR_BAD_RANGE: i32 = -1;
export const CIDR_BAD_TARGET: i32 = -2;

const MAPPED_PREFIX: i32 = 96;
const IPV4_MAPPED_HIGH: u64 = 0;
const IPV4_MAPPED_LOW: u64 = 0xffff00000000;

// Result of the last successful parseRange.
let parsedHigh: u64 = 0;
let parsedLow: u64 = 0;
let parsedPrefix: i32 = 0;

// Result of parseDottedQuadAt.
let quadValue: u32 = 0;

export function cidrContainsAt(rangePtr: usize, rangeLen: u32, targetPtr: usize, targetLen: u32): i32 {
  if (!parseRange(rangePtr, rangeLen, true)) return CIDR_BAD_RANGE;
  const high = parsedHigh;
  const low = parsedLow;
  const prefix = parsedPrefix;

  if (!parseRange(targetPtr, targetLen, true)) return CIDR_BAD_TARGET;
  return contains(high, low, prefix, parsedHigh, parsedLow, parsedPrefix) ? 1 : 0;
}

export function isPrivateIpAt(ptr: usize, len: u32): i32 {
  if (!parseRange(ptr, len, false)) return CIDR_BAD_RANGE;
  const h = parsedHigh;
  const l = parsedLow;
  const p = parsedPrefix;

  if (contains(IPV4_MAPPED_HIGH, IPV4_MAPPED_LOW | 0x0a000000, MAPPED_PREFIX + 8, h, l, p)) return 1; // 10/8
  if (contains(IPV4_MAPPED_HIGH, IPV4_MAPPED_LOW | 0xac100000, MAPPED_PREFIX + 12, h, l, p)) return 1; // 172.16/12
  if (contains(IPV4_MAPPED_HIGH, IPV4_MAPPED_LOW | 0xc0a80000, MAPPED_PREFIX + 16, h, l, p)) return 1; // 192.168/16
  if (contains(IPV4_MAPPED_HIGH, IPV4_MAPPED_LOW | 0x7f000000, MAPPED_PREFIX + 8, h, l, p)) return 1; // 127/8
  if (contains(IPV4_MAPPED_HIGH, IPV4_MAPPED_LOW | 0xa9fe0000, MAPPED_PREFIX + 16, h, l, p)) return 1; // 169.254/16
  if (contains(IPV4_MAPPED_HIGH, IPV4_MAPPED_LOW | 0x64400000, MAPPED_PREFIX + 10, h, l, p)) return 1; // 100.64/10
  if (contains(0, 1, 128, h, l, p)) return 1; // ::1
  if (contains(0xfc00000000000000, 0, 7, h, l, p)) return 1; // fc00::/7
  if (contains(0xfe80000000000000, 0, 10, h, l, p)) return 1; // fe80::/10
  return 0;
}

/** Whether the range (high, low)/prefix contains every address of the target range. */
function contains(high: u64, low: u64, prefix: i32, targetHigh: u64, targetLow: u64, targetPrefix: i32): bool {
  if (targetPrefix < prefix) return false;
  const highBits = prefix >= 64 ? 64 : prefix;
  const lowBits = prefix <= 64 ? 0 : prefix - 64;
  const highMask: u64 = highBits == 0 ? 0 : <u64>-1 << <u64>(64 - highBits);
  const lowMask: u64 = lowBits == 0 ? 0 : <u64>-1 << <u64>(64 - lowBits);
  return (high & highMask) == (targetHigh & highMask) && (low & lowMask) == (targetLow & lowMask);
}

@inline
function isSpace(byte: u8): bool {
  return byte == 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

@inline
function isDigit(byte: u8): bool {
  return byte >= 0x30 && byte <= 0x39;
}

/** Hex digit value, or -1. */
@inline
function hexValue(byte: u8): i32 {
  if (byte >= 0x30 && byte <= 0x39) return <i32>byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return <i32>byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return <i32>byte - 0x41 + 10;
  return -1;
}

/** Parses an address or range into parsedHigh, parsedLow, parsedPrefix. */
function parseRange(ptr: usize, length: u32, wildcards: bool): bool {
  let start: u32 = 0;
  let end = length;
  while (start < end && isSpace(load<u8>(ptr + start))) start++;
  while (end > start && isSpace(load<u8>(ptr + end - 1))) end--;

  if (wildcards && end - start == 1 && load<u8>(ptr + start) == 0x2a) {
    parsedHigh = 0;
    parsedLow = 0;
    parsedPrefix = 0;
    return true;
  }

  // Split at `/` and pick the family by the presence of `:`.
  let slash = end;
  let hasColon = false;
  for (let i = start; i < end; i++) {
    const byte = load<u8>(ptr + i);
    if (byte == 0x2f && slash == end) slash = i;
    if (byte == 0x3a && slash == end) hasColon = true;
  }

  if (hasColon) {
    if (!parseIpv6(ptr, start, slash)) return false;
  } else {
    if (!parseDottedQuadAt(ptr, start, slash)) return false;
    parsedHigh = IPV4_MAPPED_HIGH;
    parsedLow = IPV4_MAPPED_LOW | <u64>quadValue;
  }

  if (slash == end) {
    const unspecified = hasColon ? parsedHigh == 0 && parsedLow == 0 : parsedLow == IPV4_MAPPED_LOW;
    parsedPrefix = wildcards && unspecified ? (hasColon ? 0 : MAPPED_PREFIX) : 128;
    return true;
  }

  const prefix = parseDecimal(ptr, slash + 1, end, hasColon ? 128 : 32);
  if (prefix < 0) return false;
  parsedPrefix = hasColon ? prefix : MAPPED_PREFIX + prefix;
  return true;
}

/** Parses 1-3 decimal digits without a leading zero (except `0`), up to `max`; -1 when invalid. */
function parseDecimal(ptr: usize, start: u32, end: u32, max: i32): i32 {
  const length = end - start;
  if (length == 0 || length > 3) return -1;
  if (length > 1 && load<u8>(ptr + start) == 0x30) return -1;

  let value: i32 = 0;
  for (let i = start; i < end; i++) {
    const byte = load<u8>(ptr + i);
    if (!isDigit(byte)) return -1;
    value = value * 10 + <i32>(byte - 0x30);
  }
  return value <= max ? value : -1;
}

/** Parses a dotted quad in [start, end) into quadValue. */
function parseDottedQuadAt(ptr: usize, start: u32, end: u32): bool {
  let value: u32 = 0;
  let partStart = start;
  let parts = 0;
  for (let i = start; i <= end; i++) {
    if (i < end && load<u8>(ptr + i) != 0x2e) continue;
    const octet = parseDecimal(ptr, partStart, i, 255);
    if (octet < 0 || ++parts > 4) return false;
    value = (value << 8) | <u32>octet;
    partStart = i + 1;
  }
  if (parts != 4) return false;
  quadValue = value;
  return true;
}

/**
 * Parses RFC 4291 text in [start, end): eight groups of 1-4 hex digits, at
 * most one `::` for one or more zero groups, an optional dotted quad as the
 * last 32 bits. Groups are collected as the head (before `::`) and the tail.
 */
function parseIpv6(ptr: usize, start: u32, end: u32): bool {
  // Find `::`; a second one is invalid.
  let gap: i32 = -1;
  for (let i = start; i + 1 < end; i++) {
    if (load<u8>(ptr + i) == 0x3a && load<u8>(ptr + i + 1) == 0x3a) {
      if (gap >= 0) return false;
      gap = <i32>i;
      i++;
    }
  }

  let high: u64 = 0;
  let low: u64 = 0;
  let headCount = 0;
  let tailCount = 0;
  let tailHigh: u64 = 0;
  let tailLow: u64 = 0;

  if (gap < 0) {
    headCount = parseGroups(ptr, start, end, true);
    if (headCount != 8) return false;
    high = groupsHigh;
    low = groupsLow;
  } else {
    headCount = parseGroups(ptr, start, <u32>gap, false);
    if (headCount < 0) return false;
    const headHigh = groupsHigh;
    const headLow = groupsLow;
    tailCount = parseGroups(ptr, <u32>gap + 2, end, true);
    if (tailCount < 0 || headCount + tailCount > 7) return false;
    tailHigh = groupsHigh;
    tailLow = groupsLow;

    // The head groups sit at the top: shift them up past the zero gap.
    const shift = (8 - headCount) * 16;
    high = shiftLeft128High(headHigh, headLow, shift) | tailHigh;
    low = shiftLeft128Low(headLow, shift) | tailLow;
  }

  parsedHigh = high;
  parsedLow = low;
  return true;
}

// Groups parsed by parseGroups, right-aligned in 128 bits.
let groupsHigh: u64 = 0;
let groupsLow: u64 = 0;

/**
 * Parses `a:b:c` (empty text is zero groups) into groupsHigh/groupsLow,
 * right-aligned. Returns the group count (a trailing dotted quad counts as
 * two, when allowed), or -1 when invalid.
 */
function parseGroups(ptr: usize, start: u32, end: u32, quadAllowed: bool): i32 {
  groupsHigh = 0;
  groupsLow = 0;
  if (start == end) return 0;

  let count = 0;
  let partStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && load<u8>(ptr + i) != 0x3a) continue;

    // A dotted quad may only be the last part.
    let hasDot = false;
    for (let k = partStart; k < i; k++) if (load<u8>(ptr + k) == 0x2e) hasDot = true;
    if (hasDot) {
      if (!quadAllowed || i != end || !parseDottedQuadAt(ptr, partStart, i)) return -1;
      pushGroup(<u64>(quadValue >>> 16));
      pushGroup(<u64>(quadValue & 0xffff));
      count += 2;
    } else {
      const length = i - partStart;
      if (length == 0 || length > 4) return -1;
      let value: u64 = 0;
      for (let k = partStart; k < i; k++) {
        const digit = hexValue(load<u8>(ptr + k));
        if (digit < 0) return -1;
        value = (value << 4) | <u64>digit;
      }
      pushGroup(value);
      count++;
    }
    if (count > 8) return -1;
    partStart = i + 1;
  }
  return count;
}

@inline
function pushGroup(value: u64): void {
  groupsHigh = (groupsHigh << 16) | (groupsLow >>> 48);
  groupsLow = (groupsLow << 16) | value;
}

@inline
function shiftLeft128High(high: u64, low: u64, shift: i32): u64 {
  if (shift == 0) return high;
  if (shift >= 128) return 0;
  if (shift >= 64) return low << <u64>(shift - 64);
  return (high << <u64>shift) | (low >>> <u64>(64 - shift));
}

@inline
function shiftLeft128Low(low: u64, shift: i32): u64 {
  if (shift >= 64) return 0;
  return low << <u64>shift;
}
