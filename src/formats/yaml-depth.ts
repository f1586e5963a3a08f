// Nesting depth of a YAML document, measured on the concrete syntax tree
// before composition. The `yaml` composer recurses once per nesting level.
// It turns a stack overflow into a RESOURCE_EXHAUSTION error only after the
// overflow has happened (measured at about 800 levels of flow sequences on
// Node 20 with the default stack). So deep documents are rejected here, with
// an explicit stack, before they reach it.
//
// Depth follows the node table: the document's root node is at depth 0 and
// the members of a collection at depth d are at d + 1. A document fails when
// any node would sit deeper than `maxDepth`, the same rule the flatteners of
// the other formats apply.

import type { CST } from 'yaml';

/** Returns the source offset of the first node deeper than `maxDepth`, or -1. */
export function findDepthViolation(document: CST.Document, maxDepth: number): number {
  const pending: Array<{ token: CST.Token; depth: number }> = [];
  if (document.value) pending.push({ token: document.value, depth: 0 });

  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (depth > maxDepth) return token.offset;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;

    // Keys are stringified rather than nested, but a collection used as a key
    // is still composed recursively, so it is measured too. Items are pushed
    // in reverse so that the first violation in document order is found first.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i];
      if (item.value) pending.push({ token: item.value, depth: depth + 1 });
      if (item.key) pending.push({ token: item.key, depth: depth + 1 });
    }
  }
  return -1;
}
