// Loading the compiled core from the package's build folder in Node.

import { readFile } from 'node:fs/promises';

import type { Limits } from '../core/abi.js';
import { CoreInstance } from '../core/wasm.js';

const WASM_URL = new URL('../../build/bulwark.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles build/bulwark.wasm once per process. */
export function loadCoreModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(WASM_URL).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/** A new core instance (one per thread or per concurrent check). */
export async function createCore(limits: Partial<Limits> = {}): Promise<CoreInstance> {
  return CoreInstance.create(await loadCoreModule(), limits);
}
