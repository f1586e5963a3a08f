// Recognizes regular expressions that only test a literal string: `^abc`
// (starts with), `abc$` (ends with), `^abc$` (equals) and `abc` (contains).
// Config rules use these shapes a lot (`^https://`, `\.pem$`), and a byte
// comparison costs less per value than running the Pike VM. RE2 without
// flags gives the same result: `^` and `$` anchor at the text's ends, and
// `\` before punctuation is the punctuation itself.

export type LiteralTest = { kind: 'startsWith' | 'endsWith' | 'equals' | 'contains'; text: string };

/** Characters with a meaning in RE2 syntax outside a class. */
const SPECIAL = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

/** Returns the literal test equivalent to `pattern`, or undefined when it needs the regex engine. */
export function literalRegexTest(pattern: string): LiteralTest | undefined {
  let body = pattern;
  const anchoredStart = body.startsWith('^');
  if (anchoredStart) body = body.slice(1);
  const anchoredEnd = body.endsWith('$') && !endsWithEscape(body.slice(0, -1));
  if (anchoredEnd) body = body.slice(0, -1);

  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || !/^[!-/:-@[-`{-~]$/.test(next)) return undefined;
      text += next;
      i++;
    } else if (SPECIAL.has(c)) {
      return undefined;
    } else {
      text += c;
    }
  }

  if (anchoredStart && anchoredEnd) return { kind: 'equals', text };
  if (anchoredStart) return { kind: 'startsWith', text };
  if (anchoredEnd) return { kind: 'endsWith', text };
  return { kind: 'contains', text };
}

/** True when `text` ends with an odd number of backslashes (so a following `$` is escaped). */
function endsWithEscape(text: string): boolean {
  let count = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\\'; i--) count++;
  return count % 2 === 1;
}
