// Runs the rules10k rules on json-rules-engine 7: one engine rule per
// workload rule, one condition each, over a single `config` fact.
//
// The engine picks the matching values through a condition's `path`. Its
// default path resolver is JSONPath (jsonpath-plus); the faster variant gives
// the engine a path resolver that walks the dotted pattern directly, which is
// the engine's documented extension point for this. The custom operators take
// the list of matched values and return true when at least one violates the
// rule (so an engine event is a violated rule); they look at every value and
// never stop early, because the other engines report every violation.

import { Engine } from 'json-rules-engine';

/** The neutral predicate on one value; the same definition as the workload's. */
export function holds(rule, value) {
  switch (rule.op) {
    case 'eq':
      return value === rule.value;
    case 'ne':
      return value !== rule.value;
    case 'lt':
      return value < rule.value;
    case 'le':
      return value <= rule.value;
    case 'gt':
      return value > rule.value;
    case 'ge':
      return value >= rule.value;
    case 'range':
      return value >= rule.value[0] && value <= rule.value[1];
    case 'in':
      return rule.value.includes(value);
    case 'regex':
      return typeof value === 'string' && rule.regex.test(value);
    default:
      throw new Error(`rules10k operator ${rule.op} has no predicate`);
  }
}

/** Matched values as a list: JSONPath with `wrap: false` returns a scalar for one match. */
function asList(matched) {
  if (matched === undefined) return [];
  return Array.isArray(matched) ? matched : [matched];
}

/** Violating values among the matched ones (an `exists` rule: one when none matched). */
export function violationsOf(rule, matched) {
  const values = asList(matched);
  if (rule.op === 'exists') return values.length === 0 ? 1 : 0;
  let violations = 0;
  for (const value of values) if (!holds(rule, value)) violations++;
  return violations;
}

/** Values on a dotted pattern where `*` is exactly one key, in key order. */
export function resolveDotted(value, pattern) {
  let current = [value];
  for (const step of pattern.split('.')) {
    const next = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object') continue;
      if (step === '*') next.push(...Object.values(node));
      else if (Object.hasOwn(node, step)) next.push(node[step]);
    }
    current = next;
  }
  return current;
}

/** JSONPath for a dotted pattern; every workload key is a plain identifier. */
function toJsonPath(pattern) {
  return `$.${pattern}`;
}

/**
 * An engine holding the 200 rules. `resolver` is 'dotted' (the direct path
 * resolver) or 'jsonpath' (the engine's default).
 */
export function createRulesEngine(rules, resolver = 'dotted') {
  const prepared = rules.map((rule) => (rule.op === 'regex' ? { ...rule, regex: new RegExp(rule.value) } : rule));
  const options = { allowUndefinedFacts: true, replaceFactsInEventParams: false };
  if (resolver === 'dotted') options.pathResolver = resolveDotted;
  const engine = new Engine([], options);

  // One operator per rule: its operand is the rule index, so the operator
  // reaches the prepared rule (with its compiled regex) without a lookup.
  engine.addOperator('violated', (matched, index) => violationsOf(prepared[index], matched) > 0);

  prepared.forEach((rule, index) => {
    engine.addRule({
      name: rule.id,
      conditions: { all: [{ fact: 'config', path: resolver === 'dotted' ? rule.pattern : toJsonPath(rule.pattern), operator: 'violated', value: index }] },
      event: { type: 'violation', params: { id: rule.id } },
    });
  });
  return { engine, prepared };
}

/** Violations per rule id: the engine picks the values, the same predicate counts them. */
export async function countRulesEngineViolations(rules, config, resolver = 'dotted') {
  const { engine, prepared } = createRulesEngine(rules, resolver);
  const { results, failureResults } = await engine.run({ config });
  const counts = Object.fromEntries(rules.map((rule) => [rule.id, 0]));
  for (const result of [...results, ...failureResults]) {
    const index = prepared.findIndex((rule) => rule.id === result.name);
    const condition = result.conditions.all[0];
    counts[result.name] = violationsOf(prepared[index], condition.factResult);
  }
  return counts;
}
