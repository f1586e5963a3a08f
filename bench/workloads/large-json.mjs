// Generates the flatten suite's input: one JSON document of about 10 MB,
// deterministic for a seed. It is an array of service records that mix every
// JSON value kind: nested objects, arrays, strings with escapes and non-ASCII
// text, integers, decimals with exponents, booleans and null.

import { createRandom } from '../lib/random.mjs';

export const TARGET_BYTES = 10 * 1024 * 1024;

function record(random, index) {
  return {
    id: index,
    name: `svc-${index}-${random.word(random.int(3, 10))}`,
    enabled: random.chance(0.9),
    owner: random.chance(0.1) ? null : `${random.word(6)}@example.com`,
    weight: Math.round(random.next() * 1e6) / 1e3,
    ratio: random.chance(0.1) ? 1.5e-7 * random.int(1, 9) : random.next(),
    description: random.chance(0.2) ? `line one\nline "two"\ttab \\ back – straße ${random.word(8)}` : random.word(random.int(10, 40)),
    tags: Array.from({ length: random.int(0, 6) }, () => random.word(random.int(3, 8))),
    limits: { cpu: random.int(100, 8000), memory: random.int(64, 65536), connections: random.int(10, 100000) },
    endpoints: Array.from({ length: random.int(1, 3) }, () => ({
      host: `${random.word(5)}.internal.example.com`,
      port: random.int(1, 65535),
      tls: { enabled: random.chance(0.9), versions: ['1.2', '1.3'] },
    })),
  };
}

/** Generates the document as UTF-8 bytes, at least `targetBytes` long (plus one record). */
export function generateLargeJson(seed = 23, targetBytes = TARGET_BYTES) {
  const random = createRandom(seed);
  const parts = [];
  let size = 2;
  for (let i = 0; size < targetBytes; i++) {
    const text = JSON.stringify(record(random, i));
    parts.push(text);
    size += Buffer.byteLength(text) + 1;
  }
  return { bytes: new TextEncoder().encode(`[${parts.join(',')}]`), records: parts.length };
}
