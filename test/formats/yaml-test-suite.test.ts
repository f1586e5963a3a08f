// The YAML test suite's own cases, run through parseYaml: every input marked
// as an error must yield a failure with a position (and never an exception),
// and every valid input must give the JSON value the suite expects.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/formats/yaml.js';
import { checkTapeInvariants, FIXTURES, LIMITS } from './helpers.js';

function cases(folder: string): string[] {
  return readdirSync(FIXTURES + folder).filter((name) => existsSync(`${FIXTURES}${folder}/${name}/in.yaml`));
}

function read(folder: string, id: string, file: string): string {
  return readFileSync(`${FIXTURES}${folder}/${id}/${file}`, 'utf8');
}

/** Splits concatenated JSON values (the suite's multi-document `in.json`); inputs are small. */
function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let rest = text.trim();
  while (rest !== '') {
    let end = 1;
    // The shortest prefix that parses and is followed by whitespace (or nothing) is one value.
    for (; end <= rest.length; end++) {
      if (end < rest.length && !/\s/.test(rest[end])) continue;
      try {
        values.push(JSON.parse(rest.slice(0, end)));
        break;
      } catch {
        // Not a whole value yet.
      }
    }
    if (end > rest.length) throw new Error(`unreadable JSON: ${rest.slice(0, 40)}`);
    rest = rest.slice(end).trim();
  }
  return values;
}

describe('yaml-test-suite error cases', () => {
  const ids = cases('yaml-test-suite-errors');

  it('finds every error case', () => {
    expect(ids).toHaveLength(94);
  });

  it.each(ids)('rejects %s with a position', (id) => {
    const result = parseYaml(`${id}/in.yaml`, read('yaml-test-suite-errors', id, 'in.yaml'), LIMITS);
    expect(result.failures.length, read('yaml-test-suite-errors', id, '===')).toBeGreaterThan(0);
    for (const failure of result.failures) {
      expect(failure.line).toBeGreaterThanOrEqual(1);
      expect(failure.column).toBeGreaterThanOrEqual(1);
      expect(failure.file).toBe(`${id}/in.yaml`);
    }
  });
});

describe('yaml-test-suite valid cases', () => {
  const ids = cases('yaml-test-suite-valid');

  it('finds the valid cases', () => {
    expect(ids.length).toBeGreaterThan(250);
  });

  it.each(ids)('reads %s as expected', (id) => {
    const title = read('yaml-test-suite-valid', id, '===');
    const result = parseYaml(`${id}/in.yaml`, read('yaml-test-suite-valid', id, 'in.yaml'), LIMITS);
    const expected = jsonValues(read('yaml-test-suite-valid', id, 'in.json'));

    expect(result.failures.filter((f) => f.code !== 'ERR_DUPLICATE_KEY'), title).toEqual([]);
    // Documents without content are skipped, where the suite expects null for most of them.
    const notNull = (value: unknown) => value !== null;
    expect(result.documents.map((tape) => tape.toValue()).filter(notNull), title).toEqual(expected.filter(notNull));
    expect(result.documents.length).toBeLessThanOrEqual(expected.length);
    for (const tape of result.documents) checkTapeInvariants(tape);
  });
});
