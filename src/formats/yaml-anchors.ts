// Alias resolution for one composed YAML document. An alias refers to the
// most recent node with that anchor before it in document order (YAML 1.2,
// section 3.2.2.2), so one pre-order pass resolves every alias. The pass uses
// an explicit stack because alias chains can make documents arbitrarily deep.

import { isAlias, isMap, isPair, isSeq, type Alias, type Document, type Node } from 'yaml';

/** Each alias node mapped to the node it refers to, or null when no anchor precedes it. */
export type AliasTargets = Map<Alias, Node | null>;

export function resolveAliases(document: Document): AliasTargets {
  const targets: AliasTargets = new Map();
  const anchors = new Map<string, Node>();
  const pending: unknown[] = [document.contents];

  while (pending.length > 0) {
    const item = pending.pop();
    if (isPair(item)) {
      pending.push(item.value, item.key);
      continue;
    }
    if (isAlias(item)) {
      targets.set(item, anchors.get(item.source) ?? null);
      continue;
    }
    if (!item || typeof item !== 'object') continue;

    // The anchor is defined before the node's content, so an alias inside the
    // anchored node refers to the node itself (a cycle the table walker rejects).
    const node = item as Node;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node) || isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
    }
  }
  return targets;
}
