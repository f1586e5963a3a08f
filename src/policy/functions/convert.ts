// Conversions for values from untyped formats (.env, INI, directive files),
// where booleans, durations and sizes arrive as strings. Surrounding ASCII
// whitespace is ignored; letters are matched without regard to ASCII case.

import { EXPECTED_FORM, FunctionArgumentError } from './errors.js';
import { isAsciiLetter, isDigit, trimAscii, utf8 } from './text.js';

/** Largest result of seconds() and bytesSize() (CEL int, signed 64-bit), and the limit on milliseconds. */
export const MAX_INT64 = (1n << 63n) - 1n;

const TRUE_WORDS = new Set(['yes', 'on', 'true', '1']);
const FALSE_WORDS = new Set(['no', 'off', 'false', '0']);

/** Reads yes/no, on/off, true/false or 1/0 in any case. */
export function toBool(text: string): boolean {
  const bytes = utf8(text);
  const word = lowerAscii(bytes, ...trimAscii(bytes));
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new FunctionArgumentError('toBool', EXPECTED_FORM.bool);
}

// Units of seconds(), in milliseconds. `m` is minutes and `ms` milliseconds.
const DURATION_UNITS: Record<string, bigint> = {
  ms: 1n,
  s: 1000n,
  m: 60_000n,
  h: 3_600_000n,
  d: 86_400_000n,
  w: 604_800_000n,
};

/**
 * Reads a duration and returns whole seconds. A bare number is seconds
 * (`30`); otherwise the text is one or more number-unit pairs without spaces
 * (`1h30m`, `1m30s500ms`) whose values add up. Milliseconds are summed first
 * and the total is rounded down to whole seconds, so `1500ms` is 1. The
 * total in milliseconds must fit in a signed 64-bit integer.
 */
export function seconds(text: string): bigint {
  const bytes = utf8(text);
  const [start, end] = trimAscii(bytes);
  if (start === end) throw new FunctionArgumentError('seconds', EXPECTED_FORM.duration);

  let total = 0n;
  for (let i = start; i < end; ) {
    const digitsEnd = skip(bytes, i, end, isDigit);
    if (digitsEnd === i) throw new FunctionArgumentError('seconds', EXPECTED_FORM.duration);
    const unitEnd = skip(bytes, digitsEnd, end, isAsciiLetter);

    // A number without a unit is allowed only as the whole text.
    const unit = lowerAscii(bytes, digitsEnd, unitEnd);
    const scale = unit === '' && i === start && unitEnd === end ? 1000n : Object.hasOwn(DURATION_UNITS, unit) ? DURATION_UNITS[unit] : undefined;
    if (scale === undefined) throw new FunctionArgumentError('seconds', EXPECTED_FORM.duration);

    total += BigInt(new TextDecoder().decode(bytes.subarray(i, digitsEnd))) * scale;
    i = unitEnd;
  }

  // Checked once the whole text is known to be valid, as the WASM twin does.
  if (total > MAX_INT64) throw new FunctionArgumentError('seconds', EXPECTED_FORM.durationRange);
  return total / 1000n;
}

// Units of bytesSize(), as powers of 1024. `k`, `kb` and `kib` are all 1024.
const SIZE_UNITS: Record<string, bigint> = {
  '': 0n,
  b: 0n,
  k: 1n,
  kb: 1n,
  kib: 1n,
  m: 2n,
  mb: 2n,
  mib: 2n,
  g: 3n,
  gb: 3n,
  gib: 3n,
  t: 4n,
  tb: 4n,
  tib: 4n,
  p: 5n,
  pb: 5n,
  pib: 5n,
  e: 6n,
  eb: 6n,
  eib: 6n,
};

/**
 * Reads a size and returns bytes: a whole number, optional spaces or tabs,
 * and an optional unit. Every unit is 1024-based, so `1GB` == `1GiB` ==
 * 1073741824. The result must fit in a signed 64-bit integer.
 */
export function bytesSize(text: string): bigint {
  const bytes = utf8(text);
  const [start, end] = trimAscii(bytes);

  const digitsEnd = skip(bytes, start, end, isDigit);
  if (digitsEnd === start) throw new FunctionArgumentError('bytesSize', EXPECTED_FORM.size);
  const unitStart = skip(bytes, digitsEnd, end, (byte) => byte === 0x20 || byte === 0x09);
  const unit = lowerAscii(bytes, unitStart, end);
  if (!Object.hasOwn(SIZE_UNITS, unit)) throw new FunctionArgumentError('bytesSize', EXPECTED_FORM.size);

  const value = BigInt(new TextDecoder().decode(bytes.subarray(start, digitsEnd))) << (10n * SIZE_UNITS[unit]);
  if (value > MAX_INT64) throw new FunctionArgumentError('bytesSize', EXPECTED_FORM.sizeRange);
  return value;
}

function skip(bytes: Uint8Array, i: number, end: number, accept: (byte: number) => boolean): number {
  while (i < end && accept(bytes[i])) i++;
  return i;
}

/**
 * Returns bytes [start, end) with ASCII letters lowered. Each non-ASCII byte
 * becomes U+0080, so `İ` or `ſ` never pass as `i` or `s`.
 */
function lowerAscii(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte >= 0x41 && byte <= 0x5a) out += String.fromCharCode(byte + 0x20);
    else if (byte < 0x80) out += String.fromCharCode(byte);
    else out += '\u0080';
  }
  return out;
}
