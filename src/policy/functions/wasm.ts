// Host side of the WASM helper functions (assembly/match/regex.ts,
// version.ts, cidr.ts, convert.ts): copies the arguments into the core's
// scratch block, calls the export and maps negative results to the same
// errors the TypeScript functions raise. Used by the differential tests and
// by hosts that want the WASM results outside the rule VM.

import { CoreError } from '../../core/errors.js';
import type { CoreInstance } from '../../core/wasm.js';
import { RegexProgramError, type RegexProgram } from '../regex/index.js';
import { EXPECTED_FORM, FunctionArgumentError } from './errors.js';
import { utf8 } from './text.js';

interface FunctionExports {
  memory: WebAssembly.Memory;
  scratch_reserve(length: number): number;
  regex_test(programPtr: number, programWords: number, inputPtr: number, inputLength: number): number;
  version_compare(aPtr: number, aLength: number, bPtr: number, bLength: number): number;
  debian_version_compare(aPtr: number, aLength: number, bPtr: number, bLength: number): number;
  rpm_version_compare(aPtr: number, aLength: number, bPtr: number, bLength: number): number;
  cidr_contains(rangePtr: number, rangeLength: number, targetPtr: number, targetLength: number): number;
  is_private_ip(ptr: number, length: number): number;
  to_bool(ptr: number, length: number): number;
  parse_seconds(ptr: number, length: number): bigint;
  parse_bytes_size(ptr: number, length: number): bigint;
}

// Status codes of the WASM functions (see the header of each assembly file).
const REGEX_BAD_PROGRAM = -1;
const CIDR_BAD_RANGE = -1;
const CONVERT_OVERFLOW = -2n;

/** The WASM helper functions of one core instance. Not reentrant, like the core. */
export class WasmFunctions {
  private readonly exports: FunctionExports;

  constructor(private readonly core: CoreInstance) {
    this.exports = core.exports as unknown as FunctionExports;
  }

  /** Unanchored search of a compiled program over a string (encoded as UTF-8) or raw bytes. */
  regexTest(program: RegexProgram, input: string | Uint8Array): boolean {
    const bytes = typeof input === 'string' ? utf8(input) : input;
    const programBytes = new Uint8Array(program.words.buffer, program.words.byteOffset, program.words.byteLength);
    const [programPtr, inputPtr] = this.write([programBytes, bytes]);

    const result = this.core.call('regex', () => this.exports.regex_test(programPtr, program.words.length, inputPtr, bytes.length));
    if (result === REGEX_BAD_PROGRAM) throw new RegexProgramError('the WASM matcher rejected the program');
    if (result < 0) throw new CoreError('WASM regex matcher ran out of memory');
    return result === 1;
  }

  versionCompare(a: string, b: string): number {
    return this.compare(this.exports.version_compare, a, b);
  }

  debianVersionCompare(a: string, b: string): number {
    return this.compare(this.exports.debian_version_compare, a, b);
  }

  rpmVersionCompare(a: string, b: string): number {
    return this.compare(this.exports.rpm_version_compare, a, b);
  }

  cidrContains(range: string, target: string): boolean {
    const rangeBytes = utf8(range);
    const targetBytes = utf8(target);
    const [rangePtr, targetPtr] = this.write([rangeBytes, targetBytes]);

    const result = this.core.call('cidrContains', () => this.exports.cidr_contains(rangePtr, rangeBytes.length, targetPtr, targetBytes.length));
    if (result === CIDR_BAD_RANGE) throw new FunctionArgumentError('cidrContains', EXPECTED_FORM.cidrRange);
    if (result < 0) throw new FunctionArgumentError('cidrContains', EXPECTED_FORM.cidrTarget);
    return result === 1;
  }

  isPrivateIp(address: string): boolean {
    const result = this.callOne('isPrivateIp', this.exports.is_private_ip, address);
    if (result < 0) throw new FunctionArgumentError('isPrivateIp', EXPECTED_FORM.ipAddress);
    return result === 1;
  }

  toBool(text: string): boolean {
    const result = this.callOne('toBool', this.exports.to_bool, text);
    if (result < 0) throw new FunctionArgumentError('toBool', EXPECTED_FORM.bool);
    return result === 1;
  }

  seconds(text: string): bigint {
    const result = this.callOne('seconds', this.exports.parse_seconds, text);
    if (result === CONVERT_OVERFLOW) throw new FunctionArgumentError('seconds', EXPECTED_FORM.durationRange);
    if (result < 0n) throw new FunctionArgumentError('seconds', EXPECTED_FORM.duration);
    return result;
  }

  bytesSize(text: string): bigint {
    const result = this.callOne('bytesSize', this.exports.parse_bytes_size, text);
    if (result === CONVERT_OVERFLOW) throw new FunctionArgumentError('bytesSize', EXPECTED_FORM.sizeRange);
    if (result < 0n) throw new FunctionArgumentError('bytesSize', EXPECTED_FORM.size);
    return result;
  }

  private compare(fn: (aPtr: number, aLength: number, bPtr: number, bLength: number) => number, a: string, b: string): number {
    const aBytes = utf8(a);
    const bBytes = utf8(b);
    const [aPtr, bPtr] = this.write([aBytes, bBytes]);
    return this.core.call('version comparison', () => fn(aPtr, aBytes.length, bPtr, bBytes.length));
  }

  private callOne<T>(name: string, fn: (ptr: number, length: number) => T, text: string): T {
    const bytes = utf8(text);
    const [ptr] = this.write([bytes]);
    return this.core.call(name, () => fn(ptr, bytes.length));
  }

  /** Copies the parts into the scratch block, each at a 4-byte boundary; returns their addresses. */
  private write(parts: Uint8Array[]): number[] {
    const offsets: number[] = [];
    let total = 0;
    for (const part of parts) {
      offsets.push(total);
      total += (part.length + 3) & ~3;
    }

    const base = this.exports.scratch_reserve(Math.max(total, 4)) >>> 0;
    if (base === 0) throw new CoreError('WASM core could not reserve scratch memory for helper arguments');
    const memory = new Uint8Array(this.exports.memory.buffer);
    parts.forEach((part, i) => memory.set(part, base + offsets[i]));
    return offsets.map((offset) => base + offset);
  }
}
