// One test per instruction family: each expression runs in the WASM VM and
// in the JS closures, and both must give the stated outcome.

import { beforeAll, describe, it } from 'vitest';
import type { CoreInstance } from '../../src/core/wasm.js';
import { EvalError } from '../../src/policy/bytecode/outcome.js';
import { expectOutcome, type Expected } from './expect.js';
import { IntValue, sharedCore, type TableValue } from './tables.js';

let core: CoreInstance;
beforeAll(async () => {
  core = await sharedCore();
});

const DOC: TableValue = {
  name: 'web',
  replicas: 3,
  ratio: 0.5,
  enabled: true,
  nothing: null,
  tags: ['a', 'b', 'c'],
  ports: [80, 443],
  limits: { cpu: '500m', memory: '1Gi' },
  nested: { list: [{ id: 1 }, { id: 2 }] },
  big: new IntValue(9007199254740993n),
};

function table(cases: [string, Expected][], value: TableValue = DOC): void {
  for (const [assert, expected] of cases) expectOutcome(core, assert, value, expected);
}

describe('literals and variables', () => {
  it('pushes every literal kind', () => {
    table([
      ['null == null', 'pass'],
      ['true', 'pass'],
      ['false', 'fail'],
      ['1 == 1', 'pass'],
      ['-8388608 == -8388608 && 8388608 == 8388608', 'pass'],
      ['9223372036854775807 > 0', 'pass'],
      ['18446744073709551615u > 0u', 'pass'],
      ['0x1F == 31', 'pass'],
      ['1.5 == 1.5 && 1e3 == 1000.0', 'pass'],
      ["'a' + \"b\" + r'\\n' + '''c''' == 'ab\\\\nc'", 'pass'],
      ['[1, [2, 3], {"k": "v"}] == [1, [2, 3], {"k": "v"}]', 'pass'],
    ]);
  });

  it('reads self, root, parent, key and path', () => {
    expectOutcome(core, 'self == 80 && key == 0 && parent == [80, 443] && root.name == "web" && path == "ports[0]"', DOC, 'pass', 'ports[0]');
    expectOutcome(core, 'key == "cpu" && path == "limits.cpu" && parent.memory == "1Gi"', DOC, 'pass', 'limits.cpu');
    expectOutcome(core, 'parent == null && key == null && path == ""', DOC, 'pass');
    expectOutcome(core, 'path == "[\\"a.b\\"][\\"\\\\n\\"]"', { 'a.b': { '\n': 1 } }, 'pass', '*.*');
  });

  it('reads the file variable', () => {
    table([
      ['file.name == "app.json" && file.path == "config/app.json"', 'pass'],
      ['file.format == "json" && file.dialect == ""', 'pass'],
      ['size(file) == 4 && "name" in file', 'pass'],
    ]);
  });

  it('maps node kinds to values', () => {
    table([
      ['self.replicas == 3 && self.ratio == 0.5 && self.enabled && self.nothing == null', 'pass'],
      ['self.big == 9007199254740993', 'pass'],
      ['self.tags == ["a", "b", "c"] && self.limits == {"cpu": "500m", "memory": "1Gi"}', 'pass'],
    ]);
  });
});

describe('operators', () => {
  it('does checked integer arithmetic', () => {
    table([
      ['self.replicas * 2 + 1 - 4 == 3', 'pass'],
      ['7 / 2 == 3 && -7 / 2 == -3 && -7 % 3 == -1', 'pass'],
      ['9223372036854775807 + 1 == 0', EvalError.Overflow],
      ['-9223372036854775807 - 2 == 0', EvalError.Overflow],
      ['4611686018427387904 * 2 == 0', EvalError.Overflow],
      ['-(-9223372036854775807 - 1) == 0', EvalError.Overflow],
      ['(-9223372036854775807 - 1) / -1 == 0', EvalError.Overflow],
      ['1 / 0 == 0', EvalError.DivisionByZero],
      ['1 % 0 == 0', EvalError.DivisionByZero],
      ['0u - 1u == 0u', EvalError.Overflow],
      ['5u / 2u == 2u && 5u % 2u == 1u', 'pass'],
      ['1 + 1u == 2', EvalError.NoMatchingOverload],
      ['1.5 % 1.0 == 0.5', EvalError.NoMatchingOverload],
      ['1.0 / 0.0 > 1e308', 'pass'],
      ['-self.ratio == -0.5', 'pass'],
      ['-1u == 1u', EvalError.NoMatchingOverload],
    ]);
  });

  it('concatenates strings and lists', () => {
    table([
      ['self.name + "-" + self.limits.cpu == "web-500m"', 'pass'],
      ['self.tags + ["d"] == ["a", "b", "c", "d"]', 'pass'],
      ['[] + self.ports == [80, 443]', 'pass'],
      ['"a" + 1 == "a1"', EvalError.NoMatchingOverload],
    ]);
  });

  it('compares across numeric kinds', () => {
    table([
      ['1 == 1.0 && 1u == 1 && 1.0 == 1u', 'pass'],
      ['1 < 1.5 && 2u > 1 && -1 < 0u', 'pass'],
      ['9007199254740993 == 9007199254740992.0', 'fail'],
      ['"a" < "b" && "é" > "z" && false < true', 'pass'],
      ['0.0 / 0.0 == 0.0 / 0.0', 'fail'],
      ['0.0 / 0.0 < 1.0 || 0.0 / 0.0 >= 1.0', 'fail'],
      ['"1" == 1', 'fail'],
      ['null == false', 'fail'],
      ['[1] < [2]', EvalError.NoMatchingOverload],
      ['"a" < 1', EvalError.NoMatchingOverload],
    ]);
  });

  it('absorbs errors in logical operators', () => {
    table([
      ['self.missing && false', 'fail'],
      ['false && self.missing', 'fail'],
      ['self.missing || true', 'pass'],
      ['true || self.missing', 'pass'],
      ['self.missing && true', EvalError.NoSuchKey],
      ['true && self.missing', EvalError.NoSuchKey],
      ['1 && true', EvalError.NoMatchingOverload],
      ['1 || self.missing', EvalError.NoMatchingOverload],
      ['self.missing || 1', EvalError.NoSuchKey],
      ['!self.enabled == false', 'pass'],
      ['!1', EvalError.NoMatchingOverload],
    ]);
  });

  it('evaluates one branch of a conditional', () => {
    table([
      ['self.enabled ? true : self.missing', 'pass'],
      ['!self.enabled ? self.missing : true', 'pass'],
      ['self.missing ? true : true', EvalError.NoSuchKey],
      ['1 ? true : false', EvalError.NoMatchingOverload],
    ]);
  });

  it('tests membership', () => {
    table([
      ['"b" in self.tags && 443 in self.ports && !(8080 in self.ports)', 'pass'],
      ['"cpu" in self.limits && !("gpu" in self.limits)', 'pass'],
      ['1.0 in [1, 2] && 2u in [1, 2]', 'pass'],
      ['1 in self.limits', 'fail'],
      ['[1] in {"a": 1}', EvalError.NoMatchingOverload],
      ['1 in "abc"', EvalError.NoMatchingOverload],
    ]);
  });
});

describe('selection and indexing', () => {
  it('selects fields and tests presence', () => {
    table([
      ['self.limits.cpu == "500m"', 'pass'],
      ['self.limits.gpu == "1"', EvalError.NoSuchKey],
      ['self.name.length == 3', EvalError.NoSuchKey],
      ['has(self.limits.cpu) && !has(self.limits.gpu)', 'pass'],
      ['has(self.name.x)', 'fail'],
      ['{"a": 1}.a == 1 && !has({"a": 1}.b)', 'pass'],
    ]);
  });

  it('resolves a repeated key to its last occurrence', () => {
    const doc: TableValue = { entries: [['a', 1], ['b', 2], ['a', 3]] };
    table([
      ['self.a == 3 && self["a"] == 3', 'pass'],
      ['size(self) == 2', 'pass'],
      ['self.map(k, k) == ["a", "b"]', 'pass'],
      ['self == {"a": 3, "b": 2}', 'pass'],
    ], doc);
  });

  it('indexes lists and maps', () => {
    table([
      ['self.tags[1] == "b" && self.ports[1u] == 443 && self.tags[2.0] == "c"', 'pass'],
      ['self.tags[3] == "x"', EvalError.IndexOutOfBounds],
      ['self.tags[-1] == "x"', EvalError.IndexOutOfBounds],
      ['self.tags[0.5] == "x"', EvalError.NoMatchingOverload],
      ['self.tags["0"] == "x"', EvalError.NoMatchingOverload],
      ['self.limits["cpu"] == "500m"', 'pass'],
      ['self.limits["gpu"] == "x"', EvalError.NoSuchKey],
      ['self.limits[1] == "x"', EvalError.NoSuchKey],
      ['self.limits[null] == "x"', EvalError.NoMatchingOverload],
      ['{1: "a", true: "b"}[1u] == "a" && {1: "a", true: "b"}[true] == "b"', 'pass'],
      ['self.nested.list[1].id == 2', 'pass'],
    ]);
  });

  it('selects optionally', () => {
    table([
      ['self.?limits.?cpu.orValue("none") == "500m"', 'pass'],
      ['self.?limits.?gpu.orValue("none") == "none"', 'pass'],
      ['self.?name.?x.hasValue() == false', 'pass'],
      ['self.tags[?5].orValue("z") == "z" && self.tags[?0].value() == "a"', 'pass'],
      ['self.limits[?"gpu"].hasValue()', 'fail'],
      ['self.?limits.gpu.hasValue()', EvalError.NoSuchKey],
      ['self.?limits.cpu.value() == "500m"', 'pass'],
      ['self.?limits.?gpu.value() == "x"', EvalError.InvalidArgument],
      ['self.?limits.?cpu.orValue(self.missing) == "500m"', 'pass'],
      ['self.?gpu.or(optional.of(1)).value() == 1', 'pass'],
      ['self.?gpu.or(1).hasValue()', EvalError.NoMatchingOverload],
      ['self.name.orValue(1) == 1', EvalError.NoMatchingOverload],
      ['optional.none().orValue(2) == 2 && optional.ofNonZeroValue("").hasValue() == false', 'pass'],
      ['optional.ofNonZeroValue([1]).value() == [1]', 'pass'],
    ]);
  });
});

describe('constructors', () => {
  it('builds lists and maps at run time', () => {
    table([
      ['[self.name, self.replicas] == ["web", 3]', 'pass'],
      ['{self.name: self.replicas}.web == 3', 'pass'],
      ['[self.missing, 1] == []', EvalError.NoSuchKey],
      ['{"a": 1, "a": 2} == {}', EvalError.DuplicateKey],
      ['{1: 1, 1u: 2} == {}', EvalError.DuplicateKey],
      ['{1.5: 1} == {}', EvalError.InvalidArgument],
      ['{null: self.missing} == {}', EvalError.NoSuchKey],
    ]);
  });
});

describe('comprehensions', () => {
  it('runs all and exists with error absorption', () => {
    table([
      ['self.ports.all(p, p > 0) && self.ports.exists(p, p == 443)', 'pass'],
      ['self.ports.all(p, p > 100)', 'fail'],
      ['[1, "a", 3].all(x, x > 2)', 'fail'],
      ['[3, "a"].all(x, x > 2)', EvalError.NoMatchingOverload],
      ['["a", 3].exists(x, x > 2)', 'pass'],
      ['["a", 1].exists(x, x > 2)', EvalError.NoMatchingOverload],
      ['[].all(x, false) && ![].exists(x, true)', 'pass'],
      ['self.limits.all(k, k in ["cpu", "memory"])', 'pass'],
      ['self.name.all(c, true)', EvalError.NoMatchingOverload],
      ['self.missing.exists(c, true)', EvalError.NoSuchKey],
    ]);
  });

  it('counts with exists_one', () => {
    table([
      ['self.ports.exists_one(p, p == 80)', 'pass'],
      ['[1, 1].exists_one(p, p == 1)', 'fail'],
      ['[1, "a"].exists_one(p, p == 1)', 'pass'],
      ['[1, "a"].exists_one(p, p > 1)', EvalError.NoMatchingOverload],
    ]);
  });

  it('maps and filters', () => {
    table([
      ['self.ports.map(p, p + 1) == [81, 444]', 'pass'],
      ['self.ports.map(p, p > 100, p * 2) == [886]', 'pass'],
      ['self.tags.filter(t, t != "b") == ["a", "c"]', 'pass'],
      ['self.nested.list.map(e, e.id).filter(i, i > 1) == [2]', 'pass'],
      ['self.ports.map(p, p / 0) == []', EvalError.DivisionByZero],
      ['self.ports.filter(p, p) == []', EvalError.NoMatchingOverload],
      ['self.limits.map(k, self.limits[k]) == ["500m", "1Gi"]', 'pass'],
      ['[[1, 2], [3]].map(x, x.map(y, y * 10)) == [[10, 20], [30]]', 'pass'],
      ['self.ports.all(x, self.ports.exists(y, y >= x))', 'pass'],
    ]);
  });
});
