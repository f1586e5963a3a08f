import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSize, seconds, toBool } from '../../src/policy/functions/index.js';
import { IMPLEMENTATIONS, outcomeWithMessage, wasm } from './helpers.js';

const BOOL_CASES: Array<[string, boolean]> = [
  ['yes', true],
  ['YES', true],
  ['On', true],
  ['true', true],
  ['TRUE', true],
  ['1', true],
  [' yes\n', true],
  ['no', false],
  ['Off', false],
  ['false', false],
  ['0', false],
  ['\tNO ', false],
];

const SECONDS_CASES: Array<[string, bigint]> = [
  ['30', 30n],
  ['0', 0n],
  ['30s', 30n],
  ['15m', 900n],
  ['15M', 900n],
  ['1h', 3600n],
  ['2d', 172_800n],
  ['1w', 604_800n],
  ['1h30m', 5400n],
  ['1m30s', 90n],
  ['1500ms', 1n],
  ['999ms', 0n],
  ['1s500ms', 1n],
  ['1m1ms', 60n],
  [' 10m ', 600n],
  ['9223372036854775807ms', 9_223_372_036_854_775n],
];

const BYTES_CASES: Array<[string, bigint]> = [
  ['512', 512n],
  ['0', 0n],
  ['100b', 100n],
  ['64k', 65_536n],
  ['64K', 65_536n],
  ['64kb', 65_536n],
  ['512M', 536_870_912n],
  ['1G', 1_073_741_824n],
  ['1GB', 1_073_741_824n],
  ['1gb', 1_073_741_824n],
  ['1GiB', 1_073_741_824n],
  ['1MiB', 1_048_576n],
  ['2T', 2_199_023_255_552n],
  ['1P', 1_125_899_906_842_624n],
  ['7E', 8_070_450_532_247_928_832n],
  ['128 MB', 134_217_728n],
  [' 8k\n', 8192n],
  ['9223372036854775807', 9_223_372_036_854_775_807n],
];

const INVALID_BOOLS = ['', 'y', 'n', 'maybe', 'enabled', '2', 'true!', 'tru e', 'ｙｅｓ', 'yes yes'];
const INVALID_DURATIONS = ['', ' ', 's', '-5s', '+5s', '1.5h', '1h30', '30 s', '1h 30m', '1y', '1x', '1mss', 'h1', '1ｓ'];
const INVALID_SIZES = ['', 'k', '-1k', '1.5G', '1 G B', '1GiBs', '1kk', '1ib', '0x10', '1 2', '1bb', '５12'];

describe('toBool', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`reads config booleans in ${name}`, () => {
      for (const [text, expected] of BOOL_CASES) expect({ text, value: implementation.toBool(text) }).toEqual({ text, value: expected });
    });

    it(`rejects other words in ${name}`, () => {
      for (const text of INVALID_BOOLS) {
        expect({ text, result: outcomeWithMessage(() => implementation.toBool(text)) }).toEqual({
          text,
          result: { error: 'toBool: invalid argument; expected yes, no, on, off, true, false, 1 or 0' },
        });
      }
    });
  }
});

describe('seconds', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`reads durations in ${name}`, () => {
      for (const [text, expected] of SECONDS_CASES) expect({ text, value: implementation.seconds(text) }).toEqual({ text, value: expected });
    });

    it(`rejects malformed durations in ${name}`, () => {
      for (const text of INVALID_DURATIONS) {
        expect({ text, result: outcomeWithMessage(() => implementation.seconds(text)) }).toEqual({
          text,
          result: { error: expect.stringContaining('seconds: invalid argument; expected a duration such as') },
        });
      }
    });

    it(`rejects overflowing durations in ${name}`, () => {
      for (const text of ['9223372036854775808ms', '9223372036854776s', '99999999999999999999999w', '9223372036854775s1s']) {
        expect({ text, result: outcomeWithMessage(() => implementation.seconds(text)) }).toEqual({
          text,
          result: { error: expect.stringContaining('a duration under 2^63 milliseconds') },
        });
      }
    });
  }
});

describe('bytesSize', () => {
  for (const [name, implementation] of IMPLEMENTATIONS) {
    it(`reads sizes in ${name}`, () => {
      for (const [text, expected] of BYTES_CASES) expect({ text, value: implementation.bytesSize(text) }).toEqual({ text, value: expected });
    });

    it(`rejects malformed sizes in ${name}`, () => {
      for (const text of INVALID_SIZES) {
        expect({ text, result: outcomeWithMessage(() => implementation.bytesSize(text)) }).toEqual({
          text,
          result: { error: expect.stringContaining('bytesSize: invalid argument; expected a size such as') },
        });
      }
    });

    it(`rejects overflowing sizes in ${name}`, () => {
      for (const text of ['8E', '9223372036854775808', '8589934592G', '99999999999999999999999k']) {
        expect({ text, result: outcomeWithMessage(() => implementation.bytesSize(text)) }).toEqual({
          text,
          result: { error: expect.stringContaining('a size under 2^63 bytes') },
        });
      }
    });
  }

  it('keeps the input out of errors', () => {
    expect(outcomeWithMessage(() => bytesSize('hunter2'))).toEqual({ error: expect.not.stringContaining('hunter2') });
  });
});

// Conversion-shaped text: digits, unit letters in both cases, spaces and junk.
const conversionPiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', '1', '30', '512', '9223372036854775807', '99999999999999999999') },
  { weight: 4, arbitrary: fc.constantFrom('s', 'm', 'h', 'd', 'w', 'ms', 'MS', 'k', 'K', 'b', 'B', 'iB', 'G', 'gb', 'E', 'P', 'T', 'i') },
  { weight: 2, arbitrary: fc.constantFrom('yes', 'NO', 'On', 'off', 'true', 'False', ' ', '\t', '\n', '.', '-', 'x', 'é') },
);
const conversionText = fc.array(conversionPiece, { maxLength: 6 }).map((pieces) => pieces.join(''));

describe('conversion differential', () => {
  const PAIRS: Array<[string, (text: string) => unknown, (text: string) => unknown]> = [
    ['toBool', toBool, (text) => wasm.toBool(text)],
    ['seconds', seconds, (text) => wasm.seconds(text)],
    ['bytesSize', bytesSize, (text) => wasm.bytesSize(text)],
  ];

  for (const [name, typescript, webAssembly] of PAIRS) {
    it(`${name} agrees in TS and WASM`, () => {
      fc.assert(
        fc.property(conversionText, (text) => {
          const expected = outcomeWithMessage(() => typescript(text));
          expect({ text, result: outcomeWithMessage(() => webAssembly(text)) }).toEqual({ text, result: expected });
        }),
        { numRuns: 10_000 },
      );
    });
  }
});
