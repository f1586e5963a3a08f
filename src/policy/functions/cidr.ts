// cidrContains and isPrivateIp over IPv4 and IPv6 (RFC 4291 text forms,
// RFC 4632 prefixes).
//
// Every address lives in one 128-bit space: an IPv4 address a.b.c.d is its
// IPv4-mapped form ::ffff:a.b.c.d and an IPv4 prefix /p is /(96 + p). So an
// IPv4 range contains ::ffff:10.0.0.1 when it contains 10.0.0.1, and an IPv6
// range contains an IPv4 address only when it covers the mapped block
// ::ffff:0:0/96 (as ::/0 does). Otherwise the two families never mix.

import { EXPECTED_FORM, FunctionArgumentError } from './errors.js';
import { isAsciiSpace, isDigit, utf8 } from './text.js';

/** An address or range: four 32-bit words, most significant first, and a prefix length 0-128. */
export interface IpRange {
  words: [number, number, number, number];
  prefix: number;
}

const MAPPED_PREFIX = 96;

/**
 * Parses an address or CIDR range: `10.0.0.0/8`, `fd00::/8`, `::ffff:1.2.3.4`.
 * Surrounding ASCII whitespace is ignored, host bits under the prefix are
 * kept (the comparison masks them). With `wildcards`, `*`, `0.0.0.0` and `::`
 * without a prefix stand for every address. Returns undefined when invalid.
 */
export function parseIpRange(text: string, wildcards: boolean): IpRange | undefined {
  const trimmed = trimAsciiString(text);
  if (wildcards && trimmed === '*') return { words: [0, 0, 0, 0], prefix: 0 };

  const slash = trimmed.indexOf('/');
  const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const words = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (words === undefined) return undefined;
  const isIpv4 = !address.includes(':');

  if (slash < 0) {
    const unspecified = words[0] === 0 && words[1] === 0 && (isIpv4 ? words[2] === 0xffff : words[2] === 0) && words[3] === 0;
    if (wildcards && unspecified) return { words, prefix: isIpv4 ? MAPPED_PREFIX : 0 };
    return { words, prefix: 128 };
  }

  const prefix = parseDecimal(trimmed.slice(slash + 1), isIpv4 ? 32 : 128);
  if (prefix === undefined) return undefined;
  return { words, prefix: isIpv4 ? MAPPED_PREFIX + prefix : prefix };
}

/** Returns whether every address of `target` lies in `range`. */
export function rangeContains(range: IpRange, target: IpRange): boolean {
  if (target.prefix < range.prefix) return false;
  for (let i = 0; i < 4; i++) {
    const bits = Math.min(Math.max(range.prefix - 32 * i, 0), 32);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((range.words[i] & mask) >>> 0) !== ((target.words[i] & mask) >>> 0)) return false;
  }
  return true;
}

/** Returns whether `range` contains `target` (an address, or a range contained entirely). */
export function cidrContains(range: string, target: string): boolean {
  const outer = parseIpRange(range, true);
  if (outer === undefined) throw new FunctionArgumentError('cidrContains', EXPECTED_FORM.cidrRange);
  const inner = parseIpRange(target, true);
  if (inner === undefined) throw new FunctionArgumentError('cidrContains', EXPECTED_FORM.cidrTarget);
  return rangeContains(outer, inner);
}

// Private and local-use blocks, IPv4 ones in their mapped form.
const PRIVATE_RANGES: IpRange[] = [
  '10.0.0.0/8', // RFC 1918
  '172.16.0.0/12', // RFC 1918
  '192.168.0.0/16', // RFC 1918
  '127.0.0.0/8', // loopback, RFC 1122
  '169.254.0.0/16', // link-local, RFC 3927
  '100.64.0.0/10', // shared address space (CGNAT), RFC 6598
  '::1/128', // loopback, RFC 4291
  'fc00::/7', // unique local, RFC 4193
  'fe80::/10', // link-local, RFC 4291
].map((text) => parseIpRange(text, false) as IpRange);

/** Returns whether an address (or every address of a range) is private, loopback, link-local or CGNAT. */
export function isPrivateIp(address: string): boolean {
  const parsed = parseIpRange(address, false);
  if (parsed === undefined) throw new FunctionArgumentError('isPrivateIp', EXPECTED_FORM.ipAddress);
  return PRIVATE_RANGES.some((range) => rangeContains(range, parsed));
}

/** Parses a dotted quad, each part 0-255 without leading zeros, into its mapped form. */
function parseIpv4(text: string): [number, number, number, number] | undefined {
  const value = parseDottedQuad(text);
  return value === undefined ? undefined : [0, 0, 0xffff, value];
}

function parseDottedQuad(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;

  let value = 0;
  for (const part of parts) {
    const octet = parseDecimal(part, 255);
    if (octet === undefined) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/**
 * Parses RFC 4291 text: eight groups of 1-4 hex digits, at most one `::`
 * standing for one or more zero groups, and an optional dotted quad as the
 * last 32 bits. Zone ids (`%eth0`) and brackets are invalid.
 */
function parseIpv6(text: string): [number, number, number, number] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;

  const head = parseGroups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1], true) : [];
  if (head === undefined || tail === undefined) return undefined;

  const explicit = head.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;

  const groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...tail];
  const words: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) words[i] = (groups[2 * i] * 0x10000 + groups[2 * i + 1]) >>> 0;
  return words;
}

/** Parses `a:b:c` into 16-bit groups; a trailing dotted quad counts as two groups when allowed. */
function parseGroups(text: string, quadAllowed: boolean): number[] | undefined {
  if (text === '') return [];

  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (quadAllowed && i === parts.length - 1 && part.includes('.')) {
      const value = parseDottedQuad(part);
      if (value === undefined) return undefined;
      groups.push(Math.floor(value / 0x10000), value % 0x10000);
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/** Parses 1-3 decimal digits without a leading zero (except `0` itself), up to `max`. */
function parseDecimal(text: string, max: number): number | undefined {
  if (text.length === 0 || text.length > 3 || (text.length > 1 && text[0] === '0')) return undefined;
  for (const c of text) if (!isDigit(c.charCodeAt(0))) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

function trimAsciiString(text: string): string {
  const bytes = utf8(text);
  let start = 0;
  let end = bytes.length;
  while (start < end && isAsciiSpace(bytes[start])) start++;
  while (end > start && isAsciiSpace(bytes[end - 1])) end--;
  return start === 0 && end === bytes.length ? text : new TextDecoder().decode(bytes.subarray(start, end));
}
