// Which rules apply to a file, before any parsing: status, format, dialect
// and file globs. The `when` expression is evaluated later, per document,
// by the evaluator.

import type { Dialect, Format, Rule } from '../policy/rule.js';
import { compileGlob } from './glob.js';

export interface ApplicabilityIndex {
  /** One byte per rule, 1 where the rule runs on a file of this kind and path. */
  mask(path: string, format: Format, dialect: Dialect | undefined): Uint8Array;
}

export function buildApplicability(rules: readonly Rule[]): ApplicabilityIndex {
  const globs = rules.map((rule) => rule.appliesTo.files?.map((glob) => compileGlob(glob)));
  const hasGlobs = globs.some((list) => list !== undefined);

  // Masks depend only on format and dialect unless a rule filters by path,
  // so most files reuse a cached mask.
  const cache = new Map<string, Uint8Array>();

  const compute = (path: string, format: Format, dialect: Dialect | undefined): Uint8Array => {
    const mask = new Uint8Array(rules.length);
    rules.forEach((rule, index) => {
      if (rule.status === 'retired') return;
      const { formats, dialects } = rule.appliesTo;
      if (formats && !formats.includes(format)) return;
      if (dialects && (dialect === undefined || !dialects.includes(dialect))) return;
      const fileGlobs = globs[index];
      if (fileGlobs && !fileGlobs.some((matches) => matches(path))) return;
      mask[index] = 1;
    });
    return mask;
  };

  return {
    mask(path, format, dialect) {
      if (hasGlobs) return compute(path, format, dialect);
      const key = `${format}/${dialect ?? ''}`;
      let mask = cache.get(key);
      if (!mask) {
        mask = compute(path, format, dialect);
        cache.set(key, mask);
      }
      return mask;
    },
  };
}
