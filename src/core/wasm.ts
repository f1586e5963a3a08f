// Loading the WASM core. The host accepts either the compiled module or its
// bytes: edge runtimes such as workerd forbid compiling WASM from bytes at run
// time and only hand out an imported `WebAssembly.Module`.

import { DEFAULT_LIMITS, type Limits } from './abi.js';
import { CoreError } from './errors.js';

/** Raw exports of the core; the wrappers in this folder give them types. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  error_offset(): number;
  error_line(): number;
  error_column(): number;
  input_reserve(length: number): number;
  input_check(length: number): number;
  set_max_input_bytes(value: number): void;
  document_ptr(): number;
  document_length(): number;
  document_heap_used(): number;
  scratch_reserve(length: number): number;
  tape_ptr(): number;
  tape_count(): number;
  tape_reserve(count: number): number;
  tape_commit(count: number): void;
  set_max_nodes(value: number): void;
  set_max_depth(value: number): void;
  [name: string]: unknown;
}

export type CoreSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView;

/** One instance of the core with its own memory. Not safe to share between threads. */
export class CoreInstance {
  readonly exports: CoreExports;
  readonly limits: Limits;
  /** The compiled module, kept so a fresh instance can replace one that trapped. */
  readonly module: WebAssembly.Module;

  private constructor(module: WebAssembly.Module, instance: WebAssembly.Instance, limits: Limits) {
    this.exports = instance.exports as unknown as CoreExports;
    this.module = module;
    this.limits = limits;
    this.exports.set_max_input_bytes(limits.maxInputBytes);
    this.exports.set_max_depth(limits.maxDepth);
    this.exports.set_max_nodes(limits.maxNodes);
  }

  /** Instantiates the core from a compiled module or from its bytes. */
  static async create(source: CoreSource, limits: Partial<Limits> = {}): Promise<CoreInstance> {
    const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source as BufferSource);
    const instance = await WebAssembly.instantiate(module, { env: { abort: coreAbort } });
    return new CoreInstance(module, instance, { ...DEFAULT_LIMITS, ...limits });
  }

  /** Synchronous variant for a module that is already compiled. */
  static createSync(module: WebAssembly.Module, limits: Partial<Limits> = {}): CoreInstance {
    const instance = new WebAssembly.Instance(module, { env: { abort: coreAbort } });
    return new CoreInstance(module, instance, { ...DEFAULT_LIMITS, ...limits });
  }

  /** Returns a fresh view of memory, because views go stale whenever memory grows. */
  bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  words(): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer);
  }

  /**
   * Runs a core call and turns a trap into a CoreError naming `what` (a file
   * name or rule id, never input content).
   */
  call<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError || error instanceof CoreAbort) {
        throw new CoreError(`WASM core failed on ${what}: ${(error as Error).message}`, { cause: error });
      }
      throw error;
    }
  }
}

class CoreAbort extends Error {}

// AssemblyScript calls env.abort on a failed assertion or an out-of-bounds
// access in checked code. The message pointer is not decoded: the core's
// messages are internal, and the host names the input instead.
function coreAbort(_message: number, _file: number, line: number, column: number): never {
  throw new CoreAbort(`internal assertion at core source ${line}:${column}`);
}
