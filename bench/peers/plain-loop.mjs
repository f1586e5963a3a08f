// The floor: the rules10k rules checked by a hand-written loop over the parsed
// object. The patterns are indexed in a trie and each predicate specialised
// into its own closure once, up front, so a call does only one walk and the
// comparisons.

/** Builds the neutral predicate as a specialised closure, with the workload's meaning. */
function predicateOf(rule) {
  const operand = rule.value;
  switch (rule.op) {
    case 'eq':
      return (value) => value === operand;
    case 'ne':
      return (value) => value !== operand;
    case 'lt':
      return (value) => value < operand;
    case 'le':
      return (value) => value <= operand;
    case 'gt':
      return (value) => value > operand;
    case 'ge':
      return (value) => value >= operand;
    case 'range': {
      const [lo, hi] = operand;
      return (value) => value >= lo && value <= hi;
    }
    case 'in': {
      const allowed = new Set(operand);
      return (value) => allowed.has(value);
    }
    case 'regex': {
      const regex = new RegExp(operand);
      return (value) => typeof value === 'string' && regex.test(value);
    }
    case 'exists':
      return () => true;
    default:
      throw new Error(`rules10k operator ${rule.op} has no predicate`);
  }
}

/**
 * Builds a trie of the patterns: one walk of the config serves every rule, and
 * a `*` step enumerates an object's keys once for all rules under it.
 */
function buildTrie(rules) {
  const newNode = () => ({ named: new Map(), any: null, rules: [] });
  const root = newNode();
  rules.forEach((rule, index) => {
    let node = root;
    for (const step of rule.pattern.split('.')) {
      if (step === '*') {
        node.any ??= newNode();
        node = node.any;
      } else {
        if (!node.named.has(step)) node.named.set(step, newNode());
        node = node.named.get(step);
      }
    }
    node.rules.push(index);
  });

  // Arrays iterate faster than Maps in the hot walk.
  const freeze = (node) => ({ named: [...node.named].map(([key, child]) => [key, freeze(child)]), any: node.any && freeze(node.any), rules: node.rules });
  return freeze(root);
}

function walk(value, node, predicates, matched, violations) {
  for (const r of node.rules) {
    matched[r]++;
    if (!predicates[r](value)) violations[r]++;
  }
  if (value === null || typeof value !== 'object') return;
  if (node.any) {
    for (const key in value) walk(value[key], node.any, predicates, matched, violations);
  }
  for (const [key, child] of node.named) {
    if (Object.hasOwn(value, key)) walk(value[key], child, predicates, matched, violations);
  }
}

/** A checker function: parsed config → violations per rule (array, workload order). */
export function compilePlainLoop(rules) {
  const trie = buildTrie(rules);
  const predicates = rules.map(predicateOf);
  const exists = rules.map((rule) => rule.op === 'exists');

  return (config) => {
    const matched = new Uint32Array(rules.length);
    const violations = new Uint32Array(rules.length);
    walk(config, trie, predicates, matched, violations);

    const counts = new Array(rules.length);
    for (let r = 0; r < rules.length; r++) {
      // An `exists` rule is violated once when nothing matched its pattern.
      if (exists[r]) counts[r] = matched[r] === 0 ? 1 : 0;
      else counts[r] = violations[r];
    }
    return counts;
  };
}

/** Violations per rule id from the checker's array. */
export function countsById(rules, counts) {
  return Object.fromEntries(rules.map((rule, index) => [rule.id, counts[index]]));
}
