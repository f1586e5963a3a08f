// The function table of the rule language: every operator and function an
// expression may call, with its call style (global `f(x)` or receiver
// `x.f()`) and argument counts. The checker validates calls against it and
// both back ends (JS closures, WASM bytecode) implement exactly these entries.

/** Where a function comes from, for the reference documentation. */
export type FunctionOrigin = 'operator' | 'cel' | 'cel-strings' | 'cel-optional' | 'bulwark';

/** One accepted call shape: receiver style or global, and the argument count (receiver excluded). */
export interface CallShape {
  receiver: boolean;
  args: number;
}

export interface FunctionSpec {
  /** Name as it appears in the AST `CallExpr.function`, e.g. `_+_`, `size`, `optional.of`. */
  name: string;
  origin: FunctionOrigin;
  shapes: readonly CallShape[];
  /** Overload signatures in CEL notation, for documentation and error messages. */
  signatures: readonly string[];
}

const global = (...counts: number[]): CallShape[] => counts.map((args) => ({ receiver: false, args }));
const receiver = (...counts: number[]): CallShape[] => counts.map((args) => ({ receiver: true, args }));

const SPECS: FunctionSpec[] = [
  // Operators. `_&&_`, `_||_` and `_?_:_` are not strict: they absorb errors.
  { name: '!_', origin: 'operator', shapes: global(1), signatures: ['!bool -> bool'] },
  { name: '-_', origin: 'operator', shapes: global(1), signatures: ['-int -> int', '-double -> double'] },
  { name: '_&&_', origin: 'operator', shapes: global(2), signatures: ['bool && bool -> bool'] },
  { name: '_||_', origin: 'operator', shapes: global(2), signatures: ['bool || bool -> bool'] },
  { name: '_?_:_', origin: 'operator', shapes: global(3), signatures: ['bool ? T : T -> T'] },
  { name: '_+_', origin: 'operator', shapes: global(2), signatures: ['int + int -> int', 'uint + uint -> uint', 'double + double -> double', 'string + string -> string', 'list + list -> list'] },
  { name: '_-_', origin: 'operator', shapes: global(2), signatures: ['int - int -> int', 'uint - uint -> uint', 'double - double -> double'] },
  { name: '_*_', origin: 'operator', shapes: global(2), signatures: ['int * int -> int', 'uint * uint -> uint', 'double * double -> double'] },
  { name: '_/_', origin: 'operator', shapes: global(2), signatures: ['int / int -> int', 'uint / uint -> uint', 'double / double -> double'] },
  { name: '_%_', origin: 'operator', shapes: global(2), signatures: ['int % int -> int', 'uint % uint -> uint'] },
  { name: '_==_', origin: 'operator', shapes: global(2), signatures: ['A == B -> bool'] },
  { name: '_!=_', origin: 'operator', shapes: global(2), signatures: ['A != B -> bool'] },
  { name: '_<_', origin: 'operator', shapes: global(2), signatures: ['number < number -> bool', 'string < string -> bool', 'bool < bool -> bool'] },
  { name: '_<=_', origin: 'operator', shapes: global(2), signatures: ['number <= number -> bool', 'string <= string -> bool', 'bool <= bool -> bool'] },
  { name: '_>_', origin: 'operator', shapes: global(2), signatures: ['number > number -> bool', 'string > string -> bool', 'bool > bool -> bool'] },
  { name: '_>=_', origin: 'operator', shapes: global(2), signatures: ['number >= number -> bool', 'string >= string -> bool', 'bool >= bool -> bool'] },
  { name: '@in', origin: 'operator', shapes: global(2), signatures: ['A in list(A) -> bool', 'K in map(K, V) -> bool'] },
  { name: '_[_]', origin: 'operator', shapes: global(2), signatures: ['list(A)[int] -> A', 'map(K, V)[K] -> V'] },
  { name: '_[?_]', origin: 'operator', shapes: global(2), signatures: ['list(A)[?int] -> optional(A)', 'map(K, V)[?K] -> optional(V)'] },

  // CEL standard functions.
  { name: 'size', origin: 'cel', shapes: [...global(1), ...receiver(0)], signatures: ['size(string) -> int', 'size(list) -> int', 'size(map) -> int', 'string.size() -> int', 'list.size() -> int', 'map.size() -> int'] },
  { name: 'int', origin: 'cel', shapes: global(1), signatures: ['int(int) -> int', 'int(uint) -> int', 'int(double) -> int', 'int(string) -> int'] },
  { name: 'uint', origin: 'cel', shapes: global(1), signatures: ['uint(uint) -> uint', 'uint(int) -> uint', 'uint(double) -> uint', 'uint(string) -> uint'] },
  { name: 'double', origin: 'cel', shapes: global(1), signatures: ['double(double) -> double', 'double(int) -> double', 'double(uint) -> double', 'double(string) -> double'] },
  { name: 'string', origin: 'cel', shapes: global(1), signatures: ['string(string) -> string', 'string(bool) -> string', 'string(int) -> string', 'string(uint) -> string', 'string(double) -> string'] },
  { name: 'bool', origin: 'cel', shapes: global(1), signatures: ['bool(bool) -> bool', 'bool(string) -> bool'] },
  { name: 'matches', origin: 'cel', shapes: [...global(2), ...receiver(1)], signatures: ['string.matches(string) -> bool', 'matches(string, string) -> bool'] },
  { name: 'contains', origin: 'cel', shapes: receiver(1), signatures: ['string.contains(string) -> bool'] },
  { name: 'startsWith', origin: 'cel', shapes: receiver(1), signatures: ['string.startsWith(string) -> bool'] },
  { name: 'endsWith', origin: 'cel', shapes: receiver(1), signatures: ['string.endsWith(string) -> bool'] },

  // CEL strings extension (a subset).
  { name: 'lowerAscii', origin: 'cel-strings', shapes: receiver(0), signatures: ['string.lowerAscii() -> string'] },
  { name: 'upperAscii', origin: 'cel-strings', shapes: receiver(0), signatures: ['string.upperAscii() -> string'] },
  { name: 'trim', origin: 'cel-strings', shapes: receiver(0), signatures: ['string.trim() -> string'] },
  { name: 'split', origin: 'cel-strings', shapes: receiver(1, 2), signatures: ['string.split(string) -> list(string)', 'string.split(string, int) -> list(string)'] },

  // CEL optional types.
  { name: 'optional.of', origin: 'cel-optional', shapes: global(1), signatures: ['optional.of(A) -> optional(A)'] },
  { name: 'optional.none', origin: 'cel-optional', shapes: global(0), signatures: ['optional.none() -> optional(A)'] },
  { name: 'optional.ofNonZeroValue', origin: 'cel-optional', shapes: global(1), signatures: ['optional.ofNonZeroValue(A) -> optional(A)'] },
  { name: 'hasValue', origin: 'cel-optional', shapes: receiver(0), signatures: ['optional(A).hasValue() -> bool'] },
  { name: 'value', origin: 'cel-optional', shapes: receiver(0), signatures: ['optional(A).value() -> A'] },
  { name: 'orValue', origin: 'cel-optional', shapes: receiver(1), signatures: ['optional(A).orValue(A) -> A'] },
  { name: 'or', origin: 'cel-optional', shapes: receiver(1), signatures: ['optional(A).or(optional(A)) -> optional(A)'] },

  // Bulwark extensions.
  { name: 'versionCompare', origin: 'bulwark', shapes: global(2), signatures: ['versionCompare(string, string) -> int'] },
  { name: 'cidrContains', origin: 'bulwark', shapes: global(2), signatures: ['cidrContains(string, string) -> bool'] },
  { name: 'isPrivateIp', origin: 'bulwark', shapes: global(1), signatures: ['isPrivateIp(string) -> bool'] },
  { name: 'toBool', origin: 'bulwark', shapes: global(1), signatures: ['toBool(bool) -> bool', 'toBool(string) -> bool'] },
  { name: 'seconds', origin: 'bulwark', shapes: global(1), signatures: ['seconds(int) -> int', 'seconds(string) -> int'] },
  { name: 'bytesSize', origin: 'bulwark', shapes: global(1), signatures: ['bytesSize(int) -> int', 'bytesSize(string) -> int'] },
];

/** Every callable function and operator, by AST name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((spec) => [spec.name, spec]));

/** CEL functions and features that parse but are outside the rule language, with the reason shown to the author. */
export const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['type', 'type() and type values are not supported'],
  ['dyn', 'dyn() is not supported; values are already dynamically typed'],
  ['bytes', 'the bytes type is not supported'],
  ['timestamp', 'timestamps are not supported; compare date strings or use seconds() for durations'],
  ['duration', 'durations are not supported; use seconds() to read a duration as an int'],
  ['getSeconds', 'timestamps and durations are not supported'],
  ['getMinutes', 'timestamps and durations are not supported'],
  ['getHours', 'timestamps and durations are not supported'],
  ['getMilliseconds', 'timestamps and durations are not supported'],
  ['getDate', 'timestamps are not supported'],
  ['getDayOfMonth', 'timestamps are not supported'],
  ['getDayOfWeek', 'timestamps are not supported'],
  ['getDayOfYear', 'timestamps are not supported'],
  ['getFullYear', 'timestamps are not supported'],
  ['getMonth', 'timestamps are not supported'],
]);

/** The comprehension macros, with the call form shown when one is misused. */
export const MACROS: ReadonlyMap<string, string> = new Map([
  ['has', 'has(a.field)'],
  ['all', 'list.all(x, predicate)'],
  ['exists', 'list.exists(x, predicate)'],
  ['exists_one', 'list.exists_one(x, predicate)'],
  ['map', 'list.map(x, transform) or list.map(x, filter, transform)'],
  ['filter', 'list.filter(x, predicate)'],
]);

/** Finds the function for a call, or undefined when no shape accepts it. */
export function lookupFunction(name: string, receiverStyle: boolean, args: number): FunctionSpec | undefined {
  const spec = FUNCTIONS.get(name);
  if (spec === undefined) return undefined;
  return spec.shapes.some((shape) => shape.receiver === receiverStyle && shape.args === args) ? spec : undefined;
}

/** Describes the accepted call shapes of a function, e.g. `size(x) or x.size()`. */
export function describeShapes(spec: FunctionSpec): string {
  const name = spec.name;
  return spec.shapes
    .map((shape) => {
      const params = Array.from({ length: shape.args }, (_, i) => String.fromCharCode(97 + i)).join(', ');
      return shape.receiver ? `x.${name}(${params})` : `${name}(${params})`;
    })
    .join(' or ');
}
