// Writes one composed YAML document into a node table. Aliases are expanded
// in place and `<<` merge keys (YAML 1.1 merge type) are applied, so rules see
// the values a YAML loader would produce. Expansion is metered: every node
// written through an alias or a merge counts against `maxAliasExpansion`,
// which bounds memory on alias bombs ("billion laughs") before any copy is
// made. The walk uses an explicit stack, so alias chains cannot overflow it.

import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { NodeFlag, NodeKind, type Limits } from '../core/abi.js';
import { TapeBuilder, type PathStep, type Tape } from '../core/tape.js';
import type { AliasTargets } from './yaml-anchors.js';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A repeated key; both entries stay in the table, in document order. */
export interface DuplicateKey {
  key: string;
  line: number;
  column: number;
  firstLine: number;
  firstColumn: number;
}

/** A failure to write a document's table, with the source offset it concerns. */
export class YamlTableError extends Error {
  readonly code: 'ERR_SYNTAX' | 'ERR_ALIAS_LIMIT' | 'ERR_DEPTH_LIMIT' | 'ERR_TABLE_LIMIT';
  readonly offset: number;

  constructor(code: YamlTableError['code'], message: string, offset: number) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}

export interface YamlTableContext {
  /** Bytes stored at the start of the table's document buffer. */
  source: Uint8Array;
  limits: Limits;
  aliases: AliasTargets;
  positionOf(offset: number): SourcePosition;
  /** Source text, for the key of a collection used as a mapping key. */
  text: string;
}

/** One member of a mapping after merge keys are applied. */
interface Entry {
  key: string;
  value: unknown;
  position: SourcePosition;
  /** Source offset of the `<<` key that merged this member in, or -1 for an explicit member. */
  mergedFrom: number;
}

type Work =
  | {
      type: 'node';
      node: unknown;
      key: PathStep | undefined;
      position: SourcePosition;
      /** Source offset of the alias or merge key that this node is expanded from, or -1. */
      expandedFrom: number;
    }
  | { type: 'close'; node: Node };

const MERGE_SOURCE_MESSAGE = 'the merge key `<<` takes a mapping, an alias of one, or a sequence of them';

export function buildYamlTable(document: Document, context: YamlTableContext): { tape: Tape; duplicates: DuplicateKey[] } {
  return new YamlTableWriter(context).write(document);
}

class YamlTableWriter {
  private readonly context: YamlTableContext;
  private readonly builder: TapeBuilder;
  private readonly duplicates: DuplicateKey[] = [];
  /** Containers currently open; an alias to one of them is a cycle. */
  private readonly open = new Set<Node>();
  /** Mappings whose merge keys are being resolved; a merge back into one is a cycle. */
  private readonly merging = new Set<Node>();
  private expandedNodes = 0;

  constructor(context: YamlTableContext) {
    this.context = context;
    this.builder = new TapeBuilder(context.source);
  }

  write(document: Document): { tape: Tape; duplicates: DuplicateKey[] } {
    const root = document.contents;
    const start = rangeStart(root) ?? document.range?.[0] ?? 0;
    const pending: Work[] = [{ type: 'node', node: root, key: undefined, position: this.context.positionOf(start), expandedFrom: -1 }];

    while (pending.length > 0) {
      const work = pending.pop()!;
      if (work.type === 'close') {
        this.builder.close();
        this.open.delete(work.node);
        continue;
      }
      this.writeNode(work, pending);
    }
    return { tape: this.builder.finish(), duplicates: this.duplicates };
  }

  private writeNode(work: Extract<Work, { type: 'node' }>, pending: Work[]): void {
    let node = work.node;
    let expandedFrom = work.expandedFrom;
    if (isAlias(node)) {
      node = this.resolve(node);
      if (expandedFrom < 0) expandedFrom = rangeStart(work.node) ?? 0;
    }
    const expanded = expandedFrom >= 0;

    // 1. Limits, checked before the row is written.
    if (expanded) this.spend(1, expandedFrom);
    if (this.builder.count >= this.context.limits.maxNodes) {
      throw new YamlTableError('ERR_TABLE_LIMIT', `document has more than ${this.context.limits.maxNodes} nodes; raise it with --max-nodes (maxNodes in the library) or split the document`, rangeStart(work.node) ?? 0);
    }
    // The node's depth is the number of open containers; the root is at depth 0.
    if (this.builder.depth > this.context.limits.maxDepth) {
      throw new YamlTableError('ERR_DEPTH_LIMIT', `nesting is deeper than ${this.context.limits.maxDepth} levels; raise it with --max-depth (maxDepth in the library) or flatten the document`, rangeStart(work.node) ?? 0);
    }

    // 2. Scalars are one row each.
    const { line, column } = work.position;
    if (!isMap(node) && !isSeq(node)) {
      this.writeScalar(isScalar(node) ? node : undefined, work.key, line, column);
      return;
    }

    // 3. Collections: open a row, then queue the children and the close in reverse.
    this.open.add(node);
    pending.push({ type: 'close', node });
    if (isSeq(node)) {
      this.builder.open(NodeKind.Array, work.key, line, column);
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        const position = this.positionAt(rangeStart(item), work.position);
        pending.push({ type: 'node', node: item, key: i, position, expandedFrom });
      }
      return;
    }

    this.builder.open(NodeKind.Object, work.key, line, column);
    const entries = this.entries(node, expanded, 0);
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      const from = expanded ? expandedFrom : entry.mergedFrom;
      pending.push({ type: 'node', node: entry.value, key: entry.key, position: entry.position, expandedFrom: from });
    }
  }

  private writeScalar(scalar: Scalar | undefined, key: PathStep | undefined, line: number, column: number): void {
    const value = scalar?.value ?? null;
    const literal = typeof scalar?.source === 'string' ? scalar.source : '';
    switch (typeof value) {
      case 'string':
        this.builder.scalar(NodeKind.String, key, value, line, column);
        return;
      case 'bigint': {
        // Integers beyond 2^53 do not fit the f64 slot exactly, so they are stored as doubles.
        const number = Number(value);
        this.builder.scalar(NodeKind.Number, key, literal || String(value), line, column, number, Number.isSafeInteger(number) ? NodeFlag.Int : 0);
        return;
      }
      case 'number':
        this.builder.scalar(NodeKind.Number, key, literal || String(value), line, column, value);
        return;
      case 'boolean':
        this.builder.scalar(NodeKind.Bool, key, literal || String(value), line, column, value ? 1 : 0);
        return;
      default:
        if (value === null) this.builder.scalar(NodeKind.Null, key, literal, line, column);
        else this.builder.scalar(NodeKind.String, key, literal, line, column);
    }
  }

  /** Members of a mapping in document order, with merged members at the `<<` key's place. */
  private entries(map: YAMLMap, expanded: boolean, mergeLevel: number): Entry[] {
    const items = map.items as Pair[];
    const explicitKeys = new Set<string>();
    const explicit: Array<Entry | undefined> = items.map((pair) => {
      if (isMergeKey(pair.key)) return undefined;
      const key = this.keyText(pair.key);
      explicitKeys.add(key);
      return { key, value: pair.value, position: this.positionAt(rangeStart(pair.key) ?? rangeStart(pair.value), this.positionAt(rangeStart(map), { line: 1, column: 1 })), mergedFrom: -1 };
    });

    const out: Entry[] = [];
    const firstSeen = new Map<string, SourcePosition>();
    const mergedKeys = new Set<string>();
    for (let i = 0; i < items.length; i++) {
      const entry = explicit[i];
      if (entry) {
        out.push(entry);
        // A duplicate inside an expanded alias was already reported where the anchor is defined.
        const first = firstSeen.get(entry.key);
        if (first && !expanded) this.duplicates.push({ key: entry.key, ...entry.position, firstLine: first.line, firstColumn: first.column });
        else if (!first) firstSeen.set(entry.key, entry.position);
        continue;
      }

      // Merge key: earlier sources win over later ones, explicit keys over all of them.
      const mergeAt = rangeStart(items[i].key) ?? 0;
      this.merging.add(map);
      try {
        for (const source of this.mergeSources(items[i].value, mergeLevel)) {
          const inherited = this.entries(source, true, mergeLevel + 1);
          this.spend(inherited.length + 1, mergeAt);
          for (const member of inherited) {
            if (explicitKeys.has(member.key) || mergedKeys.has(member.key)) continue;
            mergedKeys.add(member.key);
            out.push({ ...member, mergedFrom: mergeAt });
          }
        }
      } finally {
        this.merging.delete(map);
      }
    }
    return out;
  }

  private mergeSources(value: unknown, mergeLevel: number): YAMLMap[] {
    if (mergeLevel >= this.context.limits.maxDepth) {
      throw new YamlTableError('ERR_DEPTH_LIMIT', `merge keys nest deeper than ${this.context.limits.maxDepth} levels; raise it with --max-depth (maxDepth in the library) or flatten the document`, rangeStart(value) ?? 0);
    }
    const items = isSeq(value) ? value.items : [value];
    return items.map((item) => {
      const source = isAlias(item) ? this.resolve(item) : item;
      if (!isMap(source)) throw new YamlTableError('ERR_SYNTAX', MERGE_SOURCE_MESSAGE, rangeStart(item) ?? rangeStart(value) ?? 0);
      if (this.merging.has(source) || this.open.has(source)) {
        throw new YamlTableError('ERR_ALIAS_LIMIT', 'a merge key refers to a mapping that contains it (recursive merge); remove the cycle', rangeStart(item) ?? 0);
      }
      return source;
    });
  }

  private resolve(alias: Alias): Node {
    const target = this.context.aliases.get(alias);
    const offset = rangeStart(alias) ?? 0;
    if (!target) throw new YamlTableError('ERR_SYNTAX', `alias \`*${alias.source}\` has no anchor before it; define \`&${alias.source}\` first`, offset);
    if (this.open.has(target) || this.merging.has(target)) {
      throw new YamlTableError('ERR_ALIAS_LIMIT', `alias \`*${alias.source}\` refers to a node that contains it (recursive alias); remove the cycle`, offset);
    }
    return target;
  }

  /** Counts expanded nodes; `at` is the source offset of the alias or merge key responsible. */
  private spend(count: number, at: number): void {
    this.expandedNodes += count;
    if (this.expandedNodes > this.context.limits.maxAliasExpansion) {
      throw new YamlTableError(
        'ERR_ALIAS_LIMIT',
        `aliases and merge keys expand to more than ${this.context.limits.maxAliasExpansion} nodes (possible alias bomb); raise it with --max-alias-expansion (maxAliasExpansion in the library) if the document is trusted`,
        at,
      );
    }
  }

  /** Mapping keys become strings: scalars as a YAML loader prints them, collections as their source text. */
  private keyText(key: unknown): string {
    const node = isAlias(key) ? this.resolve(key) : key;
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || value === undefined) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
      return typeof node.source === 'string' ? node.source : String(value);
    }
    const range = (node as Node | null)?.range;
    return range ? this.context.text.slice(range[0], range[1]).replace(/\s+/g, ' ').trim() : '';
  }

  private positionAt(offset: number | undefined, fallback: SourcePosition): SourcePosition {
    return offset === undefined ? fallback : this.context.positionOf(offset);
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
