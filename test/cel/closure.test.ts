import { describe, expect, it } from 'vitest';
import { NodeKind } from '../../src/core/abi.js';
import { TapeBuilder } from '../../src/core/tape.js';
import { RULE_VARIABLES } from '../../src/policy/cel/ast.js';
import { validateExpression } from '../../src/policy/cel/check.js';
import { compileClosure, evaluateToOutcome, type Activation } from '../../src/policy/cel/closure.js';
import { FUNCTIONS } from '../../src/policy/cel/functions.js';
import { parseExpression } from '../../src/policy/cel/parser.js';
import { CelError, NodeRef, type CelValue } from '../../src/policy/cel/values.js';
import { dataToTape, type DataValue } from './arbitraries.js';
import { normalizeOurs, type Normalized } from './oracle.js';

const FILE = { name: 'pod.yaml', path: 'k8s/pod.yaml', format: 'yaml' };

function run(text: string, activation: Activation = {}): CelValue {
  const ast = parseExpression(text);
  validateExpression(ast, [...RULE_VARIABLES, ...Object.keys(activation)]);
  return compileClosure(ast)({ self: null, root: null, parent: null, key: null, path: '', file: FILE, ...activation });
}

function runOn(text: string, data: DataValue): CelValue {
  return run(text, { self: new NodeRef(dataToTape(data), 0) });
}

/** Expected results: a plain value, or an error code as `!code`. */
function expectResult(value: CelValue, expected: Normalized | `!${string}`): void {
  if (typeof expected === 'string' && expected.startsWith('!')) {
    expect(value).toBeInstanceOf(CelError);
    expect((value as CelError).code).toBe(expected.slice(1));
    return;
  }
  expect(normalizeOurs(value)).toEqual(expected);
}

const int = (n: number | bigint): Normalized => ({ int: String(n) });
const uint = (n: number | bigint): Normalized => ({ uint: String(n) });
const double = (n: number): Normalized => ({ double: Object.is(n, -0) ? '-0' : String(n) });

describe('closure arithmetic', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ['1 + 2 * 3', int(7)],
    ['-7 / 2', int(-3)],
    ['7 / -2', int(-3)],
    ['-7 % 3', int(-1)],
    ['7 % -3', int(1)],
    ['1 / 0', '!division_by_zero'],
    ['1 % 0', '!division_by_zero'],
    ['9223372036854775807 + 1', '!overflow'],
    ['-9223372036854775808 - 1', '!overflow'],
    ['-9223372036854775808 / -1', '!overflow'],
    ['-9223372036854775808 % -1', '!overflow'],
    ['-(-9223372036854775808)', '!overflow'],
    ['4611686018427387904 * 2', '!overflow'],
    ['3u - 1u', uint(2)],
    ['1u - 2u', '!overflow'],
    ['18446744073709551615u + 1u', '!overflow'],
    ['18446744073709551615u / 1u', uint(18446744073709551615n)],
    ['7u % 0u', '!division_by_zero'],
    ['1.5 + 2.0', double(3.5)],
    ['1.0 / 0.0', double(Infinity)],
    ['-(0.0)', double(-0)],
    ['1 + 1.0', '!no_matching_overload'],
    ['1 + 1u', '!no_matching_overload'],
    ['-(1u)', '!no_matching_overload'],
    ['5.0 % 2.0', '!no_matching_overload'],
    ["'a' + 'b'", 'ab'],
    ['[1] + [2, 3]', [int(1), int(2), int(3)]],
    ["'a' * 2", '!no_matching_overload'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure comparison and equality', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ['1 == 1.0', true],
    ['1u == 1', true],
    ['1 < 1.5', true],
    ['2u > 1', true],
    ['-1 < 0u', true],
    ['9007199254740993 == 9007199254740992.0', false],
    ['9223372036854775807 < 9223372036854775807.0', false],
    ['0.0 / 0.0 == 0.0 / 0.0', false],
    ['1 < 0.0 / 0.0', false],
    ['[0.0 / 0.0] == [0.0 / 0.0]', false],
    ["'a' == 1", false],
    ['null == null', true],
    ['null == false', false],
    ['[1, 2] == [1.0, 2u]', true],
    ["{'a': 1} == {'a': 1.0}", true],
    ['{1: 1} == {1u: 1}', true],
    ["{'a': 1} == {'b': 1}", false],
    ["'a' < 'b'", true],
    ["'\uffff' < '😀'", true],
    ['false < true', true],
    ['null < null', '!no_matching_overload'],
    ['[1] < [2]', '!no_matching_overload'],
    ["1 < 'a'", '!no_matching_overload'],
    ['1 < 2 < 3', '!no_matching_overload'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure logic and errors', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ['false && 1 / 0 == 1', false],
    ['1 / 0 == 1 && false', false],
    ['true || 1 / 0 == 1', true],
    ['1 / 0 == 1 || true', true],
    ['true && 1 / 0 == 1', '!division_by_zero'],
    ['1 / 0 == 1 || false', '!division_by_zero'],
    ['1 && false', false],
    ['true && 1', '!no_matching_overload'],
    ['!1', '!no_matching_overload'],
    ['true ? 1 : 1 / 0', int(1)],
    ['false ? 1 / 0 : 2', int(2)],
    ['(1 / 0 == 1) ? 1 : 2', '!division_by_zero'],
    ["'a' ? 1 : 2", '!no_matching_overload'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure macros', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ['[1, 2, 3].all(x, x > 0)', true],
    ['[].all(x, x)', true],
    ['[].exists(x, x)', false],
    ["[1, 'a'].all(x, x > 0)", '!no_matching_overload'],
    ["['a', 0].all(x, x > 0)", false],
    ["['a', 1].exists(x, x > 0)", true],
    ["[0, 'a'].exists(x, x > 0)", '!no_matching_overload'],
    ['[1, 2].all(x, x)', '!no_matching_overload'],
    ['[1, 2, 3].exists_one(x, x == 2)', true],
    ['[2, 2].exists_one(x, x == 2)', false],
    ["[2, 'a'].exists_one(x, x > 1)", '!no_matching_overload'],
    ['[1, 2, 3].map(x, x * 2)', [int(2), int(4), int(6)]],
    ['[1, 2, 3].map(x, x > 1, x * 10)', [int(20), int(30)]],
    ['[1, 2, 3].filter(x, x % 2 == 1)', [int(1), int(3)]],
    ['[1, 0].map(x, 1 / x)', '!division_by_zero'],
    ["{'a': 1, 'b': 2}.map(k, k)", ['a', 'b']],
    ["{'a': 1, 'b': 2}.all(k, k.size() == 1)", true],
    ['[[1, 2], [3]].map(x, x.map(y, y + 1))', [[int(2), int(3)], [int(4)]]],
    ['[1, 2].all(x, [3].all(x, x == 3))', true],
    ["'abc'.all(c, true)", '!no_matching_overload'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure containers', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ['2 in [1, 2]', true],
    ['2.0 in [1, 2]', true],
    ["'a' in {'a': null}", true],
    ['1u in {1: 0}', true],
    ['1.5 in {1: 0}', false],
    ['null in {1: 0}', '!no_matching_overload'],
    ["'a' in 'abc'", '!no_matching_overload'],
    ['[1, 2][1]', int(2)],
    ['[1, 2][1u]', int(2)],
    ['[1, 2][1.0]', int(2)],
    ['[1, 2][2]', '!index_out_of_bounds'],
    ['[1, 2][-1]', '!index_out_of_bounds'],
    ['[1, 2][true]', '!no_matching_overload'],
    ['[1, 2][1.5]', '!no_matching_overload'],
    ["{'a': 1}['a']", int(1)],
    ["{'a': 1}.b", '!no_such_key'],
    ['{1: "x"}[1.0]', 'x'],
    ["{'a': 1, 'a': 2}", '!duplicate_key'],
    ['{1: 1, 1u: 2}', '!duplicate_key'],
    ['{1.5: 1}', '!invalid_argument'],
    ["has({'a': null}.a)", true],
    ["has({'a': 1}.b)", false],
    ['has((1).a)', false],
    ["1.a", '!no_such_key'],
    ["size('héllo😀')", int(6)],
    ["{'a': 1}.size()", int(1)],
    ['size(1)', '!no_matching_overload'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure optionals', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ["{'a': 1}.?a.orValue(0)", int(1)],
    ["{'a': 1}.?b.orValue(0)", int(0)],
    ["{'a': {'b': 1}}.?a.?b.value()", int(1)],
    ["{'a': 1}.?b.?c.hasValue()", false],
    ["{'a': {'b': 1}}.?a.b", { optional: int(1) }],
    ["{'a': {'b': 1}}.?a.c", '!no_such_key'],
    ["{'a': 1}.?b.c", { optional: null }],
    ["(1).?a.hasValue()", false],
    ["[1][?0].value()", int(1)],
    ["[1][?3].hasValue()", false],
    ["{'a': 1}[?'a'].orValue(5)", int(1)],
    ["{'a': 1}.?a.orValue(1 / 0)", int(1)],
    ["{'a': 1}.?b.orValue(1 / 0)", '!division_by_zero'],
    ['optional.none().value()', '!invalid_argument'],
    ['optional.none().or(optional.of(2)).value()', int(2)],
    ['optional.of(1).or(optional.of(2)).value()', int(1)],
    ["optional.ofNonZeroValue('').hasValue()", false],
    ['optional.ofNonZeroValue([1]).hasValue()', true],
    ['optional.of(1) == optional.of(1.0)', true],
    ['(1).orValue(2)', '!no_matching_overload'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure conversions and strings', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ["int('-12')", int(-12)],
    ["int(' 12')", '!invalid_argument'],
    ["int('')", '!invalid_argument'],
    ["int('0x10')", '!invalid_argument'],
    ["int('9223372036854775808')", '!overflow'],
    ['int(-1.9)', int(-1)],
    ['int(1e19)', '!overflow'],
    ['int(18446744073709551615u)', '!overflow'],
    ["uint('12')", uint(12)],
    ["uint('+12')", '!invalid_argument'],
    ['uint(-1)', '!overflow'],
    ['uint(-0.5)', '!overflow'],
    ['uint(1.9)', uint(1)],
    ["double('1e3')", double(1000)],
    ["double('-Inf')", double(-Infinity)],
    ["double('abc')", '!invalid_argument'],
    ["double('1e400')", '!invalid_argument'],
    ['double(2u)', double(2)],
    ['string(1.5)', '1.5'],
    ['string(1e6)', '1000000'],
    ['string(18446744073709551615u)', '18446744073709551615'],
    ['string(false)', 'false'],
    ['string([1])', '!no_matching_overload'],
    ["bool('T')", true],
    ["bool('False')", false],
    ["bool('yes')", '!invalid_argument'],
    ["'Hello'.lowerAscii()", 'hello'],
    ["'héllo'.upperAscii()", 'HéLLO'],
    ["' \\t x \\u00a0'.trim()", 'x'],
    ["'a,b,,c'.split(',')", ['a', 'b', '', 'c']],
    ["'a,b,c'.split(',', 2)", ['a', 'b,c']],
    ["'a,b'.split(',', 0)", []],
    ["'a😀'.split('')", ['a', '😀']],
    ["'abc'.contains('bc') && 'abc'.startsWith('ab') && 'abc'.endsWith('c')", true],
    ["'abc'.contains(1)", '!no_matching_overload'],
    ["'abc'.matches('^a.c$')", true],
    ["matches('xabcx', 'b')", true],
    ["'a'.matches('(')", '!invalid_argument'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure Bulwark extensions', () => {
  it.each<[string, Normalized | `!${string}`]>([
    ["versionCompare('1.2.10', 'v1.2.9')", int(1)],
    ["versionCompare('1.0.0-rc.1', '1.0.0')", int(-1)],
    ["versionCompare('2.0', '2.0.0')", int(0)],
    ["cidrContains('10.0.0.0/8', '10.1.2.3')", true],
    ["cidrContains('10.0.0.0/8', '11.0.0.1')", false],
    ["cidrContains('10.0.0.0/8', 'not-an-ip')", '!invalid_argument'],
    ["isPrivateIp('192.168.1.1')", true],
    ["isPrivateIp('8.8.8.8')", false],
    ["toBool('Yes') && !toBool('off') && toBool(true)", true],
    ["toBool('maybe')", '!invalid_argument'],
    ['toBool(1)', '!no_matching_overload'],
    ["seconds('1h30m')", int(5400)],
    ['seconds(30)', int(30)],
    ["seconds('soon')", '!invalid_argument'],
    ["bytesSize('512M')", int(512 * 1024 * 1024)],
    ['bytesSize(4096)', int(4096)],
    ["bytesSize('lots')", '!invalid_argument'],
  ])('%s', (text, expected) => {
    expectResult(run(text), expected);
  });
});

describe('closure node views', () => {
  it('reads config values as CEL values', () => {
    const data: DataValue = { replicas: 3n, ratio: 0.5, name: 'web', on: true, none: null, ports: [80n, 443n], meta: { app: 'x' } };
    expectResult(runOn("self.replicas == 3 && self.ratio == 0.5 && self.name == 'web' && self.on && self.none == null", data), true);
    expectResult(runOn('self.ports[1] + 1', data), int(444));
    expectResult(runOn("self.meta == {'app': 'x'} && self.ports == [80, 443]", data), true);
    expectResult(runOn('self.replicas + 0.5', data), '!no_matching_overload');
    expectResult(runOn('self.missing', data), '!no_such_key');
    expectResult(runOn('has(self.meta.app) && !has(self.meta.env)', data), true);
    expectResult(runOn('self.map(k, k).size()', data), int(7));
  });

  it('resolves repeated keys to the last', () => {
    const builder = new TapeBuilder(new Uint8Array(0));
    builder.open(NodeKind.Object, undefined, 1, 1);
    builder.scalar(NodeKind.String, 'Port', '22', 1, 1);
    builder.scalar(NodeKind.String, 'Other', 'x', 2, 1);
    builder.scalar(NodeKind.String, 'Port', '2222', 3, 1);
    builder.close();
    const self = new NodeRef(builder.finish(), 0);
    expectResult(run("self.Port == '2222' && self['Port'] == '2222'", { self }), true);
    expectResult(run('size(self)', { self }), int(2));
    expectResult(run('self.map(k, k)', { self }), ['Port', 'Other']);
  });

  it('indexes large objects by key', () => {
    const data: Record<string, DataValue> = {};
    for (let i = 0; i < 100; i++) data[`key${i}`] = BigInt(i);
    expectResult(runOn('self.key0 + self.key99 + self.key50', data), int(149));
    expectResult(runOn('self.key100', data), '!no_such_key');
  });

  it('reads integers outside int64 as doubles', () => {
    const builder = new TapeBuilder(new Uint8Array(0));
    builder.scalar(NodeKind.Number, undefined, '18446744073709551616', 1, 1, 18446744073709551616, 2);
    expectResult(run('self', { self: new NodeRef(builder.finish(), 0) }), double(18446744073709551616));
  });

  it('binds the rule variables', () => {
    const tape = dataToTape({ spec: { containers: [{ image: 'nginx' }] } });
    const activation: Activation = {
      self: new NodeRef(tape, 4),
      root: new NodeRef(tape, 0),
      parent: new NodeRef(tape, 3),
      key: 'image',
      path: 'spec.containers[0].image',
      file: FILE,
    };
    expectResult(run("self == 'nginx' && key == 'image' && parent.image == self && root.spec.containers[0].image == self", activation), true);
    expectResult(run("path.endsWith('.image') && file.format == 'yaml' && file.name == 'pod.yaml' && !has(file.dialect)", activation), true);
    expectResult(run('key', { key: 0 }), int(0));
  });

  it('reports an unbound variable', () => {
    const program = compileClosure(parseExpression('self'));
    expectResult(program({}), '!unbound_variable');
  });
});

describe('evaluateToOutcome', () => {
  it('maps results to outcomes', () => {
    expect(evaluateToOutcome(true)).toBe('pass');
    expect(evaluateToOutcome(false)).toBe('fail');
    expect(evaluateToOutcome(run('1 / 0'))).toEqual({ error: 'division_by_zero', message: 'division by zero' });
    expect(evaluateToOutcome(1n)).toEqual({ error: 'not_bool', message: 'the expression did not evaluate to a bool' });
  });
});

describe('function table coverage', () => {
  it('implements every listed function', () => {
    for (const spec of FUNCTIONS.values()) {
      for (const shape of spec.shapes) {
        // Operators (`_+_`) have no call syntax; the operator tests above cover them.
        if (!/^[a-zA-Z]/.test(spec.name)) continue;
        const args = Array.from({ length: shape.args }, () => 'self').join(', ');
        const text = shape.receiver ? `self.${spec.name}(${args})` : `${spec.name}(${args})`;
        expect(() => compileClosure(parseExpression(text)), text).not.toThrow();
      }
    }
  });
});
