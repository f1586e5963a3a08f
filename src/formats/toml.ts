// TOML into a node table with smol-toml. Integers are read as BigInt so that
// `1` and `1.0` stay apart (FLAG_INT); dates and times become strings in
// their TOML form. smol-toml has no source positions, so they come from a
// second pass over the source (toml-positions.ts). A value whose own position
// is unknown gets the position of its nearest enclosing table or array.

import { parse, TomlError } from 'smol-toml';
import { NodeFlag, NodeKind, type Limits } from '../core/abi.js';
import { TapeBuilder, type PathStep, type Tape } from '../core/tape.js';
import { pathId, scanTomlPositions, type TomlPosition, type TomlPositions } from './toml-positions.js';
import type { ParseFailure } from './types.js';

export interface TomlParseResult {
  /** Zero or one table: a TOML file is one document. */
  documents: Tape[];
  failures: ParseFailure[];
}

const utf8 = new TextEncoder();

/** Parses a TOML document into a node table. Never throws on bad input. */
export function parseToml(file: string, text: string, limits: Limits): TomlParseResult {
  const failure = (code: string, reason: string, line: number, column: number): TomlParseResult => ({
    documents: [],
    failures: [{ file, format: 'toml', code, reason, line, column }],
  });

  // 1. Parse. smol-toml bounds inline nesting itself; table nesting is checked while writing.
  let root: Record<string, unknown>;
  try {
    root = parse(text, { integersAsBigInt: true, maxDepth: limits.maxDepth }) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const message = tomlMessage(error);
      if (message.startsWith('document contains excessively nested structures')) {
        return failure('ERR_DEPTH_LIMIT', `nesting is deeper than ${limits.maxDepth} levels; raise it with --max-depth (maxDepth in the library) or flatten the document`, error.line, error.column);
      }
      return failure('ERR_SYNTAX', `invalid TOML: ${message}`, error.line, error.column);
    }
    // NOTE: smol-toml is not known to throw anything else; a RangeError here would be a stack overflow.
    return failure('ERR_SYNTAX', 'the TOML parser failed unexpectedly; check the file\'s syntax', 1, 1);
  }

  // 2. Write the table, with positions from a scan of the source.
  try {
    const positions = scanTomlPositions(text, limits.maxDepth + 1);
    return { documents: [writeTable(root, utf8.encode(text), positions, limits)], failures: [] };
  } catch (error) {
    if (!(error instanceof TomlTableError)) throw error;
    return failure(error.code, error.message, error.position.line, error.position.column);
  }
}

class TomlTableError extends Error {
  readonly code: 'ERR_DEPTH_LIMIT' | 'ERR_TABLE_LIMIT';
  readonly position: TomlPosition;

  constructor(code: TomlTableError['code'], message: string, position: TomlPosition) {
    super(message);
    this.code = code;
    this.position = position;
  }
}

type Work =
  | { type: 'value'; value: unknown; key: PathStep | undefined; path: PathStep[]; position: TomlPosition }
  | { type: 'close' };

function writeTable(root: Record<string, unknown>, source: Uint8Array, positions: TomlPositions, limits: Limits): Tape {
  const builder = new TapeBuilder(source);
  const pending: Work[] = [{ type: 'value', value: root, key: undefined, path: [], position: { line: 1, column: 1 } }];

  while (pending.length > 0) {
    const work = pending.pop()!;
    if (work.type === 'close') {
      builder.close();
      continue;
    }
    const { value, key, path, position } = work;
    const { line, column } = position;
    if (builder.count >= limits.maxNodes) {
      throw new TomlTableError('ERR_TABLE_LIMIT', `document has more than ${limits.maxNodes} nodes; raise it with --max-nodes (maxNodes in the library) or split the document`, position);
    }
    // The node's depth is the number of open containers; the root is at depth 0.
    if (builder.depth > limits.maxDepth) {
      throw new TomlTableError('ERR_DEPTH_LIMIT', `nesting is deeper than ${limits.maxDepth} levels; raise it with --max-depth (maxDepth in the library) or flatten the document`, position);
    }

    if (!isContainer(value)) {
      writeScalar(builder, value, key, line, column);
      continue;
    }

    // Children are queued in reverse, each with its own position or the container's.
    pending.push({ type: 'close' });
    const children: Array<{ key: PathStep; value: unknown; position: TomlPosition }> = [];
    if (Array.isArray(value)) {
      builder.open(NodeKind.Array, key, line, column);
      value.forEach((element, index) => children.push({ key: index, value: element, position: positionOf(positions, path, index, position) }));
    } else {
      builder.open(NodeKind.Object, key, line, column);
      for (const [name, member] of Object.entries(value)) {
        children.push({ key: name, value: member, position: positionOf(positions, path, name, position) });
      }
      // Object key order puts integer-like keys first; source order is what rules and reports expect.
      children.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      pending.push({ type: 'value', value: child.value, key: child.key, path: [...path, child.key], position: child.position });
    }
  }
  return builder.finish();
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

function positionOf(positions: TomlPositions, parent: readonly PathStep[], step: PathStep, fallback: TomlPosition): TomlPosition {
  return positions.get(pathId([...parent, step])) ?? fallback;
}

function writeScalar(builder: TapeBuilder, value: unknown, key: PathStep | undefined, line: number, column: number): void {
  switch (typeof value) {
    case 'string':
      builder.scalar(NodeKind.String, key, value, line, column);
      return;
    case 'bigint': {
      // Integers beyond 2^53 do not fit the f64 slot exactly, so they are stored as doubles.
      const number = Number(value);
      builder.scalar(NodeKind.Number, key, value.toString(), line, column, number, Number.isSafeInteger(number) ? NodeFlag.Int : 0);
      return;
    }
    case 'number':
      builder.scalar(NodeKind.Number, key, floatLiteral(value), line, column, value);
      return;
    case 'boolean':
      builder.scalar(NodeKind.Bool, key, String(value), line, column, value ? 1 : 0);
      return;
    default: {
      // TomlDate (a Date subclass) prints local dates and times in their TOML form.
      const text = value instanceof Date ? value.toISOString() : String(value);
      builder.scalar(NodeKind.String, key, text, line, column);
    }
  }
}

/** Floats in TOML spelling: `inf`, `-inf`, `nan`, and a fraction for whole numbers. */
function floatLiteral(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Strips smol-toml's excerpt of the source from its message, because the excerpt may hold a secret value. */
function tomlMessage(error: TomlError): string {
  const message = error.message.replace(/^Invalid TOML document:\s*/, '');
  const end = message.indexOf('\n');
  return (end < 0 ? message : message.slice(0, end)).trim();
}
