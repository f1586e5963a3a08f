// Property tests of the version comparisons: the TypeScript and WASM
// implementations agree, and versionCompare and debianVersionCompare are
// total orders (antisymmetric, transitive) on arbitrary strings.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { debianVersionCompare, rpmVersionCompare, versionCompare } from '../../src/policy/functions/index.js';
import { wasm } from './helpers.js';

const RUNS = 10_000;

// Version-shaped strings: numbers with leading zeros and long digit runs,
// letters, and every separator the three schemes treat specially.
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', '1', '2', '10', '01', '9', '00', '123456789012345678901234567890') },
  { weight: 3, arbitrary: fc.constantFrom('.', '-', '+', '~', '^', ':', '_') },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'rc', 'alpha', 'v', 'V', 'Z', 'el8', 'é') },
);
const versionArbitrary = fc.array(token, { maxLength: 10 }).map((tokens) => tokens.join(''));

const COMPARISONS: Array<[string, (a: string, b: string) => number, (a: string, b: string) => number]> = [
  ['versionCompare', versionCompare, (a, b) => wasm.versionCompare(a, b)],
  ['debianVersionCompare', debianVersionCompare, (a, b) => wasm.debianVersionCompare(a, b)],
  ['rpmVersionCompare', rpmVersionCompare, (a, b) => wasm.rpmVersionCompare(a, b)],
];

describe('version comparison differential', () => {
  for (const [name, typescript, webAssembly] of COMPARISONS) {
    it(`${name} agrees in TS and WASM`, () => {
      fc.assert(
        fc.property(versionArbitrary, versionArbitrary, (a, b) => {
          expect({ a, b, order: webAssembly(a, b) }).toEqual({ a, b, order: typescript(a, b) });
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('version comparison order laws', () => {
  const ORDERS: Array<[string, (a: string, b: string) => number]> = [
    ['versionCompare', versionCompare],
    ['debianVersionCompare', debianVersionCompare],
  ];

  for (const [name, compare] of ORDERS) {
    it(`${name} is antisymmetric`, () => {
      fc.assert(
        fc.property(versionArbitrary, versionArbitrary, (a, b) => {
          expect({ a, b, sum: compare(a, b) + compare(b, a) }).toEqual({ a, b, sum: 0 });
        }),
        { numRuns: RUNS },
      );
    });

    it(`${name} is transitive`, () => {
      fc.assert(
        fc.property(versionArbitrary, versionArbitrary, versionArbitrary, (a, b, c) => {
          const [x, y, z] = [a, b, c].sort(compare);
          const xy = compare(x, y);
          const yz = compare(y, z);
          const xz = compare(x, z);
          // After sorting x <= y <= z, so x <= z, strictly when either step is strict.
          expect({ x, y, z, xz }).toEqual({ x, y, z, xz: xy < 0 || yz < 0 ? -1 : 0 });
        }),
        { numRuns: RUNS },
      );
    });
  }
});
