import { it } from 'vitest';
import { flattenInCore } from '../../src/core/flatten.js';
import { flattenReference } from '../../src/core/reference/flatten/index.js';
import { DEFAULT_LIMITS } from '../../src/core/abi.js';
import { createCore } from './helpers.js';
it('bench', () => {
  const items = [];
  let i = 0;
  while (JSON.stringify(items).length < 5_000_000) {
    items.push({ id: i, name: `item-${i}`, tags: ['a', 'b\n', 'é'], price: i * 1.25, ok: i % 2 === 0, nested: { x: null, y: [1, 2, 3], text: 'lorem ipsum dolor sit amet ' + i } });
    i++;
  }
  const text = JSON.stringify(items, null, 1);
  const bytes = new TextEncoder().encode(text);
  const core = createCore();
  const mb = bytes.length / 1e6;
  const time = (label: string, fn: () => void, n = 10) => {
    for (let k = 0; k < 3; k++) fn();
    const t0 = performance.now();
    for (let k = 0; k < n; k++) fn();
    const ms = (performance.now() - t0) / n;
    console.log(`${label}: ${ms.toFixed(1)} ms, ${(mb / (ms / 1000)).toFixed(0)} MB/s`);
  };
  console.log(`document ${mb.toFixed(2)} MB`);
  time('JSON.parse(string)', () => JSON.parse(text));
  time('TextDecoder + JSON.parse', () => JSON.parse(new TextDecoder().decode(bytes)));
  time('flattenInCore json', () => { const r = flattenInCore(core, 'json', bytes); if (!r.ok) throw new Error(); });
  time('flattenReference json', () => { const r = flattenReference('json', bytes, { limits: { ...DEFAULT_LIMITS } }); if (!r.ok) throw new Error(); }, 2);
});
