// One test per function family of the rule language, run in the WASM VM and
// in the JS closures.

import { beforeAll, describe, it } from 'vitest';
import type { CoreInstance } from '../../src/core/wasm.js';
import { EvalError } from '../../src/policy/bytecode/outcome.js';
import { expectOutcome, type Expected } from './expect.js';
import { sharedCore, type TableValue } from './tables.js';

let core: CoreInstance;
beforeAll(async () => {
  core = await sharedCore();
});

const DOC: TableValue = {
  host: '  Web-01.Example.COM \t',
  cipher: 'TLS_AES_256_GCM_SHA384',
  image: 'registry.example.com/team/app:1.4.2',
  timeout: '1h30m',
  memory: '512M',
  flag: 'Yes',
  cidr: '10.0.0.0/8',
  ip: '10.1.2.3',
  text: 'héllo wörld 😀',
};

function table(cases: [string, Expected][], value: TableValue = DOC): void {
  for (const [assert, expected] of cases) expectOutcome(core, assert, value, expected);
}

describe('standard functions', () => {
  it('measures size in code points', () => {
    table([
      ['size(self.text) == 13 && self.text.size() == 13', 'pass'],
      ['size([1, 2]) == 2 && size({"a": 1}) == 1 && size("") == 0', 'pass'],
      ['size(1) == 1', EvalError.NoMatchingOverload],
    ]);
  });

  it('converts with int, uint and double', () => {
    table([
      ['int("42") == 42 && int("-7") == -7 && int("+3") == 3 && int(2.9) == 2 && int(-2.9) == -2', 'pass'],
      ['int(9223372036854775807u) == 9223372036854775807', 'pass'],
      ['int("9223372036854775808") == 0', EvalError.Overflow],
      ['int("1.5") == 1', EvalError.InvalidArgument],
      ['int(" 1") == 1', EvalError.InvalidArgument],
      ['int(9223372036854775808u) == 0', EvalError.Overflow],
      ['int(1e19) == 0', EvalError.Overflow],
      ['int(-9223372036854775808.0) == 0', EvalError.Overflow],
      ['int(true) == 1', EvalError.NoMatchingOverload],
      ['uint(5) == 5u && uint("18446744073709551615") == 18446744073709551615u && uint(2.5) == 2u', 'pass'],
      ['uint(-1) == 0u', EvalError.Overflow],
      ['uint(-0.5) == 0u', EvalError.Overflow],
      ['uint("-1") == 0u', EvalError.InvalidArgument],
      ['double("1.5") == 1.5 && double(".25") == 0.25 && double("1e3") == 1000.0 && double("2.") == 2.0', 'pass'],
      ['double("-Infinity") < 0.0 && double("inf") > 1e308', 'pass'],
      ['double("NaN") != double("nan")', 'pass'],
      ['double("1e999") == 0.0', EvalError.InvalidArgument],
      ['double("abc") == 0.0', EvalError.InvalidArgument],
      ['double(3) == 3.0 && double(3u) == 3.0', 'pass'],
    ]);
  });

  it('converts with string and bool', () => {
    table([
      ['string(42) == "42" && string(-42) == "-42" && string(7u) == "7" && string(true) == "true"', 'pass'],
      ['string(1.5) == "1.5" && string(100.0) == "100" && string(1e21) == "1e+21" && string(0.1) == "0.1"', 'pass'],
      ['string(1e-7) == "1e-7" && string(-0.0) == "0" && string(123456.789) == "123456.789"', 'pass'],
      ['string([1]) == ""', EvalError.NoMatchingOverload],
      ['bool("true") && bool("T") && bool("1") && !bool("False") && !bool("0")', 'pass'],
      ['bool("yes")', EvalError.InvalidArgument],
      ['bool(1)', EvalError.NoMatchingOverload],
    ]);
  });

  it('tests substrings', () => {
    table([
      ['self.cipher.startsWith("TLS_") && self.cipher.endsWith("SHA384") && self.cipher.contains("GCM")', 'pass'],
      ['"".startsWith("") && "abc".contains("") && !"ab".endsWith("abc")', 'pass'],
      ['self.cipher.contains(1)', EvalError.NoMatchingOverload],
    ]);
  });

  it('matches regular expressions', () => {
    table([
      ['self.image.matches(":[0-9]+\\\\.[0-9]+\\\\.[0-9]+$")', 'pass'],
      ['self.image.matches("^registry\\\\.example\\\\.com/") && self.image.matches("example") && self.image.matches("1\\\\.4\\\\.2$")', 'pass'],
      ['self.image.matches("^docker\\\\.io/")', 'fail'],
      ['"abc".matches("^abc$") && !"abcd".matches("^abc$") && matches("xay", "a")', 'pass'],
      ['self.text.matches("^h.llo")', 'pass'],
      ['1.matches("a")', EvalError.NoMatchingOverload],
      ['1.matches("^a$")', EvalError.NoMatchingOverload],
    ]);
  });

  it('changes case and trims', () => {
    table([
      ['self.host.trim() == "Web-01.Example.COM" && self.host.trim().lowerAscii() == "web-01.example.com"', 'pass'],
      ['"Straße".upperAscii() == "STRAßE" && "ÀB".lowerAscii() == "Àb"', 'pass'],
      ['"\\u00a0\\u2003x\\u0085".trim() == "x" && "\\ufeffx".trim() == "\\ufeffx"', 'pass'],
      ['1.trim() == ""', EvalError.NoMatchingOverload],
    ]);
  });

  it('splits strings', () => {
    table([
      ['"a,b,,c".split(",") == ["a", "b", "", "c"] && "".split(",") == [""]', 'pass'],
      ['"a,b,c".split(",", 2) == ["a", "b,c"] && "a,b".split(",", 0) == [] && "a,b".split(",", -1) == ["a", "b"]', 'pass'],
      ['"aé😀".split("") == ["a", "é", "😀"] && "abc".split("", 2) == ["a", "bc"]', 'pass'],
      ['"a".split(1) == []', EvalError.NoMatchingOverload],
    ]);
  });
});

describe('Bulwark extensions', () => {
  it('compares versions', () => {
    table([
      ['versionCompare("1.2.10", "1.2.9") == 1 && versionCompare("v1.0", "1.0.0") == 0', 'pass'],
      ['versionCompare("1.0.0-rc1", "1.0.0") == -1', 'pass'],
      ['versionCompare(1, "1") == 0', EvalError.NoMatchingOverload],
    ]);
  });

  it('checks CIDR ranges and private addresses', () => {
    table([
      ['cidrContains(self.cidr, self.ip) && !cidrContains("192.168.0.0/16", self.ip)', 'pass'],
      ['cidrContains("*", "::1") && cidrContains("0.0.0.0", "8.8.8.8") && cidrContains("fd00::/8", "fd00::1")', 'pass'],
      ['isPrivateIp(self.ip) && isPrivateIp("100.64.1.1") && !isPrivateIp("8.8.8.8") && isPrivateIp("fe80::1")', 'pass'],
      ['cidrContains("10.0.0.0/33", "10.0.0.1")', EvalError.InvalidArgument],
      ['isPrivateIp("not-an-ip")', EvalError.InvalidArgument],
    ]);
  });

  it('reads booleans, durations and sizes', () => {
    table([
      ['toBool(self.flag) && !toBool("off") && toBool(true)', 'pass'],
      ['toBool("maybe")', EvalError.InvalidArgument],
      ['toBool(1)', EvalError.NoMatchingOverload],
      ['seconds(self.timeout) == 5400 && seconds("30") == 30 && seconds(15) == 15', 'pass'],
      ['seconds("soon") == 0', EvalError.InvalidArgument],
      ['bytesSize(self.memory) == 536870912 && bytesSize("64k") == 65536 && bytesSize("1G") == 1073741824', 'pass'],
      ['bytesSize("99999999999999999999") == 0', EvalError.InvalidArgument],
      ['bytesSize(1.5) == 0', EvalError.NoMatchingOverload],
    ]);
  });
});
