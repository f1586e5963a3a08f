import { describe, expect, it } from 'vitest';
import { IMPLEMENTATIONS } from './helpers.js';

/** Asserts that each version sorts strictly before the next one. */
function ascending(compare: (a: string, b: string) => number, versions: string[]): void {
  for (let i = 0; i + 1 < versions.length; i++) {
    const [a, b] = [versions[i], versions[i + 1]];
    expect({ a, b, order: compare(a, b) }).toEqual({ a, b, order: -1 });
    expect({ a, b, reversed: compare(b, a) }).toEqual({ a, b, reversed: 1 });
  }
}

// Precedence list from semver.org 2.0.0, section 11.
const SEMVER_PRECEDENCE = [
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '2.0.0',
  '2.1.0',
  '2.1.1',
];

// [a, b, expected] for dotted versions and the Bulwark rules on top of semver.
const VERSION_CASES: Array<[string, string, number]> = [
  ['1.2', '1.2.0', 0],
  ['1.2.0.0', '1.2', 0],
  ['v1.2.3', '1.2.3', 0],
  ['V2', '2.0.0', 0],
  ['1.10', '1.9', 1],
  ['1.0.0+20130313144700', '1.0.0', 0],
  ['1.0.0-beta+exp.sha.5114f85', '1.0.0-beta', 0],
  ['1.2.3-rc.1', '1.2.3', -1],
  ['1.99999999999999999999', '1.99999999999999999998', 1],
  ['1.0010', '1.10', 0],
  ['1.2.a', '1.2', 1],
  ['1.0.0-alpha', '1.0.0-1', 1],
  ['1.0.0-rc.1+build-5', '1.0.0-rc.1', 0],
  ['version', 'v1', 1],
  ['', '0', 0],
];

describe('versionCompare', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`orders the semver.org list in ${name}`, () => {
      ascending((a, b) => implementation.versionCompare(a, b), SEMVER_PRECEDENCE);
    });

    it(`compares dotted versions in ${name}`, () => {
      for (const [a, b, expected] of VERSION_CASES) {
        expect({ a, b, order: implementation.versionCompare(a, b) }).toEqual({ a, b, order: expected });
      }
    });
  }
});

// Debian Policy 5.6.12: `~` sorts before everything, even the end of a part,
// and letters sort before other non-digits.
const DEBIAN_ASCENDING = ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+', '1.0.1'];

const DEBIAN_CASES: Array<[string, string, number]> = [
  ['1.0~rc1', '1.0', -1],
  ['1:0.1', '2.0', 1],
  ['0:1.0', '1.0', 0],
  ['1.0', '1.0-0', 0],
  ['1.0-1', '1.0-2', -1],
  ['1.0-1', '1.0.1-1', -1],
  ['2.30-0ubuntu1', '2.30-0ubuntu10', -1],
  ['1.2.3-1+deb11u1', '1.2.3-1', 1],
  ['7.4.052-1ubuntu3', '7.4.052-1ubuntu3.1', -1],
  ['1:2.8.4-3', '2.8.4-3', 1],
  ['00001:1.0', '1:1.0', 0],
  ['1.0-a-1', '1.0-a-2', -1],
  ['1.18.0-6ubuntu14.4', '1.18.0-6ubuntu14.10', -1],
];

describe('debianVersionCompare', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`orders tilde before release in ${name}`, () => {
      ascending((a, b) => implementation.debianVersionCompare(a, b), DEBIAN_ASCENDING);
    });

    it(`compares epochs and revisions in ${name}`, () => {
      for (const [a, b, expected] of DEBIAN_CASES) {
        expect({ a, b, order: implementation.debianVersionCompare(a, b) }).toEqual({ a, b, order: expected });
      }
    });
  }
});

// rpmvercmp cases from rpm's test suite (tests/rpmvercmp.at).
const RPMVERCMP_CASES: Array<[string, string, number]> = [
  ['1.0', '1.0', 0],
  ['1.0', '2.0', -1],
  ['2.0.1', '2.0', 1],
  ['2.0.1a', '2.0.1', 1],
  ['5.5p1', '5.5p2', -1],
  ['5.5p10', '5.5p1', 1],
  ['10xyz', '10.1xyz', -1],
  ['xyz10', 'xyz10.1', -1],
  ['xyz.4', 'xyz.4', 0],
  ['xyz.4', '8', -1],
  ['8', 'xyz.4', 1],
  ['xyz.4', '2', -1],
  ['5.5p2', '5.6p1', -1],
  ['5.6p1', '6.5p1', -1],
  ['6.0.rc1', '6.0', 1],
  ['10b2', '10a1', 1],
  ['10a2', '10b2', -1],
  ['1.0aa', '1.0aa', 0],
  ['1.0a', '1.0aa', -1],
  ['10.0001', '10.1', 0],
  ['10.0001', '10.0039', -1],
  ['4.999.9', '5.0', -1],
  ['20101121', '20101122', -1],
  ['2_0', '2_0', 0],
  ['2.0', '2_0', 0],
  ['a+', 'a_', 0],
  ['+a', '_a', 0],
  ['+_', '_+', 0],
  ['1.0~rc1', '1.0', -1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~rc1~git123', '1.0~rc1', -1],
  ['1.0^', '1.0', 1],
  ['1.0^git1', '1.0', 1],
  ['1.0^git1', '1.01', -1],
  ['1.0^20160101', '1.0.1', -1],
  ['1.0^20160101^git1', '1.0^20160101', 1],
  ['1.0~rc1^git1', '1.0~rc1', 1],
  ['1.0^git1~pre', '1.0^git1', -1],
];

// Epoch and release handling of rpmverCmp.
const RPM_EVR_CASES: Array<[string, string, number]> = [
  ['1:1.0-1', '2.0-1', 1],
  ['0:1.0-1', '1.0-1', 0],
  [':1.0', '1.0', 0],
  ['1.0-1', '1.0-2', -1],
  ['1.0', '1.0-5', 0],
  ['2.4.6-3.el8', '2.4.6-3.el8_1', -1],
  ['1.0-1.fc30', '1.0-1.fc29', 1],
];

describe('rpmVersionCompare', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`matches rpmvercmp cases in ${name}`, () => {
      for (const [a, b, expected] of RPMVERCMP_CASES) {
        expect({ a, b, order: implementation.rpmVersionCompare(a, b) }).toEqual({ a, b, order: expected });
      }
    });

    it(`compares epoch and release in ${name}`, () => {
      for (const [a, b, expected] of RPM_EVR_CASES) {
        expect({ a, b, order: implementation.rpmVersionCompare(a, b) }).toEqual({ a, b, order: expected });
      }
    });
  }
});
