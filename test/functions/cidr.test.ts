import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, FunctionArgumentError, isPrivateIp } from '../../src/policy/functions/index.js';
import { IMPLEMENTATIONS, outcomeWithMessage, wasm } from './helpers.js';

// [range, target, contained]
const CONTAINS_CASES: Array<[string, string, boolean]> = [
  ['10.0.0.0/8', '10.1.2.3', true],
  ['10.0.0.0/8', '11.0.0.1', false],
  ['10.0.0.0/8', '10.20.0.0/16', true],
  ['10.20.0.0/16', '10.0.0.0/8', false],
  ['10.1.2.3/8', '10.200.0.1', true],
  ['192.168.1.0/24', '192.168.1.255', true],
  ['192.168.1.0/24', '192.168.2.0', false],
  ['1.2.3.4', '1.2.3.4', true],
  ['1.2.3.4', '1.2.3.5', false],
  ['1.2.3.4/32', '1.2.3.4/32', true],
  ['0.0.0.0/0', '255.255.255.255', true],
  ['0.0.0.0', '8.8.8.8', true],
  ['0.0.0.0', '::1', false],
  ['0.0.0.0/32', '8.8.8.8', false],
  ['::', '2001:db8::1', true],
  ['::/128', '2001:db8::1', false],
  ['*', '8.8.8.8', true],
  ['*', '2001:db8::1', true],
  ['*', '*', true],
  ['0.0.0.0/0', '*', false],
  ['8.8.8.8', '0.0.0.0', false],
  ['2001:db8::/32', '2001:db8:ffff::1', true],
  ['2001:db8::/32', '2001:db9::1', false],
  ['2001:db8::/32', '2001:db8::/48', true],
  ['2001:db8::/48', '2001:db8::/32', false],
  ['10.0.0.0/8', '::ffff:10.1.2.3', true],
  ['10.0.0.0/8', '::ffff:a01:203', true],
  ['::ffff:10.0.0.0/104', '10.9.9.9', true],
  ['::ffff:0:0/96', '1.2.3.4', true],
  ['10.0.0.0/8', '::a01:203', false],
  ['2001:db8::/32', '10.0.0.1', false],
  ['fe80::/10', 'fe80::1', true],
  [' 10.0.0.0/8 ', '\t10.0.0.1\n', true],
];

// Textual forms of 2001:db8::1 from RFC 5952 section 2, all the same address.
const RFC5952_FORMS = [
  '2001:db8:0:0:0:0:0:1',
  '2001:0db8:0:0:0:0:0:1',
  '2001:db8::1',
  '2001:db8::0:1',
  '2001:0db8::1',
  '2001:db8:0:0:0::1',
  '2001:db8:0:0::1',
  '2001:DB8:0:0:0:0:0:1',
  '2001:db8:0000:0000:0000:0000:0000:0001',
];

const INVALID_ADDRESSES = [
  '',
  '   ',
  'localhost',
  '10.0.0',
  '10.0.0.0.0',
  '256.0.0.1',
  '010.0.0.1',
  '1.2.3.-1',
  '10.0.0.0/33',
  '10.0.0.0/08',
  '10.0.0.0/',
  '10.0.0.0/8/8',
  '::/129',
  '1::2::3',
  ':1:2:3:4:5:6:7',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7',
  '12345::',
  'g::1',
  '::1%eth0',
  '[::1]',
  '1.2.3.4::',
  '::1.2.3.4:5',
  '1:2:3:4:5:6:7::1.2.3.4',
  '10.0.0.1 /8',
  '１.2.3.4',
];

describe('cidrContains', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`decides containment in ${name}`, () => {
      for (const [range, target, expected] of CONTAINS_CASES) {
        expect({ range, target, contained: implementation.cidrContains(range, target) }).toEqual({ range, target, contained: expected });
      }
    });

    it(`reads RFC 5952 forms alike in ${name}`, () => {
      for (const a of RFC5952_FORMS) {
        for (const b of RFC5952_FORMS) expect({ a, b, same: implementation.cidrContains(a, b) }).toEqual({ a, b, same: true });
      }
    });

    it(`rejects invalid text in ${name}`, () => {
      for (const text of INVALID_ADDRESSES) {
        expect({ text, range: outcomeWithMessage(() => implementation.cidrContains(text, '1.2.3.4')) }).toEqual({
          text,
          range: { error: expect.stringContaining('cidrContains: invalid argument; expected the range') },
        });
        expect({ text, target: outcomeWithMessage(() => implementation.cidrContains('::/0', text)) }).toEqual({
          text,
          target: { error: expect.stringContaining('cidrContains: invalid argument; expected the second argument') },
        });
      }
    });
  }

  it('keeps the input out of errors', () => {
    try {
      cidrContains('s3cr3t-value', '10.0.0.1');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FunctionArgumentError);
      expect((error as FunctionArgumentError).code).toBe('ERR_INVALID_ARGUMENT');
      expect((error as Error).message).not.toContain('s3cr3t');
    }
  });
});

// [address, private]
const PRIVATE_CASES: Array<[string, boolean]> = [
  ['10.0.0.1', true],
  ['172.16.0.1', true],
  ['172.31.255.255', true],
  ['172.32.0.1', false],
  ['192.168.10.10', true],
  ['127.0.0.1', true],
  ['169.254.169.254', true],
  ['100.64.0.1', true],
  ['100.128.0.1', false],
  ['8.8.8.8', false],
  ['0.0.0.0', false],
  ['::1', true],
  ['::', false],
  ['fd12:3456::1', true],
  ['fc00::1', true],
  ['fe80::1', true],
  ['febf::1', true],
  ['fec0::1', false],
  ['2001:db8::1', false],
  ['::ffff:192.168.0.1', true],
  ['::ffff:8.8.8.8', false],
  ['10.0.0.0/8', true],
  ['10.0.0.0/7', false],
];

describe('isPrivateIp', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`classifies addresses in ${name}`, () => {
      for (const [address, expected] of PRIVATE_CASES) {
        expect({ address, isPrivate: implementation.isPrivateIp(address) }).toEqual({ address, isPrivate: expected });
      }
    });

    it(`rejects non-addresses in ${name}`, () => {
      for (const text of ['*', 'example.com', '10.0.0.256']) {
        expect({ text, result: outcomeWithMessage(() => implementation.isPrivateIp(text)) }).toEqual({
          text,
          result: { error: expect.stringContaining('isPrivateIp: invalid argument') },
        });
      }
    });
  }
});

// Address-shaped text: valid pieces glued in random order, so that both
// valid and subtly invalid forms come up.
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', '1', '10', '127', '172', '192', '168', '255', '256', '01', '100', '64') },
  { weight: 4, arbitrary: fc.constantFrom('.', ':', '::', '/') },
  { weight: 2, arbitrary: fc.constantFrom('ffff', 'fe80', 'fc00', 'db8', '2001', 'a', 'FFFF', '12345', 'g') },
  { weight: 1, arbitrary: fc.constantFrom('*', ' ', '8', '16', '24', '32', '96', '104', '128', '129') },
);
const addressText = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(''));

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.'));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).chain((groups) =>
  fc.oneof(
    fc.constant(groups.map((g) => g.toString(16)).join(':')),
    fc.nat(7).map((at) => `${groups.slice(0, at).map((g) => g.toString(16)).join(':')}::${groups.slice(at + 1).map((g) => g.toString(16)).join(':')}`),
    ipv4.map((quad) => `::ffff:${quad}`),
  ),
);
const validRange = fc.oneof(
  fc.tuple(ipv4, fc.option(fc.nat(32))).map(([address, prefix]) => (prefix === null ? address : `${address}/${prefix}`)),
  fc.tuple(ipv6, fc.option(fc.nat(128))).map(([address, prefix]) => (prefix === null ? address : `${address}/${prefix}`)),
  fc.constantFrom('*', '0.0.0.0', '::'),
);
const rangeText = fc.oneof({ weight: 3, arbitrary: validRange }, { weight: 1, arbitrary: addressText });

describe('cidr differential', () => {
  it('cidrContains agrees in TS and WASM', () => {
    fc.assert(
      fc.property(rangeText, rangeText, (range, target) => {
        const expected = outcomeWithMessage(() => cidrContains(range, target));
        expect({ range, target, result: outcomeWithMessage(() => wasm.cidrContains(range, target)) }).toEqual({ range, target, result: expected });
      }),
      { numRuns: 10_000 },
    );
  });

  it('isPrivateIp agrees in TS and WASM', () => {
    fc.assert(
      fc.property(rangeText, (address) => {
        const expected = outcomeWithMessage(() => isPrivateIp(address));
        expect({ address, result: outcomeWithMessage(() => wasm.isPrivateIp(address)) }).toEqual({ address, result: expected });
      }),
      { numRuns: 10_000 },
    );
  });
});
