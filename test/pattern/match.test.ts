import { describe, expect, it } from 'vitest';
import { hashKey } from '../../src/core/tape.js';
import { compilePatterns, matchPatternsReference } from '../../src/policy/pattern/index.js';
import { Entries, createCore, describePairs, matchInWasm, matchedPaths, tapeOf } from './helpers.js';

const core = createCore();

// A Kubernetes-like document with arrays, nested TLS blocks, a dotted label key
// and an object whose key looks like an index.
const document = {
  spec: {
    containers: [
      { name: 'web', image: 'nginx', securityContext: { runAsNonRoot: true } },
      { name: 'sidecar', image: 'envoy' },
    ],
    initContainers: [{ name: 'init' }],
  },
  metadata: { labels: { 'app.kubernetes.io/name': 'web', app: 'web' } },
  tls: { enabled: true, min: '1.2' },
  servers: { a: { tls: { enabled: false } } },
  list: [[1, 2], { '0': 'key zero' }],
};

// Pattern and the paths it selects in `document`, in document order. Both
// engines run every case.
const cases: [string, string[]][] = [
  ['', ['$']],
  ['$', ['$']],
  ['$.tls.enabled', ['tls.enabled']],
  ['spec.containers[*].securityContext', ['spec.containers[0].securityContext']],
  ['spec.containers[1].image', ['spec.containers[1].image']],
  ['spec.containers[2]', []],
  ['spec.containers.name', []],
  ['metadata.labels["app.kubernetes.io/name"]', ['metadata.labels["app.kubernetes.io/name"]']],
  ["metadata.labels['app.kubernetes.io/name']", ['metadata.labels["app.kubernetes.io/name"]']],
  ['metadata.labels.app', ['metadata.labels.app']],
  ['metadata.labels.app.kubernetes', []],
  ['**.tls.*', ['tls.enabled', 'tls.min', 'servers.a.tls.enabled']],
  ['**.tls', ['tls', 'servers.a.tls']],
  ['servers.**.enabled', ['servers.a.tls.enabled']],
  ['servers.a.**.tls', ['servers.a.tls']],
  ['tls.**', ['tls', 'tls.enabled', 'tls.min']],
  ['**.**.min', ['tls.min']],
  ['metadata.*', ['metadata.labels']],
  ['list.*', ['list[0]', 'list[1]']],
  ['list[*]', ['list[0]', 'list[1]']],
  ['list[1].*', ['list[1]["0"]']],
  ['list[1][*]', []],
  ['list[1][0]', []],
  ['list[1]["0"]', ['list[1]["0"]']],
  ['list[0][1]', ['list[0][1]']],
  ['list.*.*', ['list[0][0]', 'list[0][1]', 'list[1]["0"]']],
  ['*[*]', ['list[0]', 'list[1]']],
  ['spec.{containers,initContainers}[*].name', ['spec.containers[0].name', 'spec.containers[1].name', 'spec.initContainers[0].name']],
  ['**.{containers,initContainers}[*]', ['spec.containers[0]', 'spec.containers[1]', 'spec.initContainers[0]']],
  ['{tls,servers}', ['tls', 'servers']],
  ['**[1]', ['spec.containers[1]', 'list[0][1]', 'list[1]']],
  ['**.containers[*].name', ['spec.containers[0].name', 'spec.containers[1].name']],
  ['**.*.image', ['spec.containers[0].image', 'spec.containers[1].image']],
  ['**.containers[1].*', ['spec.containers[1].name', 'spec.containers[1].image']],
  ['**[*][*]', ['list[0][0]', 'list[0][1]']],
  ['**.list[*]["0"]', ['list[1]["0"]']],
  ['**.tls.enabled.x', []],
  ['a.b.c', []],
];

describe('pattern step kinds', () => {
  for (const [pattern, expected] of cases) {
    it(`matches ${JSON.stringify(pattern)} in both engines`, () => {
      const { reference, wasm } = matchedPaths(core, pattern, document);
      expect(reference).toEqual(expected);
      expect(wasm).toEqual(expected);
    });
  }

  it('matches every node with **', () => {
    const { reference, wasm } = matchedPaths(core, '**', document);
    expect(reference).toHaveLength(tapeOf(document).count);
    expect(wasm).toEqual(reference);
  });

  it('keeps duplicate keys in order', () => {
    const duplicated = new Entries([['x', 1], ['y', 2], ['x', 3]]);
    const { reference, wasm } = matchedPaths(core, 'x', duplicated);
    expect(reference).toEqual(['x', 'x']);
    expect(wasm).toEqual(['x', 'x']);
  });

  it('matches an empty quoted key', () => {
    const { reference, wasm } = matchedPaths(core, '[""].a', { '': { a: 1 }, a: 2 });
    expect(reference).toEqual(['[""].a']);
    expect(wasm).toEqual(['[""].a']);
  });

  it('matches non-ASCII quoted keys', () => {
    const { reference, wasm } = matchedPaths(core, '["clé"].*', { clé: { 'ünï': 1 }, cle: { x: 2 } });
    expect(reference).toEqual(['["clé"]["ünï"]']);
    expect(wasm).toEqual(['["clé"]["ünï"]']);
  });
});

describe('pattern set matching', () => {
  it('orders pairs by node then pattern', () => {
    const set = compilePatterns(['**', 'a', '$', 'a', 'a.*']);
    const tape = tapeOf({ a: { b: 1 } });
    const expected = [0, 0, 2, 0, 0, 1, 1, 1, 3, 1, 0, 2, 4, 2];
    expect([...matchPatternsReference(set, tape)]).toEqual(expected);
    expect([...matchInWasm(core, set, tape)]).toEqual(expected);
  });

  it('merges suffix and automaton matches', () => {
    // Suffix patterns (`**` then steps without `**`) skip the automaton; the
    // pairs must still come out by node, then by pattern id.
    const set = compilePatterns(['**.b', 'a', '**.*', 'a.b', '**', '**[0]']);
    const tape = tapeOf({ a: { b: [1] } });
    const expected = [4, 0, 1, 1, 2, 1, 4, 1, 0, 2, 2, 2, 3, 2, 4, 2, 2, 3, 4, 3, 5, 3];
    expect([...matchPatternsReference(set, tape)]).toEqual(expected);
    expect([...matchInWasm(core, set, tape)]).toEqual(expected);
  });

  it('compares key bytes after an equal hash', () => {
    // "glbvs" and "yacxa" share the FNV-1a 32-bit hash 0xa1bc9a4f (found by
    // a brute-force search over five-letter strings).
    const encoder = new TextEncoder();
    expect(hashKey(encoder.encode('glbvs'))).toBe(hashKey(encoder.encode('yacxa')));
    const set = compilePatterns(['glbvs', '*.glbvs', '**.glbvs.yacxa']);
    const tape = tapeOf({ yacxa: { yacxa: 1, glbvs: 2 }, glbvs: { yacxa: 3 } });
    const expected = ['*.glbvs -> yacxa.glbvs', 'glbvs -> glbvs', '**.glbvs.yacxa -> glbvs.yacxa'];
    expect(describePairs(set, tape, matchPatternsReference(set, tape))).toEqual(expected);
    expect(describePairs(set, tape, matchInWasm(core, set, tape))).toEqual(expected);
  });

  it('matches nothing with no patterns', () => {
    const set = compilePatterns([]);
    expect([...matchInWasm(core, set, tapeOf({ a: 1 }))]).toEqual([]);
  });

  it('reuses the core across documents', () => {
    const set = compilePatterns(['**.port']);
    const first = matchInWasm(core, set, tapeOf({ port: 1, x: { port: 2 } }));
    const second = matchInWasm(core, set, tapeOf([{ port: 3 }]));
    expect(first.length).toBe(4);
    expect([...second]).toEqual([0, 2]);
  });
});
