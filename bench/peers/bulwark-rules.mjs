// Translates the neutral rules10k rules into Bulwark rule specs (the input of
// compileRules) and counts violations from the evaluator's result rows.
//
// The workload's patterns are dotted key paths in which `*` matches exactly
// one key; Bulwark patterns read them the same way, because every key the
// generator writes is a plain identifier step.

/** Result-row outcomes that count as a violation (src/check/engine.ts). */
const OUTCOME_FAIL = 1;
const OUTCOME_ERROR = 2;
const OUTCOME_MISSING = 3;

/** Words per result row: rule index, node index, outcome, detail. */
const RESULT_ROW_WORDS = 4;

const IDENTIFIER_STEP = /^(\*|[A-Za-z0-9_$@-]+)$/;

/** A CEL string literal; JSON's escapes are all valid CEL escapes. */
function celString(text) {
  return JSON.stringify(text);
}

/** A CEL raw string, so regex backslashes stay as written. */
function celRegex(source) {
  return source.includes('"') ? celString(source) : `r"${source}"`;
}

function celLiteral(value) {
  if (typeof value === 'string') return celString(value);
  if (typeof value === 'boolean' || Number.isInteger(value)) return String(value);
  throw new Error(`rules10k operand ${JSON.stringify(value)} has no CEL translation; extend celLiteral`);
}

/** The assert expression that holds exactly when the neutral predicate holds. */
export function assertExpression(rule) {
  switch (rule.op) {
    case 'eq':
      return `self == ${celLiteral(rule.value)}`;
    case 'ne':
      return `self != ${celLiteral(rule.value)}`;
    case 'lt':
      return `self < ${celLiteral(rule.value)}`;
    case 'le':
      return `self <= ${celLiteral(rule.value)}`;
    case 'gt':
      return `self > ${celLiteral(rule.value)}`;
    case 'ge':
      return `self >= ${celLiteral(rule.value)}`;
    case 'range':
      return `self >= ${celLiteral(rule.value[0])} && self <= ${celLiteral(rule.value[1])}`;
    case 'in':
      return `self in [${rule.value.map(celLiteral).join(', ')}]`;
    case 'regex':
      return `self.matches(${celRegex(rule.value)})`;
    case 'exists':
      return 'true';
    default:
      throw new Error(`rules10k operator ${rule.op} has no Bulwark translation`);
  }
}

/** The Bulwark pattern for a neutral dotted pattern. */
export function matchPattern(pattern) {
  for (const step of pattern.split('.')) {
    if (!IDENTIFIER_STEP.test(step)) throw new Error(`rules10k pattern ${pattern} has a step (${step}) that needs quoting`);
  }
  return pattern;
}

/** Rule specs for compileRules, in workload order (rule index = array index). */
export function toBulwarkRules(rules) {
  return rules.map((rule) => ({
    id: rule.id,
    match: matchPattern(rule.pattern),
    assert: assertExpression(rule),
    presenceRequired: rule.op === 'exists',
  }));
}

/** Violations per rule id from result rows (fail, error and missing outcomes). */
export function countViolations(rules, rows) {
  const counts = Object.fromEntries(rules.map((rule) => [rule.id, 0]));
  for (let r = 0; r + RESULT_ROW_WORDS - 1 < rows.length; r += RESULT_ROW_WORDS) {
    const outcome = rows[r + 2];
    if (outcome === OUTCOME_FAIL || outcome === OUTCOME_ERROR || outcome === OUTCOME_MISSING) counts[rules[rows[r]].id]++;
  }
  return counts;
}
