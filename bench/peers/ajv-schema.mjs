// Expresses the 200 rules10k rules as ONE JSON Schema (draft 2020-12 keywords
// that Ajv 8 compiles), so Ajv validates the whole config in a single call.
//
// Shape: a tree of subschemas mirroring the patterns. A named step becomes
// `properties.<key>`. A `*` step becomes `patternProperties` with the empty
// regex, because that applies to every key, named or not, just as `*` does. Each rule
// on a leaf is one entry of that leaf's `allOf`, so the rules stay separate
// and each reports its own error. An `exists` rule is an entry of the root's
// `allOf` that holds when at least one node on its pattern exists.

import Ajv from 'ajv';

/** Key-regex that matches every property name. */
const ANY_KEY = '';

/** Translates the predicate of one rule on a leaf value into a schema. */
function leafSchema(rule) {
  switch (rule.op) {
    case 'eq':
      return { const: rule.value };
    case 'ne':
      return { not: { const: rule.value } };
    case 'lt':
      return { exclusiveMaximum: rule.value };
    case 'le':
      return { maximum: rule.value };
    case 'gt':
      return { exclusiveMinimum: rule.value };
    case 'ge':
      return { minimum: rule.value };
    case 'range':
      return { minimum: rule.value[0], maximum: rule.value[1] };
    case 'in':
      return { enum: rule.value };
    case 'regex':
      // The workload counts a non-string value as a violation of a regex rule.
      return { type: 'string', pattern: rule.value };
    default:
      throw new Error(`rules10k operator ${rule.op} has no JSON Schema translation`);
  }
}

/** Builds a schema that is valid exactly when some node exists on the remaining steps. */
function presenceSchema(steps) {
  if (steps.length === 0) return {};
  const [step, ...rest] = steps;
  if (step === '*') return { not: { patternProperties: { [ANY_KEY]: { not: presenceSchema(rest) } } } };
  return { required: [step], properties: { [step]: presenceSchema(rest) } };
}

function childSchema(node, step) {
  if (step === '*') {
    node.patternProperties ??= {};
    return (node.patternProperties[ANY_KEY] ??= {});
  }
  node.properties ??= {};
  return (node.properties[step] ??= {});
}

/** Collects every subschema object below `schema`, for attributing errors. */
function eachSubschema(schema, visit) {
  if (schema === null || typeof schema !== 'object') return;
  visit(schema);
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) value.forEach((item) => eachSubschema(item, visit));
    else if (value && typeof value === 'object') eachSubschema(value, visit);
  }
}

/**
 * Builds the schema and a map from every subschema object a rule owns to
 * that rule's id; with Ajv's `verbose` option an error's `parentSchema` is
 * one of those objects, so errors can be attributed to rules.
 */
export function toJsonSchema(rules) {
  const root = { allOf: [] };
  const tree = {};
  root.allOf.push(tree);
  const owner = new Map();

  for (const rule of rules) {
    const steps = rule.pattern.split('.');
    let ruleSchema;
    if (rule.op === 'exists') {
      ruleSchema = presenceSchema(steps);
      root.allOf.push(ruleSchema);
    } else {
      let node = tree;
      for (const step of steps) node = childSchema(node, step);
      ruleSchema = leafSchema(rule);
      (node.allOf ??= []).push(ruleSchema);
    }
    eachSubschema(ruleSchema, (subschema) => owner.set(subschema, rule.id));
  }
  return { schema: root, owner };
}

/** Ajv options shared by the timed and the verifying validator. */
function ajvOptions(verbose) {
  // A named key also matching the empty pattern is intended, and so are
  // keywords without a `type`: a rule constrains whatever value sits there.
  return { allErrors: true, allowMatchingProperties: true, strictTypes: false, verbose };
}

/** The validator that is timed: one compiled schema, all errors. */
export function compileAjv(rules) {
  const { schema } = toJsonSchema(rules);
  return new Ajv(ajvOptions(false)).compile(schema);
}

/** Violations per rule id, from a verbose validator's errors. */
export function countAjvViolations(rules, config) {
  const { schema, owner } = toJsonSchema(rules);
  const validate = new Ajv(ajvOptions(true)).compile(schema);
  validate(config);

  const counts = Object.fromEntries(rules.map((rule) => [rule.id, 0]));
  for (const error of validate.errors ?? []) {
    const id = owner.get(error.parentSchema);
    if (id === undefined) throw new Error(`Ajv error at ${error.schemaPath} belongs to no rule`);
    counts[id]++;
  }
  return counts;
}
