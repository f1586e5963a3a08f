// Shared helpers of the helper-function tests: one WASM core, and the two
// implementations (TypeScript and WASM) behind one interface so that every
// table of cases runs against both.

import { readFileSync } from 'node:fs';
import { CoreInstance } from '../../src/core/wasm.js';
import * as ts from '../../src/policy/functions/index.js';
import { WasmFunctions } from '../../src/policy/functions/index.js';

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../../build/bulwark.wasm', import.meta.url)));

export const wasm = new WasmFunctions(CoreInstance.createSync(wasmModule));

export interface Implementation {
  regexTest(program: ts.RegexProgram, input: string): boolean;
  versionCompare(a: string, b: string): number;
  debianVersionCompare(a: string, b: string): number;
  rpmVersionCompare(a: string, b: string): number;
  cidrContains(range: string, target: string): boolean;
  isPrivateIp(address: string): boolean;
  toBool(text: string): boolean;
  seconds(text: string): bigint;
  bytesSize(text: string): bigint;
}

export const IMPLEMENTATIONS: Array<[string, Implementation]> = [
  ['typescript', ts],
  ['wasm', wasm],
];

/** Runs `fn` and returns its result, or the error code it threw, so two implementations compare as values. */
export function outcome<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

/** Runs `fn` and returns its result, or the message it threw. */
export function outcomeWithMessage<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (error) {
    return { error: (error as Error).message };
  }
}
