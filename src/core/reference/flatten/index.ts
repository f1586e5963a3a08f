// The TypeScript reference flatteners: the same node tables as the WASM
// tokenizers (assembly/flatten), built in plain TypeScript. They serve the
// differential tests and runtimes where WebAssembly is disabled, so they
// favour plain code over speed.

import type { Dialect } from '../../../policy/rule.js';
import { Status, type Limits } from '../../abi.js';
import { flattenFailure, type FlattenFailure, type FlattenFormat } from '../../flatten.js';
import type { Tape } from '../../tape.js';
import { FlattenError, Positions, Source, TableWriter } from './common.js';
import { flattenDirectives } from './directives.js';
import { flattenEnv } from './env.js';
import { flattenIni } from './ini.js';
import { flattenJson } from './json.js';
import { flattenProperties } from './properties.js';

export type ReferenceOutcome = { ok: true; tape: Tape } | FlattenFailure;

export interface ReferenceOptions {
  /** Directive-file dialect; `generic` when omitted. */
  dialect?: Dialect;
  limits: Limits;
}

/**
 * Flattens `bytes` (without a BOM) as the core would. The depth, table and
 * size limits fail the same way, at the same offsets.
 */
export function flattenReference(format: FlattenFormat, bytes: Uint8Array, options: ReferenceOptions): ReferenceOutcome {
  const { limits } = options;
  if (bytes.length > limits.maxInputBytes) return flattenFailure(Status.InputTooLarge, 0, 1, 1);

  const source = new Source(bytes);
  const table = new TableWriter(source, limits);
  try {
    switch (format) {
      case 'json':
        flattenJson(source, table);
        break;
      case 'env':
        flattenEnv(source, table);
        break;
      case 'ini':
        flattenIni(source, table);
        break;
      case 'properties':
        flattenProperties(source, table);
        break;
      case 'directives':
        flattenDirectives(source, table, options.dialect ?? 'generic');
        break;
    }
  } catch (error) {
    if (!(error instanceof FlattenError)) throw error;
    const { line, column } = new Positions(bytes).locate(error.offset);
    return flattenFailure(error.status, error.offset, line, column);
  }
  return { ok: true, tape: table.finish() };
}

export { FlattenError } from './common.js';
