// Strict operators and functions of the rule language for the JS back end.
// Each implementation receives evaluated, non-error arguments (the receiver
// first for method calls) and returns a value or a CelError.

import { bytesSize, cidrContains, isPrivateIp, regexTestPattern, seconds, toBool, versionCompare } from '../functions/index.js';
import {
  CelError,
  CelOptional,
  CelUint,
  INT64_MAX,
  INT64_MIN,
  UINT64_MAX,
  celCompare,
  celEquals,
  codePointLength,
  isList,
  isMap,
  listGet,
  listSize,
  listValues,
  mapGet,
  mapSize,
  typeName,
  type CelValue,
} from './values.js';

export type Implementation = (args: readonly CelValue[]) => CelValue;

export function noOverload(fn: string, args: readonly CelValue[]): CelError {
  return new CelError('no_matching_overload', `no matching overload for '${fn}' applied to (${args.map(typeName).join(', ')})`);
}

function overflow(op: string): CelError {
  return new CelError('overflow', `integer overflow in ${op}`);
}

function checkedInt(value: bigint, op: string): CelValue {
  return value < INT64_MIN || value > INT64_MAX ? overflow(op) : value;
}

function checkedUint(value: bigint, op: string): CelValue {
  return value < 0n || value > UINT64_MAX ? overflow(op) : new CelUint(value);
}

// ---- arithmetic ----

type Arithmetic = {
  int?: (a: bigint, b: bigint) => CelValue;
  uint?: (a: bigint, b: bigint) => CelValue;
  double?: (a: number, b: number) => CelValue;
};

function arithmetic(fn: string, ops: Arithmetic): Implementation {
  return (args) => {
    const [a, b] = args;
    if (typeof a === 'bigint' && typeof b === 'bigint' && ops.int) return ops.int(a, b);
    if (a instanceof CelUint && b instanceof CelUint && ops.uint) return ops.uint(a.value, b.value);
    if (typeof a === 'number' && typeof b === 'number' && ops.double) return ops.double(a, b);
    return noOverload(fn, args);
  };
}

const add = arithmetic('_+_', {
  int: (a, b) => checkedInt(a + b, 'addition'),
  uint: (a, b) => checkedUint(a + b, 'addition'),
  double: (a, b) => a + b,
});

const addOther: Implementation = (args) => {
  const [a, b] = args;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (isList(a) && isList(b)) return [...listValues(a), ...listValues(b)];
  return add(args);
};

const DIVISION_BY_ZERO = new CelError('division_by_zero', 'division by zero');
const MODULUS_BY_ZERO = new CelError('division_by_zero', 'modulus by zero');

const subtract = arithmetic('_-_', {
  int: (a, b) => checkedInt(a - b, 'subtraction'),
  uint: (a, b) => checkedUint(a - b, 'subtraction'),
  double: (a, b) => a - b,
});

const multiply = arithmetic('_*_', {
  int: (a, b) => checkedInt(a * b, 'multiplication'),
  uint: (a, b) => checkedUint(a * b, 'multiplication'),
  double: (a, b) => a * b,
});

// BigInt division truncates toward zero and `%` takes the dividend's sign, as CEL requires.
const divide = arithmetic('_/_', {
  int: (a, b) => (b === 0n ? DIVISION_BY_ZERO : checkedInt(a / b, 'division')),
  uint: (a, b) => (b === 0n ? DIVISION_BY_ZERO : new CelUint(a / b)),
  double: (a, b) => a / b,
});

const modulo = arithmetic('_%_', {
  int: (a, b) => {
    if (b === 0n) return MODULUS_BY_ZERO;
    // int64 MIN % -1 overflows in cel-go's checked modulo, so it is an error here too.
    if (a === INT64_MIN && b === -1n) return overflow('modulus');
    return a % b;
  },
  uint: (a, b) => (b === 0n ? MODULUS_BY_ZERO : new CelUint(a % b)),
});

const negate: Implementation = (args) => {
  const [a] = args;
  if (typeof a === 'bigint') return checkedInt(-a, 'negation');
  if (typeof a === 'number') return -a;
  return noOverload('-_', args);
};

const not: Implementation = (args) => (typeof args[0] === 'boolean' ? !args[0] : noOverload('!_', args));

// ---- comparison ----

function relation(fn: string, test: (order: number) => boolean): Implementation {
  return (args) => {
    const order = celCompare(args[0], args[1]);
    if (order === undefined) return noOverload(fn, args);
    return test(order);
  };
}

// ---- containers ----

/** `a in b`: list membership by CEL equality, or map key presence. */
export const inOperator: Implementation = (args) => {
  const [element, container] = args;
  if (isList(container)) {
    const size = listSize(container);
    for (let i = 0; i < size; i++) {
      if (celEquals(listGet(container, i), element)) return true;
    }
    return false;
  }
  if (isMap(container)) {
    if (!isKeyType(element)) return noOverload('@in', args);
    return mapGet(container, element) !== undefined;
  }
  return noOverload('@in', args);
};

function isKeyType(v: CelValue): boolean {
  return typeof v === 'string' || typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'number' || v instanceof CelUint;
}

/** List index from an int, uint or integral double, or undefined when the value cannot index a list. */
function listIndex(v: CelValue): number | undefined {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof CelUint) return Number(v.value);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return undefined;
}

/** `a[b]` on a list or map; `optional` gives `a[?b]`, which returns an optional instead of failing on a missing entry. */
export function indexValue(container: CelValue, index: CelValue, optional: boolean): CelValue {
  const fn = optional ? '_[?_]' : '_[_]';
  if (container instanceof CelOptional) {
    if (!container.hasValue) return container;
    const inner = indexValue(container.value!, index, optional);
    return inner instanceof CelError || inner instanceof CelOptional ? inner : CelOptional.of(inner);
  }
  if (isList(container)) {
    const i = listIndex(index);
    if (i === undefined) return noOverload(fn, [container, index]);
    const size = listSize(container);
    if (i < 0 || i >= size) return optional ? CelOptional.NONE : new CelError('index_out_of_bounds', `index ${i} is out of bounds for a list of size ${size}`);
    const value = listGet(container, i);
    return optional ? CelOptional.of(value) : value;
  }
  if (isMap(container)) {
    if (!isKeyType(index)) return noOverload(fn, [container, index]);
    const value = mapGet(container, index);
    if (value === undefined) return optional ? CelOptional.NONE : new CelError('no_such_key', `no such key: ${describeKey(index)}`);
    return optional ? CelOptional.of(value) : value;
  }
  return noOverload(fn, [container, index]);
}

/** Names a missing key in a message: a string key is a field name, never a configuration value. */
function describeKey(key: CelValue): string {
  if (typeof key === 'string') return `'${key}'`;
  return typeName(key);
}

const sizeOf: Implementation = (args) => {
  const [a] = args;
  if (typeof a === 'string') return BigInt(codePointLength(a));
  if (isList(a)) return BigInt(listSize(a));
  if (isMap(a)) return BigInt(mapSize(a));
  return noOverload('size', args);
};

// ---- conversions ----

const INT_TEXT = /^[+-]?\d+$/;
const UINT_TEXT = /^\d+$/;
const DOUBLE_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DOUBLE_SPECIAL = /^[+-]?(inf|infinity|nan)$/i;
const BOOL_TEXT: Record<string, boolean> = { '1': true, t: true, T: true, true: true, TRUE: true, True: true, '0': false, f: false, F: false, false: false, FALSE: false, False: false };

const toInt: Implementation = (args) => {
  const [a] = args;
  if (typeof a === 'bigint') return a;
  if (a instanceof CelUint) return checkedInt(a.value, 'int conversion');
  if (typeof a === 'number') {
    // The bounds are exclusive because the doubles nearest int64 MIN and MAX do not fit.
    if (!Number.isFinite(a) || a <= -9223372036854775808 || a >= 9223372036854775807) return overflow('int conversion');
    return BigInt(Math.trunc(a));
  }
  if (typeof a === 'string') {
    if (!INT_TEXT.test(a)) return new CelError('invalid_argument', 'int() expects a decimal integer string');
    return checkedInt(BigInt(a), 'int conversion');
  }
  return noOverload('int', args);
};

const toUint: Implementation = (args) => {
  const [a] = args;
  if (a instanceof CelUint) return a;
  if (typeof a === 'bigint') return checkedUint(a, 'uint conversion');
  if (typeof a === 'number') {
    if (!Number.isFinite(a) || a < 0) return overflow('uint conversion');
    return checkedUint(BigInt(Math.trunc(a)), 'uint conversion');
  }
  if (typeof a === 'string') {
    if (!UINT_TEXT.test(a)) return new CelError('invalid_argument', 'uint() expects a decimal unsigned integer string');
    return checkedUint(BigInt(a), 'uint conversion');
  }
  return noOverload('uint', args);
};

const toDouble: Implementation = (args) => {
  const [a] = args;
  if (typeof a === 'number') return a;
  if (typeof a === 'bigint') return Number(a);
  if (a instanceof CelUint) return Number(a.value);
  if (typeof a === 'string') {
    if (DOUBLE_SPECIAL.test(a)) return /nan/i.test(a) ? NaN : a.startsWith('-') ? -Infinity : Infinity;
    if (!DOUBLE_TEXT.test(a)) return new CelError('invalid_argument', 'double() expects a decimal number string');
    const value = Number(a);
    return Number.isFinite(value) ? value : new CelError('invalid_argument', 'double() argument is out of the double range');
  }
  return noOverload('double', args);
};

const toStringValue: Implementation = (args) => {
  const [a] = args;
  if (typeof a === 'string') return a;
  if (typeof a === 'boolean' || typeof a === 'bigint') return String(a);
  if (a instanceof CelUint) return String(a.value);
  // NOTE: doubles print in ECMAScript's shortest round-trip form (1000000, 1e+21), as @bufbuild/cel does; cel-go prints 1e+06.
  if (typeof a === 'number') return String(a);
  return noOverload('string', args);
};

const toBoolValue: Implementation = (args) => {
  const [a] = args;
  if (typeof a === 'boolean') return a;
  if (typeof a === 'string') {
    const value = BOOL_TEXT[a];
    return value === undefined ? new CelError('invalid_argument', 'bool() expects true, false, t, f, 1 or 0') : value;
  }
  return noOverload('bool', args);
};

// ---- strings ----

function stringMethod(fn: string, body: (s: string, args: readonly CelValue[]) => CelValue, argTypes: ('string' | 'int')[]): Implementation {
  return (args) => {
    if (typeof args[0] !== 'string') return noOverload(fn, args);
    for (let i = 0; i < argTypes.length && i + 1 < args.length; i++) {
      const expected = argTypes[i] === 'string' ? 'string' : 'bigint';
      if (typeof args[i + 1] !== expected) return noOverload(fn, args);
    }
    return body(args[0], args);
  };
}

const matches: Implementation = (args) => {
  const [input, pattern] = args;
  if (typeof input !== 'string' || typeof pattern !== 'string') return noOverload('matches', args);
  try {
    return regexTestPattern(pattern, input);
  } catch (error) {
    // ERR_REGEX_SYNTAX for a bad pattern, other ERR_REGEX_* codes for limits of the regex engine.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_REGEX')) return new CelError('invalid_argument', `invalid regular expression: ${(error as Error).message}`);
    throw error;
  }
};

/** White space as Go's unicode.IsSpace defines it, which cel-go's trim() uses. */
const WHITE_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

function trim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && WHITE_SPACE.has(s.charCodeAt(start))) start++;
  while (end > start && WHITE_SPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** Go's strings.SplitN: n < 0 splits everywhere, n == 0 gives no parts, n > 0 at most n parts (the last keeps the rest). */
function split(s: string, separator: string, n: number): string[] {
  if (n === 0) return [];
  const parts = separator === '' ? Array.from(s) : s.split(separator);
  if (n < 0 || parts.length <= n) return parts;
  if (separator === '') return [...parts.slice(0, n - 1), parts.slice(n - 1).join('')];
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

function upperAscii(s: string): string {
  return s.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

// ---- optionals ----

function isZeroValue(v: CelValue): boolean {
  if (v === null || v === false || v === 0n || v === 0 || v === '') return true;
  if (v instanceof CelUint) return v.value === 0n;
  if (isList(v)) return listSize(v) === 0;
  if (isMap(v)) return mapSize(v) === 0;
  return false;
}

function optionalMethod(fn: string, body: (o: CelOptional, args: readonly CelValue[]) => CelValue): Implementation {
  return (args) => (args[0] instanceof CelOptional ? body(args[0], args) : noOverload(fn, args));
}

// ---- Bulwark extensions ----

/** Calls a helper from src/policy/functions; a rejected argument becomes an invalid_argument error value. */
function helper(fn: string, body: () => CelValue): CelValue {
  try {
    return body();
  } catch (error) {
    const message = error instanceof Error ? error.message : `${fn}: invalid argument`;
    return new CelError('invalid_argument', message);
  }
}

const bulwarkFunctions: Record<string, Implementation> = {
  versionCompare: (args) => {
    const [a, b] = args;
    if (typeof a !== 'string' || typeof b !== 'string') return noOverload('versionCompare', args);
    return helper('versionCompare', () => BigInt(Math.sign(versionCompare(a, b))));
  },
  cidrContains: (args) => {
    const [range, target] = args;
    if (typeof range !== 'string' || typeof target !== 'string') return noOverload('cidrContains', args);
    return helper('cidrContains', () => cidrContains(range, target));
  },
  isPrivateIp: (args) => {
    const [address] = args;
    if (typeof address !== 'string') return noOverload('isPrivateIp', args);
    return helper('isPrivateIp', () => isPrivateIp(address));
  },
  toBool: (args) => {
    const [a] = args;
    if (typeof a === 'boolean') return a;
    if (typeof a !== 'string') return noOverload('toBool', args);
    return helper('toBool', () => toBool(a));
  },
  seconds: (args) => {
    const [a] = args;
    if (typeof a === 'bigint') return a;
    if (typeof a !== 'string') return noOverload('seconds', args);
    return helper('seconds', () => checkedInt(seconds(a), 'seconds'));
  },
  bytesSize: (args) => {
    const [a] = args;
    if (typeof a === 'bigint') return a;
    if (typeof a !== 'string') return noOverload('bytesSize', args);
    return helper('bytesSize', () => checkedInt(bytesSize(a), 'bytesSize'));
  },
};

/**
 * Strict functions by AST name. `_&&_`, `_||_`, `_?_:_`, `_[_]`, `_[?_]` and
 * the macros are not here: the closure compiler handles them.
 */
export const STRICT_FUNCTIONS: ReadonlyMap<string, Implementation> = new Map<string, Implementation>([
  ['_+_', addOther],
  ['_-_', subtract],
  ['_*_', multiply],
  ['_/_', divide],
  ['_%_', modulo],
  ['-_', negate],
  ['!_', not],
  ['_==_', (args) => celEquals(args[0], args[1])],
  ['_!=_', (args) => !celEquals(args[0], args[1])],
  ['_<_', relation('_<_', (order) => order < 0)],
  ['_<=_', relation('_<=_', (order) => order <= 0)],
  ['_>_', relation('_>_', (order) => order > 0)],
  ['_>=_', relation('_>=_', (order) => order >= 0)],
  ['@in', inOperator],
  ['size', sizeOf],
  ['int', toInt],
  ['uint', toUint],
  ['double', toDouble],
  ['string', toStringValue],
  ['bool', toBoolValue],
  ['matches', matches],
  ['contains', stringMethod('contains', (s, args) => s.includes(args[1] as string), ['string'])],
  ['startsWith', stringMethod('startsWith', (s, args) => s.startsWith(args[1] as string), ['string'])],
  ['endsWith', stringMethod('endsWith', (s, args) => s.endsWith(args[1] as string), ['string'])],
  ['lowerAscii', stringMethod('lowerAscii', (s) => lowerAscii(s), [])],
  ['upperAscii', stringMethod('upperAscii', (s) => upperAscii(s), [])],
  ['trim', stringMethod('trim', (s) => trim(s), [])],
  [
    'split',
    stringMethod('split', (s, args) => {
      const n = args.length > 2 ? (args[2] as bigint) : -1n;
      if (n < 0n) return split(s, args[1] as string, -1);
      // No string has more parts than code units, so larger counts behave alike.
      const count = n > BigInt(s.length + 1) ? s.length + 1 : Number(n);
      return split(s, args[1] as string, count);
    }, ['string', 'int']),
  ],
  ['optional.of', (args) => CelOptional.of(args[0])],
  ['optional.none', () => CelOptional.NONE],
  ['optional.ofNonZeroValue', (args) => (isZeroValue(args[0]) ? CelOptional.NONE : CelOptional.of(args[0]))],
  ['hasValue', optionalMethod('hasValue', (o) => o.hasValue)],
  ['value', optionalMethod('value', (o) => (o.hasValue ? o.value! : new CelError('invalid_argument', 'value() called on optional.none()')))],
  ...Object.entries(bulwarkFunctions),
]);

