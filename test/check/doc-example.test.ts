// The complete rule file shown at the top of docs/rule-language.md must load
// and its examples must pass, so readers can copy it as a starting point.

import { readFileSync } from 'node:fs';

import { expect, it } from 'vitest';

import { CheckEngine } from '../../src/check/engine.js';
import { runRuleExamples } from '../../src/check/examples.js';
import { buildPack } from '../../src/check/pack.js';

it('rule-language example rule passes', () => {
  const doc = readFileSync('docs/rule-language.md', 'utf8');
  const text = /```yaml\n(rules:[\s\S]*?)```/.exec(doc)![1];
  const engine = new CheckEngine(buildPack({ name: 'doc', version: '1.0.0' }, [{ path: 'doc.yaml', text }]));
  const report = runRuleExamples(engine);
  expect(report.results.map((r) => [r.example, r.ok, r.detail])).toEqual([['pass', true, undefined], ['fail', true, undefined]]);
});
